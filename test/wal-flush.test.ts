import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../src/db/database.js';
import { walFlush } from '../src/db/wal-flush.js';

// An answered write survives a power cut: SQLite's write-ahead log is on the disk (fdatasync) before any caller
// of the COMMIT is answered, and the event loop is not stopped while the disk works.
describe('SQLite write-ahead log flush', () => {
  let folder: string;
  let datasync: ReturnType<typeof vi.spyOn>;

  beforeEach(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-wal-'));
    const probe = await fs.promises.open(__filename, 'r');
    datasync = vi.spyOn(Object.getPrototypeOf(probe) as fs.promises.FileHandle, 'datasync');
    await probe.close();
  });
  afterEach(() => {
    datasync.mockRestore();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('every open, first or not, leaves the disk to the flush; a transaction is answered after it', async () => {
    const file = path.join(folder, 'db.sqlite');
    for (const open of ['first', 'again']) {
      const { db, destroy } = openDatabase(`sqlite:${file}`);
      const setting = await sql<{ synchronous: number }>`pragma synchronous`.execute(db);
      expect(setting.rows, open).toEqual([{ synchronous: 1 }]); // NORMAL: SQLite leaves the flush to us
      await sql`create table if not exists items (name text)`.execute(db);
      datasync.mockClear();
      await db.transaction().execute((tx) => sql`insert into items values ('a')`.execute(tx));
      expect(datasync, open).toHaveBeenCalledTimes(1);
      await destroy();
    }
  });

  it('calls made while a flush runs share one flush after it', async () => {
    const file = path.join(folder, 'db.sqlite');
    fs.writeFileSync(`${file}-wal`, '');
    const disk: Array<() => void> = [];
    datasync.mockImplementation(() => new Promise<void>((done) => disk.push(done)));
    const wal = walFlush(file);
    const answered: string[] = [];
    const first = wal.flush().then(() => answered.push('first'));
    await vi.waitFor(() => expect(disk).toHaveLength(1));
    // These may have committed after the running flush began: it does not count for them.
    const later = [wal.flush(), wal.flush()].map((flush, i) => flush.then(() => answered.push(`later ${i}`)));
    disk[0]!();
    await first;
    await vi.waitFor(() => expect(disk).toHaveLength(2));
    expect(answered).toEqual(['first']);
    disk[1]!();
    await Promise.all(later);
    expect(answered).toEqual(['first', 'later 0', 'later 1']);
    expect(datasync).toHaveBeenCalledTimes(2);
    await wal.close();
  });
});
