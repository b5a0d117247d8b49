import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/database.js';
import { nameStatement } from '../src/db/named-statements.js';
import { precompiledRead } from '../src/db/precompiled.js';
import { USER_COLUMNS } from '../src/db/columns.js';
import { DIALECTS, freshDatabase } from './support/databases.js';

describe('hot statements run by name', () => {
  it('name their columns: `*` is refused, count(*) is not a column list', () => {
    for (const star of [
      'select * from "users"',
      'select "u".*, "s"."id" from "users" as "u"',
      'delete from "x" returning *',
    ])
      expect(() => nameStatement(star)).toThrow(/names its columns/);
    expect(() => nameStatement('select count(*) as "n" from "passkeys" where "user_id" = $1')).not.toThrow();
  });
});

// What a rolling upgrade does to a running instance: the new version's migration adds a column while the old
// version's connections hold its statements prepared.
describe.skipIf(!DIALECTS.includes('postgres'))('named statements on PostgreSQL', () => {
  let database: Database;
  beforeEach(async () => {
    database = await freshDatabase('postgres');
  });
  afterEach(() => database.destroy());

  const findUser = precompiledRead((db, values: { id: string }) =>
    db.selectFrom('users').select(USER_COLUMNS).where('id', '=', values.id),
  );

  it('are prepared once per connection and keep working when a column is added', async () => {
    await database.db.connection().execute(async (connection) => {
      const pinned = { db: connection, dialect: database.dialect };
      expect(await findUser(pinned, { id: 'nobody' })).toEqual([]);
      const prepared = await sql<{ name: string; statement: string }>`
        select name, statement from pg_prepared_statements where statement like '%from "users" where "id" = $1'
      `.execute(connection);
      expect(prepared.rows).toEqual([
        { name: expect.stringMatching(/^latchkey_[0-9a-f]{16}$/), statement: expect.any(String) },
      ]);
      await sql`alter table users add column added_by_a_newer_version text`.execute(connection);
      expect(await findUser(pinned, { id: 'nobody' })).toEqual([]);
    });
  });

  it('are sent unnamed with PG_PREPARED_STATEMENTS=off (a pooler that cannot keep them)', async () => {
    const plain = openDatabase(inject('postgresUrl')!, { pgSchema: database.schema, preparedStatements: false });
    try {
      await plain.db.connection().execute(async (connection) => {
        expect(await findUser({ db: connection, dialect: plain.dialect }, { id: 'nobody' })).toEqual([]);
        const prepared = await sql`select name from pg_prepared_statements`.execute(connection);
        expect(prepared.rows).toEqual([]);
      });
    } finally {
      await plain.destroy();
    }
  });
});
