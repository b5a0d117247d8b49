import { updateAudited } from '../audit/audited-write.js';
import { AppError } from '../errors.js';
import { forUpdate } from '../db/locks.js';
import type { Deps, RequestContext } from '../shared/deps.js';
import { inTransaction } from '../shared/transaction.js';
import type { Organisation } from './organisation.js';

/** The built-in operators' organisation: its console only answers PUBLIC_URL's origin, so it keeps the shared RP ID. */
const PLATFORM_ORG = 'platform';
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** The WebAuthn RP ID of an organisation's ceremonies: its own host, or PUBLIC_URL's host shared by all. */
export function rpIdFor(deps: Deps, { org }: { org: Organisation }): string {
  return org.rp_id ?? deps.config.rpId;
}

const isLocal = (host: string) => host === 'localhost' || host.endsWith('.localhost');
/** WebAuthn: the RP ID must be the origin's host or a registrable suffix of it. */
export const hostWithin = (host: string, rpId: string) => host === rpId || host.endsWith(`.${rpId}`);

/** The origins whose pages may run an organisation's own-RP-ID ceremonies. */
export function ownRpIdOrigins(deps: Deps, { rpId }: { rpId: string }): string[] {
  const { port, protocol } = deps.config.publicUrl;
  const origins = [`https://${rpId}`];
  if (port && protocol === 'https:') origins.push(`https://${rpId}:${port}`);
  // Plain http only where browsers allow WebAuthn over it: localhost, in development.
  if (isLocal(rpId)) origins.push(`http://${rpId}${port ? `:${port}` : ''}`);
  return origins;
}

/**
 * A host name usable as an RP ID: lowercase DNS labels, no scheme, port, path or IP address, and
 * more than one label (except localhost). Public suffixes (co.uk) are not detected: browsers refuse them.
 */
export function normaliseRpId(raw: string): string {
  const host = raw.trim().toLowerCase();
  const labels = host.split('.');
  const valid =
    host.length > 0 &&
    host.length <= 253 &&
    labels.every((l) => LABEL.test(l)) &&
    !/^\d+$/.test(labels[labels.length - 1]!) &&
    (labels.length > 1 || host === 'localhost');
  if (!valid) throw new AppError('RP_ID_INVALID');
  return host;
}

export interface SetRpIdInput {
  org: Organisation;
  /** A host name, or null for the shared RP ID (PUBLIC_URL's host). */
  rpId: string | null;
  /** Change it even though the organisation's passkeys then stop working. */
  force?: boolean;
  actorId: string | null;
  context?: RequestContext;
  via: 'operator' | 'cli';
}

/**
 * Gives an organisation its own RP ID, or takes it back to the shared one. Passkeys are bound to
 * their RP ID: the change is refused while any would stop working, unless forced. Forcing keeps
 * them, so setting the old RP ID back makes them work again (and needs no force).
 */
export async function setOrganisationRpId(deps: Deps, input: SetRpIdInput): Promise<Organisation> {
  const { org } = input;
  if (org.slug === PLATFORM_ORG)
    throw new AppError('RP_ID_INVALID', { details: { reason: "the platform organisation keeps PUBLIC_URL's host" } });
  const normalised = input.rpId === null ? null : normaliseRpId(input.rpId);
  // The shared host is stored as null, so a later PUBLIC_URL change carries the organisation along.
  const stored = normalised === deps.config.rpId ? null : normalised;
  return inTransaction(deps, async (tx) => {
    const query = tx.db.selectFrom('organisations').selectAll().where('id', '=', org.id);
    const current = await forUpdate(query, deps.dialect).executeTakeFirstOrThrow();
    const before = rpIdFor(deps, { org: current });
    const after = stored ?? deps.config.rpId;
    if (before === after) return current;
    // Passkeys registered under another RP ID than the new one: the browser never offers them there.
    let stranded = tx.db
      .selectFrom('passkeys')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', org.id);
    stranded =
      stored === null
        ? stranded.where('rp_id', 'is not', null)
        : stranded.where((eb) => eb.or([eb('rp_id', 'is', null), eb('rp_id', '!=', stored)]));
    const passkeys = Number((await stranded.executeTakeFirstOrThrow()).n);
    if (passkeys > 0 && !input.force) throw new AppError('RP_ID_CHANGE_BREAKS_PASSKEYS', { details: { passkeys } });
    await updateAudited(tx, {
      orgId: org.id,
      type: 'org.rp_id_changed',
      actorId: input.actorId,
      context: input.context,
      details: {
        via: input.via,
        rpId: `${before} → ${after}`,
        passkeysStoppedWorking: passkeys,
        forced: input.force === true,
      },
      update: { table: 'organisations', id: org.id, set: { rp_id: stored } },
    });
    return { ...current, rp_id: stored };
  });
}
