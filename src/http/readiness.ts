import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { AppError, type ErrorCode } from '../errors.js';
import type { Deps } from '../shared/deps.js';
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from '../shared/redis.js';

/** How long /readyz waits for the database and Redis: a probe must answer before the balancer gives up. */
export const READINESS_TIMEOUT_MS = 1000;

/**
 * serving → draining (SIGTERM: /readyz says 503, requests are still served) → closing (the listener
 * is closed; a new request on a kept-alive connection is refused before it starts).
 */
export type LifecycleState = 'serving' | 'draining' | 'closing';

declare module 'fastify' {
  interface FastifyInstance {
    lifecycle: { state: LifecycleState };
  }
}

const unavailable = (code: ErrorCode) =>
  new AppError(code, { details: { retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS } });

/** Resolves true when `work` succeeds within `ms`; never rejects, never waits longer. */
async function answersWithin(work: () => Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([
      work().then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** /readyz (database and, when configured, Redis answer) and the shutdown states that turn it and new requests away. */
export function registerReadiness(app: FastifyInstance, deps: Deps, redis: Redis | undefined): void {
  app.decorate('lifecycle', { state: 'serving' as LifecycleState });
  app.addHook('onRequest', async (request, reply) => {
    if (app.lifecycle.state !== 'closing' || request.url === '/healthz') return;
    reply.header('connection', 'close');
    throw unavailable('SHUTTING_DOWN');
  });
  // While draining or closing, no connection is kept alive: the client's next request goes to another instance.
  app.addHook('onSend', async (_request, reply) => {
    if (app.lifecycle.state !== 'serving') reply.header('connection', 'close');
  });
  app.get('/readyz', { schema: { hide: true } }, async () => {
    if (app.lifecycle.state !== 'serving') throw unavailable('SHUTTING_DOWN');
    const [database, cache] = await Promise.all([
      answersWithin(() => sql`select 1`.execute(deps.db), READINESS_TIMEOUT_MS),
      redis ? answersWithin(() => redis.ping(), READINESS_TIMEOUT_MS) : Promise.resolve(true),
    ]);
    if (!database) throw unavailable('DATABASE_UNAVAILABLE');
    if (!cache) throw unavailable('REDIS_UNAVAILABLE');
    return { ok: true };
  });
}
