import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { Type } from '@sinclair/typebox';
import { MEMBER_ERRORS, type RouteSpec, Text } from '../shared/schemas.js';

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

/** WebAuthn options are produced by @simplewebauthn/server and passed through unchanged: typed as its own. */
const passedThrough = (description: string) => Type.Object({}, { additionalProperties: true, description });
export const RequestOptions = Type.Unsafe<PublicKeyCredentialRequestOptionsJSON>(
  passedThrough('PublicKeyCredentialRequestOptionsJSON'),
);
export const CreationOptions = Type.Unsafe<PublicKeyCredentialCreationOptionsJSON>(
  passedThrough('PublicKeyCredentialCreationOptionsJSON'),
);

/** Options for navigator.credentials.get(): signing in, or a signed-in member's passkey check. */
export const AuthenticationOptionsBody = Type.Object({ options: RequestOptions });

/** A signed-in member's passkey check (re-verification, approving a device link): its options. */
export const ReverificationOptions = {
  reply: AuthenticationOptionsBody,
  errors: [...MEMBER_ERRORS, 'PASSKEYS_DISABLED'],
} as const;

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
  /** Reached over USB, NFC or Bluetooth only: it goes from computer to computer. */
  securityKey: Type.Boolean(),
});

/** A passkey added or renamed. */
export const PasskeyAnswer = Type.Object({ passkey: PasskeyBody });

/** GET /api/o/:org/me/passkeys */
export const GetMePasskeys = {
  summary: 'Your passkeys, and which one signed this browser in ("This device")',
  reply: Type.Object({
    passkeys: Type.Array(PasskeyBody),
    thisDevicePasskeyId: Type.Union([Type.String(), Type.Null()]),
  }),
  errors: MEMBER_ERRORS,
} as const satisfies RouteSpec;

/** POST /api/o/:org/me/passkeys/options */
export const PostMePasskeysOptions = {
  summary: 'Options for navigator.credentials.create() to add a passkey (needs a verification in the last 5 minutes)',
  reply: Type.Object({ options: CreationOptions }),
  errors: [...MEMBER_ERRORS, 'REVERIFY_REQUIRED', 'PASSKEYS_DISABLED', 'PASSKEY_LIMIT_REACHED'],
} as const satisfies RouteSpec;

/** POST /api/o/:org/me/passkeys */
export const PostMePasskeys = {
  summary: 'Verify a new passkey and add it',
  body: Type.Object({ response: RegistrationResponse, name: Type.Optional(Text(64)) }),
  reply: PasskeyAnswer,
  errors: [
    ...MEMBER_ERRORS,
    'REVERIFY_REQUIRED',
    'PASSKEYS_DISABLED',
    'CHALLENGE_INVALID',
    'PASSKEY_RESPONSE_INVALID',
    'PASSKEY_ALREADY_REGISTERED',
    'PASSKEY_KEY_UNSUPPORTED',
    'PASSKEY_LIMIT_REACHED',
  ],
} as const satisfies RouteSpec;

/** PATCH /api/o/:org/me/passkeys/:id */
export const PatchMePasskeysId = {
  summary: 'Rename a passkey',
  body: Type.Object({ name: Text(64) }),
  reply: PasskeyAnswer,
  errors: [...MEMBER_ERRORS, 'PASSKEY_NOT_FOUND'],
} as const satisfies RouteSpec;

/** DELETE /api/o/:org/me/passkeys/:id */
export const DeleteMePasskeysId = {
  summary: 'Delete a passkey, after a verification in the last 5 minutes; refused when it is your last way to sign in',
  reply: Type.Object({
    ok: Type.Literal(true),
    signal: Type.Object({ rpId: Type.String(), credentialId: Type.String() }),
  }),
  errors: [...MEMBER_ERRORS, 'REVERIFY_REQUIRED', 'PASSKEY_NOT_FOUND', 'LAST_SIGN_IN_METHOD'],
} as const satisfies RouteSpec;
