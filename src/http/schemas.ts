import { Type, type TSchema } from '@sinclair/typebox';
import { ERRORS, type ErrorCode } from '../errors.js';
import { REQUEST_ERRORS, type RouteSpec } from '../shared/schemas.js';
import { Slug } from '../orgs/schemas.js';

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Optional(Type.Object({}, { additionalProperties: true })),
    }),
  },
  { $id: 'ErrorBody' },
);

/** Response schemas for a route: its success schemas plus one error schema per status its codes use. */
export function responses(success: Record<number, TSchema>, codes: readonly ErrorCode[]): Record<number, TSchema> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of [...codes, ...REQUEST_ERRORS]) {
    const status = ERRORS[code].status;
    byStatus.set(status, [...new Set([...(byStatus.get(status) ?? []), code])]);
  }
  const result: Record<number, TSchema> = { ...success };
  for (const [status, list] of byStatus) {
    result[status] = Type.Ref(ErrorBody, { description: `Error codes: ${list.join(', ')}` });
  }
  return result;
}

/** The Fastify schema of a route declared by its spec: typed so the handler's body, query and params are. */
export type SpecSchema<S extends RouteSpec, P extends TSchema | undefined> = {
  tags: string[];
  summary: string;
  description?: string;
  params: P;
  response: Record<number, TSchema>;
} & (S extends { body: infer B extends TSchema } ? { body: B } : unknown) &
  (S extends { query: infer Q extends TSchema } ? { querystring: Q } : unknown);

/**
 * The schemas of one file's routes, under its OpenAPI tags: each from the route's spec (summary,
 * body, query, replies and their error codes) and its path parameters (none: undefined).
 */
export function routeSchemas(tags: string[]) {
  return <S extends RouteSpec, P extends TSchema | undefined>(spec: S, params: P): SpecSchema<S, P> =>
    ({
      tags,
      summary: spec.summary,
      ...(spec.description === undefined ? {} : { description: spec.description }),
      ...(params === undefined ? {} : { params }),
      ...(spec.body === undefined ? {} : { body: spec.body }),
      ...(spec.query === undefined ? {} : { querystring: spec.query }),
      response: responses({ 200: spec.reply }, spec.errors),
    }) as SpecSchema<S, P>;
}

export const OrgParams = Type.Object({ org: Slug });
export const OrgAndIdParams = Type.Object({ org: Slug, id: Type.String({ format: 'uuid' }) });
/** An app's client id, as the admin's and the member's Apps pages name it. */
export const OrgAndClientIdParams = Type.Object({
  org: Slug,
  clientId: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }),
});
