import { Type } from '@sinclair/typebox';
import { MEMBER_ERRORS, Ok, type RouteSpec } from '../shared/schemas.js';

const SessionFields = {
  method: Type.String(),
  /** The passkey that signed it in, by its name (null: another way, or the passkey is gone). */
  passkeyName: Type.Union([Type.String(), Type.Null()]),
  userAgentLabel: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.Number(),
  lastSeenAt: Type.Number(),
  /** Idle in its browser (signed out there), apps still signed in under it: signing it out ends them. */
  idle: Type.Boolean(),
};

/** A session as its member's Sessions page lists it. */
export const SessionBody = Type.Object({ id: Type.String(), current: Type.Boolean(), ...SessionFields });

/** A session as an admin sees it on a user's page. */
export const AdminSessionBody = Type.Object({ id: Type.String(), ...SessionFields });

/** Sessions ended at once: how many. */
export const RevokedBody = Type.Object({ revoked: Type.Integer() });

/** GET /api/o/:org/me/sessions */
export const GetMeSessions = {
  summary: 'Your active sessions',
  reply: Type.Object({ sessions: Type.Array(SessionBody) }),
  errors: MEMBER_ERRORS,
} as const satisfies RouteSpec;

/** DELETE /api/o/:org/me/sessions/:id */
export const DeleteMeSessionsId = {
  summary: 'Sign out one of your sessions, after a verification in the last 5 minutes',
  reply: Ok,
  errors: [...MEMBER_ERRORS, 'REVERIFY_REQUIRED', 'SESSION_NOT_FOUND'],
} as const satisfies RouteSpec;

/** POST /api/o/:org/me/sessions/revoke-others */
export const PostMeSessionsRevokeOthers = {
  summary: 'Sign out every session but this one, after a verification in the last 5 minutes',
  reply: RevokedBody,
  errors: [...MEMBER_ERRORS, 'REVERIFY_REQUIRED'],
} as const satisfies RouteSpec;
