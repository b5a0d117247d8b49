import { AppError } from '../errors.js';
import { closeRedis, isRedisUnavailable, openRedis, UNAVAILABLE_RETRY_AFTER_SECONDS } from '../shared/redis.js';
import type { Clock } from '../shared/deps.js';
import type { CounterStore } from '../shared/counter-store.js';

// The same rule as the database's upsert (see CounterStore.backoff), in one script so it is atomic.
// Times come from the caller's clock; the key's TTL only cleans up.
const BACKOFF_SCRIPT = `
local now, free, base, max = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local s = redis.call('HMGET', KEYS[1], 'failures', 'lock_ms', 'locked_until', 'expires_at')
local failures, lockMs, lockedUntil = tonumber(s[1]) or 0, tonumber(s[2]) or 0, tonumber(s[3]) or 0
if (tonumber(s[4]) or 0) <= now then failures, lockMs, lockedUntil = 0, 0, 0 end
if lockedUntil > now then return {0, failures, lockedUntil} end
failures = failures + 1
if failures < free then lockMs, lockedUntil = 0, 0
else
  if lockMs == 0 then lockMs = base else lockMs = math.min(lockMs * 2, max) end
  lockedUntil = now + lockMs
end
redis.call('HSET', KEYS[1], 'failures', failures, 'lock_ms', lockMs, 'locked_until', lockedUntil,
  'expires_at', now + 2 * max)
redis.call('PEXPIRE', KEYS[1], 2 * max)
return {1, failures, lockedUntil}`;

/**
 * Counters in Redis (INCR + PEXPIRE in one MULTI; back-off in one script): shared by every instance without
 * touching the database.
 */
export async function redisCounters(url: string, clock: Clock, prefix = 'latchkey:rl:'): Promise<CounterStore> {
  const redis = await openRedis(url);
  const windowKey = (key: string, windowMs: number) => {
    const now = clock();
    return `${prefix}${key}:${now - (now % windowMs)}`;
  };
  const backoffKey = (key: string) => `${prefix}backoff:${key}`;
  const store: CounterStore = {
    async hit(key, windowMs) {
      const k = windowKey(key, windowMs);
      const result = await redis.multi().incr(k).pexpire(k, windowMs).exec();
      const [err, count] = result?.[0] ?? [new Error('empty MULTI reply'), 0];
      if (err) throw err;
      return Number(count);
    },
    async reset(key, windowMs) {
      await redis.del(windowKey(key, windowMs));
    },
    async backoff(key, { free, baseMs, maxMs }) {
      const [allowed, failures, lockedUntil] = (await redis.eval(
        BACKOFF_SCRIPT,
        1,
        backoffKey(key),
        clock(),
        free,
        baseMs,
        maxMs,
      )) as number[];
      return { allowed: Number(allowed) === 1, failures: Number(failures), lockedUntil: Number(lockedUntil) };
    },
    async backoffState(key) {
      const [failures, lockedUntil, expiresAt] = await redis.hmget(
        backoffKey(key),
        'failures',
        'locked_until',
        'expires_at',
      );
      if (Number(expiresAt ?? 0) <= clock()) return { failures: 0, lockedUntil: 0 };
      return { failures: Number(failures ?? 0), lockedUntil: Number(lockedUntil ?? 0) };
    },
    async clearBackoff(key) {
      await redis.del(backoffKey(key));
    },
    async close() {
      await closeRedis(redis);
    },
  };
  return failClosed(store);
}

/**
 * Redis down: every count is refused with a coded 503, never skipped (a limit that cannot count must not let
 * attempts through).
 */
function failClosed(store: CounterStore): CounterStore {
  const guard =
    <A extends unknown[], R>(operation: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await operation(...args);
      } catch (error) {
        if (!isRedisUnavailable(error)) throw error;
        throw new AppError('REDIS_UNAVAILABLE', {
          cause: error,
          details: { retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS },
        });
      }
    };
  return {
    hit: guard(store.hit.bind(store)),
    reset: guard(store.reset.bind(store)),
    backoff: guard(store.backoff.bind(store)),
    backoffState: guard(store.backoffState.bind(store)),
    clearBackoff: guard(store.clearBackoff.bind(store)),
    close: store.close.bind(store),
  };
}
