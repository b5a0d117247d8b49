import type { FastifyInstance } from 'fastify';

/**
 * One line per answered request, at info: method, path, status and time, what Fastify's "incoming request" and
 * "request completed" pair said in two. The URL is logged as Fastify logged it (links carry their secrets in the
 * fragment, which never reaches the server; test/http/secrets-in-logs.test.ts checks).
 */
export function logRequests(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        remoteAddress: request.ip,
      },
      'request',
    );
  });
}
