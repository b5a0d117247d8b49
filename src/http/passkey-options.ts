import type { FastifyReply, FastifyRequest } from 'fastify';
import { startAuthentication, type StartAuthenticationInput } from '../passkeys/authentication.js';
import type { Deps } from '../shared/deps.js';
import { ceremonyBinding } from './cookies.js';
import { orgOf } from './request-state.js';

/**
 * The answer of a route that starts a passkey check (sign-in, re-verification): options for
 * navigator.credentials.get(), bound to this browser's ceremony cookie, set here when it has none.
 */
export async function passkeyOptions(
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  input: Omit<StartAuthenticationInput, 'org' | 'bindingHash'>,
) {
  const bindingHash = ceremonyBinding(deps, request, reply, true)!;
  return { options: await startAuthentication(deps, { org: orgOf(request), bindingHash, ...input }) };
}
