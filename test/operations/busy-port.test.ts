/**
 * `latchkey start` on a port another program holds (the real server, bin/latchkey.js, so run
 * `npm run build:server` first): one line naming the port and PORT, before anything is created,
 * recorded or printed; the first start that does listen prints the one-time setup links.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, killInstance, setupLinks, startInstance, type Instance } from '../support/instances.js';

const run = promisify(execFile);
const dirs: string[] = [];
const servers: Instance[] = [];
const holders: net.Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await killInstance(server, 'SIGTERM');
  for (const holder of holders.splice(0)) await new Promise((resolve) => holder.close(resolve));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Another program listening on a port of its own: resolves with the port. */
async function holdPort(): Promise<{ port: number; release(): Promise<void> }> {
  const holder = net.createServer((socket) => socket.destroy());
  holders.push(holder);
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  return {
    port: (holder.address() as net.AddressInfo).port,
    release: () => new Promise((resolve) => holder.close(() => resolve())),
  };
}

/** `latchkey start` to its end (it ends by itself when it cannot listen). */
async function start(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = run(BIN, ['start'], {
    env: { ...process.env, LOG_LEVEL: 'warn', REDIS_URL: '', ...env },
    timeout: 60_000,
  });
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const recordedAddress = (file: string) => {
  const db = new SqliteDatabase(file, { readonly: true });
  try {
    return (db.prepare("select value from server_state where key = 'public_url'").get() as { value: string }).value;
  } finally {
    db.close();
  }
};

describe('latchkey start on a busy port', () => {
  it('fails in one line naming the port before it creates or prints anything; a later start prints links', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-busy-port-'));
    dirs.push(dir);
    const dataDir = path.join(dir, 'data');
    // A fresh data folder, without SERVER_SECRET: a start that got further would create the folder and a secret.
    const env = { DATABASE_URL: `sqlite:${path.join(dataDir, 'latchkey.db')}`, SERVER_SECRET: '' };
    const busy = await holdPort();

    const failed = await start({ ...env, PORT: String(busy.port), PUBLIC_URL: `http://localhost:${busy.port}` });

    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toBe(
      `latchkey: cannot listen on 127.0.0.1:${busy.port}: the port is in use (by another program, or by Latchkey ` +
        `started already). Stop that program, or set PORT to a free port (e.g. PORT=${busy.port + 1}).\n`,
    );
    expect(fs.existsSync(dataDir)).toBe(false);

    // Once the port is free, the first start that listens is the first start: it seeds and prints the links.
    await busy.release();
    const server = await startInstance('server', env, { port: busy.port });
    servers.push(server);
    expect(Object.keys(setupLinks(server)).sort()).toEqual(['demo', 'platform']);
    expect(setupLinks(server).demo).toMatch(new RegExp(`^http://localhost:${busy.port}/o/demo/setup#token=`));
  }, 120_000);

  it('keeps the address the last listening server recorded, which the CLI prints links with', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-busy-port-'));
    dirs.push(dir);
    const file = path.join(dir, 'latchkey.db');
    const env = { DATABASE_URL: `sqlite:${file}`, SERVER_SECRET: 's'.repeat(32) };
    const first = await startInstance('server', env);
    await killInstance(first, 'SIGTERM');
    expect(recordedAddress(file)).toBe(`http://localhost:${first.port}/`);

    const busy = await holdPort();
    const failed = await start({ ...env, PORT: String(busy.port), PUBLIC_URL: `http://localhost:${busy.port}` });

    expect(failed.code).toBe(1);
    expect(recordedAddress(file)).toBe(`http://localhost:${first.port}/`);
    expect(failed.stderr).toMatch(
      new RegExp(`^latchkey: cannot listen on 127\\.0\\.0\\.1:${busy.port}: the port is in use`),
    );
    expect(failed.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
});
