import { CompiledQuery, SelectQueryNode, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';
import type { GroupCommitDatabase } from './group-commit.js';

// The driver of GroupCommitSqliteDialect (group-commit.ts): what a group commit is, and the rules its callers keep,
// are told there.

/** One caller's hold on the connection, from acquire to release; given up while it waits for the disk. */
class Lease implements DatabaseConnection {
  state: 'idle' | 'in transaction' | 'waiting for the group' = 'idle';
  holding = true;

  constructor(private readonly driver: GroupCommitDriver) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    await this.driver.hold(this);
    const result = this.driver.run<R>(this, query);
    // A write outside a transaction committed on its own: it returns once on disk.
    if (this.state === 'idle' && !SelectQueryNode.is(query.query)) await this.driver.waitForDisk(this);
    return result;
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(query.query)) throw new Error('SQLite streams only select queries');
    await this.driver.hold(this);
    this.driver.streams.open++;
    try {
      for (const row of this.driver.prepare(query.sql).iterate(query.parameters)) yield { rows: [row as R] };
    } finally {
      this.driver.streams.open--;
    }
  }
}

interface Group {
  done: Promise<void>;
  settle: (error?: Error) => void;
}

const SAVEPOINT = 'latchkey_tx';
const asError = (error: unknown, what: string) =>
  error instanceof Error ? error : new Error(`${what}: ${String(error)}`);
const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

export class GroupCommitDriver implements Driver {
  readonly #queue: Array<() => void> = [];
  #held = false;
  // The open transaction holding the released work of transactions whose callers wait for its COMMIT.
  #group: Group | undefined;
  #lastFlush: Promise<unknown> = Promise.resolve();
  // A statement changed rows since the last COMMIT.
  #changes = false;

  constructor(
    private readonly database: GroupCommitDatabase,
    private readonly flush: () => Promise<void>,
    private readonly changed: () => void,
    private readonly undone: () => void,
    readonly streams: { open: number },
  ) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#lock();
    return new Lease(this);
  }

  async beginTransaction(lease: Lease): Promise<void> {
    await this.hold(lease);
    if (this.#group && !this.database.inTransaction) this.#lose('SQLite ended the group before its COMMIT');
    if (!this.#group) this.#openGroup();
    this.#exec(`savepoint ${SAVEPOINT}`);
    lease.state = 'in transaction';
  }

  async commitTransaction(lease: Lease): Promise<void> {
    this.#checkOpen();
    this.#exec(`release ${SAVEPOINT}`);
    lease.state = 'waiting for the group';
    const group = this.#group!;
    // The connection is free for the next transaction, which may join this group, while this one waits.
    lease.holding = false;
    this.#unlock();
    await group.done;
    lease.state = 'idle';
  }

  async rollbackTransaction(lease: Lease): Promise<void> {
    // A group that failed to commit was rolled back whole: nothing of this transaction is left.
    if (lease.state !== 'in transaction') return;
    lease.state = 'idle';
    // Some errors (a full disk, an I/O error) make SQLite roll back the whole open transaction itself:
    // every transaction of the group is lost, and the caller sees its own error, not a missing savepoint.
    if (!this.database.inTransaction) return this.#lose('SQLite rolled back the group after an error');
    this.#exec(`rollback to ${SAVEPOINT}`);
    this.#exec(`release ${SAVEPOINT}`);
  }

  // A controlled transaction's own savepoints, inside this transaction's.
  async savepoint(lease: Lease, name: string): Promise<void> {
    await lease.executeQuery(CompiledQuery.raw(`savepoint ${quoted(name)}`));
  }

  async rollbackToSavepoint(lease: Lease, name: string): Promise<void> {
    await lease.executeQuery(CompiledQuery.raw(`rollback to ${quoted(name)}`));
  }

  async releaseSavepoint(lease: Lease, name: string): Promise<void> {
    await lease.executeQuery(CompiledQuery.raw(`release ${quoted(name)}`));
  }

  async releaseConnection(lease: Lease): Promise<void> {
    if (lease.holding) this.#unlock();
    lease.holding = false;
  }

  async destroy(): Promise<void> {
    await this.#lock();
    this.#commitGroup();
    this.database.close();
    await this.#lastFlush;
  }

  /** Waits until what the lease committed is on disk, the connection free for others meanwhile. */
  async waitForDisk(lease: Lease): Promise<void> {
    if (lease.holding) this.#unlock();
    lease.holding = false;
    await this.#flushed();
  }

  /** Takes the connection back for a lease that gave it up while it waited for its group (a controlled transaction). */
  async hold(lease: Lease): Promise<void> {
    if (lease.holding) return;
    await this.#lock();
    lease.holding = true;
  }

  prepare(sql: string) {
    return this.database.prepare(sql);
  }

  run<R>(lease: Lease, { sql, parameters, query }: CompiledQuery): QueryResult<R> {
    // A lease runs one query at a time (Kysely's contract): two at once would run one without the connection.
    if (!lease.holding) throw new Error('a database connection was given a second query while it ran one');
    if (lease.state === 'in transaction') this.#checkOpen();
    // Anything but a select outside a transaction (a write, `returning` or not; a pragma) must find the
    // group on disk and be on disk itself when it returns: the group is committed first.
    else if (!SelectQueryNode.is(query)) this.#commitGroup();
    // Selects outside a transaction may have seen what a rollback undoes (the released work of the open group).
    // Told before it runs: better-sqlite3 is synchronous, so no read comes between.
    if (sql.startsWith('rollback')) this.undone();
    const statement = this.database.prepare(sql);
    if (statement.reader) {
      const rows = statement.all(parameters) as R[];
      // A write with `returning` reads back what it wrote: the checkpointer is told of it as of any write.
      if (!statement.readonly) this.#changes = true;
      return { rows };
    }
    const { changes, lastInsertRowid } = statement.run(parameters);
    if (changes > 0) this.#changes = true;
    return {
      numAffectedRows: changes == null ? undefined : BigInt(changes),
      insertId: lastInsertRowid == null ? undefined : BigInt(lastInsertRowid),
      rows: [],
    };
  }

  #openGroup() {
    // IMMEDIATE: the write lock from the start, so another process's commit (a CLI command) makes a write in
    // the group wait for its busy timeout rather than fail on a snapshot older than that commit.
    this.#exec('begin immediate');
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

  // Statements of a transaction must not run once SQLite has ended the group under it: they would commit alone.
  #checkOpen() {
    if (!this.database.inTransaction) {
      this.#lose('SQLite rolled back the group after an error');
      throw new Error('the transaction was rolled back by SQLite after an error');
    }
  }

  #lose(reason: string) {
    this.undone();
    const group = this.#group;
    this.#group = undefined;
    group?.settle(new Error(`${reason}: nothing of it was written`));
  }

  #commitGroup() {
    const group = this.#group;
    if (!group) return;
    this.#group = undefined;
    try {
      this.#exec('commit');
    } catch (error) {
      // Undone either way: by SQLite itself (a full disk, an I/O error) or by the rollback here.
      this.undone();
      if (this.database.inTransaction) this.#exec('rollback');
      return group.settle(asError(error, "the group's commit failed"));
    }
    this.#flushed().then(
      () => group.settle(),
      (error: unknown) => group.settle(asError(error, "the group's commit did not reach the disk")),
    );
  }

  // Called after every COMMIT, of a group or of a write outside a transaction.
  #flushed(): Promise<void> {
    const flushed = this.flush();
    // A write whose flush failed throws to its caller after it ran: caches are not told of it as done.
    this.#lastFlush = flushed.catch(() => this.undone());
    if (this.#changes) {
      this.#changes = false;
      // Its callers wait for the flush, whatever this does (it must not throw, and is kept from it here).
      try {
        this.changed();
      } catch {
        // the checkpointer falls back to SQLite's own checkpoints by itself
      }
    }
    return flushed;
  }

  #exec(sql: string) {
    if (sql.startsWith('rollback')) this.undone();
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
