import i18next from 'i18next';
// A test (test/web-activity-by.test.ts) compiles this file with Node's resolution, which wants the extension.
import type { AuditType } from '../../../../src/audit/schemas.js';
import type activity from '../../i18n/locales/en/activity.json';

/** Every audit event type's message: a type the server records without a message here fails the type check. */
const LABELS: Record<AuditType, keyof typeof activity & `event${string}`> = {
  'org.created': 'eventOrgCreated',
  'org.rp_id_changed': 'eventOrgRpIdChanged',
  'org.mobile_apps_changed': 'eventOrgMobileAppsChanged',
  'org.language_changed': 'eventOrgLanguageChanged',
  'user.created': 'eventUserCreated',
  'user.updated': 'eventUserUpdated',
  'user.disabled': 'eventUserDisabled',
  'user.enabled': 'eventUserEnabled',
  'user.deleted': 'eventUserDeleted',
  'users.imported': 'eventUsersImported',
  'sign_in.succeeded': 'eventSignInSucceeded',
  'sign_in.failed': 'eventSignInFailed',
  'sign_in.password_locked': 'eventSignInPasswordLocked',
  sign_out: 'eventSignOut',
  'session.revoked': 'eventSessionRevoked',
  'session.reverified': 'eventSessionReverified',
  'session.reverify_failed': 'eventSessionReverifyFailed',
  'passkey.added': 'eventPasskeyAdded',
  'passkey.renamed': 'eventPasskeyRenamed',
  'passkey.deleted': 'eventPasskeyDeleted',
  'passkey.counter_regressed': 'eventPasskeyCounterRegressed',
  'password.changed': 'eventPasswordChanged',
  'profile.updated': 'eventProfileUpdated',
  'setup_link.created': 'eventSetupLinkCreated',
  'setup_link.redeemed': 'eventSetupLinkRedeemed',
  'setup_link.refused': 'eventSetupLinkRefused',
  'policy.changed': 'eventPolicyChanged',
  'pilot.changed': 'eventPilotChanged',
  'passkey_prompt.snoozed': 'eventPasskeyPromptSnoozed',
  'device_link.requested': 'eventDeviceLinkRequested',
  'device_link.code_failed': 'eventDeviceLinkCodeFailed',
  'device_link.approved': 'eventDeviceLinkApproved',
  'device_link.denied': 'eventDeviceLinkDenied',
  'device_link.voided': 'eventDeviceLinkVoided',
  'enrollment.voided': 'eventEnrollmentVoided',
  'enrollment_code.created': 'eventEnrollmentCodeCreated',
  'enrollment_code.redeemed': 'eventEnrollmentCodeRedeemed',
  'enrollment_code.failed': 'eventEnrollmentCodeFailed',
  'enrollment_email.queued': 'eventEnrollmentEmailQueued',
  'enrollment_email.sent': 'eventEnrollmentEmailSent',
  'enrollment_email.failed': 'eventEnrollmentEmailFailed',
  'enrollment_email.handed_over': 'eventEnrollmentEmailHandedOver',
  'enrollment_emails.queued': 'eventEnrollmentEmailsQueued',
  'enrollment_emails.handed_over': 'eventEnrollmentEmailsHandedOver',
  'recovery.started': 'eventRecoveryStarted',
  'activity.exported': 'eventActivityExported',
  'email_template.created': 'eventEmailTemplateCreated',
  'email_template.updated': 'eventEmailTemplateUpdated',
  'email_template.deleted': 'eventEmailTemplateDeleted',
  'email_template.default_changed': 'eventEmailTemplateDefaultChanged',
  'app.created': 'eventAppCreated',
  'app.updated': 'eventAppUpdated',
  'app.secret_rotated': 'eventAppSecretRotated',
  'app.deleted': 'eventAppDeleted',
  'app.disabled': 'eventAppDisabled',
  'app.enabled': 'eventAppEnabled',
  'app.authorized': 'eventAppAuthorized',
  'app.consent_given': 'eventAppConsentGiven',
  'app.access_revoked': 'eventAppAccessRevoked',
  'app.keys_rotated': 'eventAppKeysRotated',
};

/**
 * An event type in words, in the page's language; a type this page does not know yet (a newer server) as it is.
 * With the event's details, an event about several things says how many ("3 sessions signed out").
 */
export function eventLabel(type: string, details: Record<string, unknown> = {}): string {
  const key = (LABELS as Record<string, keyof typeof activity | undefined>)[type];
  const count = typeof details.count === 'number' ? details.count : 1;
  return key ? i18next.t(`activity:${key}`, { count }) : type;
}
