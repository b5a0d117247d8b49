import type { Deps } from '../shared/deps.js';
import { fromFlag } from '../shared/flags.js';
import type { Organisation } from './organisation.js';

export interface OrganisationSummary {
  slug: string;
  name: string;
  passkeysAvailable: boolean;
  passkeysEnabled: boolean;
  passkeysMandatory: boolean;
  /** The organisation's own WebAuthn RP ID; null: PUBLIC_URL's host, shared by all. */
  rpId: string | null;
  members: number;
  /** Active admins (and operators); 0: nobody can enter its console — flagged in the operator's list. */
  admins: number;
  createdAt: number;
}

export function organisationSummary(org: Organisation, members: number, admins: number): OrganisationSummary {
  return {
    slug: org.slug,
    name: org.name,
    passkeysAvailable: fromFlag(org.passkeys_available),
    passkeysEnabled: fromFlag(org.passkeys_enabled),
    passkeysMandatory: fromFlag(org.passkeys_mandatory),
    rpId: org.rp_id,
    members,
    admins,
    createdAt: org.created_at,
  };
}

/** Every organisation (or just the one named) with its member count, for the platform operator. */
export async function listOrganisations(deps: Deps, { slug }: { slug?: string } = {}): Promise<OrganisationSummary[]> {
  let query = deps.db.selectFrom('organisations');
  if (slug) query = query.where('organisations.slug', '=', slug);
  const rows = await query
    .selectAll('organisations')
    .select((eb) =>
      eb
        .selectFrom('users')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('users.org_id', '=', 'organisations.id')
        .as('members'),
    )
    .select((eb) =>
      eb
        .selectFrom('users')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('users.org_id', '=', 'organisations.id')
        .where('users.status', '=', 'active')
        .where('users.role', 'in', ['admin', 'operator'])
        .as('admins'),
    )
    .orderBy('organisations.slug')
    .execute();
  return rows.map(({ members, admins, ...org }) => organisationSummary(org, Number(members ?? 0), Number(admins ?? 0)));
}
