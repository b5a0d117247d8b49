import type { Role } from '../db/types.js';
import { AppError } from '../errors.js';
import { PLATFORM_SLUG, type Organisation } from '../orgs/organisations.js';

/**
 * The `platform` organisation's passkey policy and pilot group decide how operators sign in: an
 * admin there could turn passkeys off for them. Only an operator changes it.
 */
export function requirePolicyAuthority(org: Organisation, role: Role | undefined): void {
  if (org.slug === PLATFORM_SLUG && role !== 'operator') throw new AppError('FORBIDDEN');
}
