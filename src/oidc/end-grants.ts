import type { Organisation } from '../orgs/organisations.js';
import type { Deps, RequestContext } from '../shared/deps.js';
import { findApp } from './clients.js';
import { revokeAppAccess } from './grants.js';
import { providerFor } from './provider.js';
import { removeAppGrants, type EndGrantsInput } from './remove-grants.js';
import { tellAppsSignedOut } from './tell-apps.js';

export type { EndGrantsInput };

/**
 * After sessions end (sign out, sign out everywhere, recovery, disable): the app grants made under
 * them go with their tokens, and apps with a back-channel logout URI are told (OIDC Back-Channel
 * Logout 1.0). Tokens already stop working when their session is revoked (the adapter checks); this
 * removes them and informs the apps.
 */
export async function endAppGrants(deps: Deps, input: EndGrantsInput): Promise<void> {
  const clientIds = await removeAppGrants(deps, input);
  if (clientIds.length === 0) return;
  tellAppsSignedOut(await providerFor(deps, { org: input.org }), { clientIds, userId: input.userId });
}

/**
 * Settings > Apps, "Remove access": the app's grants, tokens and consent end (revokeAppAccess), and an app with a
 * back-channel logout URI is told, as when a session ends: the member is signed out of it.
 */
export async function takeBackAppAccess(
  deps: Deps,
  input: { org: Organisation; userId: string; clientId: string; context: RequestContext },
): Promise<void> {
  const { org, userId, clientId } = input;
  const grantsEnded = await revokeAppAccess(deps, { ...input, orgId: org.id });
  if (grantsEnded === 0 || !(await findApp(deps, { orgId: org.id, clientId }))?.backchannel_logout_uri) return;
  tellAppsSignedOut(await providerFor(deps, { org }), { clientIds: [clientId], userId });
}
