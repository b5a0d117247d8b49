import type { Organisation } from '../orgs/organisations.js';
import type { User } from '../users/users.js';

/**
 * The account names a passkey provider stores and shows. Organisations may share one RP ID, so a
 * person in two of them gets two entries for the same site: the organisation's name tells them apart.
 * Registration and the Signal API (signalCurrentUserDetails) must send the same names.
 */
export function passkeyUserNames(org: Organisation, user: User): { name: string; displayName: string } {
  return {
    name: `${user.email ?? user.username} · ${org.name}`,
    displayName: `${user.display_name || user.username} · ${org.name}`,
  };
}
