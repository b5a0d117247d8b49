/** The benchmark's own database: a SQLite file in a temporary folder, or a PostgreSQL database it creates and drops. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export type BenchDb = 'sqlite' | 'postgres' | 'postgres+redis';

const POSTGRES_ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
// A Redis database of its own (7): the tests use 0, and the API limiter's keys are not prefixed per run.
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/7';

export interface BenchDatabase {
  /** DATABASE_URL (and REDIS_URL) for the seeder and the server. */
  env: Record<string, string>;
  /** Where the server's log goes. */
  folder: string;
  drop(): Promise<void>;
}

export async function createBenchDatabase(kind: BenchDb): Promise<BenchDatabase> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-bench-'));
  const removeFolder = () => fs.rmSync(folder, { recursive: true, force: true });
  if (kind === 'sqlite') {
    return {
      env: { DATABASE_URL: `sqlite:${path.join(folder, 'latchkey.db')}` },
      folder,
      drop: async () => removeFolder(),
    };
  }
  const name = `latchkey_bench_${randomBytes(4).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.href, ...(kind === 'postgres+redis' ? { REDIS_URL } : {}) },
    folder,
    async drop() {
      await adminQuery(`drop database if exists ${name} with (force)`);
      removeFolder();
    },
  };
}

async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
