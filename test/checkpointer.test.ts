import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCheckpointer } from '../src/db/checkpointer.js';
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
// a thread of the server does them instead, and the server's connection never does.
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

  it("closes the thread's connection too: a clean close leaves the whole database in its file and no log", async () => {
    const { db, destroy } = openDatabase(`sqlite:${file}`);
    await sql`create table items (name text)`.execute(db);
    await db.transaction().execute((tx) => sql`insert into items values ('a')`.execute(tx));
    await destroy();
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    expect(rowsInFile(file, folder)).toBe(1);
  });

  it('starts no thread for a database only read', async () => {
    const pragmas: string[] = [];
    const checkpoints = startCheckpointer(file, { pragma: (source) => pragmas.push(source) });
    await checkpoints.close();
    expect(pragmas).toEqual([]);
  });

  it("gives checkpoints back to SQLite's connection when the thread fails: the log never grows unbounded", async () => {
    const pragmas: string[] = [];
    // No such file: the thread fails as it opens it.
    const checkpoints = startCheckpointer(path.join(folder, 'missing.sqlite'), { pragma: (s) => pragmas.push(s) }, 1);
    checkpoints.written();
    await eventually(() => pragmas.length === 2, 'the fallback');
    expect(pragmas).toEqual(['wal_autocheckpoint = 0', 'wal_autocheckpoint = 1000']);
    checkpoints.written(); // no thread again
    await checkpoints.close();
    expect(pragmas).toHaveLength(2);
  });
});
