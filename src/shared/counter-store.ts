/**
 * Counters shared by every instance: the database by default, Redis when configured.
 * `hit` adds one and returns the count in the current fixed window, atomically.
 */
export interface CounterStore {
  hit(key: string, windowMs: number): Promise<number>;
  reset(key: string, windowMs: number): Promise<void>;
  /**
   * Exponential back-off, atomically: while `key` is locked the attempt is refused and not counted;
   * otherwise it is counted, and from the `free`-th counted attempt on each one locks the key for
   * twice as long as the last lock (`baseMs` first, `maxMs` at most). Forgotten after 2 × `maxMs` without attempts,
   * so a lock always ends at least `maxMs` before its count is forgotten.
   */
  backoff(key: string, rule: BackoffRule): Promise<BackoffResult>;
  /** The current back-off of `key` (failures 0 and lockedUntil 0 when there is none); counts nothing. */
  backoffState(key: string): Promise<{ failures: number; lockedUntil: number }>;
  clearBackoff(key: string): Promise<void>;
  close(): Promise<void>;
}

export interface BackoffRule {
  free: number;
  baseMs: number;
  maxMs: number;
}

export interface BackoffResult {
  /** False: refused, the key was locked; nothing was counted. */
  allowed: boolean;
  failures: number;
  /** Epoch ms; in the past (or 0) when not locked. */
  lockedUntil: number;
}
