import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Copies a database's write-ahead log into its file, off the event loop. */
export interface Checkpointer {
  /** Says that commits were written to the log: a checkpoint follows within `delayMs`. */
  written: () => void;
  /** Ends the thread once a checkpoint under way is done. */
  close: () => Promise<void>;
}

// How long commits gather in the log before they are copied: a page written again meanwhile is copied once.
const CHECKPOINT_DELAY_MS = 200;

// SQLite's own threshold (pages in the log), for the event loop when the thread is gone.
const SQLITE_AUTOCHECKPOINT = 1000;

// CommonJS run by the thread (`eval`, so it works from the sources under test as from the build). PASSIVE waits
// for no reader or writer; it syncs the log before copying and the file after, as `synchronous = NORMAL` asks.
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('synchronous = NORMAL');
parentPort.on('message', (message) => {
  if (message === 'close') { db.close(); parentPort.close(); return; }
  db.pragma('wal_checkpoint(PASSIVE)');
  parentPort.postMessage('done');
});`;

/**
 * SQLite copies the log into the database file in the COMMIT that takes the log past 1,000 pages: the pages
 * written and two flushes to the disk, during which the event loop stops (measured under load: one commit in
 * twelve, some 10 ms each). Here a thread with a connection of its own does it a moment after commits, and
 * the server's connection (`sqlite`) does not. The thread starts at the first write, so a process that only
 * reads (most CLI commands) never starts one. Should it fail, SQLite's own checkpoints come back: the log never
 * grows without bound.
 */
export function startCheckpointer(
  file: string,
  sqlite: { pragma: (source: string) => unknown },
  delayMs = CHECKPOINT_DELAY_MS,
): Checkpointer {
  let worker: Worker | undefined;
  let exited: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let pending = false;
  let stopped = false;

  const stop = () => {
    stopped = true;
    clearTimeout(timer);
  };
  const start = (): Worker => {
    const thread = new Worker(THREAD_SOURCE, {
      eval: true,
      workerData: { file, driver: createRequire(import.meta.url).resolve('better-sqlite3') },
    });
    // Never worth keeping a process alive for: the log is replayed at the next open.
    thread.unref();
    exited = new Promise((resolve) => thread.once('exit', () => resolve()));
    thread.on('message', () => {
      running = false;
      if (pending) schedule();
    });
    const fail = () => {
      if (stopped) return;
      stop();
      sqlite.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT}`);
    };
    thread.on('error', fail);
    thread.on('exit', fail);
    sqlite.pragma('wal_autocheckpoint = 0');
    return thread;
  };
  const run = () => {
    timer = undefined;
    running = true;
    pending = false;
    worker!.postMessage('checkpoint');
  };
  const schedule = () => {
    if (!timer && !running && !stopped) timer = setTimeout(run, delayMs).unref();
  };

  return {
    written() {
      if (stopped) return;
      worker ??= start();
      pending = true;
      schedule();
    },
    async close() {
      if (worker && !stopped) {
        stop();
        // Awaited: the thread keeps the process until its connection is closed.
        worker.ref();
        worker.postMessage('close');
      }
      stopped = true;
      await exited;
    },
  };
}
