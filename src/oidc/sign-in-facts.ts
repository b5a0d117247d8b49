import type { SignInMethod } from '../db/types.js';

/**
 * What an ID token says about how the member signed in (RFC 8176 `amr`, and `acr`). Honest to the
 * proof behind the Latchkey session: a user-verified passkey is possession plus a biometric or PIN
 * check; a device link is approval over a second channel; a setup link or enrollment code is a
 * one-time secret.
 */
export const AMR: Record<SignInMethod, string[]> = {
  passkey: ['pop', 'user', 'mfa'],
  password: ['pwd'],
  'device-link': ['mca'],
  'setup-link': ['otp'],
  'enrollment-code': ['otp'],
};

/** OpenID EAP ACR: only a passkey is phishing-resistant. */
export const ACR_PHISHING_RESISTANT = 'phr';
export const ACR_BASIC = 'basic';
export const ACR_VALUES = [ACR_PHISHING_RESISTANT, ACR_BASIC];

export const acrFor = (method: SignInMethod) => (method === 'passkey' ? ACR_PHISHING_RESISTANT : ACR_BASIC);

/** The app asked for phishing-resistant sign-in (acr_values; the claims parameter is not offered). */
export function wantsPhishingResistant(params: { acr_values?: unknown }): boolean {
  return typeof params.acr_values === 'string' && params.acr_values.split(' ').includes(ACR_PHISHING_RESISTANT);
}
