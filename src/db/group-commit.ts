import { SqliteDialect, type Driver, type SqliteDatabase, type SqliteStatement } from 'kysely';
import { GroupCommitDriver } from './group-commit-driver.js';

/** better-sqlite3 as Kysely sees it, plus whether a transaction is open (SQLite may end one by itself). */
export interface GroupCommitDatabase extends SqliteDatabase {
  readonly inTransaction: boolean;
  prepare(sql: string): GroupCommitStatement;
}

/** A prepared statement, and whether it leaves the database as it was (better-sqlite3's `readonly`). */
export interface GroupCommitStatement extends SqliteStatement {
  readonly readonly: boolean;
}

/**
 * SQLite with group commit. A commit writes every page the transaction touched to the write-ahead log
 * and waits for the disk: about half of a passkey sign-in's time, the same few pages again and
 * again (the tails of the sessions and audit tables). Here the transactions that finish in the same turn
 * of the event loop share one COMMIT: each runs in a savepoint of a transaction left open, is released
 * (or rolled back alone, leaving the others), and its caller waits until the COMMIT is on disk (`flush`,
 * which runs off the event loop), so a transaction that resolved survives a crash or a power cut and one
 * that failed wrote nothing (but for a flush the disk fails: its group is committed, its callers told it
 * failed, and every later write fails too; see wal-flush.ts).
 *
 * Selects outside a transaction run in that open transaction on the one connection, so they see the work of
 * transactions whose callers are still waiting for the disk (e.g. a challenge already used); anything else
 * outside a transaction commits the open group first, and returns once it too is on disk.
 * One rule for callers: a transaction must not wait for another transaction to resolve (the group it waits
 * for cannot commit while this one is open).
 */
export class GroupCommitSqliteDialect extends SqliteDialect {
  constructor(
    private readonly database: GroupCommitDatabase,
    // What makes a COMMIT durable; none for a database that is not on disk.
    private readonly flush: () => Promise<void> = async () => {},
    // Told right after a COMMIT that changed rows, no transaction open (checkpointer.ts); must not throw.
    private readonly changed: () => void = () => {},
    // Told when work that reads outside a transaction may have seen is undone (a rollback, a COMMIT or a flush that
    // failed), for caches of rows; must not throw.
    private readonly undone: () => void = () => {},
  ) {
    super({ database });
  }

  /**
   * Selects streaming now. While one is, the connection reads its snapshot: `pragma data_version` does not
   * change for another connection's commit (caches of rows must not trust it then).
   */
  readonly streams = { open: 0 };

  override createDriver(): Driver {
    return new GroupCommitDriver(this.database, this.flush, this.changed, this.undone, this.streams);
  }
}
