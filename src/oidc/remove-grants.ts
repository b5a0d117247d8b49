import type { Organisation } from '../orgs/organisations.js';
import type { Deps } from '../shared/deps.js';

export interface EndGrantsInput {
  org: Organisation;
  userId: string;
  /** Which of the member's sessions ended: one, all but one, or (neither) all. */
  sessionId?: string;
  keepSessionId?: string;
}

/** The member's app grants made under the ended sessions go, with their tokens; returns the apps to tell. */
export async function removeAppGrants(deps: Deps, input: EndGrantsInput): Promise<string[]> {
  let query = deps.db
    .selectFrom('oidc_models')
    .select(['id', 'client_id'])
    .where('model', '=', 'Grant')
    .where('org_id', '=', input.org.id)
    .where('account_id', '=', input.userId);
  if (input.sessionId) query = query.where('session_id', '=', input.sessionId);
  if (input.keepSessionId)
    query = query.where((eb) => eb.or([eb('session_id', '!=', input.keepSessionId!), eb('session_id', 'is', null)]));
  const grants = await query.execute();
  if (grants.length === 0) return [];
  const ids = grants.map((grant) => grant.id);
  await deps.db
    .deleteFrom('oidc_models')
    .where('org_id', '=', input.org.id)
    .where((eb) => eb.or([eb('grant_id', 'in', ids), eb.and([eb('model', '=', 'Grant'), eb('id', 'in', ids)])]))
    .execute();
  const clientIds = [...new Set(grants.map((grant) => grant.client_id).filter((id): id is string => id !== null))];
  const listening = await deps.db
    .selectFrom('oidc_clients')
    .select('id')
    .where('org_id', '=', input.org.id)
    .where('id', 'in', clientIds.length ? clientIds : [''])
    .where('backchannel_logout_uri', 'is not', null)
    .execute();
  return listening.map(({ id }) => id);
}

/**
 * Everything an app was issued goes: its grants, with the codes and tokens under them, and any other model that
 * names it. Returns how many grants ended. For deleting or disabling the app. (A sign-in page opened for it names
 * it nowhere the table can see: the interaction checks the app again when it goes on.)
 */
export async function removeIssuedToApp(db: Deps['db'], { orgId, clientId }: { orgId: string; clientId: string }) {
  const grants = db
    .selectFrom('oidc_models')
    .select('id')
    .where('org_id', '=', orgId)
    .where('model', '=', 'Grant')
    .where('client_id', '=', clientId);
  const ended = await db
    .selectFrom(grants.as('grant'))
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  await db
    .deleteFrom('oidc_models')
    .where('org_id', '=', orgId)
    .where((eb) => eb.or([eb('client_id', '=', clientId), eb('grant_id', 'in', grants)]))
    .execute();
  return Number(ended.n);
}
