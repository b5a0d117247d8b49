import i18next from 'i18next';
import type { AdminHome } from '../adminApi';

type Rollout = AdminHome['rollout'];

/** "Admins only", "Pilot group", "Everyone", in the page's language. */
export function rolloutStageLabel(stage: Rollout['rollout']): string {
  return i18next.t('admin-home:rolloutStage', { stage });
}

/** "1 of 1 member enrolled (100 %)", "3 of 8 members enrolled (37 %)". */
export function enrolledOf(enrolled: number, members: number, percent: number): string {
  return i18next.t('admin-home:enrolledOf', { enrolled, members, percent });
}

/** What members are told about their password, true to the organisation's settings. */
function passwordLine(rollout: Rollout): string {
  if (rollout.passkeysMandatory) return i18next.t('admin-home:passwordLineMandatory');
  return rollout.passwordFallback
    ? i18next.t('admin-home:passwordLineFallback')
    : i18next.t('admin-home:passwordLineNoFallback');
}

/** The announcement to all members (the customers' guide's example, kept true to the settings). */
export function announcement(rollout: Rollout): string {
  return i18next.t('admin-home:announcementText', { passwordLine: passwordLine(rollout) });
}

/** The invitation to the pilot group: what to try and what to tell the admins. */
export function pilotInvitation(): string {
  return i18next.t('admin-home:pilotInvitationText');
}

/** A reminder for the members still Pending (the guide's suggested help text). */
export function reminder(rollout: Rollout): string {
  return i18next.t('admin-home:reminderText', { passwordLine: passwordLine(rollout) });
}
