/**
 * The admin console's answers, `/api/o/<org>/admin/…` (organisation admins only; 403 FORBIDDEN otherwise).
 * Requests go through `orgApi(org)` from ./api.
 */
import type { Passkey } from './api';

export type EnrollmentStatus = 'enrolled' | 'pending';
export type StatusFilter = 'all' | EnrollmentStatus;

/** A row of Users: GET /admin/users?q=&status=all|enrolled|pending&after=<nextCursor>&limit=50 */
export interface AdminUser {
  id: string;
  username: string;
  email: string | null;
  displayName: string;
  role: 'member' | 'editor' | 'admin' | 'operator';
  status: 'active' | 'disabled';
  /** "Enrolled": has at least one passkey; "Pending": none. */
  enrollment: EnrollmentStatus;
  passkeyCount: number;
  createdAt: number;
}

export interface UserList {
  users: AdminUser[];
  /** Over the whole organisation; only on the first page of the plain list (null with `after` or `q`). */
  counts: { all: number; enrolled: number; pending: number } | null;
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** POST /admin/users { username, email?, displayName?, role } → { user: AdminUser } (409 USER_EXISTS). */
export interface NewUser {
  username: string;
  email?: string;
  displayName?: string;
  role: 'member' | 'editor' | 'admin';
}

/** A row of "Import users", as the preview (dryRun) and the import show it. */
export interface ImportRow {
  /** As a spreadsheet numbers it: the header is row 1. */
  row: number;
  username: string;
  email: string | null;
  displayName: string;
  role: string;
  outcome: 'create' | 'error';
  reason: string | null;
  message: string | null;
  /** With "send enrollment emails": whether this user gets one, or why not. */
  enrollment: 'email' | 'no_email' | 'not_offered' | null;
  /** Only without an email server, after the import: the link to pass on (shown this once). */
  link: string | null;
}

/** POST /admin/users/import { csv, dryRun, sendEnrollmentEmail?, templateId? } (400 IMPORT_INVALID, 413 IMPORT_TOO_LARGE). */
export interface ImportResult {
  dryRun: boolean;
  summary: { rows: number; create: number; errors: number; created: number; enrollmentEmails: number };
  rows: ImportRow[];
}

/** POST /admin/users/enrollment-emails { userIds, templateId? }: one result per selected user. */
export interface BulkEmailResults {
  results: Array<{
    userId: string;
    username: string | null;
    outcome: 'sent' | 'skipped';
    reason: string | null;
    email: { emailId: string; state: 'queued' | 'handed_over'; expiresAt: number; link: string | null } | null;
  }>;
}

/** PATCH /admin/users/:id → { user } (a role change: 403 REVERIFY_REQUIRED when not verified recently; 409 LAST_ADMIN). */
export interface ProfileChanges {
  displayName?: string;
  /** null: no email address. */
  email?: string | null;
  role?: AdminUser['role'];
}

export interface AdminSession {
  id: string;
  method: string;
  userAgentLabel: string | null;
  ip: string | null;
  createdAt: number;
  lastSeenAt: number;
}

/** handed_over: no email server; the link was given to the admin who asked, to pass on by hand. */
export type EmailState = 'queued' | 'sent' | 'failed' | 'handed_over';

/** An email in the outbox. Its body (which holds the link) is never returned. */
export interface OutboxEmail {
  id: string;
  userId: string | null;
  to: string;
  subject: string;
  purpose: 'enroll' | 'recovery';
  state: EmailState;
  attempts: number;
  /** Why the last attempt failed (e.g. "SMTP is not configured", "Connection refused"). */
  lastError: string | null;
  nextAttemptAt: number | null;
  createdAt: number;
  sentAt: number | null;
}

export interface ActivityEvent {
  id: string;
  type: string;
  createdAt: number;
  user: { id: string; username: string } | null;
  actor: { id: string; username: string } | null;
  ip: string | null;
  userAgentLabel: string | null;
  details: Record<string, string | number | boolean | null>;
}

/** GET /admin/users/:id */
export interface AdminUserDetail {
  /** passwordLockedUntil: password sign-in from unknown browsers is locked until then (too many wrong passwords). */
  user: AdminUser & { hasPassword: boolean; lastSignInAt: number | null; passwordLockedUntil: number | null };
  passkeys: Passkey[];
  sessions: AdminSession[];
  /** The newest 20 events about this user. */
  activity: ActivityEvent[];
  /** Enrollment and recovery emails to this user, newest first. */
  emails: OutboxEmail[];
  /** A live enrollment code, if one was generated and is not yet used or expired (the code itself is never shown again). */
  enrollmentCode: { expiresAt: number } | null;
  /** A link (setup, enrollment or recovery email) that still works, if any: the page watches for the passkey meanwhile. */
  enrollmentLink: { expiresAt: number } | null;
  smtpConfigured: boolean;
}

/** POST /admin/users/:id/enrollment-code → shown once. */
export interface EnrollmentCode {
  /** Grouped for reading out, e.g. `ABC-DEF-GHJ`. */
  code: string;
  expiresAt: number;
  validForSeconds: number;
}

/** POST /admin/users/:id/enrollment-email { templateId?: string | null } */
export interface EnrollmentEmailResult {
  email: OutboxEmail;
  expiresAt: number;
  /** Only when SMTP is not configured: the link to copy and pass on (shown this once). */
  link: string | null;
}

/**
 * POST /admin/users/:id/recover { passkeyIds: string[] | 'all', method: 'email' | 'code', templateId?: string | null, removePassword?: boolean }:
 * removes those passkeys, signs the user out everywhere, then issues a code or sends an email.
 */
export interface RecoveryResult {
  removedPasskeys: number;
  revokedSessions: number;
  passwordRemoved: boolean;
  code: EnrollmentCode | null;
  email: EnrollmentEmailResult | null;
}

export interface EmailTemplate {
  id: string;
  name: string;
  subject: string;
  body: string;
  createdAt: number;
  updatedAt: number;
}

/** GET /admin/email-templates. POST/PUT /admin/email-templates[/:id] { name, subject, body }; DELETE /admin/email-templates/:id. */
export interface EmailTemplates {
  builtIn: { name: string; subject: string; body: string };
  /** null: the built-in template is the default. Set with PUT /admin/email-templates/default { templateId }. */
  defaultTemplateId: string | null;
  templates: EmailTemplate[];
  /** e.g. ['{{name}}', '{{link}}', '{{organisation}}', '{{expires}}', '{{username}}'] */
  placeholders: string[];
}

/** POST /admin/email-templates/preview { subject, body } → rendered with sample values. */
export interface EmailPreview {
  subject: string;
  body: string;
}

/** GET /admin/activity?userId=&username=&type=&from=&to=&before=<nextCursor>&limit=50 (from inclusive, to exclusive: epoch ms). */
export interface ActivityPage {
  events: ActivityEvent[];
  nextCursor: string | null;
  /** Every event type, for the filter. */
  types: string[];
}

/** GET /admin/adoption */
export interface Adoption {
  members: number;
  enrolled: number;
  pending: number;
  /** Members, and those of them enrolled, at the end of each day (UTC), oldest first, up to today. */
  series: Array<{ day: string; enrolled: number; members: number }>;
}

/** The next step of a rollout, in the recommended order (GET /admin/home). */
export type NextStep = 'ask-operator' | 'turn-on' | 'try-yourself' | 'pilot' | 'everyone' | 'remind-pending' | 'done';

/** GET /admin/home: the rollout card and the last security events. */
export interface AdminHome {
  rollout: {
    passkeysAvailable: boolean;
    passkeysEnabled: boolean;
    passkeysMandatory: boolean;
    passwordFallback: boolean;
    rollout: 'admins' | 'pilot' | 'everyone';
    members: number;
    enrolled: number;
    pending: number;
    percent: number;
    adminHasPasskey: boolean;
    nextStep: NextStep;
  };
  securityEvents: ActivityEvent[];
}

/** GET/PUT /admin/settings/enrollment */
export interface EnrollmentSettings {
  /** How long a 9-character code is valid: 60 by default. */
  codeSeconds: number;
  /** How long an enrollment email's link is valid: 7 by default. */
  linkDays: number;
}

/** Org Settings › Mobile apps: GET and PUT /admin/settings/mobile-apps (PUT takes `{ android, apple }` and replaces them). */
export interface AndroidApp {
  packageName: string;
  /** SHA-256 signing-certificate fingerprints, `AB:CD:…` (32 pairs). */
  sha256CertFingerprints: string[];
}
export interface AppleApp {
  teamId: string;
  bundleId: string;
}
export interface MobileAppsSettings {
  /** The passkey domain the apps use; the files are served on this host. */
  rpId: string;
  /** `origins`: the android:apk-key-hash:… passkey origins accepted for this organisation. */
  android: Array<AndroidApp & { origins: string[] }>;
  apple: Array<AppleApp & { appId: string }>;
  files: { assetLinks: string; appleAppSiteAssociation: string };
}
