import type { Deps } from '../shared/deps.js';
import { countPasskeys, type User } from '../users/users.js';
import { acceptedCredentialIds } from '../passkeys/manage.js';

/** The member as the pages see them; `passkeyCount` when the caller already counted (a sign-in did). */
export async function userView(deps: Deps, user: User, passkeyCount?: number) {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    displayName: user.display_name,
    role: user.role,
    hasPassword: user.password_hash !== null,
    passkeyCount: passkeyCount ?? (await countPasskeys(deps, user.id)),
  };
}

/** What the browser needs for the WebAuthn Signal API, so passkey providers stay in step with us. */
export function userDetailsSignal(deps: Deps, user: User) {
  return { rpId: deps.config.rpId, userId: user.webauthn_user_id, name: user.email ?? user.username, displayName: user.display_name };
}

export async function acceptedCredentialsSignal(deps: Deps, user: User) {
  return { ...userDetailsSignal(deps, user), allAcceptedCredentialIds: await acceptedCredentialIds(deps, user.id) };
}
