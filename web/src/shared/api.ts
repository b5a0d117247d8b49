import i18next from 'i18next';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/browser';
import type { RouteError, RouteKey } from '../../../src/http/contract';
import type { ErrorCode } from '../../../src/errors';
import { importProblem, invalidField } from './invalid-field';
import { fillPath, splitWriteArgs } from './routes';
import type { KeyOf, Method, ReadArgs, Reply, RoutesUnder, WriteArgs, WriteMethod } from './routes';

export type { Reply };

/** The two codes this page makes up when there is no coded answer. */
type LocalErrorCode = 'NETWORK' | 'INTERNAL';
/** The server's error codes (src/errors.ts), and the page's own two. */
export type ApiErrorCode = ErrorCode | LocalErrorCode;

/** An error answered by the server (`{ error: { code, message, details } }`), or a network failure. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;
  /** The request's route, as the contract names it. */
  readonly route: RouteKey;
  readonly details?: Record<string, unknown>;

  constructor(code: ApiErrorCode, message: string, status: number, route: RouteKey, details?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.route = route;
    this.details = details;
  }
}

/** Any request's error, or one with this code (one every route may answer: FORBIDDEN, UNAUTHENTICATED…). */
export function isApiError(err: unknown, code?: ApiErrorCode): err is ApiError {
  return err instanceof ApiError && (code === undefined || err.code === code);
}

/** The error of a request to `route` with `code`, a code the contract says that route can answer. */
export function isRouteError<K extends RouteKey>(
  err: unknown,
  route: K | readonly K[],
  code: RouteError<K> | LocalErrorCode,
): err is ApiError {
  const routes: readonly RouteKey[] = typeof route === 'string' ? [route] : route;
  return err instanceof ApiError && err.code === code && routes.includes(err.route);
}

/** The text to show a person for any error thrown by a request. */
export function errorMessage(err: unknown): string {
  if (isApiError(err, 'RATE_LIMITED') && typeof err.details?.retryAfterSeconds === 'number')
    return tooManyAttempts(err.details.retryAfterSeconds);
  if (isApiError(err, 'VALIDATION_FAILED')) {
    const field = invalidField(err.details);
    if (field) return field;
  }
  if (isApiError(err, 'IMPORT_INVALID')) {
    const problem = importProblem(err.details);
    if (problem) return `${i18next.t('errors:IMPORT_INVALID')} ${problem}`;
  }
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

// Force Passkey Setup: the router sends the person to "Create a passkey" whenever a request of an
// organisation (`platform` for the operator console) answers PASSKEY_SETUP_REQUIRED.
let onPasskeySetupRequired: ((org: string) => void) | null = null;

export function setPasskeySetupRequiredHandler(handler: ((org: string) => void) | null): void {
  onPasskeySetupRequired = handler;
}

/** One request; `route` is its key in the contract, kept on the error it may throw. */
async function request(org: string, route: RouteKey, url: string, body?: unknown): Promise<unknown> {
  const method = route.slice(0, route.indexOf(' '));
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
    throw new ApiError('NETWORK', 'Could not reach Latchkey. Check your connection and try again.', 0, route);
  }
  let data: unknown = null;
  try {
    data = await response.json();
  } catch {
    // Not JSON: handled below as an unexpected answer.
  }
  if (response.ok) return data;
  const error = (data as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    if (error.code === 'PASSKEY_SETUP_REQUIRED') onPasskeySetupRequired?.(org);
    throw new ApiError(
      // A code of this server's list: the web is built from the same src/errors.ts.
      error.code as ErrorCode,
      error.message,
      response.status,
      route,
      error.details as Record<string, unknown> | undefined,
    );
  }
  throw new ApiError('INTERNAL', 'Something went wrong on our side. Try again.', response.status, route);
}

/**
 * The request helpers of one API prefix (`/api/o/:org`, `/api/platform`), typed by the route map: the
 * path picks the body, `{ params, query }` and reply. `Filled`: the parameters the prefix fills in (`org`).
 */
function client<Prefix extends string, Filled extends string>(org: string, prefix: Prefix, base: string) {
  const read =
    <M extends 'GET' | 'DELETE'>(method: M) =>
    <P extends keyof RoutesUnder<M, Prefix> & string>(path: P, ...args: ReadArgs<KeyOf<M, Prefix, P>, Filled>) =>
      request(org, `${method} ${prefix}${path}` as RouteKey, base + fillPath(path, args[0])) as Promise<
        Reply<KeyOf<M, Prefix, P>>
      >;
  // POSTs without a body send `{}`; a DELETE has none (an empty body declared as JSON would be refused).
  const write =
    <M extends WriteMethod>(method: M) =>
    <P extends keyof RoutesUnder<M, Prefix> & string>(path: P, ...args: WriteArgs<KeyOf<M, Prefix, P>, Filled>) => {
      const { body = {}, options } = splitWriteArgs(path, args);
      const route = `${method} ${prefix}${path}` as RouteKey;
      return request(org, route, base + fillPath(path, options), body) as Promise<Reply<KeyOf<M, Prefix, P>>>;
    };
  return { get: read('GET'), del: read('DELETE'), post: write('POST'), put: write('PUT'), patch: write('PATCH') };
}

/** Requests to one organisation's API, `/api/o/<org>/…`: `orgApi(org).post('/sign-in/identify', { identifier })`. */
export function orgApi(org: string) {
  return client<'/api/o/:org', 'org'>(org, '/api/o/:org', `/api/o/${encodeURIComponent(org)}`);
}

export type OrgApi = ReturnType<typeof orgApi>;
/** The paths `orgApi(org)` takes for a method, and the route key one names. */
export type OrgPath<M extends Method> = keyof RoutesUnder<M, '/api/o/:org'> & string;
export type OrgRoute<M extends Method, P extends string> = KeyOf<M, '/api/o/:org', P>;
/** What `orgApi(org).get(path, …)` takes after the path. */
export type OrgGetArgs<P extends OrgPath<'GET'>> = ReadArgs<OrgRoute<'GET', P>, 'org'>;

/** A GET's URL, for a link (an export) or for getFilled. */
export function orgGetUrl<P extends OrgPath<'GET'>>(org: string, path: P, ...args: OrgGetArgs<P>): string {
  return `/api/o/${encodeURIComponent(org)}${fillPath(path, args[0])}`;
}

/** A GET of `path`, its parameters and query filled in by fillPath: for hooks that ask again when that changes. */
export function getFilled<P extends OrgPath<'GET'>>(org: string, path: P, filled: string) {
  const url = `/api/o/${encodeURIComponent(org)}${filled}`;
  return request(org, `GET /api/o/:org${path}` as RouteKey, url) as Promise<Awaited<Reply<OrgRoute<'GET', P>>>>;
}

/** The operator console's requests, `/api/platform/…`, made with the `platform` organisation's session. */
export const platformApi = client<'/api/platform', never>('platform', '/api/platform', '/api/platform');

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
/** One of the member's passkeys, as `/me/passkeys` lists them. */
export type Passkey = Reply<'GET /api/o/:org/me/passkeys'>['passkeys'][number];
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

/** WebAuthn options: @simplewebauthn's, passed through by the server. */
export type RequestOptions = Reply<'POST /api/o/:org/sign-in/passkey/options'>['options'];
export type CreationOptions = Reply<'POST /api/o/:org/me/passkeys/options'>['options'];

export type { AuthenticationResponseJSON, RegistrationResponseJSON };

// ---- Organisation info, fetched once per page load ----

const orgInfoCache = new Map<string, Promise<OrgInfo>>();

export function getOrgInfo(org: string): Promise<OrgInfo> {
  let info = orgInfoCache.get(org);
  if (!info) {
    info = orgApi(org).get('');
    // Do not keep a failure: the next page may succeed.
    info.catch(() => orgInfoCache.delete(org));
    orgInfoCache.set(org, info);
  }
  return info;
}
