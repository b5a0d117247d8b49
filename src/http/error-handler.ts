import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isConcurrencyConflict, isDatabaseUnavailable } from '../db/unavailable.js';
import { AppError, ERRORS, type ErrorCode } from '../errors.js';
import { isRedisUnavailable, UNAVAILABLE_RETRY_AFTER_SECONDS } from '../shared/redis.js';

// Fastify's own codes for requests it refuses before a handler runs.
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
};

// Refusals the router makes before any route (and so before the error handler) is chosen.
const ROUTER_RULES: Record<string, string> = {
  FST_ERR_BAD_URL: 'the path is not valid percent-encoding',
  FST_ERR_MAX_PARAM_LENGTH: 'a path segment is too long',
};

export function errorBody(code: ErrorCode, details?: Record<string, unknown>) {
  return { error: { code, message: messageOf(code, details), ...(details ? { details } : {}) } };
}

/** The public message with its placeholders filled from the details ("send the request to {publicUrl}"). */
function messageOf(code: ErrorCode, details?: Record<string, unknown>): string {
  const { message } = ERRORS[code];
  if (!details) return message;
  return message.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    typeof details[name] === 'string' ? details[name] : placeholder,
  );
}

/** Maps any error to `{ error: { code, message } }`; internal causes are logged, never sent. */
function sendError(err: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) {
  if (err instanceof AppError) {
    // RATE_LIMITED and the 503s say when to try again.
    if (err.details?.retryAfterSeconds) reply.header('retry-after', String(Number(err.details.retryAfterSeconds)));
    // The cause (e.g. a library's verification message) helps operators; it is logged at debug level only.
    if (err.cause)
      request.log.debug(
        { code: err.code, cause: String((err.cause as Error)?.message ?? err.cause).slice(0, 300) },
        'request refused',
      );
    return reply.status(err.status).send(errorBody(err.code, err.details));
  }
  const rule = err.code ? ROUTER_RULES[err.code] : undefined;
  // The URL is not echoed: it may carry a token.
  if (rule) return reply.status(400).send(errorBody('VALIDATION_FAILED', { field: 'url', rule }));
  const mapped = err.code ? FASTIFY_CODES[err.code] : undefined;
  if (err.validation) {
    // Name the field and the rule, never the value that was sent.
    const first = err.validation[0];
    const field = first ? `${err.validationContext ?? 'body'}${first.instancePath || ''}` : undefined;
    return reply.status(400).send(errorBody('VALIDATION_FAILED', { field, rule: first?.message }));
  }
  if (mapped) return reply.status(ERRORS[mapped].status).send(errorBody(mapped));
  if (err instanceof SyntaxError) return reply.status(400).send(errorBody('MALFORMED_JSON'));
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    request.log.info({ fastifyCode: err.code, status }, 'client error');
    return reply.status(400).send(errorBody('VALIDATION_FAILED'));
  }
  // A dependency that is down is not a bug: a coded 503 the client may retry, logged without its message
  // (it may name hosts).
  const outage: ErrorCode | undefined = isRedisUnavailable(err)
    ? 'REDIS_UNAVAILABLE'
    : isDatabaseUnavailable(err)
      ? 'DATABASE_UNAVAILABLE'
      : undefined;
  if (outage) {
    request.log.warn({ code: outage, cause: (err as { code?: string }).code ?? err.name }, 'dependency unavailable');
    reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    return reply.status(503).send(errorBody(outage, { retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS }));
  }
  if (isConcurrencyConflict(err)) {
    request.log.warn({ code: 'CONCURRENT_CHANGE', cause: (err as { code?: string }).code }, 'transactions crossed');
    return reply.status(409).send(errorBody('CONCURRENT_CHANGE'));
  }
  request.log.error({ err }, 'unhandled error');
  return reply.status(500).send(errorBody('INTERNAL'));
}

/** The error handler, plus the same mapping for the router's own refusals (Fastify's `frameworkErrors`). */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(sendError);
}

export function frameworkErrors(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  // Sent before any hook runs, so the no-store header is set here.
  reply.header('cache-control', 'no-store');
  void sendError(err, request, reply);
}
