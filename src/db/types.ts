import type { ColumnType } from 'kysely';
import type { Flag } from './flag.js';

/** Table types. Booleans are stored as 0/1 and times as epoch milliseconds on both databases. */
export type { Flag };

export interface OrganisationsTable {
  id: string;
  slug: string;
  name: string;
  passkeys_available: Flag;
  passkeys_enabled: Flag;
  passkeys_mandatory: Flag;
  password_fallback: Flag;
  rollout: 'admins' | 'pilot' | 'everyone';
  /** JSON array of extra WebAuthn origins (e.g. an app on another subdomain). */
  extra_origins: string;
  prompt_snooze_days: number;
  /** How long a 9-character enrollment code is valid. */
  enrollment_code_seconds: number;
  /** How long an enrollment email's link is valid. */
  enrollment_link_days: number;
  /** The email template used unless the admin picks another; null: the built-in one. */
  default_template_id: string | null;
  /** "Hide whether an account exists": known and unknown identifiers get the same answers. */
  hide_account_existence: Flag;
  /** The organisation's own WebAuthn RP ID (host name); null: PUBLIC_URL's host, shared by all. */
  rp_id: string | null;
  /** JSON `{ android: [{ packageName, sha256CertFingerprints }], apple: [{ teamId, bundleId }] }`; null: none. */
  mobile_apps: string | null;
  /** The pages' language when the browser asks for none we have, and the built-in email's: en, fr, de or es. */
  default_language: string;
  created_at: number;
}

export type Role = 'member' | 'editor' | 'admin' | 'operator';

export interface UsersTable {
  id: string;
  org_id: string;
  username: string;
  email: string | null;
  display_name: string;
  /** display_name lowercased, for the admin's search by its start. */
  display_name_key: string;
  role: Role;
  status: 'active' | 'disabled';
  /** Random, stable WebAuthn user handle (base64url): one per user, never per credential. */
  webauthn_user_id: string;
  password_hash: string | null;
  passkey_prompt_snoozed_until: number | null;
  pilot: Flag;
  created_at: number;
  updated_at: number;
}

export interface PasskeysTable {
  id: string;
  org_id: string;
  user_id: string;
  credential_id: string;
  /** COSE public key, base64url. Only public keys are stored: biometrics never leave the device. */
  public_key: string;
  counter: number;
  /** JSON array of AuthenticatorTransport */
  transports: string;
  aaguid: string;
  name: string;
  backup_eligible: Flag;
  backed_up: Flag;
  created_at: number;
  created_user_agent: string | null;
  last_used_at: number | null;
  last_used_user_agent: string | null;
  /** The RP ID it was registered under; null: the shared one (PUBLIC_URL's host). Optional on insert. */
  rp_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The session it was created in (ended when it is deleted); null before migration 0018. Optional on insert. */
  created_session_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export type SignInMethod = 'passkey' | 'password' | 'setup-link' | 'device-link' | 'enrollment-code';

export interface SessionsTable {
  id: string;
  org_id: string;
  user_id: string;
  /** SHA-256 of the cookie token; the token itself is never stored. */
  token_hash: string;
  method: SignInMethod;
  user_agent: string | null;
  ip: string | null;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  /** When the person last proved it was them (sign-in or re-verification), for step-up checks. */
  verified_at: number;
  revoked_at: number | null;
  /** Set at sign-in when Force Passkey Setup applies: the session may only create a passkey or sign out. */
  passkey_setup_required: Flag;
  /** The passkey that signed this session in, or was created in it: "This device" in the member's list. */
  passkey_id: string | null;
}

export type Ceremony = 'registration' | 'authentication' | 'reverification';

export interface ChallengesTable {
  id: string;
  org_id: string;
  /** SHA-256 of the browser's ceremony cookie: a challenge only verifies in the browser it was issued to. */
  binding_hash: string;
  ceremony: Ceremony;
  challenge: string;
  user_id: string | null;
  expires_at: number;
  created_at: number;
}

export type EnrollmentPurpose = 'enroll' | 'recovery';

export interface EnrollmentLinksTable {
  id: string;
  org_id: string;
  user_id: string;
  token_hash: string;
  /** setup: first start or the CLI; enroll and recovery: sent by an admin in an email. */
  purpose: EnrollmentPurpose | 'setup';
  created_by: string | null;
  /** The session its creator was shown it in: it ends with that session. Null when emailed, or from the CLI. */
  issued_session_id: string | null;
  expires_at: number;
  used_at: number | null;
  created_at: number;
}

export interface AuditEventsTable {
  id: string;
  org_id: string;
  /** The user the event is about. */
  user_id: string | null;
  /** Who did it (the same user, an admin, or null for the system / CLI). */
  actor_id: string | null;
  type: string;
  ip: string | null;
  user_agent: string | null;
  /** JSON object; never holds secrets. */
  details: string;
  created_at: number;
}

export interface RateLimitsTable {
  key: string;
  window_start: number;
  count: number;
}

/** Exponential back-off state of one key (see src/ratelimit/counter-store.ts). */
export interface AttemptBackoffsTable {
  key: string;
  failures: number;
  lock_ms: number;
  locked_until: number;
  expires_at: number;
  allowed: Flag;
}

/** A browser that signed in as this user: it keeps its own password attempt budget (OWASP device cookies). */
export interface TrustedDevicesTable {
  id: string;
  org_id: string;
  user_id: string;
  /** SHA-256 of the cookie's token; the token is never stored. */
  token_hash: string;
  created_at: number;
  last_used_at: number;
  expires_at: number;
}

export type DeviceLinkStatus = 'pending' | 'approved' | 'denied' | 'completed' | 'void';

/** "Sign in from another device": a code shown on the new device, approved from a signed-in one. */
export interface DeviceLinksTable {
  id: string;
  org_id: string;
  user_id: string | null;
  /** SHA-256 of the normalised code; the code itself is only ever on the new device's screen. */
  code_hash: string;
  /** SHA-256 of the new device's ceremony cookie: only that browser can poll for and collect the session. */
  binding_hash: string;
  status: DeviceLinkStatus;
  requester_ip: string | null;
  requester_user_agent: string | null;
  /** Entries of this code from other accounts' sessions; past the limit the code is void. */
  failed_attempts: number;
  approved_by_session_id: string | null;
  /** The passkey the approval was made with (null: a password, or before migration 0014). */
  approved_with_passkey_id: string | null;
  /** The session the new device got. */
  session_id: string | null;
  created_at: number;
  expires_at: number;
  decided_at: number | null;
}

/** A 9-character code an admin reads out; the member enters it with their username at /o/<org>/enroll. */
export interface EnrollmentCodesTable {
  id: string;
  org_id: string;
  user_id: string;
  /** SHA-256 of the normalised code; the code is shown once, to the admin who generated it. */
  code_hash: string;
  purpose: EnrollmentPurpose;
  created_by: string | null;
  /** The session its admin was shown it in: it ends with that session. Null from the CLI. */
  issued_session_id: string | null;
  /** Wrong codes entered for this user while it was live; at the limit it is void. */
  failed_attempts: number;
  expires_at: number;
  used_at: number | null;
  voided_at: number | null;
  created_at: number;
}

export interface EmailTemplatesTable {
  id: string;
  org_id: string;
  name: string;
  subject: string;
  body: string;
  created_at: number;
  updated_at: number;
}

/** handed_over: no SMTP; the link was shown to the admin who asked, to pass on by hand. */
export type OutboxStatus = 'queued' | 'sent' | 'failed' | 'handed_over';

/** Mail written in the same transaction as what it announces, then delivered (and retried) by the worker. */
/** What a mail is for: a way in (an enrollment or recovery link), or a notice of what was done to the account. */
export type OutboxPurpose = EnrollmentPurpose | 'notice';

export interface OutboxTable {
  id: string;
  org_id: string;
  user_id: string | null;
  purpose: OutboxPurpose;
  to_address: string;
  subject: string;
  /** Holds the one-time link until the mail is delivered; null once sent or given up. */
  text_body: string | null;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: number | null;
  /** A worker claimed the mail until then (several instances share one outbox). */
  locked_until: number | null;
  /** The claim of the worker sending it: only that worker records how it went. */
  claim_id: string | null;
  last_error: string | null;
  /** When the link in it expires: no point delivering after that. */
  expires_at: number;
  created_by: string | null;
  created_at: number;
  sent_at: number | null;
}

/** Facts a server records about itself for the CLI and other instances (e.g. the PUBLIC_URL it last started with). */
export interface ServerStateTable {
  key: string;
  value: string;
  updated_at: number;
}

export type { OidcClientsTable, OidcModelsTable, OidcKeysTable, OidcConsentsTable } from './oidc-types.js';
import type { OidcClientsTable, OidcModelsTable, OidcKeysTable, OidcConsentsTable } from './oidc-types.js';

export interface DB {
  organisations: OrganisationsTable;
  users: UsersTable;
  passkeys: PasskeysTable;
  sessions: SessionsTable;
  challenges: ChallengesTable;
  enrollment_links: EnrollmentLinksTable;
  audit_events: AuditEventsTable;
  rate_limits: RateLimitsTable;
  device_links: DeviceLinksTable;
  enrollment_codes: EnrollmentCodesTable;
  email_templates: EmailTemplatesTable;
  outbox: OutboxTable;
  oidc_clients: OidcClientsTable;
  oidc_models: OidcModelsTable;
  oidc_keys: OidcKeysTable;
  oidc_consents: OidcConsentsTable;
  attempt_backoffs: AttemptBackoffsTable;
  trusted_devices: TrustedDevicesTable;
  server_state: ServerStateTable;
}
