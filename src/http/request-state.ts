import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { requireAuthorityOver } from '../enrollment/enrollable.js';
import type { Organisation } from '../orgs/organisations.js';
import type { SignedIn } from '../sessions/signed-in.js';
import type { Actor, Deps, RequestContext } from '../shared/deps.js';
import { getUser, type User } from '../users/users.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route stays open while Force Passkey Setup holds the session (creating the passkey, re-verifying). */
    duringPasskeySetup?: boolean;
    /** Answered only for a session verified in the last 5 minutes, else REVERIFY_REQUIRED (app.ts checks it). */
    requiresRecentVerification?: boolean;
    /** In the `platform` organisation, only an operator may (FORBIDDEN for an admin there; app.ts checks it). */
    platformOperatorsOnly?: boolean;
  }
  interface FastifyRequest {
    org: Organisation | null;
    auth: SignedIn | null;
  }
}

/**
 * A change to how the organisation's members sign in or get back in (its apps, mobile apps, email templates):
 * asked of an admin who proved it is them minutes ago, and in `platform`, whose members are the operators, of
 * an operator.
 */
export const SIGN_IN_SETTING = { requiresRecentVerification: true, platformOperatorsOnly: true } as const;

export function requestContext(request: FastifyRequest): RequestContext {
  const userAgent = request.headers['user-agent'];
  // Node's parser refuses NUL in headers; dropping it here keeps PostgreSQL safe from any other caller.
  return {
    ip: request.ip ?? null,
    userAgent: typeof userAgent === 'string' ? userAgent.replaceAll('\u0000', '').slice(0, 512) : null,
  };
}

/** The organisation named in the path; set by the org routes' hook. */
export function orgOf(request: FastifyRequest): Organisation {
  if (!request.org) throw new AppError('ORG_NOT_FOUND');
  return request.org;
}

/** The signed-in user and session; set by the member routes' hook. */
export function authOf(request: FastifyRequest): SignedIn {
  if (!request.auth) throw new AppError('UNAUTHENTICATED');
  return request.auth;
}

/** The signed-in user as the actor of a change, for the audit trail. */
export function actorOf(request: FastifyRequest): Actor {
  const { user, session } = authOf(request);
  return { actorId: user.id, actorSessionId: session.id, context: requestContext(request) };
}

/** The signed-in user, their session and where they act from, where the domain checks their authority over another. */
export function actingUserOf(request: FastifyRequest): { actor: User; sessionId: string; context: RequestContext } {
  const { user, session } = authOf(request);
  return { actor: user, sessionId: session.id, context: requestContext(request) };
}

/** The user an admin route acts on: of this organisation, and within the acting admin's authority. */
export async function targetUser(
  deps: Deps,
  request: FastifyRequest,
  userId: string,
): Promise<{ org: Organisation; user: User }> {
  const org = orgOf(request);
  const user = await getUser(deps, { orgId: org.id, userId });
  requireAuthorityOver(authOf(request).user, user);
  return { org, user };
}
