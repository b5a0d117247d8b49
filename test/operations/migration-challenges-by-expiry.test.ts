/**
 * Migration 0013: used challenges' marks are kept by expiry, then challenge (one index, written at its end), and the
 * marks made before the upgrade stay: a challenge used then is still refused.
 */
import { CompiledQuery, sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import * as challengesByExpiry from '../../src/db/migrations/0013_challenges_by_expiry.js';
import type { DB } from '../../src/db/types.js';
import { isUniqueViolation } from '../../src/db/unique-violation.js';
import { usedMark } from '../../src/passkeys/challenges.js';
import { DIALECTS, freshDatabase } from '../support/databases.js';

const mark = (id: string, challenge: string, expiresAt: number) => ({
  id,
  org_id: 'o1',
  binding_hash: 'b'.repeat(64),
  ceremony: 'authentication' as const,
  challenge,
  user_id: null,
  expires_at: expiresAt,
  created_at: 1,
});

/** The indexes of the challenges table, and their columns, as the database tells them. */
async function indexes(db: Kysely<DB>, dialect: string): Promise<string[]> {
  if (dialect === 'postgres') {
    const { rows } = await sql<{ indexdef: string }>`
      select indexdef from pg_indexes where tablename = 'challenges' and schemaname = current_schema()`.execute(db);
    return rows.map((row) => row.indexdef.replace(/^.* USING btree /, '')).sort();
  }
  const { rows } = await sql<{ name: string }>`select name from pragma_index_list('challenges')`.execute(db);
  const columns = await Promise.all(
    rows.map(async ({ name }) => {
      const info = await sql<{ name: string }>`select name from pragma_index_info(${name})`.execute(db);
      return `(${info.rows.map((column) => column.name).join(', ')})`;
    }),
  );
  return columns.sort();
}

describe.each(DIALECTS)('migration 0013_challenges_by_expiry (%s)', (dialect) => {
  it('keeps the marks made before it, found by expiry and challenge, each once', async () => {
    const database = await freshDatabase(dialect);
    const db = database.db;
    try {
      await challengesByExpiry.down(db);
      expect(await indexes(db, dialect)).toEqual(['(challenge)', '(expires_at)', '(id)']);
      await db
        .insertInto('organisations')
        .values({ id: 'o1', slug: 'acme', name: 'Acme', created_at: 1 } as never)
        .execute();
      await db
        .insertInto('challenges')
        .values([mark('m1', 'used-before', 2000), mark('m2', 'other', 1000)])
        .execute();

      await challengesByExpiry.up(db);
      // PostgreSQL keeps the challenge's own for the previous release's instances (a rolling upgrade).
      expect(await indexes(db, dialect)).toEqual(
        dialect === 'postgres'
          ? ['(challenge)', '(expires_at, challenge)', '(id)']
          : ['(expires_at, challenge)', '(id)'],
      );
      const found = await usedMark(db, { challenge: 'used-before', expiresAt: 2000 }).executeTakeFirst();
      expect(found).toEqual({ id: 'm1' });
      if (dialect === 'sqlite') {
        const { sql: text, parameters } = usedMark(db, { challenge: 'used-before', expiresAt: 2000 }).compile();
        const plan = await db.executeQuery<{ detail: string }>(
          CompiledQuery.raw(`explain query plan ${text}`, [...parameters]),
        );
        expect(plan.rows.map((row) => row.detail)).toEqual([
          'SEARCH challenges USING INDEX challenges_expiry_challenge (expires_at=? AND challenge=?)',
        ]);
      }
      // The same challenge cannot be marked twice (its expiry is sealed in it, so it is always the same).
      await expect(
        db
          .insertInto('challenges')
          .values(mark('m3', 'used-before', 2000))
          .execute(),
      ).rejects.toSatisfy(isUniqueViolation);
      if (dialect === 'postgres') {
        // The previous release's mark, as its instances still write it during a rolling upgrade.
        const before = await db
          .insertInto('challenges')
          .values(mark('m4', 'used-before', 2000))
          .onConflict((conflict) => conflict.column('challenge').doNothing())
          .executeTakeFirst();
        expect(before.numInsertedOrUpdatedRows).toBe(0n);
      }
      const kept = await db.selectFrom('challenges').select(['id', 'org_id']).orderBy('id').execute();
      expect(kept).toEqual([
        { id: 'm1', org_id: 'o1' },
        { id: 'm2', org_id: 'o1' },
      ]);
      // The organisation's removal still takes its marks with it.
      await db.deleteFrom('organisations').where('id', '=', 'o1').execute();
      expect(await db.selectFrom('challenges').select('id').execute()).toEqual([]);
    } finally {
      await database.destroy();
    }
  });
});

describe('migration 0013_challenges_by_expiry (sqlite), stopped halfway', () => {
  it('leaves the table as it was: its rebuild is one transaction', async () => {
    const database = await freshDatabase('sqlite');
    const db = database.db;
    try {
      await challengesByExpiry.down(db);
      // A mark the copy will refuse (its organisation is gone): the rebuild fails after it began.
      await sql`pragma foreign_keys = off`.execute(db);
      await db
        .insertInto('challenges')
        .values(mark('m1', 'orphan', 2000))
        .execute();
      await sql`pragma foreign_keys = on`.execute(db);
      await expect(challengesByExpiry.up(db)).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' });
      expect(await indexes(db, 'sqlite')).toEqual(['(challenge)', '(expires_at)', '(id)']);
      const tables = await sql<{ name: string }>`select name from sqlite_master where name like 'challenges%'`.execute(
        db,
      );
      expect(tables.rows.map((row) => row.name).sort()).toEqual(['challenges', 'challenges_expires']);
      expect(await db.selectFrom('challenges').select('id').execute()).toEqual([{ id: 'm1' }]);
    } finally {
      await database.destroy();
    }
  });
});
