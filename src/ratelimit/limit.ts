import { AppError } from '../errors.js';
import type { BackoffResult, BackoffRule, CounterStore } from '../shared/counter-store.js';

/** Counts one attempt under `key`; throws RATE_LIMITED once more than `max` were made in the window. */
export async function consumeAttempt(
  counters: CounterStore,
  key: string,
  max: number,
  windowMs: number,
): Promise<void> {
  const count = await counters.hit(key, windowMs);
  if (count > max) throw new AppError('RATE_LIMITED', { details: { retryAfterSeconds: Math.ceil(windowMs / 1000) } });
}

export function rateLimited(lockedUntil: number, now: number): AppError {
  return new AppError('RATE_LIMITED', {
    details: { retryAfterSeconds: Math.max(1, Math.ceil((lockedUntil - now) / 1000)) },
  });
}

/** Counts one attempt under `key` with exponential back-off; throws RATE_LIMITED (with the wait) while it is locked. */
export async function consumeBackoff(
  counters: CounterStore,
  key: string,
  rule: BackoffRule,
  now: number,
): Promise<BackoffResult> {
  const result = await counters.backoff(key, rule);
  if (!result.allowed) throw rateLimited(result.lockedUntil, now);
  return result;
}
