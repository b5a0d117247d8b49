import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import fastifyCompress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

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

/**
 * Compresses this scope's answers of COMPRESS_FROM_BYTES or more (the admin's pages of users and activity:
 * about a tenth of the size), and its streams, in Brotli or gzip as the client prefers (@fastify/compress).
 * Registered on the admin and operator scopes only: sign-in and GET /me never run it.
 */
export async function compressLargeAnswers(scope: FastifyInstance): Promise<void> {
  // The library names Accept-Encoding in Vary only on what it compresses: what it would have compressed for
  // another client says so too, so that a cache never hands one client the coding another one asked for.
  scope.addHook('onSend', async (_request, reply, payload) => {
    const buffered = typeof payload === 'string' || Buffer.isBuffer(payload);
    if (payload instanceof Readable || (buffered && Buffer.byteLength(payload) >= COMPRESS_FROM_BYTES))
      reply.header('vary', 'accept-encoding');
    return payload;
  });
  await scope.register(fastifyCompress, {
    threshold: COMPRESS_FROM_BYTES,
    encodings: ['br', 'gzip'],
    // Brotli's quality 5: close to its best ratio on JSON at a fraction of the default 11's CPU.
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } },
    // Always on libuv's threads, never in one call on the event loop, which is kept for sign-ins.
    syncThreshold: 0,
    // Request bodies are read as they come, as in the rest of the API.
    globalDecompression: false,
  });
}
