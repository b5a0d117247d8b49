import type { Selectable } from 'kysely';
import type { PasskeysTable } from '../db/types.js';
import type { Deps } from '../shared/deps.js';
import { fromFlag } from '../shared/flags.js';
import { authenticatorIcons, type AuthenticatorIconPaths } from './authenticator-icons.js';
import { authenticatorName, isSecurityKey, userAgentLabel } from './names.js';

/** What a member (or an admin) sees of a passkey: never the public key or the counter. */
export interface PasskeyView {
  id: string;
  name: string;
  authenticatorName: string | null;
  /** Only where the AAGUID list has an icon: paths, not the images (they are served apart). */
  authenticatorIcon: AuthenticatorIconPaths | null;
  backupEligible: boolean;
  backedUp: boolean;
  createdAt: number;
  lastUsedAt: number | null;
  lastUsedUserAgentLabel: string | null;
  /** Reached over USB, NFC or Bluetooth only (names.ts): never "This device". */
  securityKey: boolean;
}

export function toPasskeyView(deps: Deps, { row }: { row: Selectable<PasskeysTable> }): PasskeyView {
  return {
    id: row.id,
    name: row.name,
    authenticatorName: authenticatorName(row.aaguid),
    authenticatorIcon: authenticatorIcons(deps.config).paths(row.aaguid),
    backupEligible: fromFlag(row.backup_eligible),
    backedUp: fromFlag(row.backed_up),
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    lastUsedUserAgentLabel: userAgentLabel(row.last_used_user_agent),
    // Written by registration as a JSON array, as authentication and registration read it back.
    securityKey: isSecurityKey(JSON.parse(row.transports) as string[]),
  };
}
