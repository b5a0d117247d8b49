import fs from 'node:fs';

/** Puts what SQLite has written to a database's write-ahead log on the disk. */
export interface WalFlush {
  /** Resolves once every commit made before the call is on the disk. */
  flush: () => Promise<void>;
  close: () => Promise<void>;
}

/**
 * The write-ahead log at `walFile` (open: SQLite made it when the database was opened in WAL mode), flushed with
 * fdatasync on libuv's threads: the event loop goes on while the disk works (SQLite's own sync at COMMIT would
 * stop it). A call made while a flush runs cannot count on that flush (it may have started before the caller's
 * commit), so such calls share one flush after it.
 *
 * A flush that fails fails every later one. SQLite has committed the frames already; after such an error the
 * kernel may drop the unwritten pages and report the next flush clean, so no later write could be answered as
 * durable in good faith (PostgreSQL stops for the same reason). Reads go on; a restart recovers from the log.
 */
export function walFlush(walFile: string): WalFlush {
  const log = fs.openSync(walFile, 'r');
  let failed: Error | undefined;
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;

  const flushOnce = () =>
    new Promise<void>((resolve, reject) => {
      if (failed) return reject(failed);
      fs.fdatasync(log, (error) => {
        if (error) reject((failed = error));
        else resolve();
      });
    });
  const start = (): Promise<void> => {
    const flushing = flushOnce().finally(() => {
      if (running === flushing) running = undefined;
    });
    running = flushing;
    return flushing;
  };

  return {
    flush() {
      if (!running) return start();
      next ??= running
        .catch(() => {})
        .then(() => {
          next = undefined;
          return start();
        });
      return next;
    },
    async close() {
      await Promise.allSettled([running, next]);
      fs.closeSync(log);
    },
  };
}
