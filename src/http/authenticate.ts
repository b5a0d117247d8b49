import type { FastifyRequest } from 'fastify';
import type { Role } from '../db/types.js';
import { AppError } from '../errors.js';
import type { Organisation } from '../orgs/organisations.js';
import { memberPolicy } from '../policy/member-policy.js';
import { requirePolicyAuthority } from '../policy/policy-authority.js';
import { requireRecentVerification } from '../sessions/sessions.js';
import { resolveSignedIn } from '../sessions/signed-in.js';
import type { Deps } from '../shared/deps.js';
import { readSessionToken } from './cookies.js';
import { authOf, orgOf } from './request-state.js';

/** Sets request.auth from this organisation's session cookie, or refuses the request. */
export async function authenticate(deps: Deps, request: FastifyRequest, org: Organisation): Promise<void> {
  const signedIn = await resolveSignedIn(deps, { orgId: org.id, token: readSessionToken(deps, request, org.slug) });
  if (!signedIn) throw new AppError('UNAUTHENTICATED');
  request.auth = signedIn;
  // Force Passkey Setup: until a passkey exists, only creating it (and signing out) is allowed.
  if (signedIn.session.passkey_setup_required === 1 && !request.routeOptions.config.duringPasskeySetup) {
    const { user, passkeyCount } = signedIn;
    if (memberPolicy(org, user, passkeyCount, deps.clock()).prompt === 'mandatory')
      throw new AppError('PASSKEY_SETUP_REQUIRED');
  }
}

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Before the handler, once the body is in: a request with a body was let in on the session as it stood when its
 * headers came, and a slow body holds it there for as long as the server waits (REQUEST_TIMEOUT_SECONDS). The session
 * is read again (as every request reads it: from the signed-in cache where one is kept, which a sign-out, a disable or
 * a role change empties at once, else one indexed query), so one ended, or an admin removed, in between changes
 * nothing.
 */
export async function authenticateAgain(deps: Deps, request: FastifyRequest): Promise<void> {
  if (WITH_BODY.has(request.method)) await authenticate(deps, request, orgOf(request));
}

/** The routes marked `requiresRecentVerification` (destructive or far-reaching) want a session verified minutes ago. */
export function requireRecentVerificationWhereAsked(deps: Deps, request: FastifyRequest): void {
  if (request.routeOptions.config.requiresRecentVerification)
    requireRecentVerification(deps, { session: authOf(request).session });
}

export function requireRole(request: FastifyRequest, roles: Role[]): void {
  if (!request.auth || !roles.includes(request.auth.user.role)) throw new AppError('FORBIDDEN');
}

/**
 * The admin routes: an admin or an operator; in `platform`, the routes marked `platformOperatorsOnly` an operator.
 * Checked as the request arrives, before "Confirm it's you": nobody is asked to confirm a change they may not make.
 */
export function requireAdmin(request: FastifyRequest): void {
  requireRole(request, ['admin', 'operator']);
  if (request.routeOptions.config.platformOperatorsOnly)
    requirePolicyAuthority(orgOf(request), authOf(request).user.role);
}
