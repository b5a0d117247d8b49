import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import { lazySchemas } from './lazy-schemas.js';

const helmetOptions: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  // The WebAuthn API needs this document to be top-level, not framed.
  crossOriginEmbedderPolicy: false,
};

/**
 * Helmet's headers (strict CSP, no framing, …) on every answer. They are the same for every request,
 * but @fastify/helmet re-parses its directives on each one; so helmet computes them once, on a
 * throw-away instance, and each request copies the result.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  // It has no schemas: with the lazy compilers it does not load Ajv at start-up either.
  const probe = Fastify({ schemaController: { compilersFactory: lazySchemas().compilersFactory } });
  await probe.register(fastifyHelmet, helmetOptions);
  probe.get('/', async () => '');
  const { headers } = await probe.inject('/');
  await probe.close();
  const transport = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive']);
  const securityHeaders = Object.fromEntries(Object.entries(headers).filter(([name]) => !transport.has(name)));
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(securityHeaders);
    done();
  });
}
