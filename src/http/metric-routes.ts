import type { SignInMethod } from '../db/types.js';

const ORG_API = '/api/o/:org';

/** The routes that end in a session, by sign-in method (route patterns, as Fastify names them). */
export const SIGN_IN_ROUTES: Readonly<Record<string, SignInMethod>> = {
  [`POST ${ORG_API}/sign-in/passkey/verify`]: 'passkey',
  [`POST ${ORG_API}/sign-in/password`]: 'password',
  [`POST ${ORG_API}/setup`]: 'setup-link',
  [`POST ${ORG_API}/enroll`]: 'enrollment-code',
  [`POST ${ORG_API}/device-link/:id/complete`]: 'device-link',
};

export type Ceremony = 'registration' | 'authentication' | 'reverification';

/** The WebAuthn ceremonies' routes (options and verification), whose refusals are counted by error code. */
export const CEREMONY_ROUTES: Readonly<Record<string, Ceremony>> = {
  [`POST ${ORG_API}/me/passkeys/options`]: 'registration',
  [`POST ${ORG_API}/me/passkeys`]: 'registration',
  [`POST ${ORG_API}/sign-in/passkey/options`]: 'authentication',
  [`POST ${ORG_API}/sign-in/passkey/verify`]: 'authentication',
  [`POST ${ORG_API}/me/reverify/passkey/options`]: 'reverification',
  [`POST ${ORG_API}/me/reverify/passkey/verify`]: 'reverification',
};

/** success (2xx), failure (refused: 4xx), error (5xx: the server or a dependency). */
export function resultOf(status: number): 'success' | 'failure' | 'error' {
  return status < 400 ? 'success' : status < 500 ? 'failure' : 'error';
}
