import type { ExpressionBuilder } from 'kysely';
import type Provider from 'oidc-provider';
import { recordAudit } from '../audit/record-audit.js';
import type { DB } from '../db/types.js';
import { AppError } from '../errors.js';
import type { Deps, RequestContext } from '../shared/deps.js';
import { fromFlag } from '../shared/flags.js';
import { inTransaction } from '../shared/transaction.js';
import type { OidcClient } from './clients.js';

/** The Latchkey session an app grant was made under. */
export async function grantSessionId(
  deps: Deps,
  { orgId, grantId }: { orgId: string; grantId: string },
): Promise<string | null> {
  const row = await deps.db
    .selectFrom('oidc_models')
    .select('session_id')
    .where('model', '=', 'Grant')
    .where('id', '=', grantId)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return row?.session_id ?? null;
}

export interface MakeGrantInput {
  /** The organisation's oidc-provider, whose Grant model records it. */
  provider: Provider;
  orgId: string;
  userId: string;
  clientId: string;
  scopes: string[];
  /** The Latchkey session it is made under: revoking it ends the grant and its tokens. */
  sessionId: string;
}

/** Records what the member lets the app have, tied to the session they signed in with. */
export async function makeGrant(deps: Deps, input: MakeGrantInput): Promise<string> {
  const grant = new input.provider.Grant({ accountId: input.userId, clientId: input.clientId });
  grant.addOIDCScope(input.scopes.join(' '));
  const grantId = await grant.save();
  await deps.db
    .updateTable('oidc_models')
    .set({ session_id: input.sessionId })
    .where('model', '=', 'Grant')
    .where('id', '=', grantId)
    .where('org_id', '=', input.orgId)
    .execute();
  return grantId;
}

/** In a query of sessions: whether an app is still signed in under the session (a grant not expired). */
export function hasAppGrant(eb: ExpressionBuilder<DB, 'sessions'>, { now }: { now: number }) {
  return eb.exists(
    eb
      .selectFrom('oidc_models')
      .select('oidc_models.id')
      .where('oidc_models.model', '=', 'Grant')
      .whereRef('oidc_models.session_id', '=', 'sessions.id')
      .where((inner) =>
        inner.or([inner('oidc_models.expires_at', 'is', null), inner('oidc_models.expires_at', '>', now)]),
      ),
  );
}

/** A member signing in again in the same browser keeps their apps: the grants move to the new session. */
export async function carryGrants(
  deps: Deps,
  { fromSessionId, toSessionId }: { fromSessionId: string; toSessionId: string },
): Promise<void> {
  await deps.db
    .updateTable('oidc_models')
    .set({ session_id: toSessionId })
    .where('model', '=', 'Grant')
    .where('session_id', '=', fromSessionId)
    .execute();
}

/**
 * Whether the member must be asked before the app gets these scopes: a third-party app without their consent on
 * record for them (an app made third-party after they signed in to it included), or one that asks again
 * (`prompt=consent`). The organisation's own apps never ask.
 */
export async function needsConsent(
  deps: Deps,
  { app, userId, scopes, prompt }: { app: OidcClient; userId: string; scopes: string[]; prompt?: string },
): Promise<boolean> {
  if (fromFlag(app.first_party)) return false;
  if (prompt?.split(' ').includes('consent')) return true;
  return !(await hasConsent(deps, { userId, clientId: app.id, scopes }));
}

async function hasConsent(
  deps: Deps,
  { userId, clientId, scopes }: { userId: string; clientId: string; scopes: string[] },
): Promise<boolean> {
  const row = await deps.db
    .selectFrom('oidc_consents')
    .select('scopes')
    .where('user_id', '=', userId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  if (!row) return false;
  const given = new Set(row.scopes.split(' '));
  return scopes.every((scope) => given.has(scope));
}

export async function rememberConsent(
  deps: Deps,
  input: { orgId: string; userId: string; clientId: string; scopes: string[]; context: RequestContext },
) {
  const scopes = input.scopes.join(' ');
  await inTransaction(deps, async (tx) => {
    await tx.db
      .insertInto('oidc_consents')
      .values({
        user_id: input.userId,
        client_id: input.clientId,
        org_id: input.orgId,
        scopes,
        created_at: deps.clock(),
      })
      .onConflict((oc) => oc.columns(['user_id', 'client_id']).doUpdateSet({ scopes, created_at: deps.clock() }))
      .execute();
    await recordAudit(tx, {
      orgId: input.orgId,
      type: 'app.consent_given',
      userId: input.userId,
      actorId: input.userId,
      context: input.context,
      details: { clientId: input.clientId, scopes },
    });
  });
}

export interface AppAccess {
  clientId: string;
  name: string;
  /** What the member allowed (empty for the organisation's own apps, which do not ask). */
  scopes: string[];
  since: number;
  /** An admin disabled the app (its grants went then; a consent stays, for when it is enabled again). */
  disabled: boolean;
}

/** The apps a member has let in: a remembered consent or a live grant. */
export async function listAppAccess(
  deps: Deps,
  { orgId, userId }: { orgId: string; userId: string },
): Promise<AppAccess[]> {
  const consents = await deps.db
    .selectFrom('oidc_consents')
    .innerJoin('oidc_clients', 'oidc_clients.id', 'oidc_consents.client_id')
    .select([
      'oidc_clients.id',
      'oidc_clients.name',
      'oidc_clients.disabled_at',
      'oidc_consents.scopes',
      'oidc_consents.created_at',
    ])
    .where('oidc_consents.user_id', '=', userId)
    .where('oidc_consents.org_id', '=', orgId)
    .execute();
  const grants = await deps.db
    .selectFrom('oidc_models')
    .innerJoin('oidc_clients', 'oidc_clients.id', 'oidc_models.client_id')
    .select(['oidc_clients.id', 'oidc_clients.name', 'oidc_clients.disabled_at'])
    .select((eb) => eb.fn.min('oidc_models.expires_at').as('expires'))
    .where('oidc_models.model', '=', 'Grant')
    .where('oidc_models.account_id', '=', userId)
    .where('oidc_models.org_id', '=', orgId)
    .groupBy(['oidc_clients.id', 'oidc_clients.name', 'oidc_clients.disabled_at'])
    .execute();
  const access = new Map<string, AppAccess>();
  const disabled = (app: { disabled_at: number | null }) => app.disabled_at !== null;
  for (const g of grants)
    access.set(g.id, { clientId: g.id, name: g.name, scopes: [], since: 0, disabled: disabled(g) });
  for (const c of consents) {
    const { id: clientId, name, created_at: since } = c;
    access.set(clientId, { clientId, name, scopes: c.scopes.split(' '), since, disabled: disabled(c) });
  }
  return [...access.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The member takes an app's access away: its consent is forgotten and every grant and token ends. An app they
 * have not let in is APP_NOT_FOUND. Returns how many grants ended (see takeBackAppAccess, which tells the app).
 */
export async function revokeAppAccess(
  deps: Deps,
  input: { orgId: string; userId: string; clientId: string; context: RequestContext },
): Promise<number> {
  return inTransaction(deps, async (tx) => {
    const grants = tx.db
      .selectFrom('oidc_models')
      .select('id')
      .where('model', '=', 'Grant')
      .where('account_id', '=', input.userId)
      .where('client_id', '=', input.clientId)
      .where('org_id', '=', input.orgId);
    await tx.db.deleteFrom('oidc_models').where('org_id', '=', input.orgId).where('grant_id', 'in', grants).execute();
    const grantsEnded = await tx.db
      .deleteFrom('oidc_models')
      .where('org_id', '=', input.orgId)
      .where('model', '=', 'Grant')
      .where('account_id', '=', input.userId)
      .where('client_id', '=', input.clientId)
      .executeTakeFirst();
    const consentsForgotten = await tx.db
      .deleteFrom('oidc_consents')
      .where('user_id', '=', input.userId)
      .where('client_id', '=', input.clientId)
      .executeTakeFirst();
    // An app the member never let in (or a made-up id) is refused, and leaves no event behind.
    if (Number(grantsEnded.numDeletedRows) + Number(consentsForgotten.numDeletedRows) === 0)
      throw new AppError('APP_NOT_FOUND');
    await recordAudit(tx, {
      orgId: input.orgId,
      type: 'app.access_revoked',
      userId: input.userId,
      actorId: input.userId,
      context: input.context,
      details: { clientId: input.clientId },
    });
    return Number(grantsEnded.numDeletedRows);
  });
}
