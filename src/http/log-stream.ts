import pino from 'pino';

/** Lines wait at most this long when it is quiet. */
export const LOG_FLUSH_MS = 200;
/** Or until this much is waiting. */
export const LOG_BATCH_BYTES = 4096;

/**
 * Standard output, written in the background and in batches: at 9:00 on a Monday every request logs, and
 * a write per line cost about 5% of a session check. pino writes what is left when the process exits.
 */
export const logStream = () =>
  pino.destination({ dest: 1, sync: false, minLength: LOG_BATCH_BYTES, periodicFlush: LOG_FLUSH_MS });
