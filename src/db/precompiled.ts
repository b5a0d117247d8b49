import { createQueryId, type Compilable, type Kysely, type QueryResult, type RootOperationNode } from 'kysely';
import type { Dialect } from './database.js';
import { nameStatement } from './named-statements.js';
import { guarded, QueuedWrite, type Counted } from './queued-writes.js';
import type { DB } from './types.js';

type Values = Record<string, string | number>;
type WriteValues = Record<string, string | number | null>;
/** The database a precompiled statement runs on: the server's, or a transaction of it. */
type On = { db: Kysely<DB>; dialect: Dialect };

interface Compiled {
  sql: string;
  query: RootOperationNode;
  /** For each parameter: the name of the value bound there, or a constant the query itself holds. */
  slots: Array<{ name: string } | { constant: unknown }>;
}

// A parameter that stands for a named value while the query is compiled: no real value looks like it.
const SLOT = '\u0000latchkey-value:';

/**
 * Builds the query once with stand-ins for its values and notes where each one went. Compiled without the
 * plugins: they see each run instead (Latchkey's one plugin, table-writes, reads queries and changes none).
 */
function compileWithSlots<I>(db: Kysely<DB>, build: (db: Kysely<DB>, values: I) => Compilable<unknown>): Compiled {
  const standIns = new Proxy({} as I & object, { get: (_, name) => SLOT + String(name) });
  const { sql, query, parameters } = build(db.withoutPlugins(), standIns).compile();
  nameStatement(sql);
  const slots = parameters.map((p) =>
    typeof p === 'string' && p.startsWith(SLOT) ? { name: p.slice(SLOT.length) } : { constant: p },
  );
  return { sql, query, slots };
}

/** The compiled query with this call's values where the stand-ins were. */
function bind({ sql, query, slots }: Compiled, values: Record<string, unknown>) {
  const parameters = slots.map((slot) => ('name' in slot ? values[slot.name] : slot.constant));
  if (parameters.includes(undefined)) throw new Error('a precompiled query was called without one of its values');
  return { sql, query, parameters, queryId: createQueryId() };
}

/**
 * A hot read, built and compiled once per dialect. Kysely builds and compiles a query on every call,
 * about a tenth of a passkey sign-in's CPU, though a hot read's SQL never changes: only its values do.
 * `build` gets stand-ins for the values; each call binds the real ones where the stand-ins were. It also gets
 * the dialect, for db/locks.ts (`forUpdate`).
 */
export function precompiledRead<I extends Values, R>(
  build: (db: Kysely<DB>, values: I, dialect: Dialect) => Compilable<R>,
): (db: On, values: I) => Promise<R[]> {
  const byDialect = new Map<Dialect, Compiled>();
  return async ({ db, dialect }, values) => {
    let compiled = byDialect.get(dialect);
    if (!compiled) {
      compiled = compileWithSlots(db, (built, standIns: I) => build(built, standIns, dialect));
      if (compiled.query.kind !== 'SelectQueryNode')
        throw new Error('only reads are precompiled here: writes are precompiledWrite');
      byDialect.set(dialect, compiled);
    }
    return (await db.executeQuery<R>(bind(compiled, values))).rows;
  };
}

/** A hot write: run and answered (`numAffectedRows`), or queued. */
export interface PrecompiledWrite<I> {
  (deps: On, values: I): Promise<QueryResult<unknown>>;
  /**
   * Runs it without waiting for its answer where it can: in a PostgreSQL transaction the write goes out with the
   * statements after it and the commit, in one round trip (queued-writes.ts). `orElse` is the caller's condition:
   * thrown when the write changes no row; on PostgreSQL, in a transaction, by the next awaited statement or instead
   * of the commit (the database keeps it: the write is `guarded`). Until then its failure is not known: what the
   * caller does meanwhile must be database work of that transaction (nothing sent, shown or kept elsewhere), so that
   * the failure undoes it all.
   */
  queue(deps: On, values: I, orElse?: () => Error): Promise<void>;
  /**
   * Queued like `queue`, with no condition; how many rows it changed is known once the transaction commits (at
   * once on SQLite). Until then the count must not be read: it is what the caller answers with afterwards.
   */
  queueCounted(deps: On, values: I): Promise<{ changedRows: Promise<number> }>;
}

/**
 * A hot write (insert, update, delete), built and compiled once per dialect like a hot read. Its SQL and
 * values are what Kysely would have built; Kysely's plugins still see every run (the table-writes plugin
 * tells the caches of its table before and after it), as the query passes through them before it runs.
 * Values may be null; every value the query names must be given.
 */
export function precompiledWrite<I extends WriteValues>(
  build: (db: Kysely<DB>, values: I, dialect: Dialect) => Compilable<unknown>,
): PrecompiledWrite<I> {
  const byDialect = new Map<Dialect, Compiled & { guardedSql?: string }>();
  const run = async ({ db, dialect }: On, values: I, mark?: QueuedWrite) => {
    const executor = db.getExecutor();
    let compiled = byDialect.get(dialect);
    if (!compiled) {
      compiled = compileWithSlots(db, (built, standIns: I) => build(built, standIns, dialect));
      if (compiled.query.kind === 'SelectQueryNode') throw new Error('precompiledWrite is for writes');
      byDialect.set(dialect, compiled);
    }
    const query = bind(compiled, values);
    executor.transformQuery(query.query, query.queryId);
    if (!mark) return executor.executeQuery(query);
    // A value pg could not send would fail in the client, never reaching PostgreSQL, while the commit that leaves
    // with it keeps the rest of the transaction: refused here, before anything of it is sent.
    if (!query.parameters.every((v) => v === null || typeof v === 'string' || typeof v === 'number'))
      throw new Error('a queued write takes strings, numbers and null only');
    // On PostgreSQL a condition is the database's to keep (queued-writes.ts).
    if (mark.orElse && !compiled.guardedSql) {
      if ((compiled.query as { returning?: unknown }).returning)
        throw new Error('a queued write with a condition has no `returning` of its own (it is guarded)');
      nameStatement((compiled.guardedSql = guarded(compiled.sql)));
    }
    const sql = mark.orElse ? compiled.guardedSql! : query.sql;
    return executor.executeQuery({ ...query, sql, parameters: [...query.parameters, mark] });
  };
  const queued = async (deps: On, values: I, mark: QueuedWrite) => {
    // SQLite answers every statement at once (its group commit): nothing to gain by not waiting.
    if (deps.dialect === 'postgres') return void (await run(deps, values, mark));
    let changedRows: number;
    try {
      changedRows = Number((await run(deps, values)).numAffectedRows ?? 0);
    } catch (error) {
      throw mark.failure(error);
    }
    mark.answered(changedRows);
  };
  const write = (deps: On, values: I) => run(deps, values);
  write.queue = (deps: On, values: I, orElse?: () => Error) => queued(deps, values, new QueuedWrite(orElse));
  write.queueCounted = async (deps: On, values: I) => {
    let counted: Counted | undefined;
    const changedRows = new Promise<number>((resolve, reject) => (counted = { resolve, reject }));
    // A failure fails the transaction too: the count is read after the commit, so it must not be unhandled here.
    changedRows.catch(() => {});
    await queued(deps, values, new QueuedWrite(undefined, counted));
    return { changedRows };
  };
  return write;
}
