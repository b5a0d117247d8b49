import { useState, type ReactNode } from 'react';
import { isApiError, type User } from '../../api';
import { ReverifyPanel } from '../ReverifyPanel';

/** The signed-in admin, for "Confirm it's you". */
export interface AdminSelf {
  user: User;
  passkeysEnabled: boolean;
}

/**
 * Handing out a way into someone's account (a code, an enrollment email, a recovery) needs the admin
 * to have proved it is them in the last few minutes. When the server asks (REVERIFY_REQUIRED), show
 * "Confirm it's you", then run the action again.
 */
export function useStepUp(org: string, admin: AdminSelf | null) {
  const [again, setAgain] = useState<(() => void) | null>(null);

  /** True when `err` asks for confirmation: the panel shows, and `retry` runs once it is given. */
  const needsConfirmation = (err: unknown, retry: () => void): boolean => {
    if (!admin || !isApiError(err, 'REVERIFY_REQUIRED')) return false;
    setAgain(() => retry);
    return true;
  };

  const panel: ReactNode =
    again && admin ? (
      <ReverifyPanel
        org={org}
        user={admin.user}
        passkeysEnabled={admin.passkeysEnabled}
        purpose="before giving someone a way into their account"
        onVerified={() => {
          setAgain(null);
          again();
        }}
        onCancel={() => setAgain(null)}
      />
    ) : null;

  return { needsConfirmation, panel };
}
