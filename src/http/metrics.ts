import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { poolUse, type PoolUse } from '../db/database.js';
import { AppError } from '../errors.js';
import { outboxDepth } from '../mail/outbox-depth.js';
import { safeEqual } from '../shared/crypto.js';
import type { Deps } from '../shared/deps.js';
import { CEREMONY_ROUTES, resultOf, SIGN_IN_ROUTES } from './metric-routes.js';

/** The error code of an error answer (what the client was sent), or undefined. */
function sentCode(payload: unknown): string | undefined {
  if (typeof payload !== 'string') return undefined;
  try {
    const code = (JSON.parse(payload) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

/** Gauges read from the database and the pool at each scrape. */
function registerStateGauges(registry: Registry, deps: Deps): void {
  // Pool figures first: prom-client collects in registration order, so they are read before the
  // outbox count below asks the pool for a connection. SQLite has one connection and no pool. PostgreSQL's pool is
  // made at the first query: until then it is empty.
  if (deps.dialect === 'postgres') {
    const pool = (name: string, help: string, read: (use: PoolUse) => number) =>
      new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          this.set(read(poolUse(deps.db) ?? { total: 0, idle: 0, waiting: 0 }));
        },
      });
    pool('latchkey_db_pool_connections', 'PostgreSQL connections open in this instance’s pool', (use) => use.total);
    pool('latchkey_db_pool_idle_connections', 'PostgreSQL connections open and idle', (use) => use.idle);
    pool(
      'latchkey_db_pool_waiting_queries',
      'Queries waiting for a PostgreSQL connection (the pool is exhausted while above 0)',
      (use) => use.waiting,
    );
  }
  new Gauge({
    name: 'latchkey_outbox_depth',
    help: 'Mails waiting in the outbox (queued or waiting for a retry); NaN when the database did not answer',
    registers: [registry],
    async collect() {
      // A scrape during an outage still answers, with the other series.
      this.set(await outboxDepth(deps).catch(() => Number.NaN));
    },
  });
}

/**
 * Prometheus metrics at /metrics (with `Authorization: Bearer $METRICS_TOKEN`): process figures,
 * requests by route, sign-ins by method and result, WebAuthn ceremony refusals by code, database
 * pool use and outbox depth.
 */
export function registerMetrics(app: FastifyInstance, deps: Deps): void {
  const token = deps.config.metricsToken;
  if (!token) return;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'latchkey_http_requests_total',
    help: 'HTTP requests by route pattern, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'latchkey_http_request_duration_seconds',
    help: 'HTTP request duration by route pattern',
    labelNames: ['route', 'method'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const signIns = new Counter({
    name: 'latchkey_sign_ins_total',
    help: 'Sign-in attempts by method and result (success, failure: refused, error: server or dependency)',
    labelNames: ['method', 'result'] as const,
    registers: [registry],
  });
  const ceremonyFailures = new Counter({
    name: 'latchkey_ceremony_failures_total',
    help: 'Refused WebAuthn ceremonies (registration, authentication, reverification) by error code',
    labelNames: ['ceremony', 'code'] as const,
    registers: [registry],
  });
  registerStateGauges(registry, deps);

  app.addHook('onSend', async (request, reply, payload) => {
    const key = `${request.method} ${request.routeOptions.url}`;
    const method = SIGN_IN_ROUTES[key];
    if (method) signIns.inc({ method, result: resultOf(reply.statusCode) });
    const ceremony = CEREMONY_ROUTES[key];
    if (ceremony && reply.statusCode >= 400)
      ceremonyFailures.inc({ ceremony, code: sentCode(payload) ?? String(reply.statusCode) });
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, never the URL: URLs would carry ids and make the label set unbounded.
    const route = request.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    requests.inc({ route, method: request.method, status: String(reply.statusCode) });
    duration.observe({ route, method: request.method }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    const sent = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    if (!safeEqual(sent, token)) throw new AppError('UNAUTHENTICATED');
    reply.type(registry.contentType);
    return registry.metrics();
  });
}
