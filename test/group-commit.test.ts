import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GroupCommitSqliteDialect } from '../src/db/group-commit.js';

interface Tables {
  items: { name: string };
  counter: { n: number };
  parents: { id: number };
  children: { parent_id: number };
}

// Group commit (issue 11): transactions of one event-loop turn share a COMMIT, each as durable and as
// isolated from the others' failures as a transaction of its own.
describe('SQLite group commit', () => {
  let folder: string;
  let db: Kysely<Tables>;
  let other: SqliteDatabase.Database;
  let statements: string[];
  let sqlite: SqliteDatabase.Database;
  let undone: ReturnType<typeof vi.fn<() => void>>;
  // The next COMMIT fails the way SQLite fails one on a full disk or an I/O error: it rolls the group back itself.
  let failNextCommit = false;

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-group-'));
    const file = path.join(folder, 'db.sqlite');
    sqlite = new SqliteDatabase(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.exec(`create table items (name text not null unique);
      create table counter (n integer not null); insert into counter values (0);
      create table parents (id integer primary key);
      create table children (parent_id integer references parents (id) deferrable initially deferred);`);
    statements = [];
    const prepare = sqlite.prepare.bind(sqlite);
    const failingCommit = {
      run: () => {
        failNextCommit = false;
        prepare('rollback').run();
        throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      },
    };
    sqlite.prepare = ((text: string) => {
      statements.push(text);
      return text === 'commit' && failNextCommit ? failingCommit : prepare(text);
    }) as typeof sqlite.prepare;
    undone = vi.fn<() => void>();
    db = new Kysely<Tables>({ dialect: new GroupCommitSqliteDialect(sqlite, undefined, undefined, undone) });
    // Another connection to the same file sees only what is committed.
    other = new SqliteDatabase(file, { readonly: true });
  });
  afterEach(async () => {
    other.close();
    await db.destroy();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const insert = (name: string) => db.transaction().execute((tx) => tx.insertInto('items').values({ name }).execute());
  const committed = () => other.prepare('select name from items order by name').pluck().all() as string[];
  const commits = () => statements.filter((text) => text === 'commit').length;

  it('transactions of one turn share one COMMIT, and each resolves once it is on disk', async () => {
    const seen: string[][] = [];
    await Promise.all(['a', 'b', 'c'].map((name) => insert(name).then(() => seen.push(committed()))));
    expect(commits()).toBe(1);
    expect(seen).toEqual([
      ['a', 'b', 'c'],
      ['a', 'b', 'c'],
      ['a', 'b', 'c'],
    ]);
  });

  it('a transaction that fails leaves nothing and does not undo the others of its group', async () => {
    const results = await Promise.allSettled([
      insert('a'),
      db.transaction().execute(async (tx) => {
        await tx.insertInto('items').values({ name: 'b' }).execute();
        await tx.insertInto('items').values({ name: 'a' }).execute(); // unique: fails after b was written
      }),
      insert('c'),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(committed()).toEqual(['a', 'c']);
    expect(commits()).toBe(1);
  });

  it('a write outside a transaction commits the waiting group first and is on disk when it returns', async () => {
    const grouped = insert('a');
    await db.insertInto('items').values({ name: 'b' }).execute();
    expect(committed()).toEqual(['a', 'b']);
    await grouped;
    // A write that returns rows is a write too.
    const returning = insert('c');
    await db.insertInto('items').values({ name: 'd' }).returning('name').execute();
    expect(committed()).toEqual(['a', 'b', 'c', 'd']);
    await returning;
    expect(commits()).toBe(2);
  });

  it('a failed COMMIT fails every transaction of its group, keeps none of them, and the next one works', async () => {
    const results = await Promise.allSettled([
      insert('a'),
      // Deferred: the missing parent is found only at COMMIT, so the whole group cannot commit.
      db.transaction().execute((tx) => tx.insertInto('children').values({ parent_id: 7 }).execute()),
    ]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(committed()).toEqual([]);
    expect(other.prepare('select count(*) from children').pluck().get()).toBe(0);
    await insert('b');
    expect(committed()).toEqual(['b']);
  });

  it('tells caches of rows when work a select may have seen is undone, whoever undid it', async () => {
    // A COMMIT that fails and is rolled back here (a deferred foreign key).
    const grouped = insert('a');
    expect(await db.selectFrom('items').select('name').execute()).toEqual([{ name: 'a' }]);
    await Promise.allSettled([
      grouped,
      db.transaction().execute((tx) => tx.insertInto('children').values({ parent_id: 7 }).execute()),
    ]);
    expect(undone).toHaveBeenCalled();
    // A COMMIT SQLite rolls back by itself: nothing is left to roll back here, and it is told all the same.
    undone.mockClear();
    const lost = insert('b');
    expect(await db.selectFrom('items').select('name').execute()).toEqual([{ name: 'b' }]);
    failNextCommit = true;
    await expect(lost).rejects.toThrow('full');
    expect(undone).toHaveBeenCalled();
    expect(committed()).toEqual([]);
  });

  it('keeps transactions apart: a hundred read-modify-writes at once all count', async () => {
    const increment = () =>
      db.transaction().execute(async (tx) => {
        const { n } = await tx.selectFrom('counter').select('n').executeTakeFirstOrThrow();
        await tx
          .updateTable('counter')
          .set({ n: n + 1 })
          .execute();
      });
    await Promise.all(Array.from({ length: 100 }, increment));
    expect(other.prepare('select n from counter').pluck().get()).toBe(100);
    expect(commits()).toBeLessThan(100);
  });

  it('selects outside a transaction see the group, and closing the database commits what waits', async () => {
    const grouped = insert('a');
    expect(await db.selectFrom('items').select('name').execute()).toEqual([{ name: 'a' }]);
    expect(committed()).toEqual([]); // the select did not commit the group: its caller still waits
    await grouped;
    void insert('b');
    await db.destroy();
    expect(committed()).toEqual(['a', 'b']);
    db = new Kysely<Tables>({ dialect: new GroupCommitSqliteDialect(new SqliteDatabase(':memory:')) });
  });

  it('a full disk (SQLite rolls the whole group back) fails all its transactions, its cause told', async () => {
    sqlite.pragma(`max_page_count = ${Number(sqlite.pragma('page_count', { simple: true })) + 3}`);
    const results = await Promise.allSettled([insert('a'), insert('x'.repeat(100_000)), insert('c')]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_FULL' });
    expect(String((results[0] as PromiseRejectedResult).reason)).toContain('nothing of it was written');
    expect(committed()).toEqual(['c']);
    expect(sqlite.inTransaction).toBe(false);
  });

  it('a connection kept across a transaction waits for its turn again, and its own writes stay its own', async () => {
    let failing: Promise<unknown> | undefined;
    await db.connection().execute(async (connection) => {
      await connection.transaction().execute((tx) => tx.insertInto('items').values({ name: 'a' }).execute());
      // Meanwhile another transaction takes the connection, writes, and fails later.
      failing = db.transaction().execute(async (tx) => {
        await tx.insertInto('items').values({ name: 'b' }).execute();
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error('fails');
      });
      await new Promise((resolve) => setTimeout(resolve, 5));
      await connection.insertInto('items').values({ name: 'c' }).execute();
    });
    await expect(failing).rejects.toThrow('fails');
    expect(committed()).toEqual(['a', 'c']);
  });

  it("a controlled transaction's own savepoints work inside it", async () => {
    const tx = await db.startTransaction().execute();
    await tx.insertInto('items').values({ name: 'a' }).execute();
    const inner = await tx.savepoint('inner').execute();
    await inner.insertInto('items').values({ name: 'b' }).execute();
    await inner.rollbackToSavepoint('inner').execute();
    await tx.commit().execute();
    expect(committed()).toEqual(['a']);
  });
});

// Power-cut durability: no caller is answered before the disk has its COMMIT (test/wal-flush.test.ts for the flush).
describe('SQLite group commit waits for the disk', () => {
  let db: Kysely<Tables>;
  let sqlite: SqliteDatabase.Database;
  let flushes: Array<{ done: () => void; fail: (error: Error) => void }>;

  beforeEach(() => {
    sqlite = new SqliteDatabase(':memory:');
    sqlite.exec('create table items (name text not null unique)');
    flushes = [];
    const flush = () => new Promise<void>((done, fail) => flushes.push({ done, fail }));
    db = new Kysely<Tables>({ dialect: new GroupCommitSqliteDialect(sqlite, flush) });
  });
  afterEach(async () => {
    for (const flush of flushes) flush.done();
    await db.destroy();
  });

  const settled = async (promise: Promise<unknown>) => {
    let state = 'pending';
    promise.then(
      () => (state = 'fulfilled'),
      () => (state = 'rejected'),
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    return state;
  };
  const names = () => sqlite.prepare('select name from items order by name').pluck().all();

  it('a transaction resolves only once its COMMIT is flushed, and the connection serves others meanwhile', async () => {
    const first = db.transaction().execute((tx) => tx.insertInto('items').values({ name: 'a' }).execute());
    // Its group commits a turn later, then asks for the flush: waited for, not assumed within settled's 10 ms.
    await vi.waitFor(() => expect(flushes).toHaveLength(1));
    expect(await settled(first)).toBe('pending');
    // The next transaction runs (and commits in a group of its own) while the first waits for the disk.
    const second = db.transaction().execute((tx) => tx.insertInto('items').values({ name: 'b' }).execute());
    expect(await settled(second)).toBe('pending');
    expect(names()).toEqual(['a', 'b']);
    flushes[0]!.done();
    expect(await settled(first)).toBe('fulfilled');
    expect(await settled(second)).toBe('pending');
  });

  it('a write outside a transaction returns once flushed', async () => {
    const write = db.insertInto('items').values({ name: 'a' }).execute();
    expect(await settled(write)).toBe('pending');
    expect(await db.selectFrom('items').select('name').execute()).toEqual([{ name: 'a' }]);
    await vi.waitFor(() => expect(flushes).toHaveLength(1));
    flushes[0]!.done();
    expect(await settled(write)).toBe('fulfilled');
  });

  it('a write outside a transaction whose flush fails still gives the connection back', async () => {
    const write = db.insertInto('items').values({ name: 'a' }).execute();
    await vi.waitFor(() => expect(flushes).toHaveLength(1));
    flushes[0]!.fail(new Error('EIO'));
    await expect(write).rejects.toThrow('EIO');
    // The connection is free: the next two transactions run, each to its COMMIT.
    const next = ['b', 'c'].map((name) =>
      db.transaction().execute((tx) => tx.insertInto('items').values({ name }).execute()),
    );
    await vi.waitFor(() => expect(flushes).toHaveLength(2));
    flushes[1]!.done();
    await Promise.all(next);
    expect(names()).toEqual(['a', 'b', 'c']);
  });

  it('closing waits for the last flush', async () => {
    void db.transaction().execute((tx) => tx.insertInto('items').values({ name: 'a' }).execute());
    await vi.waitFor(() => expect(flushes).toHaveLength(1));
    const closing = db.destroy();
    expect(await settled(closing)).toBe('pending');
    flushes[0]!.done();
    expect(await settled(closing)).toBe('fulfilled');
    db = new Kysely<Tables>({ dialect: new GroupCommitSqliteDialect(new SqliteDatabase(':memory:')) });
  });

  it('a flush that fails fails the callers of its group, with the cause', async () => {
    const write = db.transaction().execute((tx) => tx.insertInto('items').values({ name: 'a' }).execute());
    await vi.waitFor(() => expect(flushes).toHaveLength(1));
    flushes[0]!.fail(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    await expect(write).rejects.toMatchObject({ code: 'EIO' });
  });
});
