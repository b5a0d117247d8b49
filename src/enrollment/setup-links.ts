import { recordAudit } from '../audit/record-audit.js';
import { AppError } from '../errors.js';
import type { Organisation } from '../orgs/organisations.js';
import { newId, randomToken, sha256 } from '../shared/crypto.js';
import type { Deps, RequestContext } from '../shared/deps.js';
import { getUser, type User } from '../users/users.js';

export interface SetupLink {
  /** Shown once to whoever created it; only its hash is stored. */
  url: string;
  expiresAt: number;
}

/**
 * A one-time link with which a user sets up their account (password and passkey).
 * The token sits in the URL fragment, which browsers never send to a server, so it stays out of access logs.
 */
export async function createSetupLink(
  deps: Deps,
  org: Organisation,
  user: User,
  createdBy: string | null,
  validForMs = deps.config.setupLinkDays * 24 * 60 * 60 * 1000,
): Promise<SetupLink> {
  const token = randomToken();
  const now = deps.clock();
  const expiresAt = now + validForMs;
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('enrollment_links')
      .values({ id: newId(), org_id: org.id, user_id: user.id, token_hash: sha256(token), purpose: 'setup', created_by: createdBy, expires_at: expiresAt, used_at: null, created_at: now })
      .execute();
    await recordAudit(trx, deps.clock, { orgId: org.id, type: 'setup_link.created', userId: user.id, actorId: createdBy, details: { expiresAt } });
  });
  const url = new URL(`/o/${org.slug}/setup`, deps.config.publicUrl);
  url.hash = `token=${token}`;
  return { url: url.toString(), expiresAt };
}

/** Uses up a setup link: one statement marks it used, so it works exactly once. */
export async function redeemSetupLink(deps: Deps, org: Organisation, token: string, context: RequestContext): Promise<User> {
  const now = deps.clock();
  const link = await deps.db
    .updateTable('enrollment_links')
    .set({ used_at: now })
    .where('token_hash', '=', sha256(token))
    .where('org_id', '=', org.id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['id', 'user_id'])
    .executeTakeFirst();
  if (!link) throw new AppError('SETUP_LINK_INVALID');
  const user = await getUser(deps, org.id, link.user_id);
  if (user.status !== 'active') throw new AppError('SETUP_LINK_INVALID');
  await recordAudit(deps.db, deps.clock, { orgId: org.id, type: 'setup_link.redeemed', userId: user.id, actorId: user.id, context, details: { linkId: link.id } });
  return user;
}
