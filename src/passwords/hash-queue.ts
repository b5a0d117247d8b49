import { AppError } from '../errors.js';

/** How long a refused password sign-in is told to wait: the queue drains in well under a second. */
const BUSY_RETRY_AFTER_SECONDS = 1;

export interface HashSlot {
  /** Runs `work` once one of the running places is free. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Gives the place back; safe to call more than once, and needed when `run` was never called. */
  release(): void;
}

/**
 * Bounds the argon2 work in flight. argon2 runs on threads of its own, off the event loop, but each
 * check holds 19 MiB and tens of milliseconds of a core: a flood of password sign-ins would
 * otherwise queue without end in the thread pool and starve everything else (passkey sign-ins
 * included). `running` checks run at once, `waiting` more may wait; beyond that a sign-in is
 * refused with PASSWORD_SIGN_IN_BUSY before anything is counted or written.
 */
export class HashQueue {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  /** Places taken: running, waiting, or reserved by a sign-in that has not reached its hash yet. */
  private taken = 0;

  constructor(
    private readonly running: number,
    private readonly waiting: number,
  ) {}

  /** Takes a place, or throws PASSWORD_SIGN_IN_BUSY when running and waiting places are all taken. */
  reserve(): HashSlot {
    if (this.taken >= this.running + this.waiting) {
      throw new AppError('PASSWORD_SIGN_IN_BUSY', { details: { retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS } });
    }
    this.taken++;
    let started = false;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.taken--;
      if (!started) return;
      // The running place passes straight to the next in line, so none can slip in between.
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
    };
    return {
      run: async (work) => {
        if (this.active < this.running) this.active++;
        else await new Promise<void>((resolve) => this.queue.push(resolve));
        started = true;
        try {
          return await work();
        } finally {
          release();
        }
      },
      release,
    };
  }
}

const queues = new WeakMap<object, HashQueue>();

/** The one queue of this server (keyed by its config, so each app a test builds has its own). */
export function hashQueueFor(config: { passwordHashesRunning: number; passwordHashesWaiting: number }): HashQueue {
  let queue = queues.get(config);
  if (!queue) {
    queue = new HashQueue(config.passwordHashesRunning, config.passwordHashesWaiting);
    queues.set(config, queue);
  }
  return queue;
}
