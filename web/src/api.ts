import i18next from 'i18next';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import type { WaysIn } from '../../src/policy/ways-in';

export type { WaysIn };

/** An error answered by the server (`{ error: { code, message, details } }`), or a network failure. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details?: Record<string, unknown>;

  constructor(code: string, message: string, status: number, details?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

export function isApiError(err: unknown, code?: string): err is ApiError {
  return err instanceof ApiError && (code === undefined || err.code === code);
}

/** The text to show a person for any error thrown by a request. */
export function errorMessage(err: unknown): string {
  if (isApiError(err, 'RATE_LIMITED') && typeof err.details?.retryAfterSeconds === 'number')
    return tooManyAttempts(err.details.retryAfterSeconds);
  if (err instanceof ApiError) {
    // The coded message in the page's language; the server's English words when the catalog has none.
    return i18next.t(`errors:${err.code}`, { ...err.details, defaultValue: err.message });
  }
  return i18next.t('common:somethingWentWrong');
}

/** "Too many attempts. Try again in N minutes.", from the wait the server sent. */
export function tooManyAttempts(retryAfterSeconds: number): string {
  return i18next.t('common:tooManyAttempts', { minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) });
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

// Force Passkey Setup: the router sends the person to "Create a passkey" whenever a request of an
// organisation (`platform` for the operator console) answers PASSKEY_SETUP_REQUIRED.
let onPasskeySetupRequired: ((org: string) => void) | null = null;

export function setPasskeySetupRequiredHandler(handler: ((org: string) => void) | null): void {
  onPasskeySetupRequired = handler;
}

async function request<T>(org: string, method: Method, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // Answers describe accounts as they are now (who is Enrolled, say): never taken from the HTTP cache.
  const init: RequestInit = { method, credentials: 'same-origin', headers, cache: 'no-store' };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new ApiError('NETWORK', 'Could not reach Latchkey. Check your connection and try again.', 0);
  }
  let data: unknown = null;
  try {
    data = await response.json();
  } catch {
    // Not JSON: handled below as an unexpected answer.
  }
  if (response.ok) return data as T;
  const error = (data as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    if (error.code === 'PASSKEY_SETUP_REQUIRED') onPasskeySetupRequired?.(org);
    throw new ApiError(
      error.code,
      error.message,
      response.status,
      error.details as Record<string, unknown> | undefined,
    );
  }
  throw new ApiError('INTERNAL', 'Something went wrong on our side. Try again.', response.status);
}

/** Requests to one organisation's API, `/api/o/<org>/…`. POSTs without a body send `{}`. */
export function orgApi(org: string) {
  const base = `/api/o/${encodeURIComponent(org)}`;
  return {
    get: <T>(path: string) => request<T>(org, 'GET', base + path),
    post: <T>(path: string, body: unknown = {}) => request<T>(org, 'POST', base + path, body),
    put: <T>(path: string, body: unknown) => request<T>(org, 'PUT', base + path, body),
    patch: <T>(path: string, body: unknown) => request<T>(org, 'PATCH', base + path, body),
    // A DELETE has no body: an empty body declared as JSON would be refused.
    del: <T>(path: string) => request<T>(org, 'DELETE', base + path),
  };
}

export type OrgApi = ReturnType<typeof orgApi>;

/** The operator console's requests, `/api/platform/…`, made with the `platform` organisation's session. */
export const platformApi = {
  get: <T>(path: string) => request<T>('platform', 'GET', `/api/platform${path}`),
  post: <T>(path: string, body: unknown = {}) => request<T>('platform', 'POST', `/api/platform${path}`, body),
  patch: <T>(path: string, body: unknown) => request<T>('platform', 'PATCH', `/api/platform${path}`, body),
};

// ---- Shapes of the answers ----

export interface OrgInfo {
  slug: string;
  name: string;
  rpId: string;
  passkeysEnabled: boolean;
  defaultLanguage: string;
}

export interface User {
  id: string;
  username: string;
  email: string | null;
  displayName: string;
  role: string;
  hasPassword: boolean;
  passkeyCount: number;
}

export type PasskeyPrompt = 'none' | 'optional' | 'mandatory';

export interface MemberPolicy {
  /** Passkeys are offered to this member (available, enabled, and the rollout reaches them). */
  passkeysOffered: boolean;
  /** Their password signs them in. */
  passwordAllowed: boolean;
  /** A password would sign them in, had they one: false only where the organisation signs passkey holders in with their passkey only. */
  passwordSignInAllowed: boolean;
  /** What to ask after sign-in of a member with no passkey. */
  prompt: PasskeyPrompt;
}

export interface MeResponse {
  user: User;
  session: { id: string; method: string; verifiedAt: number; reverifyRequired: boolean; passkeySetupRequired: boolean };
  policy: MemberPolicy;
  /** The server's rule for a backup: two passkeys, or a passkey and a password. */
  waysIn: WaysIn;
}

export interface UserDetailsSignal {
  rpId: string;
  userId: string;
  name: string;
  displayName: string;
}

export interface AcceptedCredentialsSignal extends UserDetailsSignal {
  allAcceptedCredentialIds: string[];
}

export interface SignInResult {
  user: User;
  signal?: AcceptedCredentialsSignal;
}

export interface IdentifyResult {
  passkey: boolean;
  password: boolean;
}

export interface Session {
  id: string;
  current: boolean;
  method: string;
  userAgentLabel: string | null;
  ip: string | null;
  createdAt: number;
  lastSeenAt: number;
}

export interface Passkey {
  id: string;
  name: string;
  authenticatorName: string | null;
  /** Paths of the authenticator's icon, when the AAGUID list has one. */
  authenticatorIcon: { light: string; dark: string } | null;
  backedUp: boolean;
  backupEligible: boolean;
  createdAt: number;
  lastUsedAt: number | null;
  lastUsedUserAgentLabel: string | null;
}

/** `/me/passkeys`: the member's passkeys, and the one that signed this browser in. */
export interface PasskeyListResult {
  passkeys: Passkey[];
  thisDevicePasskeyId: string | null;
}

export interface RequestOptionsResult {
  options: PublicKeyCredentialRequestOptionsJSON;
}

export interface CreationOptionsResult {
  options: PublicKeyCredentialCreationOptionsJSON;
}

export interface DeletePasskeyResult {
  ok: true;
  signal: { rpId: string; credentialId: string };
}

export interface SetupResult {
  user: User;
  passkeysOffered: boolean;
  passkeyRequired: boolean;
  passwordAllowed: boolean;
}

export type Rollout = 'admins' | 'pilot' | 'everyone';

/** Org Settings > Passkeys. */
export interface PasskeyPolicy {
  /** Set by the platform operator; read-only for admins. */
  passkeysAvailable: boolean;
  passkeysEnabled: boolean;
  /** Force Passkey Setup. */
  passkeysMandatory: boolean;
  /** Allow password sign-in for members who have a passkey. */
  passwordFallback: boolean;
  rollout: Rollout;
  promptSnoozeDays: number;
  /** Known and unknown usernames get the same sign-in answers. */
  hideAccountExistence: boolean;
}

export interface PilotMember {
  id: string;
  username: string;
  displayName: string;
}

export interface OrgPasskeySettings {
  policy: PasskeyPolicy;
  pilotMembers: PilotMember[];
  members: number;
  enrolled: number;
}

/** An organisation as the operator console lists it. */
export interface Organisation {
  slug: string;
  name: string;
  passkeysAvailable: boolean;
  passkeysEnabled: boolean;
  passkeysMandatory: boolean;
  /** Its own passkey domain (RP ID); null: the one shared by all organisations. */
  rpId: string | null;
  members: number;
  /** Active admins; 0: nobody can enter its admin console (flagged). */
  admins: number;
  createdAt: number;
}

/** "Sign in from another device": the new device's request, and the code it shows. */
export interface DeviceLink {
  id: string;
  /** Shown as returned, e.g. `ABCD-EFGH`. */
  code: string;
  expiresAt: number;
}

export type DeviceLinkState = 'pending' | 'approved' | 'denied' | 'expired' | 'completed';

export interface DeviceLinkStatus {
  state: DeviceLinkState;
  expiresAt: number;
}

/** What is asking to be signed in, as the signed-in device sees it after "Verify code". */
export interface DeviceLinkRequest {
  id: string;
  userAgentLabel: string | null;
  ip: string | null;
  createdAt: number;
  expiresAt: number;
}

export type { AuthenticationResponseJSON, RegistrationResponseJSON };

// ---- Organisation info, fetched once per page load ----

const orgInfoCache = new Map<string, Promise<OrgInfo>>();

export function getOrgInfo(org: string): Promise<OrgInfo> {
  let info = orgInfoCache.get(org);
  if (!info) {
    info = orgApi(org).get<OrgInfo>('');
    // Do not keep a failure: the next page may succeed.
    info.catch(() => orgInfoCache.delete(org));
    orgInfoCache.set(org, info);
  }
  return info;
}
