// Node's socket errors, and PostgreSQL's SQLSTATEs for "cannot serve now": connection exceptions
// (class 08), shutting down or starting up (57P01-57P03), too many connections (53300).
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);
const POSTGRES_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
// pg's own errors when a connection cannot be had or is lost (they carry no code).
const POSTGRES_MESSAGES = [
  /^timeout exceeded when trying to connect$/,
  /^Connection terminated/,
  /^Client has encountered a connection error/,
];
// SQLite: another process holds the write lock past busy_timeout.
const SQLITE_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED']);

/** True when the database could not be reached or cannot serve now: the request is refused (503), not failed (500). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (
    typeof code === 'string' &&
    (NETWORK_CODES.has(code) || POSTGRES_CODES.has(code) || code.startsWith('08') || SQLITE_CODES.has(code))
  )
    return true;
  return POSTGRES_MESSAGES.some((pattern) => pattern.test(error.message));
}

/**
 * What a background worker logs of a failed round: an outage by its code only (a driver's text names the database's
 * address), anything else by its message.
 */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (!isDatabaseUnavailable(error)) return error.message;
  return `database unavailable (${(error as { code?: string }).code ?? error.name})`;
}

/**
 * True when PostgreSQL ended this transaction because it crossed another one (a deadlock, 40P01, or a serialisation
 * failure, 40001): nothing of it was written, and the request may be sent again. SQLite runs one writer at a time.
 */
export function isConcurrencyConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}
