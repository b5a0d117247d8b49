/**
 * The one list of error codes a client can see, by HTTP status, each with its public message;
 * docs/errors.md lists the same codes (test/errors-doc.test.ts keeps the two in step).
 * Messages never carry the value that was sent: no token, code, password or key material.
 */
const BY_STATUS = {
  400: {
    VALIDATION_FAILED: 'The request is not valid.',
    MALFORMED_JSON: 'The request body is not valid JSON.',
    CHALLENGE_INVALID: 'This passkey request has expired or was already used. Start again.',
    PASSKEY_RESPONSE_INVALID: 'The passkey response could not be verified.',
    PASSKEY_KEY_UNSUPPORTED: 'This passkey uses a key Latchkey cannot accept. Try another device or passkey provider.',
    DEVICE_CODE_INVALID:
      'That code is not valid. Check the code shown on your other device; it expires after 5 minutes.',
    SETUP_LINK_INVALID:
      'This setup link is not valid: it has expired or was already used. Ask your administrator for a new one.',
    PASSWORD_TOO_SHORT: 'Choose a password of at least 8 characters.',
    PASSWORD_TOO_LONG: 'Choose a password of at most 256 characters.',
    PASSWORD_TOO_GUESSABLE:
      'Choose a password that is harder to guess: not a common password, a run like 12345678, or your own or your ' +
      "organisation's name with a few characters added.",
    RP_ID_INVALID:
      'That is not a usable passkey domain. Give a host name such as demo.example.com: ' +
      'no scheme, port, path or IP address.',
    CONFIRMATION_MISMATCH: 'Type the username exactly to confirm.',
    IMPORT_INVALID:
      'The file is not a CSV Latchkey can import: ' +
      'a header row with username, email, display name and role, then one user per row.',
    ENROLLMENT_CODE_INVALID:
      'That enrollment code is not valid for this username. ' +
      'Check both, or ask your administrator for a new code: codes expire quickly.',
    TEMPLATE_INVALID: 'The email template is not valid.',
    APP_INVALID: 'The app settings are not valid.',
    MOBILE_APP_INVALID: 'The mobile app settings are not valid.',
  },
  401: {
    UNAUTHENTICATED: 'Sign in to continue.',
    INVALID_CREDENTIALS: 'The username or password is incorrect.',
    PASSKEY_UNKNOWN: 'This passkey is not registered here. Try another sign-in method.',
    PASSKEY_OTHER_ORGANISATION:
      'This passkey is for another organisation. ' +
      'Choose a different passkey or use the sign-in page of that organisation.',
    PASSKEY_COUNTER_REGRESSED:
      'This passkey was refused because it may have been copied. ' +
      'Use another sign-in method and contact your administrator.',
  },
  403: {
    ORIGIN_NOT_ALLOWED: 'Requests from this origin are not allowed.',
    PASSKEYS_DISABLED: 'Passkeys are not enabled for this organisation.',
    PASSKEY_SETUP_REQUIRED: 'Your organisation requires a passkey. Create one to continue.',
    PASSWORD_SIGN_IN_DISABLED:
      'Your organisation signs you in with your passkey. Use your passkey, or ask your administrator for help.',
    REVERIFY_REQUIRED: 'Confirm it is you before making this change.',
    PASSWORD_INCORRECT: 'The password is incorrect.',
    FORBIDDEN: 'You do not have access to this.',
    ACCOUNT_DISABLED: 'Your account is disabled. Contact your administrator.',
    APP_DISABLED: 'Your administrator has disabled this app: it cannot sign you in.',
  },
  404: {
    NOT_FOUND: 'There is nothing at this address.',
    ORG_NOT_FOUND: 'There is no organisation with that name.',
    PASSKEY_NOT_FOUND: 'That passkey does not exist.',
    DEVICE_LINK_NOT_FOUND: 'This sign-in request does not exist or has expired. Start again.',
    SESSION_NOT_FOUND: 'That session does not exist.',
    USER_NOT_FOUND: 'There is no such user in this organisation.',
    TEMPLATE_NOT_FOUND: 'That email template does not exist.',
    APP_NOT_FOUND: 'That app does not exist in this organisation.',
    INTERACTION_NOT_FOUND:
      'This sign-in request for an app has expired or was started in another browser. ' +
      'Go back to the app and start again.',
  },
  408: {
    REQUEST_TIMEOUT: 'The request took too long to arrive.',
  },
  409: {
    PASSKEY_ALREADY_REGISTERED: 'This passkey is already registered to your account.',
    PASSKEY_LIMIT_REACHED: 'You have the most passkeys allowed. Delete one you no longer use, then add this one.',
    PASSKEYS_NOT_AVAILABLE:
      'Passkeys are not available for this organisation yet. ' +
      'Ask your Latchkey platform operator to make them available.',
    LAST_SIGN_IN_METHOD: 'You cannot delete your only way to sign in. Add another passkey or a password first.',
    DEVICE_LINK_NOT_APPROVED: 'This sign-in request has not been approved.',
    INTERACTION_ACCOUNT_CHANGED:
      'Someone else signed in on this browser since this page opened. Check the account and answer again.',
    ORG_EXISTS: 'An organisation with that short name already exists.',
    RP_ID_CHANGE_BREAKS_PASSKEYS:
      'This organisation has passkeys for its current domain; they stop working if the domain changes. ' +
      'Change it with force only if members can sign in another way.',
    USER_EXISTS: 'A user with that username or email already exists in this organisation.',
    LAST_ADMIN:
      "This is the organisation's last administrator: they cannot be disabled, deleted or given another role. " +
      'Make someone else an administrator first.',
    CANNOT_CHANGE_OWN_ACCOUNT:
      'You cannot disable or delete your own account or change your own role. Ask another administrator.',
    USER_HAS_NO_EMAIL: 'This user has no email address. Generate a 9-character code instead.',
    USER_HAS_PASSWORD:
      'This user already has a password, and passkeys are not offered to them yet. ' +
      'If they forgot their password, use Recover account.',
    USER_ALREADY_ENROLLED:
      'This user already has a passkey. If they lost their device, use Recover account; ' +
      'to add another device, they can sign in to it from a device they have.',
    CANNOT_RECOVER_SELF: 'You cannot recover your own account. Ask another administrator.',
    TEMPLATE_EXISTS: 'An email template with that name already exists.',
    CONCURRENT_CHANGE:
      'Someone changed the same account at the same moment, so this change was not made. Reload and try again.',
  },
  413: {
    PAYLOAD_TOO_LARGE: 'The request body is too large.',
    IMPORT_TOO_LARGE:
      'The file is too large: import at most 10,000 users (2 MB) at a time, in several files if needed.',
  },
  415: {
    UNSUPPORTED_MEDIA_TYPE: 'Send the request body as application/json.',
  },
  421: {
    WRONG_HOST: 'Latchkey answers at another address: send the request to {publicUrl}.',
  },
  429: {
    RATE_LIMITED: 'Too many attempts. Wait a few minutes and try again.',
  },
  431: {
    HEADERS_TOO_LARGE: 'The request headers are too large.',
  },
  500: {
    INTERNAL: 'Something went wrong on our side. Try again.',
  },
  503: {
    DATABASE_UNAVAILABLE: 'The service is temporarily unavailable. Try again in a few seconds.',
    REDIS_UNAVAILABLE: 'The service is temporarily unavailable. Try again in a few seconds.',
    PASSWORD_SIGN_IN_BUSY: 'Too many password sign-ins right now. Try again in a moment, or sign in with a passkey.',
    PASSWORD_CHECK_UNAVAILABLE: 'Passwords cannot be checked just now. Try again in a few seconds, or use a passkey.',
    SHUTTING_DOWN: 'This server is restarting. Try again in a few seconds.',
  },
} as const satisfies Record<number, Record<string, string>>;

type ByStatus = typeof BY_STATUS;
export type ErrorCode = { [S in keyof ByStatus]: keyof ByStatus[S] }[keyof ByStatus];

/** Each code's status and message, read by code. */
export const ERRORS = Object.fromEntries(
  Object.entries(BY_STATUS).flatMap(([status, codes]) =>
    Object.entries(codes).map(([code, message]) => [code, { status: Number(status), message }]),
  ),
) as Readonly<Record<ErrorCode, { readonly status: number; readonly message: string }>>;

/** A coded error thrown by domain functions; the HTTP edge maps it to status and public message. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** Fastify and its plugins read `statusCode`. */
  readonly statusCode: number;
  /** Extra fields safe to send to the client (never secrets). */
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(ERRORS[code].message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.statusCode = this.status;
    this.details = options.details;
  }
}

export function isAppError(err: unknown, code?: ErrorCode): err is AppError {
  return err instanceof AppError && (code === undefined || err.code === code);
}
