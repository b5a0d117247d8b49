/**
 * The admin console's answers, `/api/o/<org>/admin/…` (organisation admins only; 403 FORBIDDEN otherwise).
 * Requests go through `orgApi(org)` from ./api; the shapes are read from the server's contract
 * (src/http/contract.ts), so a changed answer fails this type check instead of the page.
 */
import type { Body, Query, Reply } from '../../../src/http/contract';

/** A page of Users: GET /admin/users?q=&status=all|enrolled|pending&after=<nextCursor>&limit=50 */
export type UserList = Reply<'GET /api/o/:org/admin/users'>;
export type AdminUser = UserList['users'][number];
export type EnrollmentStatus = AdminUser['enrollment'];
export type StatusFilter = NonNullable<Query<'GET /api/o/:org/admin/users'>['status']>;
/** POST /admin/users (409 USER_EXISTS). */
export type NewUser = Body<'POST /api/o/:org/admin/users'>;

/** "Import users", as the preview (dryRun) and the import show it. */
export type ImportResult = Reply<'POST /api/o/:org/admin/users/import'>;
export type ImportRow = ImportResult['rows'][number];
/** Enrollment emails to the selected users: one result each. */
export type BulkEmailResults = Reply<'POST /api/o/:org/admin/users/enrollment-emails'>;

/** PATCH /admin/users/:id (a role change: 403 REVERIFY_REQUIRED when not verified recently; 409 LAST_ADMIN). */
export type ProfileChanges = Body<'PATCH /api/o/:org/admin/users/:id'>;

/** A user's page: profile, passkeys, sessions, newest activity, emails, live codes and links. */
export type AdminUserDetail = Reply<'GET /api/o/:org/admin/users/:id'>;
export type AdminSession = AdminUserDetail['sessions'][number];
/** An email in the outbox. Its body (which holds the link) is never returned. */
export type OutboxEmail = AdminUserDetail['emails'][number];
/** handed_over: no email server; the link was given to the admin who asked, to pass on by hand. */
export type EmailState = OutboxEmail['state'];

/** Shown once. */
export type EnrollmentCode = Reply<'POST /api/o/:org/admin/users/:id/enrollment-code'>;
export type EnrollmentEmailResult = Reply<'POST /api/o/:org/admin/users/:id/enrollment-email'>;
/** Passkeys removed, sessions signed out, then a code or an email. */
export type RecoveryResult = Reply<'POST /api/o/:org/admin/users/:id/recover'>;

export type EmailTemplates = Reply<'GET /api/o/:org/admin/email-templates'>;
export type EmailTemplate = EmailTemplates['templates'][number];
/** A template rendered with sample values. */
export type EmailPreview = Reply<'POST /api/o/:org/admin/email-templates/preview'>;

/** GET /admin/activity?userId=&username=&type=&from=&to=&before=<nextCursor>&limit=50 */
export type ActivityPage = Reply<'GET /api/o/:org/admin/activity'>;
export type ActivityEvent = ActivityPage['events'][number];
/** The filters the list and its export share. */
export type ActivityFilters = Omit<Query<'GET /api/o/:org/admin/activity'>, 'before' | 'limit'>;

export type Adoption = Reply<'GET /api/o/:org/admin/adoption'>;
/** The rollout card and the last security events. */
export type AdminHome = Reply<'GET /api/o/:org/admin/home'>;
/** The next step of a rollout, in the recommended order. */
export type NextStep = AdminHome['rollout']['nextStep'];

export type EnrollmentSettings = Reply<'GET /api/o/:org/admin/settings/enrollment'>;

/** Org Settings › Mobile apps (PUT takes `{ android, apple }` and replaces them). */
export type MobileAppsSettings = Reply<'GET /api/o/:org/admin/settings/mobile-apps'>;
export type AndroidApp = Body<'PUT /api/o/:org/admin/settings/mobile-apps'>['android'][number];
export type AppleApp = Body<'PUT /api/o/:org/admin/settings/mobile-apps'>['apple'][number];
