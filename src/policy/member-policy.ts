import type { Organisation } from '../orgs/organisations.js';
import { fromFlag } from '../shared/flags.js';
import type { User } from '../users/users.js';

export type PasskeyPrompt = 'none' | 'optional' | 'mandatory';

/** What the organisation's passkey policy means for one member, right now. */
export interface MemberPolicy {
  /** Passkeys are offered to this member: available (operator), enabled (admin), and the rollout reaches them. */
  passkeysOffered: boolean;
  /** Their passkeys sign them in. */
  passkeysAccepted: boolean;
  /** A password would sign them in (whether or not they have one): false only for passkey-only sign-in. */
  passwordSignInAllowed: boolean;
  /** Their password signs them in. */
  passwordAllowed: boolean;
  /** What to show after sign-in to a member with no passkey. */
  prompt: PasskeyPrompt;
}

/** Admins only → pilot group (and admins) → everyone: who the rollout has reached. */
export function inRollout(org: Organisation, user: User): boolean {
  const isAdmin = user.role === 'admin' || user.role === 'operator';
  if (org.rollout === 'everyone') return true;
  if (org.rollout === 'pilot') return isAdmin || fromFlag(user.pilot);
  return isAdmin;
}

export function memberPolicy(org: Organisation, user: User, passkeyCount: number, now: number): MemberPolicy {
  const hasPassword = user.password_hash !== null;
  const passkeysOffered = fromFlag(org.passkeys_available) && fromFlag(org.passkeys_enabled) && inRollout(org, user);
  // A policy change never locks anyone out: a member whose only way in is a passkey keeps it.
  const passkeysAccepted = passkeysOffered || (passkeyCount > 0 && !hasPassword);
  // "Allow password sign-in for members who have a passkey" off: only those with a passkey lose it.
  const passwordSignInAllowed = !(passkeysOffered && passkeyCount > 0 && !fromFlag(org.password_fallback));
  const passwordAllowed = hasPassword && passwordSignInAllowed;
  let prompt: PasskeyPrompt = 'none';
  if (passkeysOffered && passkeyCount === 0) {
    if (fromFlag(org.passkeys_mandatory)) prompt = 'mandatory';
    else if ((user.passkey_prompt_snoozed_until ?? 0) <= now) prompt = 'optional';
  }
  return { passkeysOffered, passkeysAccepted, passwordSignInAllowed, passwordAllowed, prompt };
}
