import type { Redis } from 'ioredis';

/** Seconds a client is told to wait after a 503 for a dependency that is down. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/**
 * A Redis client that fails fast while Redis is down: a command waits for a connection at most
 * one reconnection attempt and two seconds, instead of queueing until Redis returns. It keeps
 * reconnecting in the background, so it recovers by itself. ioredis is loaded here, only when
 * REDIS_URL is set.
 */
export async function openRedis(url: string, warn: (message: string) => void = () => {}): Promise<Redis> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { connectTimeout: 1000, commandTimeout: 2000, maxRetriesPerRequest: 1 });
  // One line per outage, naming the error code only (the URL may hold a password).
  let down = false;
  redis.on('error', (error: NodeJS.ErrnoException) => {
    if (!down)
      warn(
        `Redis is unavailable (${error.code ?? error.name}); requests that need it are refused with ` +
          `REDIS_UNAVAILABLE until it returns`,
      );
    down = true;
  });
  redis.on('ready', () => {
    if (down) warn('Redis is available again');
    down = false;
  });
  return redis;
}

/** Closes politely when connected; when Redis is down there is nothing to wait for. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status !== 'ready') return void redis.disconnect();
  await redis.quit().catch(() => redis.disconnect());
}

// What ioredis rejects a command with while Redis is unreachable (as opposed to a reply error).
const OUTAGE_MESSAGES = new Set([
  'Command timed out',
  'Connection is closed.',
  "Stream isn't writeable and enableOfflineQueue options is false",
]);

/** True for the errors of a Redis that does not answer: the caller refuses (503) rather than go on uncounted. */
export function isRedisUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error.name === 'MaxRetriesPerRequestError' || error.name === 'AbortError' || OUTAGE_MESSAGES.has(error.message)
  );
}
