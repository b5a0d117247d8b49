import type { Deps } from '../shared/deps.js';
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
