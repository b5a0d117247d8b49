import { hash } from 'node:crypto';

// `select *`, `"u".*`, `returning *`: a star followed by a comma, `from` or the end; not `count(*)` or `"a" * $1`.
const STAR_COLUMNS = /(^|[\s,])("[^"]+"\.)*\*(?=\s*(,|\bfrom\b|$))/;
const names = new Map<string, string>();

/**
 * Marks a hot statement (precompiled.ts): on PostgreSQL each connection then parses and plans it once, by name,
 * and runs it by name after (docs/performance.md).
 * Its columns must be named: a prepared `*` fails with "cached plan must not change result type" once a
 * rolling upgrade adds a column, while instances of the old version still run it.
 */
export function nameStatement(sql: string): void {
  if (STAR_COLUMNS.test(sql))
    throw new Error(`a hot statement names its columns (no *): a new column would break it: ${sql.slice(0, 80)}`);
  // Named by their text, so a name means one statement in every instance and version (what an operator sees in
  // pg_prepared_statements, and what a pooler handing a connection on may have prepared there already).
  if (!names.has(sql)) names.set(sql, `latchkey_${hash('sha256', sql, 'hex').slice(0, 16)}`);
}

/** The name a marked statement runs by, or undefined for every other. */
export const statementName = (sql: string): string | undefined => names.get(sql);
