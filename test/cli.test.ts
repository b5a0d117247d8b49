import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDeps } from '../src/runtime.js';

const BIN = path.resolve(import.meta.dirname, '../bin/latchkey.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-cli-'));
const env = { ...process.env, DATABASE_URL: `sqlite:${path.join(dir, 'cli.db')}`, PUBLIC_URL: 'http://localhost:3000', REDIS_URL: '' };

function cli(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], { env, input, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('latchkey CLI', () => {
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('migrates, creates an organisation and users, and refuses duplicates', () => {
    expect(cli(['migrate'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/0001_foundation/) });
    expect(cli(['migrate']).stdout).toMatch(/up to date/);
    const created = cli(['org', 'create', 'acme', '--name', 'Acme Corp']);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/Created organisation acme \(Acme Corp\)/);
    const again = cli(['org', 'create', 'acme', '--name', 'Acme Corp']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/ORG_EXISTS/);
    expect(cli(['user', 'create', '--org', 'acme', '--username', 'ada', '--email', 'ada@example.com', '--role', 'admin']).code).toBe(0);
    const withPassword = cli(['user', 'create', '--org', 'acme', '--username', 'bob', '--password-stdin'], 'a very good password\n');
    expect(withPassword).toMatchObject({ code: 0, stdout: expect.stringMatching(/with a password/) });
  });

  it('changes the passkey policy with `org set`, audited like the pages', async () => {
    const set = cli(['org', 'set', 'acme', '--passkeys-available', 'on', '--passkeys', 'mandatory', '--password-fallback', 'off', '--rollout', 'pilot']);
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/acme: passkeys mandatory; password sign-in for members with a passkey off; rollout pilot/);
    expect(cli(['org', 'set', 'acme', '--passkeys', 'sometimes']).code).toBe(2);
    expect(cli(['org', 'set', 'acme']).stderr).toMatch(/at least one setting/);
    const runtime = await openDeps(loadConfig({ DATABASE_URL: env.DATABASE_URL, PUBLIC_URL: env.PUBLIC_URL }));
    try {
      const events = await runtime.deps.db.selectFrom('audit_events').select('details').where('type', '=', 'policy.changed').execute();
      expect(JSON.parse(events.at(-1)!.details)).toMatchObject({ via: 'cli', passkeysAvailable: 'false → true', passkeysMandatory: 'false → true', rollout: 'everyone → pilot' });
    } finally {
      await runtime.close();
    }
    expect(cli(['org', 'set', 'acme', '--passkeys', 'optional', '--password-fallback', 'on', '--rollout', 'everyone']).code).toBe(0);
  });

  it('gives an organisation its own passkey domain with `org set --rp-id`, refusing a change that strands passkeys', async () => {
    expect(cli(['org', 'set', 'acme', '--rp-id', 'https://acme.example.com'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/RP_ID_INVALID/) });
    expect(cli(['org', 'set', 'acme', '--force']).code).toBe(2);
    expect(cli(['org', 'set', 'acme', '--rp-id', 'acme.example.com'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/acme: passkey domain \(RP ID\) acme\.example\.com\./) });
    const runtime = await openDeps(loadConfig({ DATABASE_URL: env.DATABASE_URL, PUBLIC_URL: env.PUBLIC_URL }));
    try {
      const { db } = runtime.deps;
      const ada = await db.selectFrom('users').select(['id', 'org_id']).where('username', '=', 'ada').executeTakeFirstOrThrow();
      await db.insertInto('passkeys').values({
        id: 'pk1', org_id: ada.org_id, user_id: ada.id, credential_id: 'cred1', public_key: 'x', counter: 0, transports: '[]', aaguid: '00000000-0000-0000-0000-000000000000',
        name: 'Laptop', backup_eligible: 0, backed_up: 0, created_at: 1, created_user_agent: null, last_used_at: null, last_used_user_agent: null, rp_id: 'acme.example.com',
      }).execute();
      expect(cli(['org', 'set', 'acme', '--rp-id', 'shared'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/passkeys: 1\) \[RP_ID_CHANGE_BREAKS_PASSKEYS\]/) });
      expect(cli(['org', 'set', 'acme', '--rp-id', 'shared', '--force'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/passkey domain \(RP ID\) localhost \(shared\)/) });
      const events = await db.selectFrom('audit_events').select('details').where('type', '=', 'org.rp_id_changed').orderBy('created_at').execute();
      expect(events.map((e) => JSON.parse(e.details))).toEqual([
        { via: 'cli', rpId: 'localhost → acme.example.com', passkeysStoppedWorking: 0, forced: false },
        { via: 'cli', rpId: 'acme.example.com → localhost', passkeysStoppedWorking: 1, forced: true },
      ]);
      await db.deleteFrom('passkeys').where('id', '=', 'pk1').execute();
    } finally {
      await runtime.close();
    }
  });

  it('prints a one-time setup link that works once', async () => {
    const printed = cli(['enroll-link', '--org', 'acme', '--username', 'ada']);
    expect(printed.code).toBe(0);
    const url = printed.stdout.split('\n')[0]!;
    expect(url).toMatch(/^http:\/\/localhost:3000\/o\/acme\/setup#token=/);
    const runtime = await openDeps(loadConfig({ DATABASE_URL: env.DATABASE_URL, PUBLIC_URL: env.PUBLIC_URL, WEB_ROOT: '/nonexistent' }));
    const app = await buildApp(runtime.deps, { logger: false });
    try {
      const token = new URL(url).hash.slice('#token='.length);
      const redeem = () => app.inject({ method: 'POST', url: '/api/o/acme/setup', payload: { token } });
      expect((await redeem()).json().user.username).toBe('ada');
      expect((await redeem()).json().error.code).toBe('SETUP_LINK_INVALID');
      const signIn = await app.inject({ method: 'POST', url: '/api/o/acme/sign-in/password', payload: { identifier: 'bob', password: 'a very good password' } });
      expect(signIn.statusCode).toBe(200);
    } finally {
      await app.close();
      await runtime.close();
    }
  });

  it.each([
    [[], /Usage: latchkey/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['org', 'create', '--name', 'No slug'], /expected 1 argument/],
    [['org', 'create', 'x1'], /--name is required/],
    [['user', 'create', '--org', 'acme', '--username', 'eve', '--role', 'god'], /--role must be one of/],
    [['user', 'create', '--org', 'acme', '--username', 'eve', '--password', 'on-the-command-line'], /Unknown option '--password'/],
    [['enroll-link', '--org', 'acme'], /--username is required/],
    [['org', 'create', 'Bad Slug!', '--name', 'x'], /VALIDATION_FAILED/],
  ])('exits 2 with a clear message for bad arguments: %j', (args, message) => {
    const result = cli(args);
    expect(result.code).toBe(2);
    expect(result.stderr + result.stdout).toMatch(message);
  });

  it('exits 1 when the thing named does not exist', () => {
    expect(cli(['enroll-link', '--org', 'nope', '--username', 'ada'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/ORG_NOT_FOUND/) });
    expect(cli(['enroll-link', '--org', 'acme', '--username', 'nobody'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/USER_NOT_FOUND/) });
  });
});
