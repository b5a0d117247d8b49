import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { openDatabase } from '../src/db/database.js';
import { walFlush } from '../src/db/wal-flush.js';

type Done = (error: NodeJS.ErrnoException | null) => void;

// An answered write survives a power cut: SQLite's write-ahead log is on the disk (fdatasync) before any caller
// of the COMMIT is answered, and the event loop is not stopped while the disk works.
describe('SQLite write-ahead log flush', () => {
  let folder: string;
  let fdatasync: MockInstance<(fd: number, done: Done) => void>;

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-wal-'));
    fdatasync = vi.spyOn(fs, 'fdatasync') as unknown as typeof fdatasync;
  });
  afterEach(() => {
    fdatasync.mockRestore();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  /** The files (inode numbers) fdatasync was called on. */
  const flushedFiles = () => fdatasync.mock.calls.map(([fd]) => fs.fstatSync(fd).ino);

  /** Opens the database at `url`, writes in a transaction, and says which files were flushed for it. */
  async function writeThrough(url: string) {
    const { db, destroy } = openDatabase(url);
    try {
      const setting = await sql<{ synchronous: number }>`pragma synchronous`.execute(db);
      expect(setting.rows).toEqual([{ synchronous: 1 }]); // NORMAL: SQLite leaves the flush to the group commit
      await sql`create table if not exists items (name text)`.execute(db);
      fdatasync.mockClear();
      await db.transaction().execute((tx) => sql`insert into items values ('a')`.execute(tx));
      return flushedFiles();
    } finally {
      await destroy();
    }
  }

  it('every open, first or not, leaves the disk to the flush of the log SQLite writes', async () => {
    const file = path.join(folder, 'db.sqlite');
    for (const open of ['first', 'again']) {
      fdatasync.mockImplementationOnce((fd, done) => {
        expect(fs.fstatSync(fd).ino).toBe(fs.statSync(`${file}-wal`).ino);
        done(null);
      });
      expect(await writeThrough(`sqlite:${file}`), open).toHaveLength(1);
    }
  });

  it('flushes the log beside the real file when the database is opened through a symbolic link', async () => {
    fs.mkdirSync(path.join(folder, 'real'));
    fs.mkdirSync(path.join(folder, 'link'));
    const real = path.join(folder, 'real', 'db.sqlite');
    fs.symlinkSync(real, path.join(folder, 'link', 'db.sqlite'));
    let realLog = 0;
    fdatasync.mockImplementation((fd, done) => {
      realLog = fs.statSync(`${real}-wal`).ino;
      expect(fs.fstatSync(fd).ino).toBe(realLog);
      done(null);
    });
    expect(await writeThrough(`sqlite:${path.join(folder, 'link', 'db.sqlite')}`)).toHaveLength(1);
    expect(realLog).not.toBe(0);
    expect(fs.existsSync(path.join(folder, 'link', 'db.sqlite-wal'))).toBe(false);
  });

  it('calls made while a flush runs share one flush after it', async () => {
    const log = path.join(folder, 'db.sqlite-wal');
    fs.writeFileSync(log, '');
    const disk: Array<() => void> = [];
    fdatasync.mockImplementation((_fd, done) => void disk.push(() => done(null)));
    const wal = walFlush(log);
    const answered: string[] = [];
    const first = wal.flush().then(() => answered.push('first'));
    expect(disk).toHaveLength(1);
    // These may have committed after the running flush began: it does not count for them.
    const later = [wal.flush(), wal.flush()].map((flush, i) => flush.then(() => answered.push(`later ${i}`)));
    disk[0]!();
    await first;
    await vi.waitFor(() => expect(disk).toHaveLength(2));
    expect(answered).toEqual(['first']);
    disk[1]!();
    await Promise.all(later);
    expect(answered).toEqual(['first', 'later 0', 'later 1']);
    await wal.close();
  });

  it('after a failed flush, every later flush fails too: nothing more is answered as on disk', async () => {
    const log = path.join(folder, 'db.sqlite-wal');
    fs.writeFileSync(log, '');
    const disk: Done[] = [];
    fdatasync.mockImplementation((_fd, done) => void disk.push(done));
    const wal = walFlush(log);
    const first = wal.flush();
    const queued = wal.flush();
    disk[0]!(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    await expect(first).rejects.toMatchObject({ code: 'EIO' });
    await expect(queued).rejects.toMatchObject({ code: 'EIO' });
    await expect(wal.flush()).rejects.toMatchObject({ code: 'EIO' });
    expect(disk).toHaveLength(1); // the kernel is not asked again: it may call the lost pages clean
    await wal.close();
  });
});
