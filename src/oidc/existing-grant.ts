import type { Grant, KoaContextWithOIDC } from 'oidc-provider';
import type { Organisation } from '../orgs/organisations.js';
import type { Deps } from '../shared/deps.js';
import { missingForApp } from './missing-for-app.js';
import { SCOPES } from './scopes.js';

/**
 * The grant an app's request is answered under (oidc-provider's `loadExistingGrant`). When Latchkey finds nothing
 * missing (this session, this member, consent on record or an organisation's own app) and the app asks for more
 * scopes than its grant holds, the grant takes them: the member would be asked nothing, so neither is the app told
 * `consent_required` (prompt=none), nor is the member sent through an empty sign-in page.
 */
export async function loadExistingGrant(
  deps: Deps,
  { org, ctx }: { org: Organisation; ctx: KoaContextWithOIDC },
): Promise<Grant | undefined> {
  const { oidc } = ctx;
  const grantId = oidc.result?.consent?.grantId || oidc.session!.grantIdFor(oidc.client!.clientId);
  if (!grantId) return undefined;
  const grant = await oidc.provider.Grant.find(grantId);
  // Back from the sign-in page, the grant was made for this request; another member's is the provider's to refuse.
  if (!grant || oidc.result || grant.accountId !== oidc.session!.accountId) return grant;
  const held = new Set(grant.getOIDCScopeEncountered().split(' '));
  const more = SCOPES.filter((scope) => oidc.requestParamScopes.has(scope) && !held.has(scope));
  if (more.length > 0 && (await missingForApp(deps, { org, ctx })) === undefined) {
    grant.addOIDCScope(more.join(' '));
    await grant.save();
  }
  return grant;
}
