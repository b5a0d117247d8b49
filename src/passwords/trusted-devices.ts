import { newId, randomToken, sha256 } from '../shared/crypto.js';
import type { Deps } from '../shared/deps.js';
import type { User } from '../users/users.js';

/** How long a browser stays trusted after its last sign-in as the user. */
export const TRUSTED_DEVICE_DAYS = 180;
/** Users one browser remembers (a shared computer); the oldest is dropped. */
const TOKENS_PER_BROWSER = 5;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,64}$/;

/** The tokens of a device cookie's value; anything malformed is ignored. */
export function parseDeviceTokens(value: string | undefined): string[] {
  if (!value || value.length > 400) return [];
  return value
    .split('.')
    .filter((t) => TOKEN_PATTERN.test(t))
    .slice(0, TOKENS_PER_BROWSER);
}

export const formatDeviceTokens = (tokens: string[]): string => tokens.join('.');

/** The id of this browser's record for `user`, when one of its tokens was issued at a sign-in as them. */
export async function trustedDeviceFor(
  deps: Deps,
  { user, tokens }: { user: User; tokens: string[] },
): Promise<string | null> {
  if (tokens.length === 0) return null;
  const row = await deps.db
    .selectFrom('trusted_devices')
    .select('id')
    .where('user_id', '=', user.id)
    .where('token_hash', 'in', tokens.map(sha256))
    .where('expires_at', '>', deps.clock())
    .executeTakeFirst();
  return row?.id ?? null;
}

/** After a successful sign-in: this browser is trusted for `user`. Returns the tokens its cookie keeps. */
export async function rememberDevice(
  deps: Deps,
  { user, tokens }: { user: User; tokens: string[] },
): Promise<string[]> {
  const now = deps.clock();
  const expiresAt = now + TRUSTED_DEVICE_DAYS * 24 * 60 * 60 * 1000;
  const hashes = tokens.map(sha256);
  // A browser that signed in as this user before: its record lives on (one statement finds and renews it).
  if (hashes.length > 0) {
    const renewed = await deps.db
      .updateTable('trusted_devices')
      .set({ last_used_at: now, expires_at: expiresAt })
      .where('user_id', '=', user.id)
      .where('token_hash', 'in', hashes)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (renewed.numUpdatedRows > 0n) return tokens;
  }
  // A new browser for this user: their expired records go first (a known browser's sign-in writes one row only).
  await deps.db.deleteFrom('trusted_devices').where('user_id', '=', user.id).where('expires_at', '<=', now).execute();
  const token = randomToken();
  await deps.db
    .insertInto('trusted_devices')
    .values({
      id: newId(),
      org_id: user.org_id,
      user_id: user.id,
      token_hash: sha256(token),
      created_at: now,
      last_used_at: now,
      expires_at: expiresAt,
    })
    .execute();
  return [token, ...tokens].slice(0, TOKENS_PER_BROWSER);
}
