import { createSetupLink, type SetupLink } from '../enrollment/setup-links.js';
import type { Deps } from '../shared/deps.js';
import { isAppError } from '../errors.js';
import { createUser } from '../users/users.js';
import { createOrganisation } from './organisations.js';

const FIRST_START_LINK_MS = 24 * 60 * 60 * 1000;

export interface BootstrapResult {
  org: string;
  username: string;
  link: SetupLink;
}

/**
 * On the first start with an empty database: the built-in `platform` organisation with its first
 * operator, and a `demo` organisation with its first admin, each with a one-time setup link.
 * Returns nothing when organisations already exist, so the links are printed only once: also when
 * several instances start together on the empty database and another one seeds it first.
 */
export async function bootstrapIfEmpty(server: Deps): Promise<BootstrapResult[]> {
  // Activity says "First start" for what this does (no person does it).
  const deps: Deps = { ...server, via: 'first-start' };
  const any = await deps.db.selectFrom('organisations').select('id').limit(1).executeTakeFirst();
  if (any) return [];
  const results: BootstrapResult[] = [];
  const seeds = [
    { slug: 'platform', name: 'Latchkey Platform', username: 'operator', role: 'operator' as const },
    { slug: 'demo', name: 'Demo', username: 'admin', role: 'admin' as const },
  ];
  for (const seed of seeds) {
    const org = await createOrganisation(deps, {
      slug: seed.slug,
      name: seed.name,
      passkeysAvailable: true,
      passkeysEnabled: true,
    }).catch((error: unknown) => {
      // Another instance seeded it between our look and our insert: it prints the links, not us.
      if (isAppError(error, 'ORG_EXISTS') && results.length === 0) return null;
      throw error;
    });
    if (!org) return [];
    const user = await createUser(deps, {
      org,
      username: seed.username,
      role: seed.role,
      displayName: seed.role === 'operator' ? 'Platform operator' : 'Demo admin',
    });
    // Printed to the console, which may end up in a log: valid one day only (`enroll-link` makes a new one).
    results.push({
      org: org.slug,
      username: user.username,
      link: await createSetupLink(deps, { org, user, createdBy: null, validForMs: FIRST_START_LINK_MS }),
    });
  }
  return results;
}
