import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { sha256 } from '../src/shared/crypto.js';
import { loadConfig } from '../src/config.js';
import { openDeps } from '../src/runtime.js';
import { runCliInProcess, runCliProcess } from './support/cli.js';
import { BIN } from './support/instances.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-cli-'));
const env = {
  ...process.env,
  DATABASE_URL: `sqlite:${path.join(dir, 'cli.db')}`,
  PUBLIC_URL: 'http://localhost:3000',
  REDIS_URL: '',
};

// Commands run in-process (a Node start per command made this file take minutes); a few run as real
// processes for what only a process shows: the exit status, standard input, `start`.
const cli = (args: string[]) => runCliInProcess(args, env);
const cliProcess = (args: string[], input?: string, extraEnv: Record<string, string> = {}) =>
  runCliProcess(args, { ...env, ...extraEnv }, input);

// A budget for the real processes (tens of seconds each on a loaded two-core machine), not a timing.
describe('latchkey CLI', { timeout: 120_000 }, () => {
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('migrates, creates an organisation and users, and refuses duplicates', async () => {
    expect(await cli(['migrate'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/0001_foundation/) });
    expect((await cli(['migrate'])).stdout).toMatch(/up to date/);
    const created = await cli(['org', 'create', 'acme', '--name', 'Acme Corp']);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/Created organisation acme \(Acme Corp\)/);
    const again = await cli(['org', 'create', 'acme', '--name', 'Acme Corp']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/ORG_EXISTS/);
    expect(
      (
        await cli([
          'user',
          'create',
          '--org',
          'acme',
          '--username',
          'ada',
          '--email',
          'ada@example.com',
          '--role',
          'admin',
        ])
      ).code,
    ).toBe(0);
    // A real process: the password comes through its standard input.
    const withPassword = cliProcess(
      ['user', 'create', '--org', 'acme', '--username', 'bob', '--password-stdin'],
      'a very good password\n',
    );
    expect(withPassword).toMatchObject({ code: 0, stdout: expect.stringMatching(/with a password/) });
  });

  it('changes the passkey policy with `org set`, audited like the pages', async () => {
    const set = await cli([
      'org',
      'set',
      'acme',
      '--passkeys-available',
      'on',
      '--passkeys',
      'mandatory',
      '--password-fallback',
      'off',
      '--rollout',
      'pilot',
    ]);
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(
      /acme: passkeys mandatory; password sign-in for members with a passkey off; rollout pilot/,
    );
    expect((await cli(['org', 'set', 'acme', '--passkeys', 'sometimes'])).code).toBe(2);
    expect((await cli(['org', 'set', 'acme'])).stderr).toMatch(/at least one setting/);
    const runtime = await openDeps(loadConfig({ DATABASE_URL: env.DATABASE_URL, PUBLIC_URL: env.PUBLIC_URL }));
    try {
      const events = await runtime.deps.db
        .selectFrom('audit_events')
        .select('details')
        .where('type', '=', 'policy.changed')
        .execute();
      expect(JSON.parse(events.at(-1)!.details)).toMatchObject({
        via: 'cli',
        passkeysAvailable: 'false → true',
        passkeysMandatory: 'false → true',
        rollout: 'admins → pilot',
      });
    } finally {
      await runtime.close();
    }
    expect(
      (
        await cli([
          'org',
          'set',
          'acme',
          '--passkeys',
          'optional',
          '--password-fallback',
          'on',
          '--rollout',
          'everyone',
        ])
      ).code,
    ).toBe(0);
  });

  it("sets an organisation's passkey domain with `org set --rp-id`, refusing one that strands passkeys", async () => {
    expect(await cli(['org', 'set', 'acme', '--rp-id', 'https://acme.example.com'])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/RP_ID_INVALID/),
    });
    expect((await cli(['org', 'set', 'acme', '--force'])).code).toBe(2);
    expect(await cli(['org', 'set', 'acme', '--rp-id', 'acme.example.com'])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/acme: passkey domain \(RP ID\) acme\.example\.com\./),
    });
    const runtime = await openDeps(loadConfig({ DATABASE_URL: env.DATABASE_URL, PUBLIC_URL: env.PUBLIC_URL }));
    try {
      const { db } = runtime.deps;
      const ada = await db
        .selectFrom('users')
        .select(['id', 'org_id'])
        .where('username', '=', 'ada')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('passkeys')
        .values({
          id: 'pk1',
          org_id: ada.org_id,
          user_id: ada.id,
          credential_id: 'cred1',
          public_key: 'x',
          counter: 0,
          transports: '[]',
          aaguid: '00000000-0000-0000-0000-000000000000',
          name: 'Laptop',
          backup_eligible: 0,
          backed_up: 0,
          created_at: 1,
          created_user_agent: null,
          last_used_at: null,
          last_used_user_agent: null,
          rp_id: 'acme.example.com',
        })
        .execute();
      expect(await cli(['org', 'set', 'acme', '--rp-id', 'shared'])).toMatchObject({
        code: 1,
        stderr: expect.stringMatching(/passkeys: 1\) \[RP_ID_CHANGE_BREAKS_PASSKEYS\]/),
      });
      expect(await cli(['org', 'set', 'acme', '--rp-id', 'shared', '--force'])).toMatchObject({
        code: 0,
        stdout: expect.stringMatching(/passkey domain \(RP ID\) localhost \(shared\)/),
      });
      const events = await db
        .selectFrom('audit_events')
        .select('details')
        .where('type', '=', 'org.rp_id_changed')
        .orderBy('created_at')
        .execute();
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
    const printed = await cli(['enroll-link', '--org', 'acme', '--username', 'ada']);
    expect(printed.code).toBe(0);
    const url = printed.stdout.split('\n')[0]!;
    expect(url).toMatch(/^http:\/\/localhost:3000\/o\/acme\/setup#token=/);
    const runtime = await openDeps(
      loadConfig({ DATABASE_URL: env.DATABASE_URL, PUBLIC_URL: env.PUBLIC_URL, WEB_ROOT: '/nonexistent' }),
    );
    const app = await buildApp(runtime.deps, { logger: false });
    try {
      const token = new URL(url).hash.slice('#token='.length);
      const redeem = () => app.inject({ method: 'POST', url: '/api/o/acme/setup', payload: { token } });
      expect((await redeem()).json().user.username).toBe('ada');
      expect((await redeem()).json().error.code).toBe('SETUP_LINK_INVALID');
      const signIn = await app.inject({
        method: 'POST',
        url: '/api/o/acme/sign-in/password',
        payload: { identifier: 'bob', password: 'a very good password' },
      });
      expect(signIn.statusCode).toBe(200);
    } finally {
      await app.close();
      await runtime.close();
    }
  });

  it('registers, lists, rotates and deletes apps with `client …`; `keys rotate` rotates signing keys', async () => {
    const web = await cli([
      'client',
      'create',
      '--org',
      'acme',
      '--name',
      'Field App',
      '--redirect-uri',
      'https://app.example/cb',
      '--redirect-uri',
      'https://app.example/cb2',
      '--post-logout-redirect-uri',
      'https://app.example/bye',
    ]);
    expect(web.code).toBe(0);
    const confidential = JSON.parse(web.stdout);
    expect(confidential).toEqual({
      issuer: 'http://localhost:3000/o/acme',
      client_id: expect.any(String),
      client_secret: expect.any(String),
      redirect_uris: ['https://app.example/cb', 'https://app.example/cb2'],
    });
    const native = await cli([
      'client',
      'create',
      '--org',
      'acme',
      '--name',
      'Desktop',
      '--public',
      '--redirect-uri',
      'http://127.0.0.1:49152/cb',
    ]);
    expect(native.code).toBe(0);
    const publicApp = JSON.parse(native.stdout);
    expect(publicApp).toEqual({
      issuer: 'http://localhost:3000/o/acme',
      client_id: expect.any(String),
      redirect_uris: ['http://127.0.0.1:49152/cb'],
    });

    const listed = async () =>
      (await cli(['client', 'list', '--org', 'acme'])).stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line));
    expect(await listed()).toEqual([
      {
        client_id: confidential.client_id,
        name: 'Field App',
        public: false,
        first_party: true,
        disabled: false,
        redirect_uris: ['https://app.example/cb', 'https://app.example/cb2'],
      },
      {
        client_id: publicApp.client_id,
        name: 'Desktop',
        public: true,
        first_party: true,
        disabled: false,
        redirect_uris: ['http://127.0.0.1:49152/cb'],
      },
    ]);
    const disabled = await cli(['client', 'disable', '--org', 'acme', '--client-id', publicApp.client_id]);
    expect(disabled).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Disabled the app/) });
    expect((await listed()).map((app) => app.disabled)).toEqual([false, true]);
    const enabled = await cli(['client', 'enable', '--org', 'acme', '--client-id', publicApp.client_id]);
    expect(enabled).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Enabled the app/) });
    expect((await listed()).map((app) => app.disabled)).toEqual([false, false]);
    expect(await cli(['client', 'disable', '--org', 'acme', '--client-id', 'nope'])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/APP_NOT_FOUND/),
    });

    const rotated = await cli(['client', 'rotate-secret', '--org', 'acme', '--client-id', confidential.client_id]);
    expect(rotated.code).toBe(0);
    const { client_secret: newSecret } = JSON.parse(rotated.stdout);
    expect(newSecret).toEqual(expect.any(String));
    expect(newSecret).not.toBe(confidential.client_secret);
    expect(await cli(['client', 'rotate-secret', '--org', 'acme', '--client-id', publicApp.client_id])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/public apps have no secret.*\[APP_INVALID\]/),
    });

    const first = await cli(['keys', 'rotate', '--org', 'acme']);
    const second = await cli(['keys', 'rotate', '--org', 'acme']);
    const kidsOf = (stdout: string) => /New signing keys for acme: (\S+), (\S+)\./.exec(stdout)!.slice(1);
    expect([first.code, second.code]).toEqual([0, 0]);

    const runtime = await openDeps(loadConfig({ DATABASE_URL: env.DATABASE_URL, PUBLIC_URL: env.PUBLIC_URL }));
    try {
      const { db } = runtime.deps;
      const apps = await db
        .selectFrom('oidc_clients')
        .select(['id', 'secret_hash', 'post_logout_redirect_uris'])
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      // Only the hash of the newest secret is kept.
      expect(apps.find((a) => a.id === confidential.client_id)).toEqual({
        id: confidential.client_id,
        secret_hash: sha256(newSecret),
        post_logout_redirect_uris: '["https://app.example/bye"]',
      });
      expect(apps.find((a) => a.id === publicApp.client_id)!.secret_hash).toBeNull();
      const keys = await db.selectFrom('oidc_keys').select(['id', 'retired_at']).execute();
      const live = keys
        .filter((k) => k.retired_at === null)
        .map((k) => k.id)
        .sort();
      expect(live).toEqual(kidsOf(second.stdout).sort());
      expect(
        keys
          .filter((k) => k.retired_at !== null)
          .map((k) => k.id)
          .sort(),
      ).toEqual(kidsOf(first.stdout).sort());
      const types = (await db.selectFrom('audit_events').select('type').where('type', 'like', 'app.%').execute()).map(
        (e) => e.type,
      );
      expect(types).toEqual(
        expect.arrayContaining([
          'app.created',
          'app.disabled',
          'app.enabled',
          'app.secret_rotated',
          'app.keys_rotated',
        ]),
      );
    } finally {
      await runtime.close();
    }

    for (const app of [confidential, publicApp]) {
      expect(await cli(['client', 'delete', '--org', 'acme', '--client-id', app.client_id])).toMatchObject({
        code: 0,
        stdout: expect.stringMatching(/Deleted the app/),
      });
    }
    expect(await listed()).toEqual([]);
    expect(await cli(['client', 'delete', '--org', 'acme', '--client-id', confidential.client_id])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/APP_NOT_FOUND/),
    });
    expect(await cli(['client', 'list', '--org', 'nope'])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/ORG_NOT_FOUND/),
    });
    // Secrets go to standard output once, never to standard error.
    expect([web, native, rotated, first, second].map((r) => r.stderr).join()).not.toMatch(
      new RegExp(`${confidential.client_secret}|${newSecret}`),
    );
  });

  it.each([
    [
      ['start'],
      // Any free port: a port in use would stop it first (exit 1), before the secret is looked at.
      { DATABASE_URL: 'postgres://latchkey@127.0.0.1:1/latchkey', SERVER_SECRET: '', PORT: '0' },
      /configuration: SERVER_SECRET must be set when DATABASE_URL is PostgreSQL/,
    ],
    [['start'], { SERVER_SECRET: 'short' }, /configuration: SERVER_SECRET must be at least 32 characters/],
  ])('refuses to start without a usable server secret: %j %j', (args, extraEnv, message) => {
    // `start` only in a process of its own: it ends its process on a signal.
    const result = cliProcess(args, undefined, extraEnv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('refuses to start with an unreadable AAGUID_METADATA_FILE, as bad configuration', () => {
    const result = cliProcess(['start'], undefined, { AAGUID_METADATA_FILE: '/nonexistent/aaguid.json' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/configuration: AAGUID_METADATA_FILE must be a readable JSON file/);
  });

  it.each([
    [[], /Usage: latchkey/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['org', 'create', '--name', 'No slug'], /expected 1 argument/],
    [['org', 'create', 'x1'], /--name is required/],
    [['user', 'create', '--org', 'acme', '--username', 'eve', '--role', 'god'], /--role must be one of/],
    [
      ['user', 'create', '--org', 'acme', '--username', 'eve', '--password', 'on-the-command-line'],
      /Unknown option '--password'/,
    ],
    [['enroll-link', '--org', 'acme'], /--username is required/],
    [['org', 'create', 'Bad Slug!', '--name', 'x'], /VALIDATION_FAILED/],
    [
      ['client', 'create', '--org', 'acme', '--name', 'x', '--redirect-uri', 'http://app.example/cb'],
      /redirectUris.*\[APP_INVALID\]/,
    ],
    [
      ['client', 'create', '--org', 'acme', '--name', 'x', '--redirect-uri', 'not a uri'],
      /absolute URIs.*\[APP_INVALID\]/,
    ],
    [
      ['client', 'create', '--org', 'acme', '--name', 'x', '--redirect-uri', 'https://app.example/cb#frag'],
      /no fragment.*\[APP_INVALID\]/,
    ],
    [['client', 'create', '--org', 'acme', '--name', 'x'], /1 to 10.*\[APP_INVALID\]/],
    [['client', 'create', '--org', 'acme', '--redirect-uri', 'https://app.example/cb'], /--name is required/],
    [['keys', 'rotate'], /--org is required/],
  ])('exits 2 with a clear message for bad arguments: %j', async (args, message) => {
    const result = await cli(args);
    expect(result.code).toBe(2);
    expect(result.stderr + result.stdout).toMatch(message);
  });

  it('prints what it can to a reader that stops early (`| head -1`), and exits 0 without a stack trace', async () => {
    expect((await cli(['user', 'create', '--org', 'acme', '--username', 'piped'])).code).toBe(0);
    // enroll-link prints its link, then a line more after the reader has gone: that write used to throw EPIPE.
    const piped = spawnSync(
      'bash',
      ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" enroll-link --org acme --username piped | head -1`],
      {
        env,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(piped.stdout).toMatch(/^http:\/\/localhost:3000\/o\/acme\/setup#token=\S+\n$/);
    expect([piped.status, piped.stderr]).toEqual([0, '']);
  });

  it('exits 1 when the thing named does not exist', async () => {
    // A real process: its exit status is 1, not only runCli's answer.
    expect(cliProcess(['enroll-link', '--org', 'nope', '--username', 'ada'])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/ORG_NOT_FOUND/),
    });
    expect(await cli(['enroll-link', '--org', 'acme', '--username', 'nobody'])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/USER_NOT_FOUND/),
    });
  });
});
