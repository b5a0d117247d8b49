import { Type } from '@sinclair/typebox';
import { ASSERTION_ERRORS, Identifier, Ok, Password, type RouteSpec } from '../shared/schemas.js';
import { AuthenticationOptionsBody, AuthenticationResponse } from '../passkeys/schemas.js';
import { UserBody } from '../users/schemas.js';

export const SignInResult = Type.Object({
  user: UserBody,
  signal: Type.Optional(
    Type.Object({
      rpId: Type.String(),
      userId: Type.String(),
      name: Type.String(),
      displayName: Type.String(),
      allAcceptedCredentialIds: Type.Array(Type.String()),
    }),
  ),
});

/** POST /api/o/:org/sign-in/identify */
export const PostSignInIdentify = {
  summary: 'Which ways of signing in to offer for this username or email',
  description:
    'An unknown account gets the same answer as an account with only a password. ' +
    'Where the organisation hides whether an account exists, everyone gets the same answer.',
  body: Type.Object({ identifier: Identifier }),
  reply: Type.Object({
    passkey: Type.Boolean(),
    password: Type.Boolean(),
    /** Present where the organisation hides whether an account exists: this answer is everyone's. */
    sameForEveryone: Type.Optional(Type.Literal(true)),
  }),
  errors: ['ORG_NOT_FOUND'],
} as const satisfies RouteSpec;

/** POST /api/o/:org/sign-in/password */
export const PostSignInPassword = {
  summary: 'Sign in with username or email and password',
  body: Type.Object({ identifier: Identifier, password: Password }),
  reply: SignInResult,
  errors: [
    'ORG_NOT_FOUND',
    'INVALID_CREDENTIALS',
    'PASSWORD_SIGN_IN_DISABLED',
    'ACCOUNT_DISABLED',
    'PASSWORD_SIGN_IN_BUSY',
  ],
} as const satisfies RouteSpec;

/** POST /api/o/:org/sign-in/passkey/options */
export const PostSignInPasskeyOptions = {
  summary:
    'Options for navigator.credentials.get(): ' +
    'with an identifier for identifier-first sign-in, without for usernameless or autofill',
  body: Type.Object({ identifier: Type.Optional(Identifier) }),
  reply: AuthenticationOptionsBody,
  errors: ['ORG_NOT_FOUND'],
} as const satisfies RouteSpec;

/** POST /api/o/:org/sign-in/passkey/verify */
export const PostSignInPasskeyVerify = {
  summary: 'Verify a passkey assertion and sign in',
  body: Type.Object({ response: AuthenticationResponse }),
  reply: SignInResult,
  errors: ['ORG_NOT_FOUND', ...ASSERTION_ERRORS, 'ACCOUNT_DISABLED'],
} as const satisfies RouteSpec;

/** POST /api/o/:org/sign-out */
export const PostSignOut = {
  summary: 'Sign out this browser',
  reply: Ok,
  errors: ['ORG_NOT_FOUND'],
} as const satisfies RouteSpec;
