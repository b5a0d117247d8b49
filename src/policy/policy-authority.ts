import type { Role } from '../db/types.js';
import { AppError } from '../errors.js';
import { PLATFORM_SLUG, type Organisation } from '../orgs/organisations.js';

/**
 * The `platform` organisation's settings decide how operators sign in and get back in: an admin there could
 * turn passkeys off for them (passkey policy, pilot group), add an app whose signing key their passkeys then
 * accept (mobile apps), rewrite the email that carries their recovery links (email templates), or change how
 * long those links and codes last (enrollment settings), or add an app they sign in to. Only an operator
 * changes them: the policy and pilot group check it here, the other routes are marked `platformOperatorsOnly`.
 */
export function requirePolicyAuthority(org: Organisation, role: Role | undefined): void {
  if (org.slug === PLATFORM_SLUG && role !== 'operator') throw new AppError('FORBIDDEN');
}
