/**
 * Redis and PostgreSQL going away under a running server (through a relay the test takes down, so
 * the real services, shared with other tests, keep running): requests that need them are refused
 * fast with a coded 503 and Retry-After, limits fail closed, nothing crashes, and service comes back by itself.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Response } from 'light-my-request';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { ORG_CACHE_MS } from '../../src/orgs/org-cache.js';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { createOrganisation } from '../../src/orgs/organisations.js';
import { databaseCounters } from '../../src/ratelimit/database-counters.js';
import { redisCounters } from '../../src/ratelimit/redis-counters.js';
import type { Deps } from '../../src/shared/deps.js';
import { freshDatabase } from '../support/databases.js';
import { createHarness, ORIGIN, type Harness } from '../support/harness.js';
import { tcpProxy, throughProxy, type TcpProxy } from '../support/tcp-proxy.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const signIn = (app: FastifyInstance) =>
  app.inject({
    method: 'POST',
    url: '/api/o/acme/sign-in/password',
    headers: { origin: ORIGIN },
    payload: { identifier: 'ada', password: 'not the password' },
  });

/** Sends `request` until it answers `status` (at most `ms`); returns the last answer. */
async function until(request: () => Promise<Response>, status: number, ms = 10_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const response = await request();
    if (response.statusCode === status || Date.now() > deadline) return response;
    await sleep(200);
  }
}

/** Refused within the bound, coded, with Retry-After, never leaking an address or a driver message. */
async function expectUnavailable(send: () => Promise<Response>, code: string) {
  const started = Date.now();
  const response = await send();
  expect(Date.now() - started, code).toBeLessThan(3000);
  expect(response.statusCode).toBe(503);
  expect(response.headers['retry-after']).toBe('5');
  expect(response.json()).toMatchObject({ error: { code, details: { retryAfterSeconds: 5 } } });
  expect(response.body).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|postgres:|redis:/);
}

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.runIf(inject('redisUrl'))('Redis configured but down', () => {
  it('fails closed with REDIS_UNAVAILABLE, fast, and recovers when Redis returns', async () => {
    const redisUrl = new URL(inject('redisUrl')!);
    const proxy: TcpProxy = await tcpProxy({ host: redisUrl.hostname, port: Number(redisUrl.port || 6379) });
    cleanups.push(() => proxy.close());
    const url = throughProxy(redisUrl.toString(), proxy);
    const h: Harness = await createHarness('sqlite', { REDIS_URL: url });
    cleanups.push(() => h.close());
    const counters = await redisCounters(url, h.deps.clock, `latchkey-test:${randomBytes(4).toString('hex')}:`);
    cleanups.push(() => counters.close());
    const app = await buildApp({ ...h.deps, counters }, { logger: false });
    cleanups.push(() => app.close());
    await h.org('acme');
    expect((await signIn(app)).statusCode).toBe(401);

    await proxy.down();
    // The per-address API limit and the password limits both count in Redis: neither lets a request through uncounted.
    await expectUnavailable(() => signIn(app), 'REDIS_UNAVAILABLE');
    await expectUnavailable(() => app.inject({ method: 'GET', url: '/api/o/acme' }), 'REDIS_UNAVAILABLE');
    await expectUnavailable(() => app.inject({ method: 'GET', url: '/readyz' }), 'REDIS_UNAVAILABLE');
    await expect(counters.hit('password:ada', 60_000)).rejects.toMatchObject({ code: 'REDIS_UNAVAILABLE' });
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);

    await proxy.up();
    expect((await until(() => app.inject({ method: 'GET', url: '/readyz' }), 200)).statusCode).toBe(200);
    expect((await until(() => signIn(app), 401)).statusCode).toBe(401);
  });
});

describe.runIf(inject('postgresUrl'))('PostgreSQL unreachable', () => {
  it('refuses with DATABASE_UNAVAILABLE, fast, without crashing, and recovers when it returns', async () => {
    const postgresUrl = new URL(inject('postgresUrl')!);
    const direct = await freshDatabase('postgres');
    cleanups.push(() => direct.destroy());
    const proxy = await tcpProxy({ host: postgresUrl.hostname, port: Number(postgresUrl.port || 5432) });
    cleanups.push(() => proxy.close());
    const proxied: Database = openDatabase(throughProxy(postgresUrl.toString(), proxy), { pgSchema: direct.schema });
    cleanups.push(() => proxied.destroy());
    const config = loadConfig({ PUBLIC_URL: ORIGIN, WEB_ROOT: '/nonexistent' });
    const deps: Deps = {
      db: proxied.db,
      dialect: 'postgres',
      config,
      clock: Date.now,
      counters: databaseCounters(proxied.db, Date.now),
      mailer: null,
      serverSecret: randomBytes(32),
    };
    await createOrganisation(
      { ...deps, db: direct.db },
      { slug: 'acme', name: 'Acme', passkeysAvailable: true, passkeysEnabled: true },
    );
    const app = await buildApp(deps, { logger: false });
    cleanups.push(() => app.close());
    expect((await app.inject({ method: 'GET', url: '/api/o/acme' })).statusCode).toBe(200);

    // The pool's idle connections are cut under it (a PostgreSQL restart), and new ones are refused.
    await proxy.down();
    // The organisation read just before may be kept for ORG_CACHE_MS: past it, every request needs the database.
    await new Promise((resolve) => setTimeout(resolve, ORG_CACHE_MS));
    await expectUnavailable(() => app.inject({ method: 'GET', url: '/api/o/acme' }), 'DATABASE_UNAVAILABLE');
    await expectUnavailable(() => signIn(app), 'DATABASE_UNAVAILABLE');
    await expectUnavailable(() => app.inject({ method: 'GET', url: '/readyz' }), 'DATABASE_UNAVAILABLE');
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);

    await proxy.up();
    expect((await until(() => app.inject({ method: 'GET', url: '/api/o/acme' }), 200)).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    expect((await signIn(app)).statusCode).toBe(401);
  });
});
