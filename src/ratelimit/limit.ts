import { AppError } from '../errors.js';
import type { CounterStore } from './counter-store.js';

/** Counts one attempt under `key`; throws RATE_LIMITED once more than `max` were made in the window. */
export async function consumeAttempt(counters: CounterStore, key: string, max: number, windowMs: number): Promise<void> {
  const count = await counters.hit(key, windowMs);
  if (count > max) throw new AppError('RATE_LIMITED', { details: { retryAfterSeconds: Math.ceil(windowMs / 1000) } });
}
