import { pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Whether an Accept-Encoding header takes gzip: listed (or `*`) with a q-value above 0, and not refused. */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  const weights = new Map<string, number>();
  for (const part of header.toLowerCase().split(',')) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim());
    const q = params.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    if (name) weights.set(name, Number.isNaN(weight) ? 0 : weight);
  }
  return (weights.get('gzip') ?? weights.get('x-gzip') ?? weights.get('*') ?? 0) > 0;
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
