import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Copies a database's write-ahead log into its file, mostly off the event loop. */
export interface Checkpointer {
  /** Says that a COMMIT that changed rows has just ended (no transaction is open): never throws. */
  changed: () => void;
  /** Ends the thread once a checkpoint under way is done. */
  close: () => Promise<void>;
}

export interface CheckpointTiming {
  /** How long commits gather in the log before the thread copies them: a page written again is copied once. */
  delayMs: number;
  /** Log size (pages) from which the connection copies the pages the thread did not, so that the log starts over. */
  catchUpPages: number;
}

// About a second of commits at full load is a few thousand pages; at light load the log starts over (which
// flushes its header on the event loop) at most once a second.
const TIMING: CheckpointTiming = { delayMs: 1000, catchUpPages: 4000 };

// SQLite's own threshold (pages in the log), for the event loop when the thread is gone.
const SQLITE_AUTOCHECKPOINT = 1000;

// CommonJS run by the thread (`eval`, so it works from the sources under test as from the build). PASSIVE waits
// for no reader or writer; it flushes the log before copying and the file after, as `synchronous = NORMAL` asks.
//
// SQLite flushes the file only after a checkpoint that copied the whole log. Under steady writes the thread's never
// does (commits land while it copies): the connection's catch-up did, on the event loop, flushing every page the
// thread had copied (10 to 20 ms under load). So the thread copies again what landed meanwhile while that shrinks
// (PASSES in all), then flushes the file itself. Node flushes a file only through a descriptor, and closing one more
// descriptor of an SQLite file would drop the process's locks on it (sqlite.org/howtocorrupt.html, 2.2): the thread
// flushes through the one SQLite holds open (Linux lists it in /proc/self/fd; elsewhere the catch-up flushes all).
const THREAD_SOURCE = `
const fs = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('synchronous = NORMAL');
const PASSES = 3;
const flushFile = () => {
  try {
    const real = fs.realpathSync(workerData.file);
    for (const fd of fs.readdirSync('/proc/self/fd')) {
      if (fs.readlinkSync('/proc/self/fd/' + fd) === real) { fs.fdatasyncSync(Number(fd)); return true; }
    }
  } catch {}
  return false;
};
parentPort.on('message', (message) => {
  if (message === 'close') { db.close(); parentPort.close(); return; }
  try {
    // A pass copies the log as it was when the pass began; the next copies what landed meanwhile, while that shrinks.
    let { log } = db.pragma('wal_checkpoint(PASSIVE)')[0];
    for (let pass = 1, landed = Infinity; pass < PASSES; pass++) {
      const next = db.pragma('wal_checkpoint(PASSIVE)')[0].log;
      const more = next - log;
      log = next;
      if (more === 0 || more >= landed) break;
      landed = more;
    }
    parentPort.postMessage({ log, flushed: flushFile() });
  } catch (error) {
    // Another connection recovers or copies the log: the next checkpoint does it. Anything else ends the thread.
    if (!String(error && error.code).startsWith('SQLITE_BUSY')) throw error;
    parentPort.postMessage({ log: -1, flushed: false });
  }
});`;

/** What the thread reports after each checkpoint: the log's pages when its last pass began, and the file flushed. */
export interface ThreadCopy {
  log: number;
  flushed: boolean;
}

type Connection = { pragma: (source: string) => unknown };

/**
 * SQLite copies the log into the database file inside the COMMIT that takes the log past 1,000 pages: the pages
 * written and two flushes to the disk, while the event loop waits (measured under load: one COMMIT in twelve,
 * some 10 ms each). Here a thread with a connection of its own copies the log a second after commits.
 *
 * The log starts over only when a write begins with every page of it copied, and the thread copies the log as
 * it was when it began: under steady writes some COMMIT always lands meanwhile. So once the thread reports a log
 * of `catchUpPages` or more, the server's connection (`sqlite`) copies the pages committed since, right after its
 * next COMMIT (nothing else writes then, and the pages are few), and the next write starts the log over.
 * SQLite's own checkpoints stop at the first COMMIT that changes rows (a process that only reads keeps them), and
 * come back if the thread cannot start or fails.
 */
export function startCheckpointer(
  file: string,
  sqlite: Connection,
  timing: CheckpointTiming = TIMING,
  onCopy?: (copy: ThreadCopy) => void,
): Checkpointer {
  let worker: Worker | undefined;
  let exited: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let pending = false;
  let catchUp = false;
  let stopped = false;
  // SQLite's own checkpoints are off.
  let armed = false;

  // SQLite's own checkpoints again; the connection may be closed already (nothing is left to copy then).
  const fallBack = (error?: unknown) => {
    if (stopped) return;
    stopped = true;
    clearTimeout(timer);
    const why = error instanceof Error ? error.message : 'the thread ended';
    process.emitWarning(`SQLite checkpoints are back on the event loop: ${why}`, { code: 'LATCHKEY_CHECKPOINTS' });
    try {
      sqlite.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT}`);
    } catch {
      // closed: its last close copied the log
    }
  };
  const run = () => {
    timer = undefined;
    try {
      worker ??= start();
    } catch (error) {
      return fallBack(error);
    }
    running = true;
    pending = false;
    worker.postMessage('checkpoint');
  };
  const schedule = () => {
    if (!timer && !running && !stopped) timer = setTimeout(run, timing.delayMs).unref();
  };
  // Started at the first checkpoint, a moment after the first change: not while the server starts, and not in a
  // CLI command that writes and exits.
  const start = () => {
    const thread = new Worker(THREAD_SOURCE, {
      eval: true,
      workerData: { file, driver: createRequire(import.meta.url).resolve('better-sqlite3') },
    });
    // Never worth keeping a process alive for: the log is replayed at the next open.
    thread.unref();
    exited = new Promise((resolve) => thread.once('exit', () => resolve()));
    thread.on('message', (copy: ThreadCopy) => {
      running = false;
      onCopy?.(copy);
      // The thread copied the log as it was when its last pass began; commits since are not: it has not started over.
      catchUp = copy.log >= timing.catchUpPages;
      if (pending) schedule();
    });
    thread.on('error', fallBack);
    thread.on('exit', () => fallBack());
    return thread;
  };

  return {
    changed() {
      if (stopped) return;
      try {
        if (!armed) {
          sqlite.pragma('wal_autocheckpoint = 0');
          armed = true;
        }
        if (catchUp && !running) {
          catchUp = false;
          sqlite.pragma('wal_checkpoint(PASSIVE)');
        }
      } catch (error) {
        return fallBack(error);
      }
      pending = true;
      schedule();
    },
    async close() {
      stopped = true;
      clearTimeout(timer);
      // Awaited: the thread keeps the process until its connection is closed (a thread that ended answers nothing).
      worker?.ref();
      worker?.postMessage('close');
      await exited;
    },
  };
}
