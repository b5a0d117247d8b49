import { createRequire } from 'node:module';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Options } from '@node-rs/argon2';
import { AppError } from '../errors.js';

/**
 * How far below the event loop argon2 runs (Linux nice: 0 is normal, 19 the lowest). A password check
 * holds a core for tens of milliseconds; on a small machine a flood of them would take the cores the
 * event loop needs for everything else (passkey sign-ins). On threads of their own at a lower priority
 * (a thread's nice value is its own on Linux), they use what the event loop leaves.
 */
export const ARGON2_NICENESS = 10;

// Started as needed: as many as the cores, since more would only wait for one (PASSWORD_HASHES_RUNNING bounds the use).
const THREADS = Math.min(16, os.availableParallelism());

// CommonJS run by each thread (`eval`, so it works from the sources under test as from the build).
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
try { require('node:os').setPriority(0, workerData.niceness); } catch {}
const argon2 = require(workerData.argon2);
const ops = {
  hash: (password, options) => argon2.hashSync(password, options),
  verify: (hash, password) => argon2.verifySync(hash, password),
  niceness: () => require('node:os').getPriority(0),
};
parentPort.on('message', ({ id, op, args }) => {
  try { parentPort.postMessage({ id, result: ops[op](...args) }); }
  catch (error) { parentPort.postMessage({ id, error: String(error && error.message) }); }
});`;

type Ops = {
  hash: [password: string, options: Options];
  verify: [hash: string, password: string];
  niceness: [];
};

interface Job {
  resolve: (value: never) => void;
  reject: (error: Error) => void;
}

class Argon2Thread {
  readonly jobs = new Map<number, Job>();
  readonly worker = new Worker(THREAD_SOURCE, {
    eval: true,
    workerData: { niceness: ARGON2_NICENESS, argon2: createRequire(import.meta.url).resolve('@node-rs/argon2') },
  });
  #nextId = 0;

  constructor(onExit: () => void) {
    this.worker.unref();
    this.worker.on('message', ({ id, result, error }: { id: number; result: never; error?: string }) => {
      const job = this.jobs.get(id)!;
      this.jobs.delete(id);
      // Idle threads do not keep a process (the CLI) alive; a thread at work does.
      if (this.jobs.size === 0) this.worker.unref();
      if (error === undefined) job.resolve(result);
      else job.reject(new Error(`argon2: ${error}`));
    });
    // A lost thread answers nothing: its checks end as a coded 503, never as a wrong password (the next starts anew).
    const fail = () => {
      onExit();
      const lost = new AppError('PASSWORD_CHECK_UNAVAILABLE', { details: { retryAfterSeconds: 1 } });
      for (const job of this.jobs.values()) job.reject(lost);
      this.jobs.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', fail);
  }

  run<K extends keyof Ops, R>(op: K, args: Ops[K]): Promise<R> {
    const id = this.#nextId++;
    if (this.jobs.size === 0) this.worker.ref();
    return new Promise<R>((resolve, reject) => {
      this.jobs.set(id, { resolve: resolve, reject });
      this.worker.postMessage({ id, op, args });
    });
  }
}

const threads: Argon2Thread[] = [];

/** Runs one argon2 operation on the least busy thread, starting threads as needed (up to THREADS). */
export function onArgon2Thread<K extends keyof Ops, R>(op: K, ...args: Ops[K]): Promise<R> {
  let thread = threads.find((t) => t.jobs.size === 0);
  if (!thread && threads.length < THREADS) {
    const started: Argon2Thread = new Argon2Thread(() => {
      const index = threads.indexOf(started);
      if (index >= 0) threads.splice(index, 1);
    });
    threads.push((thread = started));
  }
  thread ??= threads.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a));
  return thread.run(op, args);
}
