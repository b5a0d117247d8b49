import type { Migration } from 'kysely';
import * as foundation from './0001_foundation.js';
import * as passkeyPolicy from './0002_passkey_policy.js';
import * as deviceLinks from './0003_device_links.js';
import * as adminConsole from './0004_admin_console.js';
import * as accountProtection from './0005_account_protection.js';
import * as orgRpId from './0006_org_rp_id.js';
import * as oidc from './0007_oidc.js';
import * as mobileApps from './0008_mobile_apps.js';
import * as linkHandover from './0009_link_handover.js';
import * as enrollmentLinksUser from './0010_enrollment_links_user.js';
import * as sessionPasskey from './0011_session_passkey.js';
import * as orgDefaultLanguage from './0012_org_default_language.js';
import * as challengesByExpiry from './0013_challenges_by_expiry.js';
import * as deviceLinksByApprover from './0014_device_links_by_approver.js';
import * as oidcTokensHashed from './0015_oidc_tokens_hashed.js';
import * as issuedUnderSession from './0016_issued_under_session.js';
import * as appDisabled from './0017_app_disabled.js';
import * as passkeyCreatedIn from './0018_passkey_created_in.js';

/** Every migration, in order. Kept in code so the built server needs no migration folder on disk. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': foundation,
  '0002_passkey_policy': passkeyPolicy,
  '0003_device_links': deviceLinks,
  '0004_admin_console': adminConsole,
  '0005_account_protection': accountProtection,
  '0006_org_rp_id': orgRpId,
  '0007_oidc': oidc,
  '0008_mobile_apps': mobileApps,
  '0009_link_handover': linkHandover,
  '0010_enrollment_links_user': enrollmentLinksUser,
  '0011_session_passkey': sessionPasskey,
  '0012_org_default_language': orgDefaultLanguage,
  '0013_challenges_by_expiry': challengesByExpiry,
  '0014_device_links_by_approver': deviceLinksByApprover,
  '0015_oidc_tokens_hashed': oidcTokensHashed,
  '0016_issued_under_session': issuedUnderSession,
  '0017_app_disabled': appDisabled,
  '0018_passkey_created_in': passkeyCreatedIn,
};
