import fs from 'node:fs/promises';

/** Puts what SQLite has written to a database's write-ahead log on the disk. */
export interface WalFlush {
  /** Resolves once every commit made before the call is on the disk. */
  flush: () => Promise<void>;
  close: () => Promise<void>;
}

/**
 * The write-ahead log of `file`, flushed with fdatasync on libuv's threads: the event loop goes on while the
 * disk works (SQLite's own sync at COMMIT would stop it). A call made while a flush runs cannot count on
 * that flush (it may have started before the caller's commit), so such calls share one flush after it.
 */
export function walFlush(file: string): WalFlush {
  const walFile = `${file}-wal`;
  let log: Promise<fs.FileHandle> | undefined;
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;

  const flushOnce = async () => {
    // The log exists from the first write on and stays (same file) while this connection is open.
    log ??= fs.open(walFile, 'r').catch((error: unknown) => {
      log = undefined;
      throw error;
    });
    await (await log).datasync();
  };
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
      const handle = await log?.catch(() => undefined);
      log = undefined;
      await handle?.close();
    },
  };
}
