import { useState, type FormEvent } from 'react';
import { orgApi, type User, type UserDetailsSignal } from '../api';
import { signalUserDetails } from '../passkeys';
import { MessageView, type Message, type Report } from './Messages';

const SOURCE = 'profile';

/** "Profile": the display name, also shown by passkey providers when you pick a passkey. */
export function ProfileSection({
  org,
  user,
  message,
  report,
  describeError,
  onUser,
}: {
  org: string;
  user: User;
  message: Message | null;
  report: Report;
  describeError: (err: unknown) => string | null;
  onUser: (user: User) => void;
}) {
  const [displayName, setDisplayName] = useState(user.displayName);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    report(null);
    try {
      const result = await orgApi(org).patch<{ user: User; signal: UserDetailsSignal }>('/me', {
        displayName: displayName.trim(),
      });
      // Passkey providers show this name in their account pickers: keep it current.
      await signalUserDetails(result.signal);
      onUser(result.user);
      setDisplayName(result.user.displayName);
      report({ kind: 'status', text: 'Display name saved', source: SOURCE });
    } catch (err) {
      const text = describeError(err);
      report(text ? { kind: 'error', text, source: SOURCE } : null);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="section">
      <h2>Profile</h2>
      <MessageView message={message} source={SOURCE} />
      <form onSubmit={onSubmit} className="stack">
        <div className="field">
          <label htmlFor="display-name">Display name</label>
          <input
            id="display-name"
            autoComplete="name"
            required
            maxLength={100}
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
          />
        </div>
        <div className="actions">
          {/* Named apart from a passkey's "Save" (rename), which can be on screen at the same time. */}
          <button type="submit" className="button" aria-label="Save profile" disabled={busy}>
            Save
          </button>
        </div>
      </form>
    </section>
  );
}
