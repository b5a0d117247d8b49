/**
 * `latchkey backup <file>` on the real server (run `npm run build:server` first): an online copy
 * taken while sign-ins write to the database, restored into a new data folder, signs in with a
 * passkey registered before the backup; and the refusals (an existing file, PostgreSQL), in-process.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../support/cli.js';
import { BIN, killInstance, ProcessBrowser, setupLinks, startInstance, type Instance } from '../support/instances.js';

const run = promisify(execFile);
const dirs: string[] = [];
const servers: Instance[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-backup-'));
  dirs.push(dir);
  return dir;
};
// Each process start takes seconds on a busy machine: generous timeouts, nothing timed.
const sqliteEnv = (dir: string) => ({ DATABASE_URL: `sqlite:${path.join(dir, 'latchkey.db')}`, SERVER_SECRET: '' });

afterEach(async () => {
  for (const server of servers.splice(0)) await killInstance(server, 'SIGTERM');
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('latchkey backup', () => {
  it('copies the live database under load; restored to a new folder, it signs in with an earlier passkey', async () => {
    const dataDir = tempDir();
    // No SERVER_SECRET: the embedded default generates one in the data folder, which the backup must carry.
    const env = { ...sqliteEnv(dataDir), API_REQUESTS_PER_MINUTE: '1000000' };
    const server = await startInstance('server', env);
    servers.push(server);
    const origin = `http://localhost:${server.port}`;
    const admin = new ProcessBrowser(origin, server);
    expect((await admin.redeemSetupLink(setupLinks(server).demo!)).status).toBe(200);
    expect((await admin.addPasskey('demo')).status).toBe(200);

    // The load: passkey sign-ins (sessions, audit events, the passkey's counter) and reads, until stopped.
    let loading = true;
    const answers: number[] = [];
    let signedIn = 0;
    const signIns = (async () => {
      const device = new ProcessBrowser(origin, server, admin.authenticator);
      while (loading) {
        const status = (await device.signInWithPasskey('demo')).status;
        answers.push(status);
        if (status === 200) signedIn++;
      }
    })();
    const reads = [1, 2].map(async () => {
      while (loading) answers.push((await admin.get('/api/o/demo/me')).status);
    });
    while (signedIn < 10) await new Promise((resolve) => setTimeout(resolve, 20));
    const signedInBefore = signedIn;
    const answeredBefore = answers.length;

    const backupDir = tempDir();
    const file = path.join(backupDir, 'latchkey-backup.db');
    const backup = await run(process.execPath, [BIN, 'backup', file], { env: { ...process.env, ...env } });
    const duringBackup = answers.length - answeredBefore;
    loading = false;
    await Promise.all([signIns, ...reads]);

    expect(backup.stdout).toMatch(/integrity check: ok/);
    expect(backup.stdout).toContain(`${file}.server-secret`);
    // The server kept answering, and nothing it answered failed because of the backup.
    expect(duringBackup).toBeGreaterThan(0);
    expect(answers.filter((status) => status !== 200)).toEqual([]);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(`${file}.server-secret`, 'utf8')).toBe(
      fs.readFileSync(path.join(dataDir, 'server-secret'), 'utf8'),
    );
    const copy = new SqliteDatabase(file, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      // Every passkey sign-in that had completed when the backup started is in the copy.
      const sessions = copy.prepare("select count(*) as n from sessions where method = 'passkey'").get() as {
        n: number;
      };
      expect(sessions.n).toBeGreaterThanOrEqual(signedInBefore);
      expect(copy.prepare('select count(*) as n from passkeys').get()).toEqual({ n: 1 });
    } finally {
      copy.close();
    }
    await killInstance(server, 'SIGTERM');

    // Restore: the two files into a new data folder, as docs/operations.md says; the same PUBLIC_URL.
    const restoredDir = tempDir();
    fs.copyFileSync(file, path.join(restoredDir, 'latchkey.db'));
    fs.copyFileSync(`${file}.server-secret`, path.join(restoredDir, 'server-secret'));
    const restored = await startInstance('restored', sqliteEnv(restoredDir), { port: server.port });
    servers.push(restored);
    expect(restored.output()).not.toMatch(/First start|generated one/);
    const device = new ProcessBrowser(origin, restored, admin.authenticator);
    expect((await device.signInWithPasskey('demo')).status).toBe(200);
    expect((await device.get('/api/o/demo/me')).body).toMatchObject({ user: { username: 'admin' } });
  }, 180_000);

  it('writes one owner-only file, no -wal or -shm beside it, though the live database is in WAL mode', async () => {
    const dataDir = tempDir();
    const env = { ...process.env, REDIS_URL: '', ...sqliteEnv(dataDir) };
    expect((await runCliInProcess(['migrate'], env)).code).toBe(0);
    const backupDir = tempDir();
    const file = path.join(backupDir, 'latchkey-backup.db');

    const result = await runCliInProcess(['backup', file], { ...env, SERVER_SECRET: 'e'.repeat(32) });

    expect(result.code).toBe(0);
    expect(fs.readdirSync(backupDir)).toEqual(['latchkey-backup.db']);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    // Still one file once opened: a restored copy is put in WAL mode by the server that opens it.
    const copy = new SqliteDatabase(file, { readonly: true });
    try {
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      expect(copy.prepare('select count(*) as n from organisations').get()).toEqual({ n: 0 });
    } finally {
      copy.close();
    }
    expect(fs.readdirSync(backupDir)).toEqual(['latchkey-backup.db']);
  });

  // In-process: these are the command's checks and messages (the test above runs it as a process).
  it('refuses an existing file, and PostgreSQL (pointing to pg_dump) without showing its URL', async () => {
    const dataDir = tempDir();
    const env = { ...process.env, REDIS_URL: '', ...sqliteEnv(dataDir) };
    const cli = (args: string[], extraEnv: Record<string, string> = {}) =>
      runCliInProcess(args, { ...env, ...extraEnv });
    expect((await cli(['migrate'])).code).toBe(0);
    const existing = path.join(dataDir, 'already-there.db');
    fs.writeFileSync(existing, 'keep me');
    const refused = await cli(['backup', existing]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already exists; backup never overwrites/);
    expect(fs.readFileSync(existing, 'utf8')).toBe('keep me');

    const postgres = await cli(['backup', path.join(dataDir, 'pg.db')], {
      DATABASE_URL: 'postgres://latchkey:hunter2-secret@db.internal:5432/latchkey',
    });
    expect(postgres.code).toBe(2);
    expect(postgres.stderr).toMatch(/pg_dump/);
    expect(postgres.stderr).toMatch(/SERVER_SECRET/);
    expect(postgres.stderr + postgres.stdout).not.toMatch(/hunter2|db\.internal/);
    expect(fs.existsSync(path.join(dataDir, 'pg.db'))).toBe(false);

    const missing = await cli(['backup', path.join(dataDir, 'copy.db')], {
      DATABASE_URL: `sqlite:${path.join(dataDir, 'nothing-here.db')}`,
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no database at/);
    expect(fs.existsSync(path.join(dataDir, 'copy.db'))).toBe(false);

    // SERVER_SECRET from the environment is the operator's to keep: said, not copied.
    const copy = path.join(dataDir, 'with-env-secret.db');
    const withSecret = await cli(['backup', copy], { SERVER_SECRET: 'e'.repeat(32) });
    expect(withSecret.code).toBe(0);
    expect(withSecret.stdout).toMatch(/SERVER_SECRET comes from the environment and is not in the backup/);
    expect(withSecret.stdout + withSecret.stderr).not.toContain('e'.repeat(32));
    expect(fs.existsSync(copy)).toBe(true);
    expect(fs.existsSync(`${copy}.server-secret`)).toBe(false);
  });
});
