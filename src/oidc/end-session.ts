import type { Middleware } from 'koa';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { isAppError } from '../errors.js';
import type { Organisation } from '../orgs/organisations.js';
import { revokeSessions } from '../sessions/revoke-sessions.js';
import { sessionCookieName } from '../sessions/sessions.js';
import { browserSession } from '../sessions/unended-sessions.js';
import type { Deps } from '../shared/deps.js';
import { removeAppGrants } from './remove-grants.js';
import { tellAppsSignedOut } from './tell-apps.js';

/**
 * RP-initiated logout signs the member out of the organisation, not only of the provider: once they
 * confirm, their Latchkey session in this browser ends with the apps' grants made under it.
 */
export function endLatchkeySessionOnLogout(deps: Deps, { org }: { org: Organisation }): Middleware {
  return async (koa, next) => {
    await next();
    const ctx = koa as unknown as KoaContextWithOIDC;
    if (ctx.oidc?.route !== 'end_session_confirm' || !ctx.oidc.params?.logout) return;
    // Only a confirmation the provider accepted (its xsrf token, its logout state): a refused one changes nothing.
    if (ctx.status >= 400) return;
    // And only one the member was asked for: the provider asks when its session knows them; without one it lets
    // any page end its (empty) session unasked, which must not end the member's Latchkey session.
    if (!ctx.oidc.session?.accountId) return;
    const name = sessionCookieName(deps, { orgSlug: org.slug });
    // Idle too: the apps signed in under it end with it.
    const session = await browserSession(deps, { orgId: org.id, token: ctx.cookies.get(name, { signed: false }) });
    if (!session) return;
    const context = { ip: ctx.ip ?? null, userAgent: ctx.get('user-agent').slice(0, 512) || null };
    const revoked = await revokeSessions(deps, {
      orgId: org.id,
      userId: session.user_id,
      sessionId: session.id,
      reason: 'sign_out',
      actorId: session.user_id,
      context,
    }).catch((error: unknown) => {
      // The same confirmation sent twice at once: the other one ended it a moment ago, which is what was asked.
      if (!isAppError(error) || error.code !== 'SESSION_NOT_FOUND') throw error;
    });
    // Told through this provider: end-grants.ts would look it up again (and import the provider).
    const clientIds = new Set<string>();
    for (const sessionId of [session.id, ...(revoked?.approvedSessionIds ?? [])])
      for (const id of await removeAppGrants(deps, { org, userId: session.user_id, sessionId })) clientIds.add(id);
    tellAppsSignedOut(ctx.oidc.provider, { clientIds: [...clientIds], userId: session.user_id });
    ctx.cookies.set(name, null, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.config.secureCookies,
      signed: false,
      overwrite: true,
    });
  };
}
