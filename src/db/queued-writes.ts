import type { QueryResult } from 'pg';

/**
 * The mark of a write whose caller does not wait for its answer (precompiled.ts, `queue`). Kysely hands the pg
 * client a statement's text and parameters only, so the mark travels as the last parameter; pg-pool.ts takes it
 * off before PostgreSQL sees it.
 */
export class QueuedWrite {
  constructor(readonly orElse: (() => Error) | undefined) {}

  /** The caller's condition: the write changed a row, or `orElse` is thrown. */
  check(changedRows: number): void {
    if (this.orElse && changedRows === 0) throw this.orElse();
  }
}

type Send = (text: string, values?: unknown[]) => Promise<QueryResult>;
/** The connection's socket: corked, what is written waits for the uncork and goes out in one call. */
interface Socket {
  cork(): void;
  uncork(): void;
}

// What Kysely sends to open and end a transaction (postgres-driver.js).
const TRANSACTION_START = /^(begin|start transaction)\b/;

// The answer of a queued statement, at once: its caller reads nothing from it.
const QUEUED = { command: 'QUEUED', rowCount: null, rows: [], fields: [], oid: 0 } as unknown as QueryResult;

/**
 * One connection's queued statements. In a transaction the `begin` and each queued write are sent and answered at
 * once (the client pipelines them) and held in the socket; the next statement whose answer is awaited leaves with
 * them in one write. So a sign-in's writes share one round trip instead of taking one each. A queued statement's
 * failure, PostgreSQL's error or its caller's condition, is thrown where the caller meets it at the latest: by the
 * next awaited statement of the transaction, or instead of its commit, which is then a rollback.
 */
export class QueuedWrites {
  readonly #send: Send;
  readonly #socket: Socket;
  #corked = false;
  // Each queued statement's outcome, in the order sent: undefined, or what it failed with.
  #pending: Array<Promise<{ error: unknown } | undefined>> = [];
  #failure: { error: unknown } | undefined;
  #inTransaction = false;

  constructor(send: Send, socket: Socket) {
    this.#send = send;
    this.#socket = socket;
  }

  async query(text: string, values: unknown[]): Promise<QueryResult> {
    const mark = values.at(-1);
    if (mark instanceof QueuedWrite) return this.#write(text, values.slice(0, -1), mark);
    if (TRANSACTION_START.test(text)) {
      this.#inTransaction = true;
      this.#queue(this.#held(text, values));
      return QUEUED;
    }
    if (text === 'commit') return this.#commit();
    // Kysely rolls back after a failed commit too: the transaction has ended already, nothing is sent.
    if (text === 'rollback') return this.#inTransaction ? this.#end(this.#sent(text)) : QUEUED;
    return this.#awaited(this.#sent(text, values));
  }

  async #write(text: string, values: unknown[], mark: QueuedWrite): Promise<QueryResult> {
    if (!this.#inTransaction) {
      const result = await this.#awaited(this.#sent(text, values));
      mark.check(result.rowCount ?? 0);
      return result;
    }
    this.#queue(this.#held(text, values).then((result) => mark.check(result.rowCount ?? 0)));
    return QUEUED;
  }

  /**
   * A queued statement waits in the socket until the statement awaited after it is written (or the event loop
   * turns), so the flight leaves in one write: one wake-up of PostgreSQL's backend instead of one a statement.
   */
  #held(text: string, values: unknown[]): Promise<QueryResult> {
    if (!this.#corked) {
      this.#corked = true;
      this.#socket.cork();
      setImmediate(() => this.#release());
    }
    return this.#send(text, values);
  }

  #sent(text: string, values?: unknown[]): Promise<QueryResult> {
    const answer = this.#send(text, values);
    this.#release();
    return answer;
  }

  #release(): void {
    if (!this.#corked) return;
    this.#corked = false;
    this.#socket.uncork();
  }

  #queue(sent: Promise<unknown>): void {
    // Handled at once: a failure waits here for the next awaited statement, not as an unhandled rejection.
    this.#pending.push(
      sent.then(
        () => undefined,
        (error: unknown) => ({ error }),
      ),
    );
  }

  /** Waits for the queued statements' answers (they come before any sent after them); keeps the first failure. */
  async #settle(): Promise<void> {
    const pending = this.#pending;
    this.#pending = [];
    for (const outcome of await Promise.all(pending)) if (outcome && !this.#failure) this.#failure = outcome;
  }

  async #awaited(answer: Promise<QueryResult>): Promise<QueryResult> {
    if (this.#pending.length > 0) await this.#settle();
    if (!this.#failure) return answer;
    answer.catch(() => {});
    throw this.#failure.error;
  }

  async #commit(): Promise<QueryResult> {
    // Every answer is in before the commit is sent: a caller's condition is not PostgreSQL's to know, and a
    // statement that failed in the client (a query_timeout) never reached it. A sign-in's last write is awaited
    // (the trusted browser), so this costs it nothing.
    if (this.#pending.length > 0) await this.#settle();
    const failure = this.#failure;
    const answer = this.#end(this.#sent(failure ? 'rollback' : 'commit'));
    if (!failure) return answer;
    await answer.catch(() => {});
    throw failure.error;
  }

  async #end(answer: Promise<QueryResult>): Promise<QueryResult> {
    try {
      return await answer;
    } finally {
      this.#inTransaction = false;
      this.#failure = undefined;
      this.#pending = [];
    }
  }
}
