// Imports nothing: the web imports the WaysIn type from here.

/** A member has a backup once they have this many ways in: a lost device then never needs the admin. */
export const WAYS_IN_FOR_A_BACKUP = 2;

/**
 * How a member can sign in, and whether they still need a backup. Only what signs them in counts:
 * two passkeys, or a passkey and a password; a password their organisation refuses to passkey holders,
 * or passkeys the organisation turned off, do not.
 */
export interface WaysIn {
  /** Passkeys that sign them in. */
  passkeys: number;
  /** They have a password and it signs them in. */
  password: boolean;
  /** passkeys + (password ? 1 : 0). */
  count: number;
  /** They may add a passkey (the organisation offers passkeys to them). */
  canAddPasskey: boolean;
  /** They have no password, and one would sign them in beside a passkey. */
  canAddPassword: boolean;
  /** Fewer than two ways in, and one can be added: the home page offers "Add a backup". */
  backupNeeded: boolean;
}

/** The parts of the member's policy (member-policy.ts) that decide what signs them in. */
interface SignInPolicy {
  passkeysOffered: boolean;
  passkeysAccepted: boolean;
  passwordSignInAllowed: boolean;
  passwordAllowed: boolean;
}

export function waysIn(policy: SignInPolicy, passkeyCount: number, hasPassword: boolean): WaysIn {
  const passkeys = policy.passkeysAccepted ? passkeyCount : 0;
  const password = policy.passwordAllowed;
  const count = passkeys + (password ? 1 : 0);
  const canAddPasskey = policy.passkeysOffered;
  // A password beside a passkey: only where the organisation lets passkey holders sign in with one.
  const canAddPassword = !hasPassword && passkeys > 0 && policy.passwordSignInAllowed;
  return {
    passkeys,
    password,
    count,
    canAddPasskey,
    canAddPassword,
    backupNeeded: count < WAYS_IN_FOR_A_BACKUP && (canAddPasskey || canAddPassword),
  };
}
