import {
  SelectQueryNode,
  SqliteDialect,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type SqliteDatabase,
} from 'kysely';

/**
 * SQLite with group commit. A commit writes every page the transaction touched to the write-ahead log
 * and waits for the disk (fsync): about half of a passkey sign-in's time, the same few pages again and
 * again (the tails of the sessions and audit tables). Here the transactions that finish in the same turn
 * of the event loop share one COMMIT: each runs in a savepoint of a transaction left open, is released
 * (or rolled back alone, leaving the others), and its caller waits until the COMMIT is on disk, so a
 * transaction that resolved is as durable as before and one that failed wrote nothing.
 *
 * Reads between them run in that open transaction on the one connection, so they see the work of
 * transactions whose callers are still waiting for the disk (e.g. a challenge already used); a write
 * outside a transaction commits the open group first, so it too is on disk when it returns.
 */
export class GroupCommitSqliteDialect extends SqliteDialect {
  readonly #database: SqliteDatabase;

  constructor(database: SqliteDatabase) {
    super({ database });
    this.#database = database;
  }

  override createDriver(): Driver {
    return new GroupCommitDriver(this.#database);
  }
}

/** One caller's hold on the connection, from acquire to release. */
class Lease implements DatabaseConnection {
  state: 'idle' | 'in transaction' | 'waiting for the group' = 'idle';

  constructor(private readonly driver: GroupCommitDriver) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return Promise.resolve(this.driver.run<R>(this, query));
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(query.query)) throw new Error('SQLite streams only select queries');
    for (const row of this.driver.prepare(query.sql).iterate(query.parameters)) yield { rows: [row as R] };
  }
}

interface Group {
  done: Promise<void>;
  settle: (error?: Error) => void;
}

const SAVEPOINT = 'latchkey_tx';

class GroupCommitDriver implements Driver {
  readonly #queue: Array<() => void> = [];
  #held = false;
  // The open transaction holding the released work of transactions whose callers wait for its COMMIT.
  #group: Group | undefined;

  constructor(private readonly database: SqliteDatabase) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#lock();
    return new Lease(this);
  }

  async beginTransaction(lease: Lease): Promise<void> {
    if (!this.#group) this.#openGroup();
    this.#exec(`savepoint ${SAVEPOINT}`);
    lease.state = 'in transaction';
  }

  async commitTransaction(lease: Lease): Promise<void> {
    this.#exec(`release ${SAVEPOINT}`);
    lease.state = 'waiting for the group';
    const group = this.#group!;
    // The connection is free for the next transaction, which may join this group, while this one waits.
    this.#unlock();
    await group.done;
  }

  async rollbackTransaction(lease: Lease): Promise<void> {
    // A group that failed to commit was rolled back whole: nothing of this transaction is left.
    if (lease.state !== 'in transaction') return;
    this.#exec(`rollback to ${SAVEPOINT}`);
    this.#exec(`release ${SAVEPOINT}`);
    lease.state = 'idle';
  }

  async releaseConnection(lease: Lease): Promise<void> {
    if (lease.state !== 'waiting for the group') this.#unlock();
  }

  async destroy(): Promise<void> {
    await this.#lock();
    this.#commitGroup();
    this.database.close();
  }

  prepare(sql: string) {
    return this.database.prepare(sql);
  }

  run<R>(lease: Lease, { sql, parameters, query }: CompiledQuery): QueryResult<R> {
    // Anything but a select outside a transaction (a write, `returning` or not; a pragma) must find the
    // group on disk and be on disk itself when it returns: the group is committed first.
    if (lease.state === 'idle' && !SelectQueryNode.is(query)) this.#commitGroup();
    const statement = this.database.prepare(sql);
    if (statement.reader) return { rows: statement.all(parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return {
      numAffectedRows: changes == null ? undefined : BigInt(changes),
      insertId: lastInsertRowid == null ? undefined : BigInt(lastInsertRowid),
      rows: [],
    };
  }

  #openGroup() {
    this.#exec('begin');
    let settle!: Group['settle'];
    const done = new Promise<void>((resolve, reject) => (settle = (error) => (error ? reject(error) : resolve())));
    // A caller that stopped waiting (its own failure) must not leave an unhandled rejection behind.
    done.catch(() => {});
    const group = (this.#group = { done, settle });
    // After this turn of the event loop, once the connection is free: the transactions of this turn are in.
    setImmediate(() => {
      void this.#lock().then(() => {
        if (this.#group === group) this.#commitGroup();
        this.#unlock();
      });
    });
  }

  #commitGroup() {
    const group = this.#group;
    if (!group) return;
    this.#group = undefined;
    try {
      this.#exec('commit');
      group.settle();
    } catch (error) {
      try {
        this.#exec('rollback');
      } catch {
        // The failed commit has already ended the transaction.
      }
      group.settle(error instanceof Error ? error : new Error(`the group's commit failed: ${String(error)}`));
    }
  }

  #exec(sql: string) {
    this.database.prepare(sql).run([]);
  }

  async #lock(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return;
    }
    await new Promise<void>((resolve) => this.#queue.push(resolve));
  }

  // Hands the connection to the next in line (first come, first served), or frees it.
  #unlock() {
    const next = this.#queue.shift();
    if (next) next();
    else this.#held = false;
  }
}
