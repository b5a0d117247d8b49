/**
 * Fixed-window counters shared by every instance: the database by default, Redis when configured.
 * `hit` adds one and returns the count in the current window, atomically.
 */
export interface CounterStore {
  hit(key: string, windowMs: number): Promise<number>;
  reset(key: string, windowMs: number): Promise<void>;
  close(): Promise<void>;
}
