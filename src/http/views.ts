import type { Deps } from '../shared/deps.js';
import { countPasskeys, userIdentity, type User } from '../users/users.js';
import { acceptedCredentialIds } from '../passkeys/manage.js';
import { passkeyUserNames } from '../passkeys/user-entity.js';
import type { Organisation } from '../orgs/organisations.js';
import { rpIdFor } from '../orgs/rp-id.js';

/** The member as the pages see them; `passkeyCount` when the caller already counted (a sign-in did). */
export async function userView(deps: Deps, user: User, passkeyCount?: number) {
  return {
    ...userIdentity(user),
    hasPassword: user.password_hash !== null,
    passkeyCount: passkeyCount ?? (await countPasskeys(deps, { userId: user.id })),
  };
}

/** What the browser needs for the WebAuthn Signal API, so passkey providers stay in step with us. */
export function userDetailsSignal(deps: Deps, org: Organisation, user: User) {
  // The same names as at registration, or the provider would rename the entry to something else.
  return { rpId: rpIdFor(deps, { org }), userId: user.webauthn_user_id, ...passkeyUserNames(org, user) };
}

/** `credentialIds` when the caller already read them (a passkey sign-in did). */
export async function acceptedCredentialsSignal(deps: Deps, org: Organisation, user: User, credentialIds?: string[]) {
  return {
    ...userDetailsSignal(deps, org, user),
    allAcceptedCredentialIds: credentialIds ?? (await acceptedCredentialIds(deps, { userId: user.id })),
  };
}
