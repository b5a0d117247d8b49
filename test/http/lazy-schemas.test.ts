import Fastify, { type FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { lazySchemas } from '../../src/http/lazy-schemas.js';

const ajv = { customOptions: { coerceTypes: false, removeAdditional: false } };
const body = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: { name: { type: 'string', minLength: 2 }, size: { type: 'integer', default: 3 } },
};
const response = { 200: { type: 'object', properties: { name: { type: 'string' }, size: { type: 'integer' } } } };

/** The same route on Fastify's eager compilers or on the lazy ones; it answers the body back with a secret. */
async function server(lazy: boolean, schema: object = { body, response }): Promise<FastifyInstance> {
  const app = Fastify(lazy ? { ajv, schemaController: { compilersFactory: lazySchemas().compilersFactory } } : { ajv });
  app.post('/echo', { schema }, async (request) => ({ ...(request.body as object), secret: 'not sent' }));
  await app.ready();
  return app;
}

describe('lazily compiled route schemas', () => {
  it('validate, fill defaults and serialize exactly as Fastify does', async () => {
    const eager = await server(false);
    const lazy = await server(true);
    const bodies = [{ name: 'ab' }, { name: 'ab', size: 7 }, { name: 'a' }, {}, { name: 'ab', size: '7' }, { x: 1 }];
    for (const payload of [...bodies, 'not json']) {
      const [a, b] = await Promise.all(
        [eager, lazy].map((app) =>
          app.inject({ method: 'POST', url: '/echo', payload, headers: { 'content-type': 'application/json' } }),
        ),
      );
      expect({ status: b.statusCode, body: b.json() }).toEqual({ status: a.statusCode, body: a.json() });
    }
    expect((await lazy.inject({ method: 'POST', url: '/echo', payload: { name: 'ab' } })).json()).toEqual({
      name: 'ab',
      size: 3,
    });
  });

  it('compile nothing before a request needs it; warm-up compiles the rest, and reports a broken schema', async () => {
    const broken = { body: { type: 'object', properties: { at: { type: 'string', format: 'no-such-format' } } } };
    // Fastify's own compilers refuse it before listening.
    await expect(server(false, broken)).rejects.toThrow(/no-such-format/);
    const schemas = lazySchemas();
    const app = Fastify({ ajv, schemaController: { compilersFactory: schemas.compilersFactory } });
    app.post('/broken', { schema: broken }, async () => ({}));
    await app.ready();
    await expect(schemas.warm(() => false)).rejects.toThrow(/no-such-format/);
    expect((await app.inject({ method: 'POST', url: '/broken', payload: {} })).statusCode).toBe(500);
  });
});
