import type { QueryResult } from 'pg';

/** Where a counted write's answer goes: the rows it changed, or what it failed with. */
export interface Counted {
  resolve(changedRows: number): void;
  reject(error: unknown): void;
}

/**
 * The mark of a write whose caller does not wait for its answer (precompiled.ts, `queue`). Kysely hands the pg
 * client a statement's text and parameters only, so the mark travels as the last parameter; pg-pool.ts takes it
 * off before PostgreSQL sees it.
 */
export class QueuedWrite {
  /**
   * `orElse`: the caller's condition, thrown when the write changes no row (on PostgreSQL the statement is
   * `guarded`, so the database keeps the condition). `counted`: told how many rows the write changed.
   */
  constructor(
    readonly orElse?: () => Error,
    readonly counted?: Counted,
  ) {}

  /** The write's answer: the condition checked (SQLite's; a guarded write's answer is one row), the count told. */
  answered(changedRows: number, { guarded = false } = {}): void {
    if (!guarded && this.orElse && changedRows === 0) throw this.orElse();
    this.counted?.resolve(changedRows);
  }

  /** What a failure of the write means: its condition (a guarded write's), or the database's own refusal. */
  failure(error: unknown): unknown {
    const failure = this.orElse && (error as { code?: unknown }).code === CHANGED_NO_ROW ? this.orElse() : error;
    this.counted?.reject(failure);
    return failure;
  }
}

// What a guarded write fails with when it changes no row: PostgreSQL's "division by zero", which no write of
// Latchkey's can raise otherwise (none divides).
const CHANGED_NO_ROW = '22012';

/**
 * A PostgreSQL write (without a `returning` of its own) that fails when it changes no row. A failed statement
 * aborts its transaction, so the commit can leave with the writes instead of waiting for their answers: PostgreSQL
 * turns it into a rollback.
 */
export const guarded = (sql: string): string =>
  `with written as (${sql} returning 1) select 1 / count(*) as changed from written`;

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
    const answered = (result: QueryResult) => {
      mark.answered(result.rowCount ?? 0, { guarded: mark.orElse !== undefined });
      return result;
    };
    const failed = (error: unknown) => {
      throw mark.failure(error);
    };
    if (!this.#inTransaction) return this.#awaited(this.#sent(text, values)).then(answered, failed);
    this.#queue(this.#held(text, values).then(answered, failed));
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
    // A failure already known ends the transaction with a rollback. Otherwise the commit leaves with the writes
    // still unanswered, in one flight: each of their conditions is the database's (`guarded`), so a write that
    // fails aborts the transaction and PostgreSQL answers the commit with a rollback.
    const pending = this.#pending;
    this.#pending = [];
    const answer = this.#sent(this.#failure ? 'rollback' : 'commit');
    answer.catch(() => {}); // awaited below, once the writes' answers are in
    return this.#end(
      Promise.all(pending).then(async (outcomes) => {
        const failure = this.#failure ?? outcomes.find((outcome) => outcome !== undefined);
        if (failure) {
          await answer.catch(() => {});
          throw failure.error;
        }
        const result = await answer;
        // A failed statement whose error its caller caught: PostgreSQL kept nothing of the transaction.
        if (result.command !== 'COMMIT') throw new Error(`the transaction was not committed (${result.command})`);
        return result;
      }),
    );
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
