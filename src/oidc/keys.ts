import { generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { actedBy, recordAudit } from '../audit/record-audit.js';
import { deriveKey, randomToken, seal, unseal } from '../shared/crypto.js';
import type { Actor, Deps } from '../shared/deps.js';
import { inTransaction } from '../shared/transaction.js';

/** A rotated key keeps verifying this long: longer than any ID or access token it signed lives. */
export const RETIRED_KEY_KEEP_MS = 24 * 60 * 60 * 1000;

export interface SigningKeys {
  /** Private JWKs for oidc-provider: the newest first (it signs), retired ones verify only. */
  keys: JsonWebKey[];
  /** Changes whenever a key is added or retired, so every instance rebuilds its provider. */
  version: string;
}

const sealingKey = (deps: Deps) => deriveKey(deps.serverSecret, 'oidc-signing-keys');

function newKeyRows(deps: Deps, orgId: string) {
  const now = deps.clock();
  // RS256 is every client's default (OpenID Connect Core §3.1.3.7); ES256 for those that ask for it.
  const pairs = [
    { alg: 'RS256', pair: generateKeyPairSync('rsa', { modulusLength: 2048 }) },
    { alg: 'ES256', pair: generateKeyPairSync('ec', { namedCurve: 'P-256' }) },
  ];
  return pairs.map(({ alg, pair }) => ({
    id: randomToken(12),
    org_id: orgId,
    alg,
    public_jwk: JSON.stringify(pair.publicKey.export({ format: 'jwk' })),
    private_jwk_sealed: seal(sealingKey(deps), JSON.stringify(pair.privateKey.export({ format: 'jwk' }))),
    created_at: now,
    retired_at: null,
  }));
}

function liveKeyRows(deps: Deps, orgId: string) {
  return deps.db
    .selectFrom('oidc_keys')
    .select(['id', 'alg', 'private_jwk_sealed', 'retired_at'])
    .where('org_id', '=', orgId)
    .where((eb) => eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', deps.clock() - RETIRED_KEY_KEEP_MS)]))
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
}

/** The organisation's keys, made at first need. Two instances making them at once both succeed; the newest signs. */
export async function signingKeys(deps: Deps, { orgId }: { orgId: string }): Promise<SigningKeys> {
  let rows = await liveKeyRows(deps, orgId);
  if (!rows.some((row) => row.retired_at === null)) {
    await deps.db.insertInto('oidc_keys').values(newKeyRows(deps, orgId)).execute();
    rows = await liveKeyRows(deps, orgId);
  }
  const keys = rows.map((row) => {
    const jwk = JSON.parse(unseal(sealingKey(deps), row.private_jwk_sealed)) as JsonWebKey;
    return row.retired_at === null
      ? { ...jwk, kid: row.id, alg: row.alg, use: 'sig' }
      : { ...jwk, kid: row.id, alg: row.alg, key_ops: ['verify'] };
  });
  return { keys, version: await keysVersion(deps, { orgId }) };
}

/** A cheap fingerprint of the key set, read on each OpenID Connect request. */
export async function keysVersion(deps: Deps, { orgId }: { orgId: string }): Promise<string> {
  const rows = await deps.db
    .selectFrom('oidc_keys')
    .select(['id', 'retired_at'])
    .where('org_id', '=', orgId)
    .where((eb) => eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', deps.clock() - RETIRED_KEY_KEEP_MS)]))
    .orderBy('id')
    .execute();
  return rows.map((row) => `${row.id}${row.retired_at === null ? '' : '-'}`).join(',');
}

/** New signing keys; the old ones keep verifying for RETIRED_KEY_KEEP_MS, then leave the JWKS. */
export async function rotateSigningKeys(
  deps: Deps,
  input: { orgId: string; actor: Actor | null },
): Promise<{ kids: string[] }> {
  const rows = newKeyRows(deps, input.orgId);
  await inTransaction(deps, async (tx) => {
    await tx.db
      .updateTable('oidc_keys')
      .set({ retired_at: deps.clock() })
      .where('org_id', '=', input.orgId)
      .where('retired_at', 'is', null)
      .execute();
    await tx.db.insertInto('oidc_keys').values(rows).execute();
    await recordAudit(tx, {
      orgId: input.orgId,
      type: 'app.keys_rotated',
      ...actedBy(input.actor),
      details: { kids: rows.map((r) => r.id).join(' ') },
    });
  });
  return { kids: rows.map((row) => row.id) };
}
