import { updateAudited } from '../audit/audited-write.js';
import type { Organisation } from '../orgs/organisations.js';
import type { Actor, Deps } from '../shared/deps.js';

export interface EnrollmentSettings {
  codeSeconds: number;
  linkDays: number;
}

export const enrollmentSettingsView = (org: Organisation): EnrollmentSettings => ({
  codeSeconds: org.enrollment_code_seconds,
  linkDays: org.enrollment_link_days,
});

export interface UpdateEnrollmentSettingsInput {
  org: Organisation;
  changes: Partial<EnrollmentSettings>;
  actor: Actor;
}

/** How long enrollment codes and email links stay valid in this organisation. */
export async function updateEnrollmentSettings(
  deps: Deps,
  { org, changes, actor }: UpdateEnrollmentSettingsInput,
): Promise<EnrollmentSettings> {
  const after = { ...enrollmentSettingsView(org), ...changes };
  await updateAudited(deps, {
    orgId: org.id,
    type: 'policy.changed',
    actorId: actor.actorId,
    context: actor.context,
    details: { enrollmentCodeSeconds: after.codeSeconds, enrollmentLinkDays: after.linkDays },
    update: {
      table: 'organisations',
      id: org.id,
      set: { enrollment_code_seconds: after.codeSeconds, enrollment_link_days: after.linkDays },
    },
  });
  return after;
}
