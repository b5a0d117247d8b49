import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCheckpointer, type ThreadCopy } from '../src/db/checkpointer.js';
import { openDatabase } from '../src/db/database.js';

/** The rows of `items` in the database file alone (a copy without its log): what checkpoints copied there. */
function rowsInFile(file: string, folder: string): number {
  const copy = path.join(folder, `copy-${Math.random()}.sqlite`);
  fs.copyFileSync(file, copy);
  const db = new SqliteDatabase(copy, { readonly: true });
  try {
    return (db.prepare('select count(*) as n from items').get() as { n: number }).n;
  } catch {
    return 0; // the table itself is not in the file yet
  } finally {
    db.close();
  }
}

async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !check(); waited += 50) {
    if (waited > 5000) throw new Error(`not within 5 s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// SQLite's own checkpoints stop the event loop for the copy and two flushes to the disk (10 ms under load):
// a thread of the server does them instead, and the log stays bounded however steady the writes.
describe('SQLite checkpoints on a thread of their own', () => {
  let folder: string;
  let file: string;

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-checkpoint-'));
    file = path.join(folder, 'db.sqlite');
  });
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('copies what was committed into the database file a moment later; the connection does not', async () => {
    const { db, destroy } = openDatabase(`sqlite:${file}`);
    try {
      await sql`create table items (name text)`.execute(db);
      await db.transaction().execute((tx) => sql`insert into items values ('a'), ('b')`.execute(tx));
      // Two rows are far below SQLite's 1,000 pages: only the thread copies them.
      await eventually(() => rowsInFile(file, folder) === 2, 'the rows in the database file');
      const setting = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db);
      expect(setting.rows).toEqual([{ wal_autocheckpoint: 0 }]);
    } finally {
      await destroy();
    }
  });

  it('leaves SQLite its own checkpoints until a COMMIT changes rows', async () => {
    const { db, destroy } = openDatabase(`sqlite:${file}`);
    const setting = async () =>
      (await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db)).rows[0]!.wal_autocheckpoint;
    try {
      await sql`create table items (name text)`.execute(db);
      await sql`select count(*) from items`.execute(db);
      await db.transaction().execute((tx) => sql`select * from items`.execute(tx));
      expect(await setting()).toBe(1000);
      await sql`insert into items values ('a')`.execute(db);
      expect(await setting()).toBe(0);
    } finally {
      await destroy();
    }
  });

  it('counts a write that reads back what it wrote (`returning`) as a change', async () => {
    const { db, destroy } = openDatabase(`sqlite:${file}`);
    try {
      await sql`create table items (name text)`.execute(db);
      await db.transaction().execute((tx) => sql`insert into items values ('a') returning name`.execute(tx));
      const setting = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db);
      expect(setting.rows).toEqual([{ wal_autocheckpoint: 0 }]);
    } finally {
      await destroy();
    }
  });

  it("closes the thread's connection too: a clean close leaves the whole database in its file and no log", async () => {
    const { db, destroy } = openDatabase(`sqlite:${file}`);
    await sql`create table items (name text)`.execute(db);
    await db.transaction().execute((tx) => sql`insert into items values ('a')`.execute(tx));
    await destroy();
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    expect(rowsInFile(file, folder)).toBe(1);
  });

  it('keeps the log bounded under writes that never pause: the connection copies what the thread did not', async () => {
    const sqlite = new SqliteDatabase(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.exec('create table items (body blob)');
    const copies: ThreadCopy[] = [];
    const checkpoints = startCheckpointer(file, sqlite, { delayMs: 100, catchUpPages: 200 }, (copy) =>
      copies.push(copy),
    );
    const insert = sqlite.prepare('insert into items values (randomblob(3000))');
    const log = fs.openSync(`${file}-wal`, 'r');
    // The log's header counts its starts over (checkpoint sequence number, bytes 12 to 15).
    const startsOver = () => {
      const header = Buffer.alloc(16);
      fs.readSync(log, header, 0, 16, 0);
      return header.readUInt32BE(12);
    };
    try {
      let largest = 0;
      const first = startsOver();
      // 3,000 COMMITs of a page or more, one a millisecond or so: some lands during each of the thread's copies.
      for (let commit = 0; commit < 3000; commit++) {
        insert.run();
        checkpoints.changed();
        largest = Math.max(largest, fs.fstatSync(log).size);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      // Without the connection's own copy the log never started over here, and held all 3,000 pages (12 MB).
      expect(startsOver() - first).toBeGreaterThanOrEqual(2);
      expect(largest).toBeLessThan(8 * 1024 * 1024);
      // The thread left the file flushed after each copy (through SQLite's own descriptor, found on Linux), so that
      // the connection's copy on the event loop flushes only its own few pages.
      expect(copies.length).toBeGreaterThan(0);
      expect(copies.every((copy) => copy.flushed)).toBe(process.platform === 'linux');
    } finally {
      fs.closeSync(log);
      await checkpoints.close();
      sqlite.close();
    }
  });

  it("gives checkpoints back to SQLite's connection when the thread fails: the log never grows unbounded", async () => {
    const pragmas: string[] = [];
    // No such file: the thread fails as it opens it.
    const timing = { delayMs: 1, catchUpPages: 4000 };
    const checkpoints = startCheckpointer(
      path.join(folder, 'missing.sqlite'),
      { pragma: (s) => pragmas.push(s) },
      timing,
    );
    checkpoints.changed();
    await eventually(() => pragmas.length === 2, 'the fallback');
    expect(pragmas).toEqual(['wal_autocheckpoint = 0', 'wal_autocheckpoint = 1000']);
    checkpoints.changed(); // no thread again
    await checkpoints.close();
    expect(pragmas).toHaveLength(2);
  });

  it("falls back when the connection's own copy fails, and still closes the thread", async () => {
    const sqlite = new SqliteDatabase(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.exec('create table items (body blob)');
    const failing = {
      pragma: (source: string) => {
        if (source === 'wal_checkpoint(PASSIVE)') throw new Error('disk I/O error');
        return sqlite.pragma(source);
      },
    };
    const checkpoints = startCheckpointer(file, failing, { delayMs: 1, catchUpPages: 1 });
    try {
      const setting = () => sqlite.pragma('wal_autocheckpoint', { simple: true });
      // Commits until the thread has reported a log to catch up on and the connection's copy failed.
      for (let tries = 0; setting() === 0 || tries === 0; tries++) {
        if (tries > 200) throw new Error('the connection never tried to copy the log');
        sqlite.prepare('insert into items values (randomblob(100))').run();
        checkpoints.changed();
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(setting()).toBe(1000);
    } finally {
      await checkpoints.close();
      sqlite.close();
    }
  });

  it('never throws into the COMMIT that tells it: a failure to set up leaves SQLite to checkpoint', async () => {
    const pragmas: string[] = [];
    const checkpoints = startCheckpointer(file, {
      pragma: (source) => {
        pragmas.push(source);
        if (source === 'wal_autocheckpoint = 0') throw new Error('as if the thread could not be made');
      },
    });
    expect(() => checkpoints.changed()).not.toThrow();
    expect(pragmas).toEqual(['wal_autocheckpoint = 0', 'wal_autocheckpoint = 1000']);
    await checkpoints.close();
  });
});
