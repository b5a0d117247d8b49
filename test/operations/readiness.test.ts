import type { FastifyInstance } from 'fastify';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/database.js';
import type { DB } from '../../src/db/types.js';
import { DIALECTS } from '../support/databases.js';
import { freePort } from '../support/free-port.js';
import { createHarness, type Harness } from '../support/harness.js';

const readyz = (app: FastifyInstance) => app.inject({ method: 'GET', url: '/readyz' });

describe.each(DIALECTS)('/readyz (%s)', (dialect) => {
  let h: Harness;
  const extra: FastifyInstance[] = [];
  afterEach(async () => {
    for (const app of extra.splice(0)) await app.close();
    await h?.close();
  });

  it('is 200 when the database (and Redis, when configured) answer', async () => {
    const redisUrl = inject('redisUrl');
    h = await createHarness(dialect, redisUrl ? { REDIS_URL: redisUrl } : {});
    const response = await readyz(h.app);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ok: true });
  });

  it('is 503 REDIS_UNAVAILABLE, within the bound, when the configured Redis does not answer', async () => {
    h = await createHarness(dialect, { REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    // The bound is the probe's, not the server's boot: the first inject would otherwise start the app.
    await h.app.ready();
    const started = Date.now();
    const response = await readyz(h.app);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.json()).toMatchObject({ error: { code: 'REDIS_UNAVAILABLE', details: { retryAfterSeconds: 5 } } });
    // The process itself is fine: /healthz does not depend on Redis.
    expect((await h.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('is 503 DATABASE_UNAVAILABLE when the database is closed or unreachable', async () => {
    h = await createHarness(dialect);
    // A SQLite handle closed under the server (Kysely's destroy() would simply reopen an in-memory one).
    const handle = new SqliteDatabase(':memory:');
    handle.close();
    const closed = {
      db: new Kysely<DB>({ dialect: new SqliteDialect({ database: handle }) }),
      dialect: 'sqlite' as const,
    };
    const unreachable = openDatabase(`postgres://latchkey@127.0.0.1:${await freePort()}/latchkey`);
    for (const database of [closed, unreachable]) {
      const app = await buildApp({ ...h.deps, db: database.db, dialect: database.dialect }, { logger: false });
      extra.push(app);
      await app.ready();
      const started = Date.now();
      const response = await readyz(app);
      expect(Date.now() - started).toBeLessThan(2500);
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
      expect(response.json()).toMatchObject({ error: { code: 'DATABASE_UNAVAILABLE' } });
      expect(response.body).not.toMatch(/127\.0\.0\.1|latchkey@|ECONNREFUSED|destroyed/);
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    }
    await unreachable.destroy();
  });

  it('turns 503 SHUTTING_DOWN when shutdown starts; once closing, refuses new requests before they start', async () => {
    h = await createHarness(dialect);
    await h.org('acme');
    h.app.lifecycle.state = 'draining';
    const draining = await readyz(h.app);
    expect(draining.statusCode).toBe(503);
    expect(draining.json()).toMatchObject({ error: { code: 'SHUTTING_DOWN' } });
    // Still serving while the load balancer notices, but keeping no connection alive.
    const served = await h.app.inject({ method: 'GET', url: '/api/o/acme' });
    expect(served.statusCode).toBe(200);
    expect(served.headers.connection).toBe('close');

    h.app.lifecycle.state = 'closing';
    const refused = await h.app.inject({
      method: 'POST',
      url: '/api/o/acme/sign-in/password',
      payload: { identifier: 'ada', password: 'whatever it is' },
    });
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.headers.connection).toBe('close');
    expect(refused.json()).toMatchObject({ error: { code: 'SHUTTING_DOWN' } });
    expect((await h.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    h.app.lifecycle.state = 'serving';
  });
});
