import type { Static, TSchema } from '@sinclair/typebox';
import type { REQUEST_ERRORS, RouteSpec } from '../shared/schemas.js';
import type {
  DeleteAdminUsersIdPasskeysPasskeyId,
  GetAdminActivity,
  GetAdminActivityExport,
  GetAdminAdoption,
  GetAdminHome,
  GetAdminUsers,
  GetAdminUsersId,
  PostAdminUsers,
  PostAdminUsersIdSignOutEverywhere,
} from '../admin/schemas.js';
import type {
  GetDeviceLinkId,
  PostDeviceLink,
  PostDeviceLinkIdComplete,
  PostMeDeviceLinksIdApprove,
  PostMeDeviceLinksIdApproveOptions,
  PostMeDeviceLinksIdDeny,
  PostMeDeviceLinksLookup,
} from '../device-link/schemas.js';
import type {
  GetAdminSettingsEnrollment,
  PostAdminUsersIdEnrollmentCode,
  PostAdminUsersIdEnrollmentEmail,
  PostAdminUsersIdRecover,
  PostEnroll,
  PostSetup,
  PutAdminSettingsEnrollment,
} from '../enrollment/schemas.js';
import type {
  DeleteAdminEmailTemplatesId,
  GetAdminEmailTemplates,
  GetAdminEmails,
  PostAdminEmailTemplates,
  PostAdminEmailTemplatesPreview,
  PutAdminEmailTemplatesDefault,
  PutAdminEmailTemplatesId,
} from '../mail/schemas.js';
import type {
  DeleteAdminAppsClientId,
  DeleteMeAppsClientId,
  GetAdminApps,
  GetMeApps,
  GetOidcInteractionUidDetails,
  PostAdminApps,
  PostAdminAppsClientIdRotateSecret,
  PostOidcInteractionUidCancel,
  PostOidcInteractionUidConsent,
  PostOidcInteractionUidContinue,
  PutAdminAppsClientId,
} from '../oidc/schemas.js';
import type {
  GetOrgInfo,
  GetAdminSettingsLanguage,
  GetAdminSettingsMobileApps,
  GetOrgs,
  PatchOrgsSlug,
  PostOrgs,
  PostOrgsSlugAdmins,
  PutAdminSettingsLanguage,
  PutAdminSettingsMobileApps,
} from '../orgs/schemas.js';
import type {
  DeleteMePasskeysId,
  GetMePasskeys,
  PatchMePasskeysId,
  PostMePasskeys,
  PostMePasskeysOptions,
} from '../passkeys/schemas.js';
import type {
  DeleteAdminPilotMembersId,
  GetAdminSettingsPasskeys,
  PostAdminPilotMembers,
  PutAdminSettingsPasskeys,
} from '../policy/schemas.js';
import type { DeleteMeSessionsId, GetMeSessions, PostMeSessionsRevokeOthers } from '../sessions/schemas.js';
import type {
  PostSignInIdentify,
  PostSignInPasskeyOptions,
  PostSignInPasskeyVerify,
  PostSignInPassword,
  PostSignOut,
} from '../sign-in/schemas.js';
import type { PostAdminUsersEnrollmentEmails, PostAdminUsersImport } from '../user-import/schemas.js';
import type {
  GetMe,
  PatchAdminUsersId,
  PatchMe,
  PostAdminUsersIdDelete,
  PostAdminUsersIdDisable,
  PostAdminUsersIdEnable,
  PostMePasskeyPromptSnooze,
  PostMeReverifyPasskeyOptions,
  PostMeReverifyPasskeyVerify,
  PostMeReverifyPassword,
  PutMePassword,
} from '../users/schemas.js';

/** What a route takes and answers, read from the spec its handler validates with. */
interface Contract<S extends RouteSpec> {
  body: S extends { body: infer B extends TSchema } ? Static<B> : undefined;
  query: S extends { query: infer Q extends TSchema } ? Static<Q> : undefined;
  reply: Static<S['reply']>;
  /** The codes its error answers may carry: its own, and the request refusals every route shares. */
  errors: S['errors'][number] | (typeof REQUEST_ERRORS)[number];
}

/**
 * The JSON API, method and path → body, query, reply and error codes. The web imports it with
 * `import type` (erased from the bundle), so a reply whose shape changes fails the web's type check.
 */
export interface Routes {
  'POST /api/o/:org/me/device-links/lookup': Contract<typeof PostMeDeviceLinksLookup>;
  'POST /api/o/:org/me/device-links/:id/approve/options': Contract<typeof PostMeDeviceLinksIdApproveOptions>;
  'POST /api/o/:org/me/device-links/:id/approve': Contract<typeof PostMeDeviceLinksIdApprove>;
  'POST /api/o/:org/me/device-links/:id/deny': Contract<typeof PostMeDeviceLinksIdDeny>;
  'GET /api/o/:org/me/passkeys': Contract<typeof GetMePasskeys>;
  'POST /api/o/:org/me/passkeys/options': Contract<typeof PostMePasskeysOptions>;
  'POST /api/o/:org/me/passkeys': Contract<typeof PostMePasskeys>;
  'PATCH /api/o/:org/me/passkeys/:id': Contract<typeof PatchMePasskeysId>;
  'DELETE /api/o/:org/me/passkeys/:id': Contract<typeof DeleteMePasskeysId>;
  'GET /api/o/:org/me/sessions': Contract<typeof GetMeSessions>;
  'DELETE /api/o/:org/me/sessions/:id': Contract<typeof DeleteMeSessionsId>;
  'POST /api/o/:org/me/sessions/revoke-others': Contract<typeof PostMeSessionsRevokeOthers>;
  'GET /api/o/:org/me': Contract<typeof GetMe>;
  'POST /api/o/:org/me/passkey-prompt/snooze': Contract<typeof PostMePasskeyPromptSnooze>;
  'PATCH /api/o/:org/me': Contract<typeof PatchMe>;
  'PUT /api/o/:org/me/password': Contract<typeof PutMePassword>;
  'POST /api/o/:org/me/reverify/password': Contract<typeof PostMeReverifyPassword>;
  'POST /api/o/:org/me/reverify/passkey/options': Contract<typeof PostMeReverifyPasskeyOptions>;
  'POST /api/o/:org/me/reverify/passkey/verify': Contract<typeof PostMeReverifyPasskeyVerify>;
  'POST /api/o/:org/device-link': Contract<typeof PostDeviceLink>;
  'GET /api/o/:org/device-link/:id': Contract<typeof GetDeviceLinkId>;
  'POST /api/o/:org/device-link/:id/complete': Contract<typeof PostDeviceLinkIdComplete>;
  'POST /api/o/:org/sign-in/identify': Contract<typeof PostSignInIdentify>;
  'POST /api/o/:org/sign-in/password': Contract<typeof PostSignInPassword>;
  'POST /api/o/:org/sign-in/passkey/options': Contract<typeof PostSignInPasskeyOptions>;
  'POST /api/o/:org/sign-in/passkey/verify': Contract<typeof PostSignInPasskeyVerify>;
  'POST /api/o/:org/sign-out': Contract<typeof PostSignOut>;
  'GET /api/o/:org': Contract<typeof GetOrgInfo>;
  'POST /api/o/:org/enroll': Contract<typeof PostEnroll>;
  'POST /api/o/:org/setup': Contract<typeof PostSetup>;
  'POST /api/o/:org/admin/users/:id/enrollment-code': Contract<typeof PostAdminUsersIdEnrollmentCode>;
  'POST /api/o/:org/admin/users/:id/enrollment-email': Contract<typeof PostAdminUsersIdEnrollmentEmail>;
  'POST /api/o/:org/admin/users/:id/recover': Contract<typeof PostAdminUsersIdRecover>;
  'GET /api/o/:org/admin/settings/enrollment': Contract<typeof GetAdminSettingsEnrollment>;
  'PUT /api/o/:org/admin/settings/enrollment': Contract<typeof PutAdminSettingsEnrollment>;
  'GET /api/o/:org/admin/activity': Contract<typeof GetAdminActivity>;
  'GET /api/o/:org/admin/activity/export': Contract<typeof GetAdminActivityExport>;
  'GET /api/o/:org/admin/adoption': Contract<typeof GetAdminAdoption>;
  'GET /api/o/:org/admin/home': Contract<typeof GetAdminHome>;
  'GET /api/o/:org/admin/users': Contract<typeof GetAdminUsers>;
  'POST /api/o/:org/admin/users': Contract<typeof PostAdminUsers>;
  'GET /api/o/:org/admin/users/:id': Contract<typeof GetAdminUsersId>;
  'DELETE /api/o/:org/admin/users/:id/passkeys/:passkeyId': Contract<typeof DeleteAdminUsersIdPasskeysPasskeyId>;
  'POST /api/o/:org/admin/users/:id/sign-out-everywhere': Contract<typeof PostAdminUsersIdSignOutEverywhere>;
  'GET /api/o/:org/admin/apps': Contract<typeof GetAdminApps>;
  'POST /api/o/:org/admin/apps': Contract<typeof PostAdminApps>;
  'PUT /api/o/:org/admin/apps/:clientId': Contract<typeof PutAdminAppsClientId>;
  'POST /api/o/:org/admin/apps/:clientId/rotate-secret': Contract<typeof PostAdminAppsClientIdRotateSecret>;
  'DELETE /api/o/:org/admin/apps/:clientId': Contract<typeof DeleteAdminAppsClientId>;
  'GET /api/o/:org/me/apps': Contract<typeof GetMeApps>;
  'DELETE /api/o/:org/me/apps/:clientId': Contract<typeof DeleteMeAppsClientId>;
  'GET /api/o/:org/admin/settings/language': Contract<typeof GetAdminSettingsLanguage>;
  'PUT /api/o/:org/admin/settings/language': Contract<typeof PutAdminSettingsLanguage>;
  'GET /api/o/:org/admin/settings/mobile-apps': Contract<typeof GetAdminSettingsMobileApps>;
  'PUT /api/o/:org/admin/settings/mobile-apps': Contract<typeof PutAdminSettingsMobileApps>;
  'GET /api/platform/orgs': Contract<typeof GetOrgs>;
  'POST /api/platform/orgs': Contract<typeof PostOrgs>;
  'POST /api/platform/orgs/:slug/admins': Contract<typeof PostOrgsSlugAdmins>;
  'PATCH /api/platform/orgs/:slug': Contract<typeof PatchOrgsSlug>;
  'GET /api/o/:org/admin/email-templates': Contract<typeof GetAdminEmailTemplates>;
  'POST /api/o/:org/admin/email-templates': Contract<typeof PostAdminEmailTemplates>;
  'PUT /api/o/:org/admin/email-templates/:id': Contract<typeof PutAdminEmailTemplatesId>;
  'DELETE /api/o/:org/admin/email-templates/:id': Contract<typeof DeleteAdminEmailTemplatesId>;
  'PUT /api/o/:org/admin/email-templates/default': Contract<typeof PutAdminEmailTemplatesDefault>;
  'POST /api/o/:org/admin/email-templates/preview': Contract<typeof PostAdminEmailTemplatesPreview>;
  'GET /api/o/:org/admin/emails': Contract<typeof GetAdminEmails>;
  'GET /api/o/:org/admin/settings/passkeys': Contract<typeof GetAdminSettingsPasskeys>;
  'PUT /api/o/:org/admin/settings/passkeys': Contract<typeof PutAdminSettingsPasskeys>;
  'POST /api/o/:org/admin/pilot-members': Contract<typeof PostAdminPilotMembers>;
  'DELETE /api/o/:org/admin/pilot-members/:id': Contract<typeof DeleteAdminPilotMembersId>;
  'POST /api/o/:org/admin/users/import': Contract<typeof PostAdminUsersImport>;
  'POST /api/o/:org/admin/users/enrollment-emails': Contract<typeof PostAdminUsersEnrollmentEmails>;
  'PATCH /api/o/:org/admin/users/:id': Contract<typeof PatchAdminUsersId>;
  'POST /api/o/:org/admin/users/:id/disable': Contract<typeof PostAdminUsersIdDisable>;
  'POST /api/o/:org/admin/users/:id/enable': Contract<typeof PostAdminUsersIdEnable>;
  'POST /api/o/:org/admin/users/:id/delete': Contract<typeof PostAdminUsersIdDelete>;
  'GET /api/o/:org/oidc/interaction/:uid/details': Contract<typeof GetOidcInteractionUidDetails>;
  'POST /api/o/:org/oidc/interaction/:uid/continue': Contract<typeof PostOidcInteractionUidContinue>;
  'POST /api/o/:org/oidc/interaction/:uid/consent': Contract<typeof PostOidcInteractionUidConsent>;
  'POST /api/o/:org/oidc/interaction/:uid/cancel': Contract<typeof PostOidcInteractionUidCancel>;
}

export type RouteKey = keyof Routes;
export type Reply<K extends RouteKey> = Routes[K]['reply'];
export type Body<K extends RouteKey> = Routes[K]['body'];
export type Query<K extends RouteKey> = Routes[K]['query'];
export type RouteError<K extends RouteKey> = Routes[K]['errors'];

/** The `:name`s of a route's path. */
type ParamNames<Path extends string> = Path extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<Rest>
  : Path extends `${string}:${infer Name}`
    ? Name
    : never;

/**
 * A route's path parameters, named by its path. Each route's params schema is a string per `:name`
 * (test/http/contract.test.ts checks the documented parameters against the keys above).
 */
export type Params<K extends RouteKey> = { [Name in ParamNames<K>]: string };
