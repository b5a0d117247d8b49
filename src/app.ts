import { logStream } from './http/log-stream.js';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { AppError } from './errors.js';
import { clientErrorHandler, limitConnectionsPerAddress } from './http/connections.js';
import { frameworkErrors, installErrorHandler } from './http/error-handler.js';
import { reportUndeclaredErrors } from './http/declared-errors.js';
import {
  authenticate,
  authenticateAgain,
  requireAdmin,
  requireRecentVerificationWhereAsked,
  requireRole,
} from './http/authenticate.js';
import { registerMetrics } from './http/metrics.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { registerReadiness } from './http/readiness.js';
import { closeRedis, openRedis } from './shared/redis.js';
import { registerWeb } from './http/web.js';
import { registerDocs } from './http/docs.js';
import { registerAuthenticatorIcons } from './http/authenticator-icons.js';
import { registerHostCheck } from './http/host-check.js';
import { compressLargeAnswers } from './http/compress.js';
import { lazySchemas, warmAfterListening } from './http/lazy-schemas.js';
import { adminActivityRoutes } from './http/routes/admin-activity.js';
import { adminHomeRoutes } from './http/routes/admin-home.js';
import { adminEnrollmentRoutes } from './http/routes/admin-enrollment.js';
import { adminMailRoutes } from './http/routes/admin-mail.js';
import { adminLanguageRoutes } from './http/routes/admin-language.js';
import { adminPolicyRoutes } from './http/routes/admin-policy.js';
import { adminUserImportRoutes } from './http/routes/admin-user-import.js';
import { adminUserLifecycleRoutes } from './http/routes/admin-user-lifecycle.js';
import { adminUserRoutes } from './http/routes/admin-users.js';
import { deviceLinkRoutes } from './http/routes/device-link.js';
import { meDeviceLinkRoutes } from './http/routes/me-device-links.js';
import { meRoutes } from './http/routes/me.js';
import { platformRoutes } from './http/routes/platform.js';
import { mePasskeyRoutes } from './http/routes/me-passkeys.js';
import { meSessionRoutes } from './http/routes/me-sessions.js';
import { orgInfoRoutes } from './http/routes/org-info.js';
import { setupRoutes } from './http/routes/setup.js';
import { signInRoutes } from './http/routes/sign-in.js';
import { adminAppRoutes } from './http/routes/admin-apps.js';
import { meAppRoutes } from './http/routes/me-apps.js';
import { oidcInteractionRoutes } from './http/routes/oidc-interaction.js';
import { registerOidcProvider } from './http/routes/oidc-provider.js';
import { registerWellKnown } from './http/routes/well-known.js';
import { adminMobileAppRoutes } from './http/routes/admin-mobile-apps.js';
import { ErrorBody } from './http/schemas.js';
import { findOrganisation, getOrganisation, PLATFORM_SLUG, requestOrigins } from './orgs/organisations.js';
import { SLUG_PATTERN } from './orgs/schemas.js';
import type { Config } from './config.js';
import { logRequests } from './http/request-log.js';
import type { Deps } from './shared/deps.js';

export interface BuildAppOptions {
  /** pino options; `stream` lets a test read every line the server logs. */
  logger?: boolean | { level: string; stream?: { write(line: string): void } };
  /** Told of every error code a route answers without declaring it in its schema (tests fail on it). */
  onUndeclaredError?: (route: string, code: string) => void;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const SLUG = new RegExp(SLUG_PATTERN);

/** Builds the HTTP server around the given dependencies; main.ts and the tests both use it. */
export async function buildApp(deps: Deps, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const schemas = lazySchemas();
  const app = Fastify({
    logger: options.logger ?? { level: deps.config.logLevel, stream: logStream() },
    // One line per request (logRequests below) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: trustProxyOption(deps.config.trustProxy),
    bodyLimit: 64 * 1024,
    // A client that trickles its headers or body is cut off (408), and so is an idle kept-alive connection.
    requestTimeout: deps.config.requestTimeoutMs,
    keepAliveTimeout: deps.config.keepAliveTimeoutMs,
    // Socket inactivity: nothing received or sent for twice the request deadline.
    connectionTimeout: deps.config.requestTimeoutMs * 2,
    // Node checks the deadlines every connectionsCheckingInterval (30 s by default): check every second.
    http: {
      headersTimeout: deps.config.headersTimeoutMs,
      requestTimeout: deps.config.requestTimeoutMs,
      connectionsCheckingInterval: 1000,
    },
    clientErrorHandler,
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors,
    // While closing, requests are refused with a coded SHUTTING_DOWN (readiness.ts), not Fastify's bare 503.
    return503OnClosing: false,
    // Types are checked, not coerced: "1" is not a number and a wrong type is a 400.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false } },
    // Each route's validators and serializers are compiled when first needed, the rest after listening.
    schemaController: { compilersFactory: schemas.compilersFactory },
  }).withTypeProvider<TypeBoxTypeProvider>();
  warmAfterListening(app, schemas);

  limitConnectionsPerAddress(app.server, deps.config.maxConnectionsPerIp);
  logRequests(app);
  app.decorateRequest('org', null);
  app.decorateRequest('auth', null);
  // Only JSON bodies: a cross-site form can send text/plain, never application/json without CORS.
  app.removeContentTypeParser('text/plain');
  installErrorHandler(app);
  if (options.onUndeclaredError) reportUndeclaredErrors(app, options.onUndeclaredError);
  // API answers are per-user and often secret-bearing: no browser or proxy may keep them.
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
  });

  await app.register(fastifyCookie);
  await registerSecurityHeaders(app);
  // Before the rate limits and routes (after the security headers): a request for another host name is
  // redirected or refused.
  registerHostCheck(app, deps);
  const redis = deps.config.redisUrl
    ? await openRedis(deps.config.redisUrl, (message) => app.log.warn(message))
    : undefined;
  if (redis) app.addHook('onClose', () => closeRedis(redis));
  await app.register(fastifyRateLimit, {
    global: false,
    ...(redis ? { redis, nameSpace: 'latchkey:api-rl:' } : {}),
    errorResponseBuilder: (_request, context) =>
      new AppError('RATE_LIMITED', { details: { retryAfterSeconds: Math.max(1, Math.ceil(context.ttl / 1000)) } }),
  });
  // One per-address budget shared by the organisation and platform APIs. Added as a hook on each
  // scope itself: a hook added inside a child plugin would only cover that (route-less) child.
  const apiCeiling = app.rateLimit({ max: deps.config.apiRequestsPerMinute, timeWindow: 60_000 });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Latchkey',
        version: '0.1.0',
        description:
          'Passkey-first sign-in for organisations. Every error is `{ "error": { "code", "message" } }`; ' +
          'codes are listed in docs/errors.md.',
      },
    },
  });
  app.addSchema(ErrorBody);

  registerMetrics(app, deps);
  // /healthz: the process is up (restart it if not). /readyz: it can serve (send it traffic if so).
  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));
  registerReadiness(app, deps, redis);
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(
    async (api) => {
      api.addHook('onRequest', apiCeiling);
      // Organisation, origin, session and role are checked in onRequest, before the body is read or
      // validated: a request without a session is a 401 whatever its body. The slug is checked here,
      // as schema validation has not run yet.
      api.addHook('onRequest', async (request) => {
        const slug = (request.params as { org?: string }).org ?? '';
        if (!SLUG.test(slug))
          throw new AppError('VALIDATION_FAILED', {
            details: { field: 'params/org', rule: 'must be an organisation name' },
          });
        const org = await getOrganisation(deps, { slug });
        // Browsers always send Origin on these requests: refuse anything not from our own pages.
        const origin = request.headers.origin;
        if (UNSAFE_METHODS.has(request.method) && origin && !requestOrigins(deps, { org }).includes(origin))
          throw new AppError('ORIGIN_NOT_ALLOWED');
        request.org = org;
      });
      await registerRoutes(api, deps, [
        orgInfoRoutes,
        signInRoutes,
        setupRoutes,
        deviceLinkRoutes,
        oidcInteractionRoutes,
      ]);
      await api.register(async (member) => {
        member.addHook('onRequest', (request) => authenticate(deps, request, request.org!));
        // After validation, where each route's handler used to check it: a malformed request stays a 400.
        member.addHook('preHandler', async (request) => {
          await authenticateAgain(deps, request);
          return requireRecentVerificationWhereAsked(deps, request);
        });
        await registerRoutes(member, deps, [
          meRoutes,
          mePasskeyRoutes,
          meSessionRoutes,
          meDeviceLinkRoutes,
          meAppRoutes,
        ]);
        await member.register(async (admin) => {
          admin.addHook('onRequest', async (request) => requireAdmin(request));
          // Again as the session now stands (authenticateAgain): an admin demoted meanwhile is refused.
          admin.addHook('preHandler', async (request) => requireAdmin(request));
          await compressLargeAnswers(admin);
          await registerRoutes(admin, deps, [
            adminHomeRoutes,
            adminPolicyRoutes,
            adminUserRoutes,
            adminUserLifecycleRoutes,
            adminUserImportRoutes,
            adminEnrollmentRoutes,
            adminMailRoutes,
            adminActivityRoutes,
            adminAppRoutes,
            adminMobileAppRoutes,
            adminLanguageRoutes,
          ]);
        });
      });
    },
    { prefix: '/api/o/:org' },
  );

  // The operator console: an operator's session in the built-in `platform` organisation.
  await app.register(
    async (platform) => {
      platform.addHook('onRequest', apiCeiling);
      platform.addHook('onRequest', async (request) => {
        const origin = request.headers.origin;
        if (UNSAFE_METHODS.has(request.method) && origin && origin !== deps.config.publicUrl.origin)
          throw new AppError('ORIGIN_NOT_ALLOWED');
        // Without the platform organisation nobody is an operator.
        const platform = await findOrganisation(deps, { slug: PLATFORM_SLUG });
        if (!platform) throw new AppError('UNAUTHENTICATED');
        request.org = platform;
        await authenticate(deps, request, request.org);
        requireRole(request, ['operator']);
      });
      // As for members and admins: the far-reaching routes want an operator who proved it is them minutes ago.
      platform.addHook('preHandler', async (request) => {
        await authenticateAgain(deps, request);
        requireRole(request, ['operator']);
        return requireRecentVerificationWhereAsked(deps, request);
      });
      await compressLargeAnswers(platform);
      await platform.register(platformRoutes(deps));
    },
    { prefix: '/api/platform' },
  );

  await registerOidcProvider(app, deps, apiCeiling);
  registerWellKnown(app, deps, apiCeiling);
  registerDocs(app);
  registerAuthenticatorIcons(app, deps);
  await registerWeb(app, deps);
  return app;
}

/** Fastify's trustProxy: n hops is "trust the n nearest addresses" (its types have no number form). */
function trustProxyOption(
  trust: Config['trustProxy'],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return trust === false ? false : [...trust];
}

/** Registers each capability's routes in the scope, in order (each with its own encapsulation). */
async function registerRoutes(
  scope: FastifyInstance,
  deps: Deps,
  routes: ReadonlyArray<(deps: Deps) => FastifyPluginAsyncTypebox>,
): Promise<void> {
  for (const plugin of routes) await scope.register(plugin(deps));
}
