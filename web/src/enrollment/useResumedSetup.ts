import { useEffect, useState } from 'react';
import { orgApi, type SetupResult } from '../shared/api';

/**
 * A setup page reloaded once its one-time link or code was used: the link or code signed the member in, and no longer
 * works. When this browser's session was started by it (`method`), the setup goes on from the account as it is now
 * rather than asking again for what no longer works. `resuming` until known; `resumed` null: a setup of its own.
 */
export function useResumedSetup(org: string, method: 'setup-link' | 'enrollment-code', enabled = true) {
  const [resuming, setResuming] = useState(enabled);
  const [resumed, setResumed] = useState<SetupResult | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let current = true;
    const done = (found: SetupResult | null) => {
      if (!current) return;
      setResumed(found);
      setResuming(false);
    };
    orgApi(org)
      .get('/me')
      .then(
        (me) =>
          done(
            me.session.method !== method
              ? null
              : {
                  user: me.user,
                  passkeysOffered: me.policy.passkeysOffered,
                  passkeyRequired: me.policy.prompt === 'mandatory',
                  // As the link's or code's redemption says it (src/sign-in/complete-sign-in.ts).
                  passwordAllowed: me.policy.passwordFallback || !me.policy.passkeysOffered,
                },
          ),
        () => done(null),
      );
    return () => {
      current = false;
    };
  }, [org, method, enabled]);
  return { resuming, resumed };
}

/** What a setup has left to do for the account as it is: its passkey where offered, then a password where allowed. */
export function stepLeft({ user, passkeysOffered, passwordAllowed }: SetupResult): 'passkey' | 'password' | null {
  if (passkeysOffered && user.passkeyCount === 0) return 'passkey';
  if (passwordAllowed && !user.hasPassword) return 'password';
  return null;
}
