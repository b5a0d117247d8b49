import { AppError } from '../errors.js';
import type { BackoffResult, BackoffRule, CounterStore } from '../shared/counter-store.js';
import type { Clock } from '../shared/deps.js';

/**
 * Counts one attempt under `key`; throws RATE_LIMITED once more than `max` were made in the window. Windows are fixed
 * (counted from the epoch, the stores' rule): the wait is what is left of this one, not a whole window.
 */
export async function consumeAttempt(
  { counters, clock }: { counters: CounterStore; clock: Clock },
  key: string,
  max: number,
  windowMs: number,
): Promise<void> {
  const count = await counters.hit(key, windowMs);
  if (count <= max) return;
  const now = clock();
  throw rateLimited(now - (now % windowMs) + windowMs, now);
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
