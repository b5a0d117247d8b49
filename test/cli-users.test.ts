/** Issue #14: `latchkey user set|disable|enable|delete`, with the console's guards and audit events. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { openDeps } from '../src/runtime.js';
import { runCliInProcess } from './support/cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-cli-users-'));
const env = {
  ...process.env,
  DATABASE_URL: `sqlite:${path.join(dir, 'cli.db')}`,
  PUBLIC_URL: 'http://localhost:3000',
  REDIS_URL: '',
};

// In-process: the commands' arguments, output, exit codes and database effects (test/cli.test.ts runs real processes).
const cli = (args: string[]) => runCliInProcess(args, env);

async function withDb<T>(read: (deps: Awaited<ReturnType<typeof openDeps>>['deps']) => Promise<T>): Promise<T> {
  const runtime = await openDeps(loadConfig({ DATABASE_URL: env.DATABASE_URL, PUBLIC_URL: env.PUBLIC_URL }));
  try {
    return await read(runtime.deps);
  } finally {
    await runtime.close();
  }
}
const user = (username: string) =>
  withDb((deps) => deps.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst());
const audited = (type: string) =>
  withDb(async (deps) =>
    (await deps.db.selectFrom('audit_events').select(['details', 'actor_id']).where('type', '=', type).execute()).map(
      (e) => ({ actor: e.actor_id, ...JSON.parse(e.details) }),
    ),
  );

describe('latchkey user set|disable|enable|delete', () => {
  beforeAll(async () => {
    expect((await cli(['migrate'])).code).toBe(0);
    expect((await cli(['org', 'create', 'acme', '--name', 'Acme'])).code).toBe(0);
    expect((await cli(['user', 'create', '--org', 'acme', '--username', 'ada', '--role', 'admin'])).code).toBe(0);
    expect(
      (await cli(['user', 'create', '--org', 'acme', '--username', 'bob', '--email', 'bob@acme.example'])).code,
    ).toBe(0);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('records every change made with it as done from the command line (Activity: "Command line")', async () => {
    expect(await audited('user.created')).toEqual([
      expect.objectContaining({ actor: null, username: 'ada', via: 'cli' }),
      expect.objectContaining({ actor: null, username: 'bob', via: 'cli' }),
    ]);
    expect(await audited('org.created')).toEqual([expect.objectContaining({ actor: null, via: 'cli' })]);
  });

  it('edits a profile, audited before → after', async () => {
    const set = await cli([
      'user',
      'set',
      '--org',
      'acme',
      '--username',
      'bob',
      '--email',
      'robert@acme.example',
      '--role',
      'editor',
      '--display-name',
      'Robert',
    ]);
    expect(set).toMatchObject({ code: 0, stdout: 'bob in acme: editor, robert@acme.example, "Robert".\n' });
    expect(await user('bob')).toMatchObject({ email: 'robert@acme.example', role: 'editor', display_name: 'Robert' });
    expect(await audited('user.updated')).toEqual([
      {
        actor: null,
        displayName: 'bob → Robert',
        email: 'bob@acme.example → robert@acme.example',
        oldAddressNotified: false, // no SMTP here
        role: 'member → editor',
        via: 'cli',
      },
    ]);
  });

  it('refuses bad arguments with exit code 2 and failures with exit code 1', async () => {
    expect((await cli(['user', 'set', '--org', 'acme', '--username', 'bob'])).code).toBe(2);
    expect((await cli(['user', 'set', '--org', 'acme', '--username', 'bob', '--role', 'boss'])).code).toBe(2);
    expect((await cli(['user', 'set', '--org', 'acme', '--username', 'bob', '--email', 'no address'])).code).toBe(2);
    expect((await cli(['user', 'disable', '--org', 'acme'])).code).toBe(2);
    expect(await cli(['user', 'disable', '--org', 'acme', '--username', 'nobody'])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/USER_NOT_FOUND/),
    });
    expect((await cli(['user', 'set', '--org', 'acme', '--username', 'bob', '--role', 'operator'])).code).toBe(2);
    // The last admin stays one, enabled and present.
    for (const args of [['set', '--role', 'member'], ['disable'], ['delete']]) {
      const [command, ...rest] = args;
      expect(await cli(['user', command!, '--org', 'acme', '--username', 'ada', ...rest])).toMatchObject({
        code: 1,
        stderr: expect.stringMatching(/LAST_ADMIN/),
      });
    }
  });

  it('disables and enables, audited as done from the CLI', async () => {
    const disabled = await cli(['user', 'disable', '--org', 'acme', '--username', 'bob']);
    expect(disabled).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Disabled bob in acme: signed out everywhere/),
    });
    expect((await user('bob'))?.status).toBe('disabled');
    expect(await cli(['user', 'enable', '--org', 'acme', '--username', 'bob'])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Enabled bob in acme/),
    });
    expect((await user('bob'))?.status).toBe('active');
    expect((await audited('user.disabled'))[0]).toMatchObject({ actor: null, status: 'active → disabled', via: 'cli' });
    expect(await audited('user.enabled')).toEqual([{ actor: null, status: 'disabled → active', via: 'cli' }]);
  });

  it('refuses an enroll-link for an Enrolled user unless --force, which is audited', async () => {
    expect((await cli(['user', 'create', '--org', 'acme', '--username', 'erin'])).code).toBe(0);
    const erin = (await user('erin'))!;
    await withDb((deps) =>
      deps.db
        .insertInto('passkeys')
        .values({
          id: 'pk-erin',
          org_id: erin.org_id,
          user_id: erin.id,
          credential_id: 'cred-erin',
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
        })
        .execute(),
    );
    const refused = await cli(['enroll-link', '--org', 'acme', '--username', 'erin']);
    expect(refused).toMatchObject({
      code: 1,
      stdout: '',
      stderr: expect.stringMatching(/already has a passkey.*override: --force.*\[USER_ALREADY_ENROLLED\]/),
    });
    const forced = await cli(['enroll-link', '--org', 'acme', '--username', 'erin', '--force']);
    expect(forced).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^http:\/\/localhost:3000\/o\/acme\/setup#token=/),
    });
    const events = await audited('setup_link.created');
    expect(events.at(-1)).toMatchObject({ actor: null, via: 'cli', forced: true, passkeys: 1 });
    expect(events).toHaveLength(1);
  });

  it('deletes a user', async () => {
    expect(await cli(['user', 'delete', '--org', 'acme', '--username', 'bob'])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Deleted bob from acme/),
    });
    expect(await user('bob')).toBeUndefined();
    expect(await audited('user.deleted')).toEqual([
      expect.objectContaining({ actor: null, username: 'bob', via: 'cli' }),
    ]);
    expect((await cli(['user', 'delete', '--org', 'acme', '--username', 'bob'])).code).toBe(1);
  });
});
