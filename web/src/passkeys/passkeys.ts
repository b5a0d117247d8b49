import {
  browserSupportsWebAuthn,
  startAuthentication,
  startRegistration,
  WebAuthnAbortService,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import i18next from 'i18next';
import type { AcceptedCredentialsSignal, UserDetailsSignal } from '../shared/api';

/**
 * Shown whenever a passkey prompt ends without a passkey: the person closed it, waited too long, or locked the device.
 */
export function promptCancelledMessage(otherWay: 'password' | 'username' | 'none'): string {
  if (otherWay === 'password') return i18next.t('common:promptCancelledUsePassword');
  // Step 1 of sign-in shows no password field: the way on is the username.
  if (otherWay === 'username') return i18next.t('common:promptCancelledUseUsername');
  return i18next.t('common:promptCancelled');
}

export function supportsPasskeys(): boolean {
  return browserSupportsWebAuthn();
}

/**
 * True when this browser can create a passkey with the device's own unlock (Face ID, fingerprint,
 * Windows Hello, PIN): the optional "Create a passkey" prompt is only worth showing then.
 */
export async function canCreatePasskey(): Promise<boolean> {
  if (typeof window.PublicKeyCredential === 'undefined') return false;
  try {
    return (await PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable()) === true;
  } catch {
    return false;
  }
}

/** True when the browser can create a passkey by itself after a password sign-in (conditional create). */
export async function conditionalCreateAvailable(): Promise<boolean> {
  if (typeof window.PublicKeyCredential === 'undefined') return false;
  const pkc = PublicKeyCredential as unknown as {
    getClientCapabilities?: () => Promise<Record<string, boolean | undefined>>;
  };
  try {
    return (await pkc.getClientCapabilities?.())?.conditionalCreate === true;
  } catch {
    return false;
  }
}

// ---- One ceremony at a time ----
//
// A pending conditional request (autofill sign-in, or automatic passkey creation after a password
// sign-in) blocks any other ceremony ("A request is already pending"). @simplewebauthn/browser's
// WebAuthnAbortService aborts the previous request whenever a new one starts; we also wait for the
// aborted request to settle before starting a modal prompt, so the browser has really let go of it.

let ceremonyCount = 0;
let conditional: { id: number; kind: 'autofill' | 'create'; settled: Promise<unknown> } | undefined;

async function releaseConditional(): Promise<void> {
  const pending = conditional;
  if (!pending) return;
  conditional = undefined;
  WebAuthnAbortService.cancelCeremony();
  // Its AbortError is handled by whoever started it; here we only wait (briefly) for it to end.
  await Promise.race([pending.settled.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1000))]);
}

/** True when the browser can offer passkeys in the username field's autofill. */
export async function autofillAvailable(): Promise<boolean> {
  if (!supportsPasskeys()) return false;
  try {
    return (await PublicKeyCredential.isConditionalMediationAvailable?.()) === true;
  } catch {
    return false;
  }
}

/**
 * Runs a conditional request (autofill sign-in or automatic creation). Resolves with its response, or
 * with null when it was cancelled or failed: a request nobody saw never shows an error.
 */
async function runConditional<T>(kind: 'autofill' | 'create', start: () => Promise<T>): Promise<T | null> {
  await releaseConditional();
  const id = ++ceremonyCount;
  const promise = start();
  conditional = { id, kind, settled: promise };
  try {
    return await promise;
  } catch {
    return null;
  } finally {
    if (conditional?.id === id) conditional = undefined;
  }
}

function cancelConditional(kind: 'autofill' | 'create'): void {
  if (conditional?.kind === kind) {
    conditional = undefined;
    WebAuthnAbortService.cancelCeremony();
  }
}

/** Autofill sign-in: resolves when the person picks a passkey from autofill. */
export function autofillSignIn(
  optionsJSON: PublicKeyCredentialRequestOptionsJSON,
): Promise<AuthenticationResponseJSON | null> {
  return runConditional('autofill', () => startAuthentication({ optionsJSON, useBrowserAutofill: true }));
}

/** Cancels the autofill request if one is pending (when the username field goes away). */
export function cancelAutofill(): void {
  cancelConditional('autofill');
}

/**
 * Conditional create: asks the password manager the person just signed in with to create a passkey
 * without a prompt. It may stay pending for a long time, or for ever; "Continue" or "Do this later"
 * cancels it (the resulting AbortError is swallowed).
 */
export function autoRegister(
  optionsJSON: PublicKeyCredentialCreationOptionsJSON,
): Promise<RegistrationResponseJSON | null> {
  return runConditional('create', () => startRegistration({ optionsJSON, useAutoRegister: true }));
}

/** Cancels a pending automatic passkey creation ("Do this later"). */
export function cancelAutoRegister(): void {
  cancelConditional('create');
}

/** The modal "use your passkey" prompt. Throws when it is cancelled, times out or fails. */
export async function authenticate(
  optionsJSON: PublicKeyCredentialRequestOptionsJSON,
): Promise<AuthenticationResponseJSON> {
  await releaseConditional();
  ++ceremonyCount;
  return startAuthentication({ optionsJSON });
}

/** The "create a passkey" prompt. Throws when it is cancelled, times out or fails. */
export async function register(optionsJSON: PublicKeyCredentialCreationOptionsJSON): Promise<RegistrationResponseJSON> {
  await releaseConditional();
  ++ceremonyCount;
  return startRegistration({ optionsJSON });
}

/** The "create a passkey" prompt found one of the account's passkeys on this device (excludeCredentials matched). */
export const deviceHasPasskey = (err: unknown): boolean => err instanceof Error && err.name === 'InvalidStateError';

/** The message for a failed "create a passkey" prompt. */
export function registrationErrorMessage(err: unknown): string {
  if (deviceHasPasskey(err)) return i18next.t('common:deviceHasPasskey');
  return promptCancelledMessage('none');
}

// ---- WebAuthn Signal API: keep the person's passkey provider in step with the server ----
// Best effort: only where the browser has it, errors ignored, never holding the page up for long.

interface SignalApi {
  signalUnknownCredential?: (options: { rpId: string; credentialId: string }) => Promise<void>;
  signalAllAcceptedCredentials?: (options: {
    rpId: string;
    userId: string;
    allAcceptedCredentialIds: string[];
  }) => Promise<void>;
  signalCurrentUserDetails?: (options: {
    rpId: string;
    userId: string;
    name: string;
    displayName: string;
  }) => Promise<void>;
}

function signalApi(): SignalApi | undefined {
  return typeof PublicKeyCredential === 'undefined' ? undefined : (PublicKeyCredential as unknown as SignalApi);
}

async function bestEffort(call: () => Promise<void> | undefined): Promise<void> {
  try {
    await Promise.race([call(), new Promise((resolve) => setTimeout(resolve, 2000))]);
  } catch {
    // A signal is a hint to the browser; failing to send one changes nothing for the person.
  }
}

/** Tells the passkey provider that this credential no longer works here, so it stops offering it. */
export function signalUnknownCredential(rpId: string, credentialId: string): Promise<void> {
  const api = signalApi();
  if (!api?.signalUnknownCredential) return Promise.resolve();
  return bestEffort(() => api.signalUnknownCredential?.({ rpId, credentialId }));
}

/** Tells the passkey provider the user's current name and display name. */
export function signalUserDetails(signal: UserDetailsSignal): Promise<void> {
  const api = signalApi();
  if (!api?.signalCurrentUserDetails) return Promise.resolve();
  const { rpId, userId, name, displayName } = signal;
  return bestEffort(() => api.signalCurrentUserDetails?.({ rpId, userId, name, displayName }));
}

/** After a sign-in: which of the user's passkeys still work, and their current name. */
export async function signalAfterSignIn(signal: AcceptedCredentialsSignal): Promise<void> {
  const api = signalApi();
  if (api?.signalAllAcceptedCredentials) {
    const { rpId, userId, allAcceptedCredentialIds } = signal;
    await bestEffort(() => api.signalAllAcceptedCredentials?.({ rpId, userId, allAcceptedCredentialIds }));
  }
  await signalUserDetails(signal);
}
