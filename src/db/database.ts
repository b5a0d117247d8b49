import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import { latchkeyPool } from './pg-pool.js';
import { cachingStatements } from './statement-cache.js';
import { GroupCommitSqliteDialect } from './group-commit.js';
import { TableWrites } from './table-writes.js';
import { walFlush } from './wal-flush.js';
import { startCheckpointer } from './checkpointer.js';
import type { DB } from './types.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  /** The PostgreSQL schema everything lives in, when not the default. */
  schema?: string;
  destroy(): Promise<void>;
}

const INT8_OID = 20;

/** PostgreSQL pool use, for metrics: connections open, of which idle, and queries waiting for one. */
export interface PoolUse {
  total: number;
  idle: number;
  waiting: number;
}

// The pg pool behind each Kysely opened here: Kysely does not expose it, metrics read it.
const pools = new WeakMap<Kysely<DB>, pg.Pool>();
// The writes of each Kysely opened here, for in-process caches of its rows.
const writes = new WeakMap<Kysely<DB>, TableWrites>();

/** Who to tell about writes to this database's tables; undefined for a transaction or a Kysely not opened here. */
export const tableWritesOf = (db: Kysely<DB>): TableWrites | undefined => writes.get(db);

// SQLite's `data_version` of each file opened here.
const commitVersions = new WeakMap<Kysely<DB>, () => number>();

/**
 * A number that changes when another connection commits to this database (SQLite's `data_version`: a CLI command
 * run beside the server, a second process). Undefined for PostgreSQL, whose other instances' commits cannot be
 * seen without asking the database, and for a transaction.
 */
export const othersCommitsOf = (db: Kysely<DB>): (() => number) | undefined => commitVersions.get(db);

function watched(db: Kysely<DB>, plugin: TableWrites): Kysely<DB> {
  writes.set(db, plugin);
  return db;
}

/** The pool use of a PostgreSQL database opened by openDatabase; undefined for SQLite (one connection, no pool). */
export function poolUse(db: Kysely<DB>): PoolUse | undefined {
  const pool = pools.get(db);
  return pool && { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
}

/**
 * A new database file, and its folder, readable by their owner only (as a backup is): it holds password hashes and,
 * while mail waits to be sent, working links. SQLite gives its -wal and -shm files the database file's mode. An
 * existing file keeps the mode it has.
 */
function createOwnerOnly(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    fs.closeSync(fs.openSync(file, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** Opens `sqlite:<file>` (`sqlite::memory:` for a throw-away one) or `postgres://…`. */
export function openDatabase(url: string, options: { pgSchema?: string; preparedStatements?: boolean } = {}): Database {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (file !== ':memory:') createOwnerOnly(file);
    const sqlite = new SqliteDatabase(file);
    sqlite.pragma('journal_mode = WAL');
    // SQLite does not wait for the disk at COMMIT (it would stop the event loop): the group commit waits for
    // walFlush instead, before any caller is answered. Set here because SQLite's default depends on whether
    // the file was already in WAL mode when opened (FULL the first time, NORMAL after).
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // Each transaction of a commit group runs in a savepoint, and SQLite copies every page it changes that the
    // group changed before into a savepoint journal. On disk (the default) that was two write calls a page,
    // about a quarter of the server's write calls under load; in memory it is a copy, dropped at the release.
    sqlite.pragma('temp_store = MEMORY');
    // The log's file shrinks back to this when it starts over after a burst (checkpointer.ts bounds its pages).
    sqlite.pragma('journal_size_limit = 67108864');
    // Gathers the planner's statistics where they are missing or stale (cheap; SQLite's advice for each open).
    sqlite.pragma('optimize = 0x10002');
    // The log SQLite writes: named after the file as SQLite resolved it (a symbolic link followed).
    const [main] = sqlite.pragma('database_list') as Array<{ file: string }>;
    const wal = main?.file ? walFlush(`${main.file}-wal`) : undefined;
    const checkpoints = main?.file ? startCheckpointer(main.file, sqlite) : undefined;
    const plugin = new TableWrites();
    const dialect = new GroupCommitSqliteDialect(cachingStatements(sqlite), wal?.flush, checkpoints?.changed, () =>
      plugin.undone(),
    );
    const db = watched(new Kysely<DB>({ dialect, plugins: [plugin] }), plugin);
    const dataVersion = sqlite.prepare('pragma data_version').pluck();
    // While a select streams, the connection reads its snapshot: as if another connection had just committed.
    let streaming = 0;
    commitVersions.set(db, () => (dialect.streams.open > 0 ? -++streaming : (dataVersion.get() as number)));
    const destroy = async () => {
      try {
        // The thread's connection closes too, so the last close copies the whole log and removes it.
        await checkpoints?.close();
        await db.destroy();
      } finally {
        await wal?.close();
      }
    };
    return { db, dialect: 'sqlite', destroy };
  }
  // pg is loaded at the first query (the migrations, at start), and only for PostgreSQL.
  const open = async () => {
    const {
      default: { Pool, types },
    } = await import('pg');
    const pool = new Pool({
      connectionString: url,
      max: 10,
      // Times are epoch milliseconds in bigint columns: well inside Number's safe range.
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8_OID
            ? (value: string) => Number(value)
            : (types.getTypeParser(oid, format) as (value: string) => unknown)) as typeof types.getTypeParser,
      },
      ...(options.pgSchema ? { options: `-c search_path=${options.pgSchema}` } : {}),
      // PostgreSQL down or unreachable: a request waits at most this for a connection, then gets a 503.
      connectionTimeoutMillis: 2000,
      // Statements go out without waiting for the answers before them: a transaction's queued writes share a
      // round trip (queued-writes.ts).
      pipeline: true,
    });
    // A connection dropped by the server (restart, failover) must not crash the process: an idle one is
    // replaced by the pool; one in use fails its query (a 503) and is discarded on release.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    pools.set(db, pool);
    return pool;
  };
  const plugin = new TableWrites();
  const db: Kysely<DB> = watched(
    new Kysely<DB>({
      dialect: new PostgresDialect({
        pool: async () => latchkeyPool(await open(), { named: options.preparedStatements !== false }),
      }),
      plugins: [plugin],
    }),
    plugin,
  );
  return { db, dialect: 'postgres', schema: options.pgSchema, destroy: () => db.destroy() };
}
