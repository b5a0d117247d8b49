import i18next from 'i18next';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import type { Reply } from '../../../src/http/contract';

export type { Reply };
import type { ErrorCode } from '../../../src/errors';

/** The server's error codes (src/errors.ts), and the two this page makes up when there is no coded answer. */
export type ApiErrorCode = ErrorCode | 'NETWORK' | 'INTERNAL';

/** An error answered by the server (`{ error: { code, message, details } }`), or a network failure. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;
  readonly details?: Record<string, unknown>;

  constructor(code: ApiErrorCode, message: string, status: number, details?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

export function isApiError(err: unknown, code?: ApiErrorCode): err is ApiError {
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
      // A code of this server's list: the web is built from the same src/errors.ts.
      error.code as ErrorCode,
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

// ---- Shapes of the answers: read from the server's contract (src/http/contract.ts), never copied ----

export type OrgInfo = Reply<'GET /api/o/:org'>;
export type MeResponse = Reply<'GET /api/o/:org/me'>;
export type User = MeResponse['user'];
export type MemberPolicy = MeResponse['policy'];
/** The server's rule for a backup: two passkeys, or a passkey and a password. */
export type WaysIn = MeResponse['waysIn'];
export type PasskeyPrompt = MemberPolicy['prompt'];
export type UserDetailsSignal = Reply<'PATCH /api/o/:org/me'>['signal'];
export type SignInResult = Reply<'POST /api/o/:org/sign-in/passkey/verify'>;
export type AcceptedCredentialsSignal = NonNullable<SignInResult['signal']>;
export type IdentifyResult = Reply<'POST /api/o/:org/sign-in/identify'>;
export type Session = Reply<'GET /api/o/:org/me/sessions'>['sessions'][number];
/** `/me/passkeys`: the member's passkeys, and the one that signed this browser in. */
export type PasskeyListResult = Reply<'GET /api/o/:org/me/passkeys'>;
export type Passkey = PasskeyListResult['passkeys'][number];
export type DeletePasskeyResult = Reply<'DELETE /api/o/:org/me/passkeys/:id'>;
export type SetupResult = Reply<'POST /api/o/:org/setup'>;

/** Org Settings > Passkeys. */
export type OrgPasskeySettings = Reply<'GET /api/o/:org/admin/settings/passkeys'>;
export type PasskeyPolicy = OrgPasskeySettings['policy'];
export type Rollout = PasskeyPolicy['rollout'];
export type PilotMember = OrgPasskeySettings['pilotMembers'][number];

/** An organisation as the operator console lists it. */
export type Organisation = Reply<'GET /api/platform/orgs'>['organisations'][number];

/** "Sign in from another device": the new device's request, and the code it shows. */
export type DeviceLink = Reply<'POST /api/o/:org/device-link'>;
export type DeviceLinkStatus = Reply<'GET /api/o/:org/device-link/:id'>;
export type DeviceLinkState = DeviceLinkStatus['state'];
/** What is asking to be signed in, as the signed-in device sees it after "Verify code". */
export type DeviceLinkRequest = Reply<'POST /api/o/:org/me/device-links/lookup'>['request'];

// WebAuthn options pass through the server untouched: their shape is @simplewebauthn's.
export interface RequestOptionsResult {
  options: PublicKeyCredentialRequestOptionsJSON;
}

export interface CreationOptionsResult {
  options: PublicKeyCredentialCreationOptionsJSON;
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
