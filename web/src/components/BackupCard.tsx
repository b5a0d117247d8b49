import type { WaysIn } from '../api';
import { Link, paths } from '../router';

/** What the member can add as a backup, as the card's title says it. */
function backupOptions(waysIn: WaysIn): string {
  const passkey = waysIn.passkeys > 0 ? 'a passkey on another device' : 'a passkey';
  if (waysIn.canAddPasskey && waysIn.canAddPassword) return `${passkey} or a password`;
  return waysIn.canAddPasskey ? passkey : 'a password';
}

/**
 * "Add a backup" on the home page until the member has two ways in (the server's rule, `me.waysIn`), so a
 * lost device does not need the administrator. Says what counts.
 */
export function BackupCard({ org, waysIn }: { org: string; waysIn: WaysIn }) {
  if (!waysIn.backupNeeded) return null;
  const counts =
    waysIn.canAddPassword || waysIn.password
      ? 'Two passkeys, or a passkey and a password, count as two ways in.'
      : 'Two passkeys count as two ways in: your organisation does not sign in passkey holders with a password.';
  return (
    <section className="panel" aria-labelledby="backup-title">
      <h2 id="backup-title">Add a backup: {backupOptions(waysIn)}</h2>
      <p>
        {waysIn.count === 0
          ? 'You have no other way to sign in yet.'
          : 'You have one way to sign in. If you lose it, only your administrator can let you back in.'}{' '}
        {counts}
      </p>
      {waysIn.passkeys === 0 && (
        <p className="muted">
          A passkey is your device unlock method, such as Face ID, fingerprint, Windows Hello, passcode, or PIN.
        </p>
      )}
      <p>
        <Link to={paths.passkeys(org)}>Add it in Settings › Passkeys</Link>
      </p>
    </section>
  );
}
