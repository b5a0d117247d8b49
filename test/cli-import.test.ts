/**
 * Issue #14: `latchkey user import` prints the console's per-row results; the CLI's links carry the
 * PUBLIC_URL the server last started with, or it refuses, naming the variable. The commands run
 * in-process; the server is bin/latchkey.js start: `npm run build:server` first.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { openDeps } from '../src/runtime.js';
import { runCliInProcess } from './support/cli.js';
import { freePort } from './support/free-port.js';
import { killInstance, startInstance } from './support/instances.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-cli-import-'));
const { PUBLIC_URL: _unset, ...inherited } = process.env;
// No PUBLIC_URL: as an operator's shell on the server would be.
const env = {
  ...inherited,
  DATABASE_URL: `sqlite:${path.join(dir, 'cli.db')}`,
  SERVER_SECRET: 's'.repeat(32),
  REDIS_URL: '',
  SMTP_URL: '',
};

const cli = (args: string[], extraEnv: Record<string, string> = {}) => runCliInProcess(args, { ...env, ...extraEnv });

const file = (name: string, text: string) => {
  const at = path.join(dir, name);
  fs.writeFileSync(at, text);
  return at;
};

async function withDb<T>(read: (deps: Awaited<ReturnType<typeof openDeps>>['deps']) => Promise<T>): Promise<T> {
  const runtime = await openDeps(loadConfig({ DATABASE_URL: env.DATABASE_URL, SERVER_SECRET: env.SERVER_SECRET }));
  try {
    return await read(runtime.deps);
  } finally {
    await runtime.close();
  }
}

/** `latchkey start` until it listens, then SIGTERM: what an operator's server does. */
async function startAndStop(publicUrl: string): Promise<void> {
  const port = await freePort();
  const server = await startInstance(
    'server',
    { ...env, PUBLIC_URL: publicUrl.replace('PORT', String(port)), LOG_LEVEL: 'warn' },
    { port },
  );
  await killInstance(server, 'SIGTERM');
}

const USERS =
  'username,email,display name,role\nada,ada@acme.example,Ada,admin\nbob,not-an-email,,\ncy,cy@acme.example,Cy,\n';

// The server's start takes seconds on a busy machine.
describe('latchkey user import, and the public URL of the CLI', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    expect((await cli(['migrate'])).code).toBe(0);
    expect(await cli(['org', 'create', 'acme', '--name', 'Acme'])).toMatchObject({
      code: 0,
      stdout: expect.not.stringContaining('localhost'),
    });
    expect((await cli(['org', 'set', 'acme', '--passkeys-available', 'on', '--passkeys', 'optional'])).code).toBe(0);
  }, 120_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('previews with --dry-run: one line per row, writing nothing', async () => {
    const preview = await cli(['user', 'import', '--org', 'acme', file('users.csv', USERS), '--dry-run']);
    expect(preview.code).toBe(0);
    expect(preview.stdout.split('\n')).toEqual([
      'row 2\tada ada@acme.example\twill create admin',
      'row 3\tbob not-an-email\terror: email_invalid (Not one email address)',
      'row 4\tcy cy@acme.example\twill create member',
      'Dry run: 3 rows, 2 to create, 1 with an error. Nothing was written.',
      '',
    ]);
    expect(await withDb((deps) => deps.db.selectFrom('users').select('id').execute())).toEqual([]);
  });

  it('refuses to print links without PUBLIC_URL before any server started, naming the variable', async () => {
    const refused = await cli(['user', 'import', '--org', 'acme', file('users.csv', USERS), '--send-enrollment-email']);
    expect(refused).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(/PUBLIC_URL is not set/) });
    expect(await withDb((deps) => deps.db.selectFrom('users').select('id').execute())).toEqual([]);
  });

  it('imports with links on the address the server last started with, as one audited action', async () => {
    await startAndStop('http://login.acme.localhost:PORT');
    const stored = await withDb((deps) => deps.db.selectFrom('server_state').selectAll().execute());
    expect(stored).toEqual([
      expect.objectContaining({
        key: 'public_url',
        value: expect.stringMatching(/^http:\/\/login\.acme\.localhost:\d+\/$/),
      }),
    ]);
    const origin = stored[0]!.value.replace(/\/$/, '');

    const imported = await cli([
      'user',
      'import',
      '--org',
      'acme',
      file('users.csv', USERS),
      '--send-enrollment-email',
    ]);
    expect(imported.code).toBe(0);
    const lines = imported.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      new RegExp(
        `^row 2\\tada ada@acme\\.example\\tcreated admin; enrollment email; link: ${origin}/o/acme/setup#token=\\S+$`,
      ),
    );
    expect(lines[1]).toBe('row 3\tbob not-an-email\terror: email_invalid (Not one email address)');
    expect(lines[2]).toMatch(/^row 4\tcy cy@acme\.example\tcreated member; enrollment email; link: /);
    expect(lines[3]).toBe(
      'Imported 2 users into acme; 1 row with an error was left out. ' +
        'No email server: pass on the 2 links above by hand (each works once).',
    );
    const events = await withDb((deps) =>
      deps.db.selectFrom('audit_events').select(['actor_id', 'details']).where('type', '=', 'users.imported').execute(),
    );
    expect(events.map((e) => ({ actor: e.actor_id, ...JSON.parse(e.details) }))).toEqual([
      {
        actor: null,
        created: 2,
        skipped: 1,
        enrollmentEmails: 2,
        delivery: 'link given to admin (no email server)',
        via: 'cli',
      },
    ]);

    // enroll-link uses the same address; PUBLIC_URL, when set, wins.
    expect((await cli(['enroll-link', '--org', 'acme', '--username', 'cy'])).stdout).toMatch(
      new RegExp(`^${origin}/o/acme/setup#token=`),
    );
    expect(
      (await cli(['enroll-link', '--org', 'acme', '--username', 'cy'], { PUBLIC_URL: 'https://login.example.com' }))
        .stdout,
    ).toMatch(/^https:\/\/login\.example\.com\/o\/acme\/setup#token=/);
  });

  it('refuses files it cannot import, with exit code 2', async () => {
    expect(await cli(['user', 'import', '--org', 'acme', file('bad.csv', 'name;shoe\nx;1\n')])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/\[IMPORT_INVALID\]/),
    });
    const big = file('big.csv', `username\n${'a'.repeat(2 * 1024 * 1024)}\n`);
    expect(await cli(['user', 'import', '--org', 'acme', big])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/\[IMPORT_TOO_LARGE\]/),
    });
    expect(await cli(['user', 'import', '--org', 'acme', path.join(dir, 'missing.csv')])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/cannot read .*missing\.csv \(ENOENT\)/),
    });
    expect((await cli(['user', 'import', '--org', 'acme'])).code).toBe(2);
  });
});
