import type { FastifyInstance } from 'fastify';

/** The per-address API ceiling (`API_REQUESTS_PER_MINUTE`): one async hook, shared by every part of the API. */
export type ApiCeiling = ReturnType<FastifyInstance['rateLimit']>;
