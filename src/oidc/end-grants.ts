import type { Organisation } from '../orgs/organisations.js';
import type { Deps } from '../shared/deps.js';
import { providerFor } from './provider.js';

export interface EndGrantsInput {
  org: Organisation;
  userId: string;
  /** Which of the member's sessions ended: one, all but one, or (neither) all. */
  sessionId?: string;
  keepSessionId?: string;
}

/**
 * After sessions end (sign out, sign out everywhere, recovery, disable): the app grants made under
 * them go with their tokens, and apps with a back-channel logout URI are told (OIDC Back-Channel
 * Logout 1.0). Tokens already stop working when their session is revoked (the adapter checks); this
 * removes them and informs the apps.
 */
export async function endAppGrants(deps: Deps, input: EndGrantsInput): Promise<void> {
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
  if (grants.length === 0) return;
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
  if (listening.length === 0) return;
  const provider = await providerFor(deps, { org: input.org });
  // Told in the background: a slow or absent app must not hold up the member's sign-out.
  void Promise.allSettled(
    listening.map(async ({ id }) => {
      const client = (await provider.Client.find(id)) as
        { backchannelLogout(sub: string, sid: string): Promise<void> } | undefined;
      await client?.backchannelLogout(input.userId, '');
    }),
  );
}
