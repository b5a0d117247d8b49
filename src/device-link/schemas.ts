import { Type } from '@sinclair/typebox';
import { ASSERTION_ERRORS, Identifier, Line, MEMBER_ERRORS, Ok, Password, type RouteSpec } from '../shared/schemas.js';
import { AuthenticationResponse, ReverificationOptions } from '../passkeys/schemas.js';
import { UserBody } from '../users/schemas.js';

/** A device link as the new device sees it; `completed` once it signed in. */
export const DEVICE_LINK_STATES = ['pending', 'approved', 'denied', 'expired', 'completed'] as const;

export const RequestView = Type.Object({
  id: Type.String(),
  userAgentLabel: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.Number(),
  expiresAt: Type.Number(),
});

/** POST /api/o/:org/me/device-links/lookup */
export const PostMeDeviceLinksLookup = {
  summary: '"Verify code": what is asking to be signed in with this code (browser and OS, time, IP address)',
  body: Type.Object({ code: Line(32, { minLength: 1 }) }),
  reply: Type.Object({ request: RequestView }),
  errors: [...MEMBER_ERRORS, 'DEVICE_CODE_INVALID'],
} as const satisfies RouteSpec;

/** POST /api/o/:org/me/device-links/:id/approve/options */
export const PostMeDeviceLinksIdApproveOptions = {
  summary: 'Options for the passkey check that "Approve" asks for',
  ...ReverificationOptions,
} as const satisfies RouteSpec;

/** POST /api/o/:org/me/device-links/:id/approve */
export const PostMeDeviceLinksIdApprove = {
  summary: 'Approve the request, proving it is you with your passkey (or your password if you have no passkey)',
  body: Type.Object({ response: Type.Optional(AuthenticationResponse), password: Type.Optional(Password) }),
  reply: Ok,
  errors: [
    ...MEMBER_ERRORS,
    'DEVICE_LINK_NOT_FOUND',
    ...ASSERTION_ERRORS,
    'PASSWORD_INCORRECT',
    'PASSWORD_SIGN_IN_DISABLED',
  ],
} as const satisfies RouteSpec;

/** POST /api/o/:org/me/device-links/:id/deny */
export const PostMeDeviceLinksIdDeny = {
  summary: 'Deny the request',
  reply: Ok,
  errors: [...MEMBER_ERRORS, 'DEVICE_LINK_NOT_FOUND'],
} as const satisfies RouteSpec;

/** POST /api/o/:org/device-link */
export const PostDeviceLink = {
  summary: 'Ask to be signed in from a device where the account is already signed in; returns the code to show',
  body: Type.Object({ identifier: Identifier }),
  reply: Type.Object({ id: Type.String(), code: Type.String(), expiresAt: Type.Number() }),
  errors: ['ORG_NOT_FOUND'],
} as const satisfies RouteSpec;

/** GET /api/o/:org/device-link/:id */
export const GetDeviceLinkId = {
  summary: "The state of this browser's own request: pending, approved, denied, expired or completed",
  reply: Type.Object({
    state: Type.Union(DEVICE_LINK_STATES.map((s) => Type.Literal(s))),
    expiresAt: Type.Number(),
  }),
  errors: ['ORG_NOT_FOUND', 'DEVICE_LINK_NOT_FOUND'],
} as const satisfies RouteSpec;

/** POST /api/o/:org/device-link/:id/cancel */
export const PostDeviceLinkIdCancel = {
  summary:
    "Give up this browser's own request (Cancel, or a new code): its code stops working at once. The same answer " +
    'whether there was one to cancel or not',
  reply: Ok,
  errors: ['ORG_NOT_FOUND', 'DEVICE_LINK_NOT_FOUND'],
} as const satisfies RouteSpec;

/** POST /api/o/:org/device-link/:id/complete */
export const PostDeviceLinkIdComplete = {
  summary: 'Collect the session of an approved request (once, in the browser that asked)',
  reply: Type.Object({ user: UserBody }),
  errors: ['ORG_NOT_FOUND', 'DEVICE_LINK_NOT_APPROVED', 'ACCOUNT_DISABLED'],
} as const satisfies RouteSpec;
