import type { FastifyInstance } from 'fastify';

/** The codes a route declares for a status, from the description `responses()` gives each error schema. */
function declaredCodes(schema: unknown, status: number): string[] | undefined {
  const response = (schema as { response?: Record<string, { description?: string }> } | undefined)?.response;
  const description = response?.[String(status)]?.description;
  return description?.startsWith('Error codes: ') ? description.slice('Error codes: '.length).split(', ') : undefined;
}

/**
 * Reports every error answer whose code the route's schema does not declare, so the OpenAPI
 * document and docs cannot drift from what routes really answer. Used by the tests.
 */
export function reportUndeclaredErrors(app: FastifyInstance, report: (route: string, code: string) => void): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const schema = request.routeOptions.schema;
    if (reply.statusCode < 400 || !schema?.response || typeof payload !== 'string') return payload;
    let code: unknown;
    try {
      code = (JSON.parse(payload) as { error?: { code?: unknown } }).error?.code;
    } catch {
      return payload;
    }
    if (typeof code !== 'string') return payload;
    const declared = declaredCodes(schema, reply.statusCode);
    if (!declared?.includes(code)) report(`${request.method} ${request.routeOptions.url} ${reply.statusCode}`, code);
    return payload;
  });
}
