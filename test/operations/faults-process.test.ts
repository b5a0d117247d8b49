/**
 * Redis or PostgreSQL going away under the real server process (bin/latchkey.js start, with its
 * clients, pool and counters as `start` builds them; run `npm run build:server` first), through a
 * relay the test takes down: over real HTTP, requests that need them are refused fast with a coded
 * 503 and Retry-After (with Redis: limits fail closed), the process stays up, and it serves again
 * by itself when the service returns.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { ORG_CACHE_MS } from '../../src/orgs/org-cache.js';
import { freshDatabase, withSchemaLock } from '../support/databases.js';
import {
  killInstance,
  ProcessBrowser,
  sleep,
  startInstance,
  waitForOutput,
  type Instance,
} from '../support/instances.js';
import { tcpProxy, throughProxy, type TcpProxy } from '../support/tcp-proxy.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Sends until the answer is 200 (at most `ms`); returns the last status. */
async function until200(send: () => Promise<{ status: number }>, ms = 15_000): Promise<number> {
  const deadline = Date.now() + ms;
  for (;;) {
    const { status } = await send();
    if (status === 200 || Date.now() > deadline) return status;
    await sleep(200);
  }
}

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
    const server: Instance = await startInstance('server', {
      DATABASE_URL: `sqlite:${path.join(dir, 'latchkey.db')}`,
      SERVER_SECRET: 's'.repeat(32),
      REDIS_URL: throughProxy(redisUrl.toString(), proxy),
    });
    cleanups.push(() => killInstance(server, 'SIGTERM'));
    const origin = `http://localhost:${server.port}`;
    const browser = new ProcessBrowser(origin, server);
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
    const raw = await fetch(new URL('/api/o/demo', origin));
    expect(raw.headers.get('retry-after')).toBe('5');
    expect((await browser.get('/healthz')).status).toBe(200);
    expect(server.child.exitCode).toBeNull();

    await proxy.up();
    expect(await until200(() => browser.get('/api/o/demo'))).toBe(200);
    expect((await browser.get('/readyz')).status).toBe(200);
    expect((await signIn()).status).toBe(401);
    // One warning for the outage and one for the return, naming no address.
    await waitForOutput(server, /Redis is available again/);
    expect(server.output()).toMatch(/Redis is unavailable \(\w+\)/);
    // Stopped, it has written every line it logged (they go out in batches): none may name the address.
    await killInstance(server, 'SIGTERM');
    expect(server.output()).not.toContain(`:${proxy.port}`);
  }, 120_000);
});

describe.runIf(inject('postgresUrl'))('the server process with PostgreSQL unreachable', () => {
  it('refuses with DATABASE_UNAVAILABLE within the bound, stays up, and recovers by itself', async () => {
    const postgresUrl = new URL(inject('postgresUrl')!);
    const database = await freshDatabase('postgres');
    cleanups.push(() => database.destroy());
    const proxy = await tcpProxy({ host: postgresUrl.hostname, port: Number(postgresUrl.port || 5432) });
    cleanups.push(() => proxy.close());
    const url = new URL(throughProxy(postgresUrl.toString(), proxy));
    url.searchParams.set('options', `-c search_path=${database.schema}`);
    // Held while the server migrates: no other test file creates or drops a schema under its migrator.
    const server = await withSchemaLock(postgresUrl.toString(), () =>
      startInstance('server', { DATABASE_URL: url.toString(), SERVER_SECRET: 's'.repeat(32) }),
    );
    cleanups.push(() => killInstance(server, 'SIGTERM'));
    const origin = `http://localhost:${server.port}`;
    const browser = new ProcessBrowser(origin, server);
    // Without Redis the password limits count in the database: a sign-in needs it from the first step.
    const signIn = () => browser.post('/api/o/demo/sign-in/password', { identifier: 'admin', password: 'wrong' });
    expect((await browser.get('/api/o/demo')).status).toBe(200);

    await proxy.down();
    // The organisation read just before may be kept for ORG_CACHE_MS: past it, every request needs the database.
    await new Promise((resolve) => setTimeout(resolve, ORG_CACHE_MS));
    for (const send of [() => browser.get('/api/o/demo'), signIn, () => browser.get('/readyz')]) {
      const { result, ms } = await timed(send);
      expect(ms).toBeLessThan(3000);
      expect(result.status).toBe(503);
      expect(result.body).toMatchObject({
        error: { code: 'DATABASE_UNAVAILABLE', details: { retryAfterSeconds: 5 } },
      });
      expect(JSON.stringify(result.body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|postgres:/);
    }
    expect((await fetch(new URL('/api/o/demo', origin))).headers.get('retry-after')).toBe('5');
    expect((await browser.get('/healthz')).status).toBe(200);
    expect(server.child.exitCode).toBeNull();

    await proxy.up();
    expect(await until200(() => browser.get('/api/o/demo'))).toBe(200);
    expect((await browser.get('/readyz')).status).toBe(200);
    expect((await signIn()).status).toBe(401);
    // Stopped, it has written every line it logged (they go out in batches): none may name the address.
    await killInstance(server, 'SIGTERM');
    expect(server.output()).not.toContain(`:${proxy.port}`);
  }, 120_000);
});
