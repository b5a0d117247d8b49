import { AppError, type ErrorCode } from '../errors.js';

/** True for a unique-constraint violation on either database (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE). */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * Runs an insert whose uniqueness was checked first; when a concurrent request wins the race in between,
 * the database's constraint answers and the caller still gets the coded 409, never a 500.
 */
export async function insertUnique<T>(code: ErrorCode, insert: () => Promise<T>): Promise<T> {
  try {
    return await insert();
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError(code, { cause: err });
    throw err;
  }
}
