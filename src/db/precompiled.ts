import { createQueryId, type Compilable, type Kysely, type RootOperationNode } from 'kysely';
import type { Dialect } from './database.js';
import type { DB } from './types.js';

type Values = Record<string, string | number>;

interface Compiled {
  sql: string;
  query: RootOperationNode;
  /** For each parameter: the name of the value bound there, or a constant the query itself holds. */
  slots: Array<{ name: string } | { constant: unknown }>;
}

// A parameter that stands for a named value while the query is compiled: no real value looks like it.
const SLOT = '\u0000latchkey-value:';

/**
 * A hot read, built and compiled once per dialect. Kysely builds and compiles a query on every call,
 * about a tenth of a passkey sign-in's CPU, though a hot read's SQL never changes: only its values do.
 * `build` gets stand-ins for the values; each call binds the real ones where the stand-ins were.
 * Reads only: writes go through Kysely each time, so its plugins (table-writes) see every one.
 */
export function precompiledRead<I extends Values, R>(
  build: (db: Kysely<DB>, values: I) => Compilable<R>,
): (db: { db: Kysely<DB>; dialect: Dialect }, values: I) => Promise<R[]> {
  const byDialect = new Map<Dialect, Compiled>();
  return async ({ db, dialect }, values) => {
    let compiled = byDialect.get(dialect);
    if (!compiled) {
      const standIns = new Proxy({} as I, { get: (_, name) => SLOT + String(name) });
      const { sql, query, parameters } = build(db, standIns).compile();
      if (query.kind !== 'SelectQueryNode') throw new Error('only reads are precompiled');
      const slots = parameters.map((p) =>
        typeof p === 'string' && p.startsWith(SLOT) ? { name: p.slice(SLOT.length) } : { constant: p },
      );
      byDialect.set(dialect, (compiled = { sql, query, slots }));
    }
    const parameters = compiled.slots.map((slot) => ('name' in slot ? values[slot.name] : slot.constant));
    if (parameters.includes(undefined)) throw new Error('a precompiled read was called without one of its values');
    const result = await db.executeQuery<R>({
      sql: compiled.sql,
      query: compiled.query,
      parameters,
      queryId: createQueryId(),
    });
    return result.rows;
  };
}
