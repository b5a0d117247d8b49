import type { Selectable } from 'kysely';
import { aliased, PASSKEY_COLUMNS, qualified, USER_COLUMNS } from '../db/columns.js';
import { precompiledRead } from '../db/precompiled.js';
import type { PasskeysTable } from '../db/types.js';
import type { Deps } from '../shared/deps.js';
import type { User } from '../users/users.js';
import { usedMark, type MarkKey } from './challenges.js';

// The signer's passkeys, all of them (they count for the policy and are what the Signal API reports), found by
// the one that signed, within this organisation only; their owner; whether the challenge was used. One read.
const findSignersPasskeys = precompiledRead((db, v: { credentialId: string; orgId: string } & MarkKey) =>
  db
    .selectFrom('passkeys')
    .innerJoin('users as owner', 'owner.id', 'passkeys.user_id')
    .select(qualified('passkeys', PASSKEY_COLUMNS))
    .select(aliased('owner', USER_COLUMNS, 'owner_'))
    .select(() => usedMark(db, v).as('used_mark'))
    .where((eb) =>
      eb(
        'passkeys.user_id',
        '=',
        eb
          .selectFrom('passkeys as signer')
          .select('signer.user_id')
          .where('signer.credential_id', '=', v.credentialId)
          .where('signer.org_id', '=', v.orgId),
      ),
    ),
);

export interface SignersPasskeys {
  /** The one that signed; undefined when no passkey of this organisation has that credential id. */
  signer?: Selectable<PasskeysTable>;
  owner?: User;
  /** All of the owner's passkeys' credential ids, the signer's included. */
  credentialIds: string[];
  /** The challenge was used already (known only when the signer was found: see refuseIfUsed). */
  challengeUsed: boolean;
}

export async function signersPasskeys(
  deps: Deps,
  input: { credentialId: string; orgId: string } & MarkKey,
): Promise<SignersPasskeys> {
  const rows = await findSignersPasskeys(deps, input);
  const row = rows.find((r) => r.credential_id === input.credentialId);
  // The owner's organisation is checked here, not in the statement: there SQLite took 70 µs more for it (its
  // passkeys are this organisation's, so it always holds; the check keeps it so should a row ever disagree).
  if (!row || row.owner_org_id !== input.orgId) return { credentialIds: [], challengeUsed: false };
  return {
    signer: Object.fromEntries(PASSKEY_COLUMNS.map((c) => [c, row[c]])) as Selectable<PasskeysTable>,
    owner: Object.fromEntries(USER_COLUMNS.map((c) => [c, row[`owner_${c}`]])) as User,
    credentialIds: rows.map((r) => r.credential_id),
    challengeUsed: row.used_mark != null,
  };
}
