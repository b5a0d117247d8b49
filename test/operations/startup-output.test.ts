/**
 * What `latchkey start` prints (the real server, bin/latchkey.js, so run `npx tsc -p tsconfig.json`
 * first): one human line naming PUBLIC_URL instead of Fastify's "Server listening at
 * http://127.0.0.1:…", and request logs only at the level asked for.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.js';

const BIN = path.resolve(import.meta.dirname, '../../bin/latchkey.js');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const started: Array<{ child: ChildProcess; dir: string }> = [];

async function startServer(env: Record<string, string>) {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-startup-'));
  const child = spawn(process.execPath, [BIN, 'start'], {
    env: {
      ...process.env,
      PORT: String(port),
      PUBLIC_URL: `http://localhost:${port}`,
      DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`,
      SERVER_SECRET: 's'.repeat(32),
      REDIS_URL: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push({ child, dir });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const deadline = Date.now() + 30_000;
  while (!output.includes('Latchkey is listening')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await sleep(50);
  }
  return { port, output: () => output };
}

/** A page request as a person typing the loopback address would make it. */
function get(port: number, url: string): Promise<{ status: number; location?: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: url, agent: false }, (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode!, location: response.headers.location }));
      })
      .on('error', reject);
  });
}

describe('start-up output', () => {
  afterEach(() => {
    for (const { child, dir } of started.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints one line naming PUBLIC_URL, never the loopback address it is bound to', { timeout: 60_000 }, async () => {
    const server = await startServer({ LOG_LEVEL: 'info' });
    const page = await get(server.port, '/o/demo/sign-in');
    expect(page).toEqual({ status: 307, location: `http://localhost:${server.port}/o/demo/sign-in` });
    await sleep(300);
    const lines = server.output().split('\n');
    expect(lines.filter((line) => /listening/i.test(line))).toEqual([
      `Latchkey is listening on http://localhost:${server.port} (sign in at http://localhost:${server.port}/o/demo/sign-in; log level info)`,
    ]);
    expect(server.output()).not.toContain('http://127.0.0.1');
    // At info, requests are logged (as JSON lines for the log collector).
    expect(lines.some((line) => line.startsWith('{') && line.includes('"url":"/o/demo/sign-in"'))).toBe(true);
  });

  it('at warn, the first-start links are not buried under request logs', { timeout: 60_000 }, async () => {
    const server = await startServer({ LOG_LEVEL: 'warn' });
    for (let i = 0; i < 3; i++) await get(server.port, '/healthz');
    await sleep(300);
    expect(server.output()).toMatch(/First start: set up the demo organisation's first admin/);
    expect(
      server
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{')),
    ).toEqual([]);
  });

  it('takes --verbose and refuses other options', () => {
    const result = spawnSync(process.execPath, [BIN, 'start', '--quiet'], { encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/start takes only --verbose \(got "--quiet"\)/);
  });
});
