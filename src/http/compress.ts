import { pipeline, type Readable } from 'node:stream';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Each coding an Accept-Encoding header names, with its q-value (1 when none; 0 when unreadable). */
function encodingWeights(header: string): Map<string, number> {
  const weights = new Map<string, number>();
  for (const part of header.toLowerCase().split(',')) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim());
    const q = params.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    if (name) weights.set(name, Number.isNaN(weight) ? 0 : weight);
  }
  return weights;
}

const weightOf = (weights: Map<string, number>, ...names: string[]) =>
  names.map((name) => weights.get(name)).find((weight) => weight !== undefined) ?? weights.get('*') ?? 0;

/** Whether an Accept-Encoding header takes gzip: listed (or `*`) with a q-value above 0, and not refused. */
export function acceptsGzip(header: string | undefined): boolean {
  return !!header && weightOf(encodingWeights(header), 'gzip', 'x-gzip') > 0;
}

/** The coding to answer in: Brotli (smaller) unless the client prefers gzip; null when it takes neither. */
export function preferredEncoding(header: string | undefined): 'br' | 'gzip' | null {
  if (!header) return null;
  const weights = encodingWeights(header);
  const br = weightOf(weights, 'br');
  const gzip = weightOf(weights, 'gzip', 'x-gzip');
  if (br > 0 && br >= gzip) return 'br';
  return gzip > 0 ? 'gzip' : null;
}

/** Smaller answers are sent as they are: compressing them saves less than it costs. */
export const COMPRESS_FROM_BYTES = 8 * 1024;

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
// Brotli's quality 5: close to its best ratio on JSON at a fraction of the default 11's CPU.
const BROTLI_OPTIONS = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } };

/**
 * Compresses this scope's answers of COMPRESS_FROM_BYTES or more (the admin's pages of users and activity:
 * about a tenth of the size) when the client accepts Brotli or gzip, on libuv's threads. Registered on the
 * admin and operator scopes only: sign-in and GET /me never run it. Streams (the activity export) and answers
 * already encoded are left to their route.
 */
export function compressLargeAnswers(scope: FastifyInstance): void {
  scope.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    if (Buffer.byteLength(payload) < COMPRESS_FROM_BYTES || reply.hasHeader('content-encoding')) return payload;
    reply.header('vary', 'accept-encoding');
    const encoding = preferredEncoding(request.headers['accept-encoding']);
    if (!encoding) return payload;
    reply.header('content-encoding', encoding);
    reply.removeHeader('content-length');
    return encoding === 'br' ? brotli(payload, BROTLI_OPTIONS) : gzip(payload);
  });
}

/**
 * Sends a stream, gzip-compressed as it is produced when the client accepts it (large exports
 * shrink about tenfold); either way with `Vary: Accept-Encoding`. A failure of the source
 * mid-way ends the compressed stream with the error too, so the client never sees a clean end.
 */
export function sendCompressible(request: FastifyRequest, reply: FastifyReply, body: Readable): FastifyReply {
  reply.header('vary', 'accept-encoding');
  if (!acceptsGzip(request.headers['accept-encoding'])) return reply.send(body);
  reply.header('content-encoding', 'gzip');
  return reply.send(pipeline(body, zlib.createGzip(), () => {}));
}
