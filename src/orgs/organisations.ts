import { insertAudited } from '../audit/audited-write.js';
import { insertUnique } from '../db/unique-violation.js';
import { AppError } from '../errors.js';
import { newId } from '../shared/crypto.js';
import type { Deps } from '../shared/deps.js';
import { checkName } from '../shared/names.js';
import { fromFlag, toFlag } from '../shared/flags.js';
import { androidOrigins } from './mobile-apps.js';
import { cachedOrganisation } from './org-cache.js';
import { hostWithin, ownRpIdOrigins } from './rp-id.js';
import type { Organisation } from './organisation.js';
import { SLUG_PATTERN } from './schemas.js';

export type { Organisation };

/** The built-in organisation of the platform operators. */
export const PLATFORM_SLUG = 'platform';
const slugRegex = new RegExp(SLUG_PATTERN);

export interface CreateOrgInput {
  slug: string;
  name: string;
  passkeysAvailable?: boolean;
  passkeysEnabled?: boolean;
  /** The operator who created it; null from the CLI or at first start. */
  actorId?: string | null;
}

export async function createOrganisation(deps: Deps, input: CreateOrgInput): Promise<Organisation> {
  const slug = input.slug.trim().toLowerCase();
  if (!slugRegex.test(slug)) {
    throw new AppError('VALIDATION_FAILED', {
      details: { field: 'slug', rule: 'lowercase letters, digits and dashes, up to 40' },
    });
  }
  const name = checkName(input.name, { field: 'name', max: 100 });
  const existing = await deps.db.selectFrom('organisations').select('id').where('slug', '=', slug).executeTakeFirst();
  if (existing) throw new AppError('ORG_EXISTS');
  const org: Organisation = {
    id: newId(),
    slug,
    name,
    passkeys_available: toFlag(input.passkeysAvailable ?? false),
    passkeys_enabled: toFlag(input.passkeysEnabled ?? false),
    passkeys_mandatory: 0,
    password_fallback: 1,
    // Passkeys off at first: ticking Enable passkeys then offers them to admins first, as the admin guide advises.
    rollout: input.passkeysEnabled ? 'everyone' : 'admins',
    extra_origins: '[]',
    prompt_snooze_days: 7,
    enrollment_code_seconds: 60,
    enrollment_link_days: 7,
    default_template_id: null,
    hide_account_existence: 0,
    rp_id: null,
    mobile_apps: null,
    default_language: 'en',
    created_at: deps.clock(),
  };
  await insertUnique('ORG_EXISTS', () =>
    insertAudited(deps, {
      orgId: org.id,
      type: 'org.created',
      actorId: input.actorId ?? null,
      details: { slug },
      insert: { table: 'organisations', values: org },
    }),
  );
  return org;
}

export async function findOrganisation(deps: Deps, { slug }: { slug: string }): Promise<Organisation | undefined> {
  const key = slug.toLowerCase();
  return cachedOrganisation(deps.db, key, () =>
    deps.db.selectFrom('organisations').selectAll().where('slug', '=', key).executeTakeFirst(),
  );
}

export async function getOrganisation(deps: Deps, { slug }: { slug: string }): Promise<Organisation> {
  const org = await findOrganisation(deps, { slug });
  if (!org) throw new AppError('ORG_NOT_FOUND');
  return org;
}

/** Passkeys are offered and accepted only where the operator made them available and the org enabled them. */
export function passkeysActive(org: Organisation): boolean {
  return fromFlag(org.passkeys_available) && fromFlag(org.passkeys_enabled);
}

/**
 * The web origins of an organisation's pages: PUBLIC_URL's origin plus the organisation's own.
 * With its own RP ID, only origins whose host lies within that RP ID: no browser signs for it elsewhere.
 */
function webOrigins(deps: Deps, org: Organisation): string[] {
  const extra = JSON.parse(org.extra_origins) as string[];
  const all = [deps.config.publicUrl.origin, ...extra];
  if (!org.rp_id) return all;
  const rpId = org.rp_id;
  return [
    ...new Set([
      ...ownRpIdOrigins(deps, { rpId }),
      ...all.filter((origin) => hostWithin(new URL(origin).hostname, rpId)),
    ]),
  ];
}

/**
 * The origins a WebAuthn response may come from: the web origins, plus the organisation's Android
 * apps (`android:apk-key-hash:…`), which the phone only lets use the RP ID once its assetlinks.json lists them.
 */
export function expectedOrigins(deps: Deps, { org }: { org: Organisation }): string[] {
  return [...webOrigins(deps, org), ...androidOrigins(org)];
}

/**
 * The origins allowed to send state-changing API requests: PUBLIC_URL's pages and the organisation's own
 * (no app: apps send no Origin).
 */
export function requestOrigins(deps: Deps, { org }: { org: Organisation }): string[] {
  return [...new Set([deps.config.publicUrl.origin, ...webOrigins(deps, org)])];
}
