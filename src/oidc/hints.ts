import type { Interaction } from 'oidc-provider';
import type { Organisation } from '../orgs/organisations.js';
import type { Deps } from '../shared/deps.js';
import { NOT_IN_NAMES } from '../shared/names.js';
import { getUser, type User } from '../users/users.js';

/** What an app's request says of the member it expects: `login_hint` (any site's to send) and `id_token_hint`. */

// Only a plausible username or address is shown back, never markup or controls.
export const LOGIN_HINT_MAX = 320;
const LOGIN_HINT = new RegExp(`^[^\\s<>"${NOT_IN_NAMES}]{1,${LOGIN_HINT_MAX}}$`, 'u');

export const loginHintOf = ({ params: { login_hint: hint } }: Interaction) =>
  typeof hint === 'string' && LOGIN_HINT.test(hint.trim()) ? hint.trim() : null;

/**
 * The member the app's id_token_hint names (its `sub`: the user's id). The provider verified the token (its signature,
 * this issuer, this app) when it took the request; the interaction keeps the request as it was taken.
 */
export function hintedMember({ params }: Interaction): string | null {
  if (typeof params.id_token_hint !== 'string') return null;
  const payload = params.id_token_hint.split('.')[1] ?? '';
  try {
    const { sub } = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { sub?: unknown };
    return typeof sub === 'string' ? sub : null;
  } catch {
    return null;
  }
}

/**
 * The username of the member the app's id_token_hint names, when another member (or nobody) is signed in to Latchkey
 * here, but this browser's provider session was that member's: Bob took over Ada's browser, and the app asks for Ada.
 * Never to a browser that was not theirs: an ID token (expired ones are accepted as hints) travels in logout URLs and
 * logs, and would otherwise tell anyone the username, which an app given `openid` alone does not learn either.
 */
export async function hintedUsername(
  deps: Deps,
  { org, interaction, user }: { org: Organisation; interaction: Interaction; user?: User },
): Promise<string | null> {
  const hinted = hintedMember(interaction);
  if (hinted === null || hinted === user?.id || interaction.session?.accountId !== hinted) return null;
  const found = await getUser(deps, { orgId: org.id, userId: hinted }).catch(() => null);
  return found?.status === 'active' ? found.username : null;
}
