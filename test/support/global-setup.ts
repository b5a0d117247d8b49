import { randomBytes } from 'node:crypto';
import net from 'node:net';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function reachable(url: string, defaultPort: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname || '127.0.0.1', port: Number(port || defaultPort) });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null;
    redisUrl: string | null;
    /** This run's PostgreSQL test schemas are named with it; the run drops them at its end. */
    testSchemaPrefix: string;
  }
}

/** Drops this run's test schemas: workers keep theirs to reuse (databases.ts) until the run ends. */
async function dropSchemas(prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      'select nspname as name from pg_namespace where left(nspname, length($1)) = $1',
      [prefix],
    );
    for (const { name } of rows) await client.query(`drop schema ${name} cascade`);
  } finally {
    await client.end();
  }
}

/**
 * Finds PostgreSQL and Redis once; says loudly what is skipped, and refuses to skip them in CI. Returns the
 * teardown.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await reachable(TEST_POSTGRES_URL, 5432);
  const redis = await reachable(TEST_REDIS_URL, 6379);
  const missing = [!postgres && `PostgreSQL (${TEST_POSTGRES_URL})`, !redis && `Redis (${TEST_REDIS_URL})`].filter(
    Boolean,
  );
  if (missing.length > 0) {
    if (process.env.CI)
      throw new Error(`CI must test against real services, but these are not reachable: ${missing.join(', ')}`);
    console.warn(
      `\n*** SKIPPING tests against ${missing.join(' and ')}: not reachable. ` +
        'Only SQLite and in-process stores are tested. ***\n',
    );
  }
  project.provide('postgresUrl', postgres ? TEST_POSTGRES_URL : null);
  project.provide('redisUrl', redis ? TEST_REDIS_URL : null);
  // Another run on the same server (a second checkout's suite) has another prefix: neither drops the other's.
  const prefix = `lk_test_${randomBytes(4).toString('hex')}_`;
  project.provide('testSchemaPrefix', prefix);
  return async () => {
    if (postgres) await dropSchemas(prefix);
  };
}
