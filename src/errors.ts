/**
 * The one list of error codes a client can see. Each has an HTTP status and a public message;
 * docs/errors.md lists the same codes (test/errors-doc.test.ts keeps the two in step).
 * Messages never carry the value that was sent: no token, code, password or key material.
 */
export const ERRORS = {
  VALIDATION_FAILED: { status: 400, message: 'The request is not valid.' },
  MALFORMED_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send the request body as application/json.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large.' },
  REQUEST_TIMEOUT: { status: 408, message: 'The request took too long to arrive.' },
  HEADERS_TOO_LARGE: { status: 431, message: 'The request headers are too large.' },
  NOT_FOUND: { status: 404, message: 'There is nothing at this address.' },
  ORIGIN_NOT_ALLOWED: { status: 403, message: 'Requests from this origin are not allowed.' },
  WRONG_HOST: {
    status: 421,
    message: 'Latchkey answers at another address: send the request to {publicUrl}.',
  },
  ORG_NOT_FOUND: { status: 404, message: 'There is no organisation with that name.' },
  UNAUTHENTICATED: { status: 401, message: 'Sign in to continue.' },
  INVALID_CREDENTIALS: { status: 401, message: 'The username or password is incorrect.' },
  RATE_LIMITED: { status: 429, message: 'Too many attempts. Wait a few minutes and try again.' },
  CHALLENGE_INVALID: {
    status: 400,
    message: 'This passkey request has expired or was already used. Start again.',
  },
  PASSKEY_RESPONSE_INVALID: { status: 400, message: 'The passkey response could not be verified.' },
  PASSKEY_UNKNOWN: { status: 401, message: 'This passkey is not registered here. Try another sign-in method.' },
  PASSKEY_OTHER_ORGANISATION: {
    status: 401,
    message:
      'This passkey is for another organisation. ' +
      'Choose a different passkey or use the sign-in page of that organisation.',
  },
  PASSKEY_COUNTER_REGRESSED: {
    status: 401,
    message:
      'This passkey was refused because it may have been copied. ' +
      'Use another sign-in method and contact your administrator.',
  },
  PASSKEY_ALREADY_REGISTERED: { status: 409, message: 'This passkey is already registered to your account.' },
  PASSKEY_KEY_UNSUPPORTED: {
    status: 400,
    message: 'This passkey uses a key Latchkey cannot accept. Try another device or passkey provider.',
  },
  PASSKEY_LIMIT_REACHED: {
    status: 409,
    message: 'You have the most passkeys allowed. Delete one you no longer use, then add this one.',
  },
  PASSKEYS_DISABLED: { status: 403, message: 'Passkeys are not enabled for this organisation.' },
  PASSKEYS_NOT_AVAILABLE: {
    status: 409,
    message:
      'Passkeys are not available for this organisation yet. ' +
      'Ask your Latchkey platform operator to make them available.',
  },
  PASSKEY_SETUP_REQUIRED: { status: 403, message: 'Your organisation requires a passkey. Create one to continue.' },
  PASSWORD_SIGN_IN_DISABLED: {
    status: 403,
    message: 'Your organisation signs you in with your passkey. Use your passkey, or ask your administrator for help.',
  },
  PASSKEY_NOT_FOUND: { status: 404, message: 'That passkey does not exist.' },
  REVERIFY_REQUIRED: { status: 403, message: 'Confirm it is you before making this change.' },
  LAST_SIGN_IN_METHOD: {
    status: 409,
    message: 'You cannot delete your only way to sign in. Add another passkey or a password first.',
  },
  DEVICE_CODE_INVALID: {
    status: 400,
    message: 'That code is not valid. Check the code shown on your other device; it expires after 5 minutes.',
  },
  DEVICE_LINK_NOT_FOUND: { status: 404, message: 'This sign-in request does not exist or has expired. Start again.' },
  DEVICE_LINK_NOT_APPROVED: { status: 409, message: 'This sign-in request has not been approved.' },
  SESSION_NOT_FOUND: { status: 404, message: 'That session does not exist.' },
  SETUP_LINK_INVALID: {
    status: 400,
    message: 'This setup link is not valid: it has expired or was already used. Ask your administrator for a new one.',
  },
  PASSWORD_TOO_SHORT: { status: 400, message: 'Choose a password of at least 8 characters.' },
  PASSWORD_TOO_LONG: { status: 400, message: 'Choose a password of at most 256 characters.' },
  PASSWORD_INCORRECT: { status: 403, message: 'The password is incorrect.' },
  ORG_EXISTS: { status: 409, message: 'An organisation with that name already exists.' },
  RP_ID_INVALID: {
    status: 400,
    message:
      'That is not a usable passkey domain. Give a host name such as demo.example.com: ' +
      'no scheme, port, path or IP address.',
  },
  RP_ID_CHANGE_BREAKS_PASSKEYS: {
    status: 409,
    message:
      'This organisation has passkeys for its current domain; they stop working if the domain changes. ' +
      'Change it with force only if members can sign in another way.',
  },
  USER_EXISTS: { status: 409, message: 'A user with that username or email already exists in this organisation.' },
  FORBIDDEN: { status: 403, message: 'You do not have access to this.' },
  ACCOUNT_DISABLED: { status: 403, message: 'Your account is disabled. Contact your administrator.' },
  LAST_ADMIN: {
    status: 409,
    message:
      "This is the organisation's last administrator: they cannot be disabled, deleted or given another role. " +
      'Make someone else an administrator first.',
  },
  CANNOT_CHANGE_OWN_ACCOUNT: {
    status: 409,
    message: 'You cannot disable or delete your own account or change your own role. Ask another administrator.',
  },
  CONFIRMATION_MISMATCH: { status: 400, message: 'Type the username exactly to confirm.' },
  IMPORT_INVALID: {
    status: 400,
    message:
      'The file is not a CSV Latchkey can import: ' +
      'a header row with username, email, display name and role, then one user per row.',
  },
  IMPORT_TOO_LARGE: {
    status: 413,
    message: 'The file is too large: import at most 10,000 users (2 MB) at a time, in several files if needed.',
  },
  USER_NOT_FOUND: { status: 404, message: 'There is no such user in this organisation.' },
  USER_HAS_NO_EMAIL: { status: 409, message: 'This user has no email address. Generate a 9-character code instead.' },
  PASSKEYS_NOT_OFFERED: {
    status: 409,
    message:
      'Passkeys are not offered to this member. ' +
      'Turn them on in Org Settings > Passkeys, or add the member to the pilot group.',
  },
  USER_ALREADY_ENROLLED: {
    status: 409,
    message:
      'This user already has a passkey. If they lost their device, use Recover account; ' +
      'to add another device, they can sign in to it from a device they have.',
  },
  CANNOT_RECOVER_SELF: { status: 409, message: 'You cannot recover your own account. Ask another administrator.' },
  ENROLLMENT_CODE_INVALID: {
    status: 400,
    message:
      'That enrollment code is not valid for this username. ' +
      'Check both, or ask your administrator for a new code: codes expire quickly.',
  },
  TEMPLATE_INVALID: { status: 400, message: 'The email template is not valid.' },
  TEMPLATE_NOT_FOUND: { status: 404, message: 'That email template does not exist.' },
  TEMPLATE_EXISTS: { status: 409, message: 'An email template with that name already exists.' },
  APP_NOT_FOUND: { status: 404, message: 'That app does not exist in this organisation.' },
  APP_INVALID: { status: 400, message: 'The app settings are not valid.' },
  MOBILE_APP_INVALID: { status: 400, message: 'The mobile app settings are not valid.' },
  INTERACTION_NOT_FOUND: {
    status: 404,
    message:
      'This sign-in request for an app has expired or was started in another browser. ' +
      'Go back to the app and start again.',
  },
  DATABASE_UNAVAILABLE: { status: 503, message: 'The service is temporarily unavailable. Try again in a few seconds.' },
  REDIS_UNAVAILABLE: { status: 503, message: 'The service is temporarily unavailable. Try again in a few seconds.' },
  PASSWORD_SIGN_IN_BUSY: {
    status: 503,
    message: 'Too many password sign-ins right now. Try again in a moment, or sign in with a passkey.',
  },
  SHUTTING_DOWN: { status: 503, message: 'This server is restarting. Try again in a few seconds.' },
  INTERNAL: { status: 500, message: 'Something went wrong on our side. Try again.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

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
