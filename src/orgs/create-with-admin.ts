import { createSetupLink, type SetupLink } from '../enrollment/setup-links.js';
import type { Deps, RequestContext } from '../shared/deps.js';
import { checkEmail, createUser, normaliseIdentifier, USERNAME_PATTERN } from '../users/users.js';
import { AppError } from '../errors.js';
import { createOrganisation, type Organisation } from './organisations.js';

export interface FirstAdminInput {
  username: string;
  email?: string | null;
  displayName?: string | null;
}

/**
 * The operator's "Create organisation" with its first admin: the organisation, the admin and their
 * one-time setup link, handed to the operator once. The admin's details are checked before anything
 * is written, and the organisation is removed again should adding the admin fail, so nobody is left
 * with an organisation no one can enter.
 */
export async function createOrganisationWithAdmin(
  deps: Deps,
  input: { slug: string; name: string; firstAdmin?: FirstAdminInput; actorId: string; context?: RequestContext },
): Promise<{ org: Organisation; firstAdmin: { username: string; setupLink: SetupLink } | null }> {
  const admin = input.firstAdmin;
  if (admin) {
    if (!new RegExp(USERNAME_PATTERN).test(normaliseIdentifier(admin.username))) {
      throw new AppError('VALIDATION_FAILED', { details: { field: 'firstAdmin.username', rule: 'letters, digits, . _ -, up to 64' } });
    }
    if (admin.email) checkEmail(admin.email);
  }
  const org = await createOrganisation(deps, { slug: input.slug, name: input.name, actorId: input.actorId });
  if (!admin) return { org, firstAdmin: null };
  try {
    const user = await createUser(deps, { org, username: admin.username, email: admin.email || null, displayName: admin.displayName, role: 'admin', actorId: input.actorId, context: input.context });
    const setupLink = await createSetupLink(deps, org, user, input.actorId, undefined, { via: 'operator', firstAdmin: true });
    return { org, firstAdmin: { username: user.username, setupLink } };
  } catch (err) {
    await deps.db.deleteFrom('organisations').where('id', '=', org.id).execute();
    throw err;
  }
}
