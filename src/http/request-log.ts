import type { FastifyInstance } from 'fastify';

/**
 * One line per answered request, at info: method, path, status and time, what Fastify's "incoming request" and
 * "request completed" pair said in two. The query's values are left out (an app's sign-out sends the ID token
 * in `id_token_hint`, a search names a member); links carry their secrets in the fragment, which never reaches
 * the server (test/http/secrets-in-logs.test.ts checks both).
 */
export function logRequests(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        url: withoutQueryValues(request.originalUrl),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        remoteAddress: request.ip,
      },
      'request',
    );
  });
}

/** `/path?id_token_hint=eyJ…&state=x` → `/path?id_token_hint&state`. */
export function withoutQueryValues(url: string): string {
  const mark = url.indexOf('?');
  if (mark === -1) return url;
  const keys = url
    .slice(mark + 1)
    .split('&')
    .map((pair) => pair.split('=')[0]);
  return `${url.slice(0, mark)}?${keys.join('&')}`;
}
