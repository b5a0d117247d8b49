import { Type, type TSchema } from '@sinclair/typebox';
import { ERRORS, type ErrorCode } from '../errors.js';
import { REQUEST_ERRORS, type RouteSpec } from '../shared/schemas.js';
import { SLUG_PATTERN } from '../orgs/schemas.js';

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

/** The response schemas of a route's contract: its reply (200) and its error codes. */
export const replies = (spec: RouteSpec) => responses({ 200: spec.reply }, spec.errors);

export const OrgParams = Type.Object({ org: Type.String({ pattern: SLUG_PATTERN, maxLength: 40 }) });
export const OrgAndIdParams = Type.Object({
  org: Type.String({ pattern: SLUG_PATTERN, maxLength: 40 }),
  id: Type.String({ format: 'uuid' }),
});
