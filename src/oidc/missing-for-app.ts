import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Organisation } from '../orgs/organisations.js';
import { resolveSession, sessionCookieName } from '../sessions/sessions.js';
import type { Deps } from '../shared/deps.js';
import { findApp } from './clients.js';
import { grantSessionId, needsConsent } from './grants.js';
import { SCOPES } from './scopes.js';
import { acrFor, wantsPhishingResistant } from './sign-in-facts.js';

/**
 * What an app's request lacks before the provider may answer it without the member: a sign-in to Latchkey (none in
 * this browser, or not strong or recent enough), their consent, or a grant recorded under this browser's session
 * (the interaction records it without asking). Nothing when this session covers it.
 */
export type MissingForApp = 'sign-in' | 'consent' | 'grant' | undefined;

// The provider's checks run together on one request: each asks once.
const asked = new WeakMap<KoaContextWithOIDC, Promise<MissingForApp>>();

export function missingForApp(deps: Deps, { org, ctx }: { org: Organisation; ctx: KoaContextWithOIDC }) {
  let answer = asked.get(ctx);
  if (!answer) asked.set(ctx, (answer = findMissing(deps, { org, ctx })));
  return answer;
}

async function findMissing(
  deps: Deps,
  { org, ctx }: { org: Organisation; ctx: KoaContextWithOIDC },
): Promise<MissingForApp> {
  const token = ctx.cookies.get(sessionCookieName(deps, { orgSlug: org.slug }), { signed: false });
  const session = await resolveSession(deps, { orgId: org.id, token });
  if (!session || session.passkey_setup_required === 1) return 'sign-in';
  const { oidc } = ctx;
  // The app names the member it expects (id_token_hint, checked by the provider): another member's session is not it.
  const hinted = oidc.entities.IdTokenHint?.payload.sub;
  if (hinted !== undefined && hinted !== session.user_id) return 'sign-in';
  if (!oidc.client) return 'grant';
  const params = (oidc.params ?? {}) as { max_age?: number | string; acr_values?: string; scope?: string };
  // Consent before how and when the member signed in: an app they have not allowed learns nothing of that.
  // The grant may predate the app's being made third-party: the consent screen decides, in the interaction.
  const app = await findApp(deps, { orgId: org.id, clientId: oidc.client.clientId });
  const requested = params.scope?.split(' ') ?? [];
  const scopes = SCOPES.filter((scope) => requested.includes(scope));
  if (!app || (await needsConsent(deps, { app, userId: session.user_id, scopes }))) return 'consent';
  if (wantsPhishingResistant(params) && session.method !== 'passkey') return 'sign-in';
  // max_age counts from the Latchkey sign-in, on Latchkey's clock.
  if (params.max_age !== undefined && deps.clock() - session.created_at > Number(params.max_age) * 1000)
    return 'sign-in';
  // The provider's record of the sign-in must be this session's (a new sign-in in this browser keeps the apps'
  // grants): else the ID token would tell of an earlier sign-in's method and time. The interaction records this one.
  if (
    oidc.session?.accountId !== session.user_id ||
    oidc.session.acr !== acrFor(session.method) ||
    oidc.session.loginTs !== Math.floor(session.created_at / 1000)
  )
    return 'grant';
  const grantId = oidc.session.grantIdFor(oidc.client.clientId);
  if (grantId === undefined || (await grantSessionId(deps, { orgId: org.id, grantId })) !== session.id) return 'grant';
  return undefined;
}
