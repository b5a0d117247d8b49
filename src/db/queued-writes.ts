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

// What Kysely sends to open and end a transaction (postgres-driver.js).
const TRANSACTION_START = /^(begin|start transaction)\b/;

// The answer of a queued statement, at once: its caller reads nothing from it.
const QUEUED = { command: 'QUEUED', rowCount: null, rows: [], fields: [], oid: 0 } as unknown as QueryResult;

/**
 * One connection's queued statements. In a transaction the `begin` and each queued write are sent and answered at
 * once (the client pipelines them); the next statement whose answer is awaited goes out in the same flight. So a
 * sign-in's writes share one round trip instead of taking one each. A queued statement's failure, PostgreSQL's
 * error or its caller's condition, is thrown where the caller meets it at the latest: by the next awaited
 * statement of the transaction, or instead of its commit, which then rolls back.
 */
export class QueuedWrites {
  readonly #send: Send;
  // Each queued statement's outcome, in the order sent: undefined, or what it failed with.
  #pending: Array<Promise<{ error: unknown } | undefined>> = [];
  #conditions = false;
  #failure: { error: unknown } | undefined;
  #inTransaction = false;

  constructor(send: Send) {
    this.#send = send;
  }

  async query(text: string, values: unknown[]): Promise<QueryResult> {
    const mark = values.at(-1);
    if (mark instanceof QueuedWrite) return this.#write(text, values.slice(0, -1), mark);
    if (TRANSACTION_START.test(text)) {
      this.#inTransaction = true;
      this.#queue(this.#send(text, values), false);
      return QUEUED;
    }
    if (text === 'commit') return this.#commit();
    if (text === 'rollback') return this.#end(this.#send(text, values));
    return this.#awaited(this.#send(text, values));
  }

  async #write(text: string, values: unknown[], mark: QueuedWrite): Promise<QueryResult> {
    if (!this.#inTransaction) {
      const result = await this.#awaited(this.#send(text, values));
      mark.check(result.rowCount ?? 0);
      return result;
    }
    this.#queue(
      this.#send(text, values).then((result) => mark.check(result.rowCount ?? 0)),
      mark.orElse !== undefined,
    );
    return QUEUED;
  }

  #queue(sent: Promise<unknown>, condition: boolean): void {
    // Handled at once: a failure waits here for the next awaited statement, not as an unhandled rejection.
    this.#pending.push(
      sent.then(
        () => undefined,
        (error: unknown) => ({ error }),
      ),
    );
    this.#conditions ||= condition;
  }

  /** Waits for the queued statements' answers (they come before any sent after them); keeps the first failure. */
  async #settle(): Promise<void> {
    const pending = this.#pending;
    this.#pending = [];
    this.#conditions = false;
    for (const outcome of await Promise.all(pending)) if (outcome && !this.#failure) this.#failure = outcome;
  }

  async #awaited(answer: Promise<QueryResult>): Promise<QueryResult> {
    if (this.#pending.length > 0) await this.#settle();
    if (!this.#failure) return answer;
    answer.catch(() => {});
    throw this.#failure.error;
  }

  async #commit(): Promise<QueryResult> {
    // A condition is the caller's, not PostgreSQL's: it must be known before the commit is sent, or the commit
    // would keep what it refuses. A statement PostgreSQL refused makes the commit a rollback on its own.
    if (this.#conditions) await this.#settle();
    const answer = this.#send(this.#failure ? 'rollback' : 'commit');
    await this.#settle();
    const failure = this.#failure;
    if (!failure) return this.#end(answer);
    await this.#end(answer).catch(() => {});
    throw failure.error;
  }

  async #end(answer: Promise<QueryResult>): Promise<QueryResult> {
    try {
      await this.#settle();
      return await answer;
    } finally {
      this.#inTransaction = false;
      this.#failure = undefined;
    }
  }
}
