import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { DatabaseNewerThanCodeError, migrateToLatest } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { runCliInProcess, runCliProcess } from '../support/cli.js';
import { DIALECTS, freshDatabase, withSchemaLock } from '../support/databases.js';

const LATEST = Object.keys(migrations).at(-1)!;
const FUTURE = '9999_from_a_newer_release';

describe.runIf(inject('postgresUrl'))('migrations on an empty PostgreSQL database', () => {
  const url = inject('postgresUrl')!;
  const schema = `lk_test_mig_${randomBytes(5).toString('hex')}`;
  const admin = async (query: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await client.query(query);
    } finally {
      await client.end();
    }
  };
  // Creating and dropping a schema under the suite's schema lock: another file's migration looking at every
  // schema must not see it vanish.
  afterAll(() => withSchemaLock(url, (client) => client.query(`drop schema if exists ${schema} cascade`)));

  it('are applied once when several instances start at the same time', async () => {
    const instances = Array.from({ length: 5 }, () => openDatabase(url, { pgSchema: schema }));
    try {
      await withSchemaLock(url, (client) => client.query(`create schema ${schema}`));
      const applied = await withSchemaLock(url, () =>
        Promise.all(instances.map((database) => migrateToLatest(database))),
      );
      // Exactly one instance applied everything; the others waited and found nothing to do.
      expect(applied.flat().sort()).toEqual(Object.keys(migrations).sort());
      expect(applied.filter((names) => names.length > 0)).toHaveLength(1);
      const rows = await admin(`select name from ${schema}.kysely_migration order by name`);
      expect(rows.rows.map((r) => r.name)).toEqual(Object.keys(migrations));
    } finally {
      await Promise.all(instances.map((database) => database.destroy()));
    }
  });
});

describe.each(DIALECTS)('a database newer than the code (%s)', (dialect) => {
  it('is refused, naming both versions, and left untouched', async () => {
    const database = await freshDatabase(dialect);
    try {
      await sql`insert into kysely_migration (name, timestamp) values (${FUTURE}, ${new Date().toISOString()})`.execute(
        database.db,
      );
      const refused = await migrateToLatest(database).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(DatabaseNewerThanCodeError);
      expect((refused as Error).message).toContain(`at migration ${FUTURE}`);
      expect((refused as Error).message).toContain(`latest migration ${LATEST}`);
      const rows = await sql<{ n: number }>`select count(*) as n from kysely_migration`.execute(database.db);
      expect(Number(rows.rows[0]!.n)).toBe(Object.keys(migrations).length + 1);
    } finally {
      await database.destroy();
    }
  });
});

describe('the CLI against a database newer than the code', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-newer-'));
  const file = path.join(dir, 'newer.db');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const env = {
    ...process.env,
    DATABASE_URL: `sqlite:${file}`,
    PUBLIC_URL: 'http://localhost:3000',
    PORT: '0',
    REDIS_URL: '',
    SERVER_SECRET: 'x'.repeat(32),
  };
  // `migrate` in-process; `start` in a process of its own (it ends its process on a signal), whose exit status
  // is checked.
  const run = async (command: string) =>
    command === 'start' ? runCliProcess([command], env) : await runCliInProcess([command], env);

  it('`migrate` and `start` exit 2 with a message naming both versions', async () => {
    expect((await run('migrate')).code).toBe(0);
    const database = openDatabase(`sqlite:${file}`);
    await sql`insert into kysely_migration (name, timestamp) values (${FUTURE}, ${new Date().toISOString()})`.execute(
      database.db,
    );
    await database.destroy();
    for (const command of ['migrate', 'start']) {
      const result = await run(command);
      expect(result.code, command).toBe(2);
      expect(result.stderr).toContain(
        `the database is at migration ${FUTURE}, newer than this release's latest migration ${LATEST}`,
      );
      expect(result.stderr).toContain('[DATABASE_NEWER_THAN_CODE]');
      expect(result.stdout).not.toMatch(/listening/);
    }
  });
});
