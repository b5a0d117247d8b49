import type { FastifyRequest } from 'fastify';
import type { Role } from '../db/types.js';
import { AppError } from '../errors.js';
import type { Organisation } from '../orgs/organisations.js';
import { policyFor } from '../policy/policy-for.js';
import { resolveSession } from '../sessions/sessions.js';
import type { Deps } from '../shared/deps.js';
import { getUser } from '../users/users.js';
import { readSessionToken } from './cookies.js';

/** Sets request.auth from this organisation's session cookie, or refuses the request. */
export async function authenticate(deps: Deps, request: FastifyRequest, org: Organisation): Promise<void> {
  const session = await resolveSession(deps, org.id, readSessionToken(deps, request, org.slug));
  if (!session) throw new AppError('UNAUTHENTICATED');
  const user = await getUser(deps, org.id, session.user_id);
  if (user.status !== 'active') throw new AppError('UNAUTHENTICATED');
  request.auth = { session, user };
  // Force Passkey Setup: until a passkey exists, only creating it (and signing out) is allowed.
  if (session.passkey_setup_required === 1 && !request.routeOptions.config.duringPasskeySetup) {
    if ((await policyFor(deps, org, user)).prompt === 'mandatory') throw new AppError('PASSKEY_SETUP_REQUIRED');
  }
}

export function requireRole(request: FastifyRequest, roles: Role[]): void {
  if (!request.auth || !roles.includes(request.auth.user.role)) throw new AppError('FORBIDDEN');
}
