import { updateAudited } from '../audit/audited-write.js';
import type { Role } from '../db/types.js';
import { AppError } from '../errors.js';
import type { Organisation } from '../orgs/organisations.js';
import type { Deps, RequestContext } from '../shared/deps.js';
import { findUserByIdentifier, getUser } from '../users/users.js';
import { requirePolicyAuthority } from './policy-authority.js';

export interface PilotMember {
  id: string;
  username: string;
  displayName: string;
}

export async function listPilotMembers(deps: Deps, { org }: { org: Organisation }): Promise<PilotMember[]> {
  const rows = await deps.db
    .selectFrom('users')
    .select(['id', 'username', 'display_name'])
    .where('org_id', '=', org.id)
    .where('pilot', '=', 1)
    .orderBy('username')
    .execute();
  return rows.map((r) => ({ id: r.id, username: r.username, displayName: r.display_name }));
}

export interface SetPilotInput {
  org: Organisation;
  target: { identifier?: string; userId?: string };
  pilot: boolean;
  actor: { actorId: string | null; context?: RequestContext; role: Role };
}

/** Adds a member to, or removes one from, the pilot group that the "Pilot group" rollout reaches. */
export async function setPilot(deps: Deps, { org, target, pilot, actor }: SetPilotInput): Promise<PilotMember> {
  requirePolicyAuthority(org, actor.role);
  const user = target.userId
    ? await getUser(deps, { orgId: org.id, userId: target.userId })
    : await findUserByIdentifier(deps, { orgId: org.id, identifier: target.identifier ?? '' });
  if (!user) throw new AppError('USER_NOT_FOUND');
  if ((user.pilot === 1) !== pilot) {
    await updateAudited(deps, {
      orgId: org.id,
      type: 'pilot.changed',
      userId: user.id,
      actorId: actor.actorId,
      context: actor.context,
      details: { pilot },
      update: { table: 'users', id: user.id, set: { pilot: pilot ? 1 : 0, updated_at: deps.clock() } },
    });
  }
  return { id: user.id, username: user.username, displayName: user.display_name };
}
