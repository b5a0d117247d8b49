import fs from 'node:fs';
import SqliteDatabase from 'better-sqlite3';

/** The file behind `sqlite:<file>`, or undefined for PostgreSQL and the throw-away in-memory database. */
export function sqliteFile(databaseUrl: string): string | undefined {
  if (!databaseUrl.startsWith('sqlite:')) return undefined;
  const file = databaseUrl.slice('sqlite:'.length);
  return file === ':memory:' ? undefined : file;
}

/**
 * A consistent copy of a live SQLite database with SQLite's online backup API: the server keeps
 * reading and writing meanwhile (WAL), and the copy is one point in time. `target` must not exist
 * (it is created owner-only: it holds password hashes), and is one file, without -wal or -shm beside it;
 * on failure nothing is left behind.
 * Returns the copy's `PRAGMA integrity_check` verdict ("ok" when sound).
 */
export async function backupSqlite(source: string, target: string): Promise<string> {
  // Opened read-only and must exist: a mistyped DATABASE_URL is not silently backed up as an empty database.
  const live = new SqliteDatabase(source, { readonly: true, fileMustExist: true });
  try {
    // 'wx' refuses an existing file atomically; SQLite treats the empty file as a new database.
    fs.closeSync(fs.openSync(target, 'wx', 0o600));
    try {
      // All pages in one step: copied in small steps, a backup restarts whenever the server writes in
      // between, and under steady load never ends. One step is one read transaction, which in WAL
      // mode does not block the server's writes.
      await live.backup(target, { progress: () => 0x7fffffff });
      // The copy says WAL, as the live database does: opened so, it would leave -wal and -shm files beside
      // it. Back in rollback mode it is one file (the server that opens a restored copy puts it in WAL again).
      const copy = new SqliteDatabase(target, { fileMustExist: true });
      try {
        copy.pragma('journal_mode = DELETE');
        return String(copy.pragma('integrity_check', { simple: true }));
      } finally {
        copy.close();
      }
    } catch (error) {
      for (const file of [target, `${target}-wal`, `${target}-shm`]) fs.rmSync(file, { force: true });
      throw error;
    }
  } finally {
    live.close();
  }
}
