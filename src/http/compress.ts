import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import fastifyCompress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

// The library reads `*` as gzip even where the client refused gzip by name ("gzip;q=0, *"): such a client gets
// the answer as it is, which it always takes (RFC 9110, 12.5.3), through the library's own opt-out header.
const REFUSES_GZIP = /(?:^|,)\s*(?:x-)?gzip\s*;\s*q=0(?:\.0{0,3})?\s*(?:,|$)/i;

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
  scope.addHook('onRequest', async (request) => {
    const accepted = request.headers['accept-encoding'];
    if (accepted?.includes('*') && REFUSES_GZIP.test(accepted)) request.headers['x-no-compression'] = 'gzip refused';
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
