import { Type } from '@sinclair/typebox';
import { ASSERTION_ERRORS, Identifier, Ok, Password, type RouteSpec } from '../shared/schemas.js';
import { AuthenticationResponse, RequestOptions } from '../passkeys/schemas.js';
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
  body: Type.Object({ identifier: Identifier }),
  reply: Type.Object({ passkey: Type.Boolean(), password: Type.Boolean() }),
  errors: ['ORG_NOT_FOUND'],
} as const satisfies RouteSpec;

/** POST /api/o/:org/sign-in/password */
export const PostSignInPassword = {
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
  body: Type.Object({ identifier: Type.Optional(Identifier) }),
  reply: Type.Object({ options: RequestOptions }),
  errors: ['ORG_NOT_FOUND'],
} as const satisfies RouteSpec;

/** POST /api/o/:org/sign-in/passkey/verify */
export const PostSignInPasskeyVerify = {
  body: Type.Object({ response: AuthenticationResponse }),
  reply: SignInResult,
  errors: ['ORG_NOT_FOUND', ...ASSERTION_ERRORS, 'ACCOUNT_DISABLED'],
} as const satisfies RouteSpec;

/** POST /api/o/:org/sign-out */
export const PostSignOut = {
  reply: Ok,
  errors: ['ORG_NOT_FOUND'],
} as const satisfies RouteSpec;
