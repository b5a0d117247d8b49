import { precompiledRead, precompiledWrite } from '../db/precompiled.js';
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

// A browser's token hashes, always TOKENS_PER_BROWSER of them (the list padded with its first, or with a value no
// hash has when the cookie holds none): one statement text whatever the cookie holds, so it is compiled once (and
// prepared once on PostgreSQL).
type TokenHashes = { hash0: string; hash1: string; hash2: string; hash3: string; hash4: string };
const HASH_SLOTS = ['hash0', 'hash1', 'hash2', 'hash3', 'hash4'] as const satisfies ReadonlyArray<keyof TokenHashes>;
const tokenHashes = (tokens: string[]): TokenHashes => {
  const hashes = tokens.slice(0, TOKENS_PER_BROWSER).map(sha256);
  return Object.fromEntries(HASH_SLOTS.map((slot, i) => [slot, hashes[i] ?? hashes[0] ?? ''])) as TokenHashes;
};
const inHashes = (v: TokenHashes) => HASH_SLOTS.map((slot) => v[slot]);

const findDevice = precompiledRead((db, v: TokenHashes & { userId: string; now: number }) =>
  db
    .selectFrom('trusted_devices')
    .select('id')
    .where('user_id', '=', v.userId)
    .where('token_hash', 'in', inHashes(v))
    .where('expires_at', '>', v.now)
    .limit(1),
);

/** The id of this browser's record for `user`, when one of its tokens was issued at a sign-in as them. */
export async function trustedDeviceFor(
  deps: Deps,
  { user, tokens }: { user: User; tokens: string[] },
): Promise<string | null> {
  if (tokens.length === 0) return null;
  const [row] = await findDevice(deps, { ...tokenHashes(tokens), userId: user.id, now: deps.clock() });
  return row?.id ?? null;
}

const renewDevice = precompiledWrite((db, v: TokenHashes & { userId: string; now: number; expiresAt: number }) =>
  db
    .updateTable('trusted_devices')
    .set({ last_used_at: v.now, expires_at: v.expiresAt })
    .where('user_id', '=', v.userId)
    .where('token_hash', 'in', inHashes(v))
    .where('expires_at', '>', v.now),
);
const dropExpired = precompiledWrite((db, v: { userId: string; now: number }) =>
  db.deleteFrom('trusted_devices').where('user_id', '=', v.userId).where('expires_at', '<=', v.now),
);
type NewDevice = { id: string; org_id: string; user_id: string; token_hash: string; now: number; expiresAt: number };
// The new token's record, unless one of the browser's tokens is trusted for the user (renewed just before).
const addUnlessKnown = precompiledWrite((db, v: TokenHashes & NewDevice) =>
  db
    .insertInto('trusted_devices')
    .columns(['id', 'org_id', 'user_id', 'token_hash', 'created_at', 'last_used_at', 'expires_at'])
    .expression(
      db
        .selectNoFrom((eb) => [
          eb.val(v.id).as('id'),
          eb.val(v.org_id).as('org_id'),
          eb.val(v.user_id).as('user_id'),
          eb.val(v.token_hash).as('token_hash'),
          eb.val(v.now).as('created_at'),
          eb.val(v.now).as('last_used_at'),
          eb.val(v.expiresAt).as('expires_at'),
        ])
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('trusted_devices')
                .select('id')
                .where('user_id', '=', v.user_id)
                .where('token_hash', 'in', inHashes(v))
                .where('expires_at', '>', v.now),
            ),
          ),
        ),
    ),
);

/**
 * After a successful sign-in, in its transaction: this browser is trusted for `user`. A browser that signed in as
 * them before keeps its record (renewed); a new one gets a token. Nothing waits for an answer (on PostgreSQL the
 * writes leave with the commit): the tokens the cookie keeps are known once the transaction has committed.
 */
export async function rememberDevice(
  deps: Deps,
  { user, tokens }: { user: User; tokens: string[] },
): Promise<{ tokens: () => Promise<string[]> }> {
  const now = deps.clock();
  const expiresAt = now + TRUSTED_DEVICE_DAYS * 24 * 60 * 60 * 1000;
  const hashes = tokenHashes(tokens);
  if (tokens.length > 0) await renewDevice.queue(deps, { ...hashes, userId: user.id, now, expiresAt });
  await dropExpired.queue(deps, { userId: user.id, now });
  const token = randomToken();
  const { changedRows } = await addUnlessKnown.queueCounted(deps, {
    ...hashes,
    id: newId(),
    org_id: user.org_id,
    user_id: user.id,
    token_hash: sha256(token),
    now,
    expiresAt,
  });
  // Read only after the commit: a failure before it fails the transaction, and leaves nothing pending here.
  return { tokens: async () => ((await changedRows) > 0 ? [token, ...tokens].slice(0, TOKENS_PER_BROWSER) : tokens) };
}

const forgetOthers = precompiledWrite((db, v: TokenHashes & { userId: string }) =>
  db.deleteFrom('trusted_devices').where('user_id', '=', v.userId).where('token_hash', 'not in', inHashes(v)),
);

/**
 * When the member's password changes or goes: every browser but `keepTokens`' (the one changing it) is unknown again.
 * A trusted browser has an attempt budget of its own; whoever made some with the old password would otherwise have
 * that many budgets to guess the new one.
 */
export async function forgetTrustedDevices(
  deps: Deps,
  { userId, keepTokens = [] }: { userId: string; keepTokens?: string[] },
): Promise<void> {
  await forgetOthers(deps, { ...tokenHashes(keepTokens), userId });
}
