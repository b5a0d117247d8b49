import { Type, type TSchema } from '@sinclair/typebox';
import { ERRORS, type ErrorCode } from '../errors.js';
import { SLUG_PATTERN } from '../orgs/organisations.js';

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

/** Refusals of the request itself, before the route's own logic: any API route may answer them. */
const REQUEST_ERRORS: ErrorCode[] = [
  'VALIDATION_FAILED',
  'RATE_LIMITED',
  'MALFORMED_JSON',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'ORIGIN_NOT_ALLOWED',
  'WRONG_HOST',
  'SHUTTING_DOWN',
  'DATABASE_UNAVAILABLE',
  'REDIS_UNAVAILABLE',
];

/** Response schemas for a route: its success schemas plus one error schema per status its codes use. */
export function responses(success: Record<number, TSchema>, codes: ErrorCode[]): Record<number, TSchema> {
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

/** Errors every signed-in member route can answer. */
export const MEMBER_ERRORS: ErrorCode[] = ['ORG_NOT_FOUND', 'UNAUTHENTICATED', 'PASSKEY_SETUP_REQUIRED'];
/** Errors every admin route can answer. */
export const ADMIN_ERRORS: ErrorCode[] = [...MEMBER_ERRORS, 'FORBIDDEN'];

export const OrgParams = Type.Object({ org: Type.String({ pattern: SLUG_PATTERN, maxLength: 40 }) });
export const OrgAndIdParams = Type.Object({
  org: Type.String({ pattern: SLUG_PATTERN, maxLength: 40 }),
  id: Type.String({ format: 'uuid' }),
});

const Base64Url = (maxLength: number) => Type.String({ pattern: '^[A-Za-z0-9_-]+$', minLength: 1, maxLength });
const Transport = Type.Union(
  ['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'].map((t) => Type.Literal(t)),
);
// Extension outputs are defined by each extension and may grow; they are bounded by the body limit.
const ExtensionResults = Type.Object({}, { additionalProperties: true });

/** A browser's answer to navigator.credentials.create(), as @simplewebauthn/browser sends it. */
export const RegistrationResponse = Type.Object({
  id: Base64Url(1366),
  rawId: Base64Url(1366),
  type: Type.Literal('public-key'),
  response: Type.Object({
    clientDataJSON: Base64Url(4096),
    attestationObject: Base64Url(32_768),
    authenticatorData: Type.Optional(Base64Url(16_384)),
    transports: Type.Optional(Type.Array(Transport, { maxItems: 8 })),
    publicKeyAlgorithm: Type.Optional(Type.Integer()),
    publicKey: Type.Optional(Base64Url(4096)),
  }),
  authenticatorAttachment: Type.Optional(Type.Union([Type.Literal('platform'), Type.Literal('cross-platform')])),
  clientExtensionResults: ExtensionResults,
});

/** A browser's answer to navigator.credentials.get(). */
export const AuthenticationResponse = Type.Object({
  id: Base64Url(1366),
  rawId: Base64Url(1366),
  type: Type.Literal('public-key'),
  response: Type.Object({
    clientDataJSON: Base64Url(4096),
    authenticatorData: Base64Url(16_384),
    signature: Base64Url(2048),
    userHandle: Type.Optional(Base64Url(128)),
  }),
  authenticatorAttachment: Type.Optional(Type.Union([Type.Literal('platform'), Type.Literal('cross-platform')])),
  clientExtensionResults: ExtensionResults,
});

/** WebAuthn options are produced by @simplewebauthn/server and passed through unchanged. */
export const WebAuthnOptions = Type.Object(
  {},
  { additionalProperties: true, description: 'PublicKeyCredential*OptionsJSON' },
);

export const UserBody = Type.Object({
  id: Type.String(),
  username: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  displayName: Type.String(),
  role: Type.String(),
  hasPassword: Type.Boolean(),
  passkeyCount: Type.Integer(),
});

/** After a setup link or an enrollment code: who is signed in, and which setup steps apply. */
export const EnrollmentStart = Type.Object({
  user: UserBody,
  passkeysOffered: Type.Boolean(),
  passkeyRequired: Type.Boolean(),
  passwordAllowed: Type.Boolean(),
});

export const PasskeyBody = Type.Object({
  id: Type.String(),
  name: Type.String(),
  authenticatorName: Type.Union([Type.String(), Type.Null()]),
  /** URL paths of the authenticator's icon (from the AAGUID list), or null. */
  authenticatorIcon: Type.Union([Type.Object({ light: Type.String(), dark: Type.String() }), Type.Null()]),
  backupEligible: Type.Boolean(),
  backedUp: Type.Boolean(),
  createdAt: Type.Number(),
  lastUsedAt: Type.Union([Type.Number(), Type.Null()]),
  lastUsedUserAgentLabel: Type.Union([Type.String(), Type.Null()]),
});

/** The policy's "ways in" rule (src/policy/ways-in.ts): two passkeys, or a passkey and a password. */
export const WaysInBody = Type.Object({
  passkeys: Type.Integer(),
  password: Type.Boolean(),
  count: Type.Integer(),
  canAddPasskey: Type.Boolean(),
  canAddPassword: Type.Boolean(),
  backupNeeded: Type.Boolean(),
});

export const Ok = Type.Object({ ok: Type.Literal(true) });

/** A user as the admin console lists them. */
export const AdminUserBody = Type.Object({
  id: Type.String(),
  username: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  displayName: Type.String(),
  role: Type.String(),
  status: Type.String(),
  enrollment: Type.Union([Type.Literal('enrolled'), Type.Literal('pending')]),
  passkeyCount: Type.Integer(),
  createdAt: Type.Number(),
});

// Control characters are never part of a name, and PostgreSQL refuses NUL in text: refuse them here.
const NO_CONTROL_CHARACTERS = '^[^\\u0000-\\u001f\\u007f]*$';
const NO_NUL = '^[^\\u0000]*$';

/** Text a person types (names, usernames, emails): bounded, without control characters. */
export const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: NO_CONTROL_CHARACTERS });

/** One line a client sends (a search, a cursor, a code as typed): may be empty, no control characters. */
export const Line = (maxLength: number, options: { minLength?: number; description?: string } = {}) =>
  Type.String({ maxLength, pattern: NO_CONTROL_CHARACTERS, ...options });

export const Identifier = Text(320);
// Passwords are checked for length by the domain (clear codes); the schema bounds the body and refuses NUL.
export const Password = Type.String({ minLength: 1, maxLength: 1024, pattern: NO_NUL });
