import type { Static, TSchema } from '@sinclair/typebox';
import type { REQUEST_ERRORS, RouteSpec } from '../shared/schemas.js';
import type * as admin from '../admin/schemas.js';
import type * as deviceLink from '../device-link/schemas.js';
import type * as enrollment from '../enrollment/schemas.js';
import type * as mail from '../mail/schemas.js';
import type * as oidc from '../oidc/schemas.js';
import type * as orgs from '../orgs/schemas.js';
import type * as passkeys from '../passkeys/schemas.js';
import type * as policy from '../policy/schemas.js';
import type * as sessions from '../sessions/schemas.js';
import type * as signIn from '../sign-in/schemas.js';
import type * as userImport from '../user-import/schemas.js';
import type * as users from '../users/schemas.js';

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
  'POST /api/o/:org/me/device-links/lookup': Contract<typeof deviceLink.PostMeDeviceLinksLookup>;
  'POST /api/o/:org/me/device-links/:id/approve/options': Contract<typeof deviceLink.PostMeDeviceLinksIdApproveOptions>;
  'POST /api/o/:org/me/device-links/:id/approve': Contract<typeof deviceLink.PostMeDeviceLinksIdApprove>;
  'POST /api/o/:org/me/device-links/:id/deny': Contract<typeof deviceLink.PostMeDeviceLinksIdDeny>;
  'GET /api/o/:org/me/passkeys': Contract<typeof passkeys.GetMePasskeys>;
  'POST /api/o/:org/me/passkeys/options': Contract<typeof passkeys.PostMePasskeysOptions>;
  'POST /api/o/:org/me/passkeys': Contract<typeof passkeys.PostMePasskeys>;
  'PATCH /api/o/:org/me/passkeys/:id': Contract<typeof passkeys.PatchMePasskeysId>;
  'DELETE /api/o/:org/me/passkeys/:id': Contract<typeof passkeys.DeleteMePasskeysId>;
  'GET /api/o/:org/me/sessions': Contract<typeof sessions.GetMeSessions>;
  'DELETE /api/o/:org/me/sessions/:id': Contract<typeof sessions.DeleteMeSessionsId>;
  'POST /api/o/:org/me/sessions/revoke-others': Contract<typeof sessions.PostMeSessionsRevokeOthers>;
  'GET /api/o/:org/me': Contract<typeof users.GetMe>;
  'POST /api/o/:org/me/passkey-prompt/snooze': Contract<typeof users.PostMePasskeyPromptSnooze>;
  'PATCH /api/o/:org/me': Contract<typeof users.PatchMe>;
  'PUT /api/o/:org/me/password': Contract<typeof users.PutMePassword>;
  'POST /api/o/:org/me/reverify/password': Contract<typeof users.PostMeReverifyPassword>;
  'POST /api/o/:org/me/reverify/passkey/options': Contract<typeof users.PostMeReverifyPasskeyOptions>;
  'POST /api/o/:org/me/reverify/passkey/verify': Contract<typeof users.PostMeReverifyPasskeyVerify>;
  'POST /api/o/:org/device-link': Contract<typeof deviceLink.PostDeviceLink>;
  'GET /api/o/:org/device-link/:id': Contract<typeof deviceLink.GetDeviceLinkId>;
  'POST /api/o/:org/device-link/:id/cancel': Contract<typeof deviceLink.PostDeviceLinkIdCancel>;
  'POST /api/o/:org/device-link/:id/complete': Contract<typeof deviceLink.PostDeviceLinkIdComplete>;
  'POST /api/o/:org/sign-in/identify': Contract<typeof signIn.PostSignInIdentify>;
  'POST /api/o/:org/sign-in/password': Contract<typeof signIn.PostSignInPassword>;
  'POST /api/o/:org/sign-in/passkey/options': Contract<typeof signIn.PostSignInPasskeyOptions>;
  'POST /api/o/:org/sign-in/passkey/verify': Contract<typeof signIn.PostSignInPasskeyVerify>;
  'POST /api/o/:org/sign-out': Contract<typeof signIn.PostSignOut>;
  'GET /api/o/:org': Contract<typeof orgs.GetOrgInfo>;
  'POST /api/o/:org/enroll': Contract<typeof enrollment.PostEnroll>;
  'POST /api/o/:org/setup': Contract<typeof enrollment.PostSetup>;
  'POST /api/o/:org/admin/users/:id/enrollment-code': Contract<typeof enrollment.PostAdminUsersIdEnrollmentCode>;
  'POST /api/o/:org/admin/users/:id/enrollment-email': Contract<typeof enrollment.PostAdminUsersIdEnrollmentEmail>;
  'POST /api/o/:org/admin/users/:id/recover': Contract<typeof enrollment.PostAdminUsersIdRecover>;
  'GET /api/o/:org/admin/settings/enrollment': Contract<typeof enrollment.GetAdminSettingsEnrollment>;
  'PUT /api/o/:org/admin/settings/enrollment': Contract<typeof enrollment.PutAdminSettingsEnrollment>;
  'GET /api/o/:org/admin/activity': Contract<typeof admin.GetAdminActivity>;
  'GET /api/o/:org/admin/activity/export': Contract<typeof admin.GetAdminActivityExport>;
  'GET /api/o/:org/admin/adoption': Contract<typeof admin.GetAdminAdoption>;
  'GET /api/o/:org/admin/home': Contract<typeof admin.GetAdminHome>;
  'GET /api/o/:org/admin/users': Contract<typeof admin.GetAdminUsers>;
  'POST /api/o/:org/admin/users': Contract<typeof admin.PostAdminUsers>;
  'GET /api/o/:org/admin/users/:id': Contract<typeof admin.GetAdminUsersId>;
  'DELETE /api/o/:org/admin/users/:id/passkeys/:passkeyId': Contract<typeof admin.DeleteAdminUsersIdPasskeysPasskeyId>;
  'POST /api/o/:org/admin/users/:id/sign-out-everywhere': Contract<typeof admin.PostAdminUsersIdSignOutEverywhere>;
  'GET /api/o/:org/admin/apps': Contract<typeof oidc.GetAdminApps>;
  'POST /api/o/:org/admin/apps': Contract<typeof oidc.PostAdminApps>;
  'PUT /api/o/:org/admin/apps/:clientId': Contract<typeof oidc.PutAdminAppsClientId>;
  'POST /api/o/:org/admin/apps/:clientId/rotate-secret': Contract<typeof oidc.PostAdminAppsClientIdRotateSecret>;
  'POST /api/o/:org/admin/apps/:clientId/disable': Contract<typeof oidc.PostAdminAppsClientIdDisable>;
  'POST /api/o/:org/admin/apps/:clientId/enable': Contract<typeof oidc.PostAdminAppsClientIdEnable>;
  'DELETE /api/o/:org/admin/apps/:clientId': Contract<typeof oidc.DeleteAdminAppsClientId>;
  'GET /api/o/:org/me/apps': Contract<typeof oidc.GetMeApps>;
  'DELETE /api/o/:org/me/apps/:clientId': Contract<typeof oidc.DeleteMeAppsClientId>;
  'GET /api/o/:org/admin/settings/language': Contract<typeof orgs.GetAdminSettingsLanguage>;
  'PUT /api/o/:org/admin/settings/language': Contract<typeof orgs.PutAdminSettingsLanguage>;
  'GET /api/o/:org/admin/settings/mobile-apps': Contract<typeof orgs.GetAdminSettingsMobileApps>;
  'PUT /api/o/:org/admin/settings/mobile-apps': Contract<typeof orgs.PutAdminSettingsMobileApps>;
  'GET /api/platform/orgs': Contract<typeof orgs.GetOrgs>;
  'POST /api/platform/orgs': Contract<typeof orgs.PostOrgs>;
  'POST /api/platform/orgs/:slug/admins': Contract<typeof orgs.PostOrgsSlugAdmins>;
  'PATCH /api/platform/orgs/:slug': Contract<typeof orgs.PatchOrgsSlug>;
  'GET /api/o/:org/admin/email-templates': Contract<typeof mail.GetAdminEmailTemplates>;
  'POST /api/o/:org/admin/email-templates': Contract<typeof mail.PostAdminEmailTemplates>;
  'PUT /api/o/:org/admin/email-templates/:id': Contract<typeof mail.PutAdminEmailTemplatesId>;
  'DELETE /api/o/:org/admin/email-templates/:id': Contract<typeof mail.DeleteAdminEmailTemplatesId>;
  'PUT /api/o/:org/admin/email-templates/default': Contract<typeof mail.PutAdminEmailTemplatesDefault>;
  'POST /api/o/:org/admin/email-templates/preview': Contract<typeof mail.PostAdminEmailTemplatesPreview>;
  'GET /api/o/:org/admin/emails': Contract<typeof mail.GetAdminEmails>;
  'GET /api/o/:org/admin/settings/passkeys': Contract<typeof policy.GetAdminSettingsPasskeys>;
  'PUT /api/o/:org/admin/settings/passkeys': Contract<typeof policy.PutAdminSettingsPasskeys>;
  'POST /api/o/:org/admin/pilot-members': Contract<typeof policy.PostAdminPilotMembers>;
  'DELETE /api/o/:org/admin/pilot-members/:id': Contract<typeof policy.DeleteAdminPilotMembersId>;
  'POST /api/o/:org/admin/users/import': Contract<typeof userImport.PostAdminUsersImport>;
  'POST /api/o/:org/admin/users/enrollment-emails': Contract<typeof userImport.PostAdminUsersEnrollmentEmails>;
  'PATCH /api/o/:org/admin/users/:id': Contract<typeof users.PatchAdminUsersId>;
  'POST /api/o/:org/admin/users/:id/disable': Contract<typeof users.PostAdminUsersIdDisable>;
  'POST /api/o/:org/admin/users/:id/enable': Contract<typeof users.PostAdminUsersIdEnable>;
  'POST /api/o/:org/admin/users/:id/delete': Contract<typeof users.PostAdminUsersIdDelete>;
  'GET /api/o/:org/oidc/interaction/:uid/details': Contract<typeof oidc.GetOidcInteractionUidDetails>;
  'POST /api/o/:org/oidc/interaction/:uid/continue': Contract<typeof oidc.PostOidcInteractionUidContinue>;
  'POST /api/o/:org/oidc/interaction/:uid/consent': Contract<typeof oidc.PostOidcInteractionUidConsent>;
  'POST /api/o/:org/oidc/interaction/:uid/cancel': Contract<typeof oidc.PostOidcInteractionUidCancel>;
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
