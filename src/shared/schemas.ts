import { Type, type TSchema } from '@sinclair/typebox';
import type { ErrorCode } from '../errors.js';
import { NOT_IN_NAMES } from './names.js';

/**
 * One route's contract: what it does in a line (its OpenAPI summary), what it takes, what it answers,
 * and the error codes it may answer beyond the request refusals every route shares. Routes validate
 * with it (src/http/routes) and the web's types are read from it (src/http/contract.ts), so the two
 * cannot drift.
 */
export interface RouteSpec {
  summary: string;
  /** More than the summary says, where a client needs it. */
  description?: string;
  body?: TSchema;
  query?: TSchema;
  reply: TSchema;
  errors: readonly ErrorCode[];
}

/** Refusals of the request itself, before the route's own logic: any API route may answer them. */
export const REQUEST_ERRORS = [
  'VALIDATION_FAILED',
  'RATE_LIMITED',
  'MALFORMED_JSON',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'ORIGIN_NOT_ALLOWED',
  'WRONG_HOST',
  'SHUTTING_DOWN',
  'DATABASE_UNAVAILABLE',
  'CONCURRENT_CHANGE',
  'REDIS_UNAVAILABLE',
  'PASSWORD_CHECK_UNAVAILABLE',
] as const satisfies readonly ErrorCode[];

/** Errors every signed-in member route can answer. */
export const MEMBER_ERRORS = [
  'ORG_NOT_FOUND',
  'UNAUTHENTICATED',
  'PASSKEY_SETUP_REQUIRED',
] as const satisfies readonly ErrorCode[];
/** Errors every admin route can answer. */
export const ADMIN_ERRORS = [...MEMBER_ERRORS, 'FORBIDDEN'] as const satisfies readonly ErrorCode[];
/** Errors checking a passkey's assertion can answer (sign-in and re-verification). */
export const ASSERTION_ERRORS = [
  'PASSKEYS_DISABLED',
  'CHALLENGE_INVALID',
  'PASSKEY_RESPONSE_INVALID',
  'PASSKEY_UNKNOWN',
  'PASSKEY_OTHER_ORGANISATION',
  'PASSKEY_COUNTER_REGRESSED',
] as const satisfies readonly ErrorCode[];

export const Ok = Type.Object({ ok: Type.Literal(true) });

// Control characters are never part of a name, and PostgreSQL refuses NUL in text: refuse them here.
const NO_CONTROL_CHARACTERS = `^[^${NOT_IN_NAMES}]*$`;
const NO_NUL = '^[^\\u0000]*$';

/** Text a person types (names, usernames, emails): bounded, without control characters. */
export const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: NO_CONTROL_CHARACTERS });

/** One line a client sends (a search, a cursor, a code as typed): may be empty, no control characters. */
export const Line = (maxLength: number, options: { minLength?: number; description?: string } = {}) =>
  Type.String({ maxLength, pattern: NO_CONTROL_CHARACTERS, ...options });

export const Identifier = Text(320);
// Passwords are checked for length by the domain (clear codes); the schema bounds the body and refuses NUL.
export const Password = Type.String({ minLength: 1, maxLength: 1024, pattern: NO_NUL });
