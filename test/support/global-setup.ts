import net from 'node:net';
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
  }
}

/** Finds PostgreSQL and Redis once; says loudly what is skipped, and refuses to skip them in CI. */
export default async function setup(project: TestProject): Promise<void> {
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
}
