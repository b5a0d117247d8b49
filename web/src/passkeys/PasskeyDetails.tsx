import type { Passkey } from '../shared/api';
import { formatDate, passkeyLastUsed } from '../shared/format';
import { AuthenticatorIcon } from './AuthenticatorIcon';

/** The words PasskeyDetails shows, from the namespace of the page it is on (a member's or an admin's). */
export interface PasskeyWords {
  unknownAuthenticator: string;
  securityKey: string;
  synced: string;
  deviceOnly: string;
  created: (date: string) => string;
}

/**
 * A passkey's lines under its name: its authenticator and whether it syncs (a security key: that it is one); when it
 * was created and last used.
 */
export function PasskeyDetails({ passkey, words }: { passkey: Passkey; words: PasskeyWords }) {
  return (
    <>
      <p className="item__meta">
        <AuthenticatorIcon icon={passkey.authenticatorIcon} />
        {(passkey.securityKey
          ? [passkey.authenticatorName, words.securityKey]
          : [
              passkey.authenticatorName ?? words.unknownAuthenticator,
              passkey.backedUp ? words.synced : words.deviceOnly,
            ]
        )
          .filter(Boolean)
          .join(' · ')}
      </p>
      <p className="item__meta">
        {words.created(formatDate(passkey.createdAt))} · {passkeyLastUsed(passkey)}
      </p>
    </>
  );
}
