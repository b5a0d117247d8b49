import { useState, type ReactNode } from 'react';
import { isApiError, type MeResponse, type User } from '../shared/api';
import { ReverifyPanel } from './ReverifyPanel';

/** Who confirms it's them: the signed-in user, and whether they may use a passkey to. */
export interface Verifier {
  user: User;
  passkeysEnabled: boolean;
  /** Whether their password may confirm it (not where the organisation signs passkey holders in by passkey). */
  passwordAllowed?: boolean;
}

/** The signed-in user as a verifier: their passkeys confirm it's them where offered, or where they have one. */
export function verifierOf(me: MeResponse | null): Verifier | null {
  return me
    ? {
        user: me.user,
        passkeysEnabled: me.policy.passkeysOffered || me.user.passkeyCount > 0,
        passwordAllowed: me.policy.passwordSignInAllowed,
      }
    : null;
}

/**
 * "Confirm it's you", then the action again: for a change the server refuses (REVERIFY_REQUIRED) until the
 * session has been verified in the last few minutes. `onClose` runs when the panel closes, either way.
 */
export function useReverify(org: string, verifier: Verifier | null, purpose: string, onClose?: () => void) {
  const [again, setAgain] = useState<(() => void) | null>(null);

  /** Shows the panel; `retry` runs once the user has confirmed. */
  const confirmThen = (retry: () => void) => setAgain(() => retry);

  /** True when `err` asks for confirmation: the panel shows, and `retry` runs once it is given. */
  const needsConfirmation = (err: unknown, retry: () => void): boolean => {
    if (!verifier || !isApiError(err, 'REVERIFY_REQUIRED')) return false;
    confirmThen(retry);
    return true;
  };

  const close = () => {
    onClose?.();
    setAgain(null);
  };

  const panel: ReactNode =
    again && verifier ? (
      <ReverifyPanel
        org={org}
        user={verifier.user}
        passkeysEnabled={verifier.passkeysEnabled}
        passwordAllowed={verifier.passwordAllowed ?? true}
        purpose={purpose}
        onVerified={() => {
          close();
          again();
        }}
        onCancel={close}
      />
    ) : null;

  /** Closes the panel unconfirmed (the change it was for is given up), without running `onClose`. */
  const dismiss = () => setAgain(null);

  return { confirmThen, needsConfirmation, panel, open: panel !== null, dismiss };
}
