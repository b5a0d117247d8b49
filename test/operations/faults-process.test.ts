/**
 * Redis going away under the real server process (bin/latchkey.js start, its own Redis client and
 * counters as `start` builds them; run `npx tsc -p tsconfig.json` first): over real HTTP, counted
 * requests are refused fast with 503 REDIS_UNAVAILABLE and Retry-After (limits fail closed), the
 * process stays up, and it serves again by itself when Redis returns.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { HttpBrowser, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { tcpProxy, throughProxy, type TcpProxy } from '../support/tcp-proxy.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await work();
  return { result, ms: Date.now() - started };
}

describe.runIf(inject('redisUrl'))('the server process with Redis configured but down', () => {
  it('refuses counted requests with a coded 503 within the bound, stays up, and recovers by itself', async () => {
    const redisUrl = new URL(inject('redisUrl')!);
    const proxy: TcpProxy = await tcpProxy({ host: redisUrl.hostname, port: Number(redisUrl.port || 6379) });
    cleanups.push(() => proxy.close());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-faults-'));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    const server: ServerProcess = await startServerProcess({
      DATABASE_URL: `sqlite:${path.join(dir, 'latchkey.db')}`,
      SERVER_SECRET: 's'.repeat(32),
      REDIS_URL: throughProxy(redisUrl.toString(), proxy),
    });
    cleanups.push(() => server.stop());
    const browser = new HttpBrowser(server.origin);
    const signIn = () => browser.post('/api/o/demo/sign-in/password', { identifier: 'admin', password: 'wrong' });
    expect((await browser.get('/api/o/demo')).status).toBe(200);
    expect((await signIn()).status).toBe(401);

    await proxy.down();
    for (const send of [() => browser.get('/api/o/demo'), signIn, () => browser.get('/readyz')]) {
      const { result, ms } = await timed(send);
      expect(ms).toBeLessThan(3000);
      expect(result.status).toBe(503);
      expect(result.body).toMatchObject({ error: { code: 'REDIS_UNAVAILABLE', details: { retryAfterSeconds: 5 } } });
    }
    const raw = await fetch(new URL('/api/o/demo', server.origin));
    expect(raw.headers.get('retry-after')).toBe('5');
    expect((await browser.get('/healthz')).status).toBe(200);
    expect(server.child.exitCode).toBeNull();

    await proxy.up();
    const deadline = Date.now() + 15_000;
    let status = 0;
    while (status !== 200 && Date.now() < deadline) {
      status = (await browser.get('/api/o/demo')).status;
      if (status !== 200) await sleep(200);
    }
    expect(status).toBe(200);
    expect((await browser.get('/readyz')).status).toBe(200);
    expect((await signIn()).status).toBe(401);
    // One warning for the outage and one for the return, naming no address.
    expect(server.output()).toMatch(/Redis is unavailable \(\w+\)/);
    expect(server.output()).toMatch(/Redis is available again/);
    expect(server.output()).not.toContain(`:${proxy.port}`);
  }, 120_000);
});
