import { useId, useState, type FormEvent } from 'react';
import { orgApi, type PilotMember } from '../api';
import { MessageView, type Message, type Report } from './Messages';

const SOURCE = 'pilot';

/** The pilot group: who is offered passkeys when Rollout is "Pilot group" (admins always are). */
export function PilotGroupSection({
  org,
  members,
  onChange,
  message,
  report,
  describeError,
}: {
  org: string;
  members: PilotMember[];
  onChange: (members: PilotMember[]) => void;
  message: Message | null;
  report: Report;
  describeError: (err: unknown) => string | null;
}) {
  const id = useId();
  const [identifier, setIdentifier] = useState('');
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<string>) {
    setBusy(true);
    report(null);
    try {
      report({ kind: 'status', text: await action(), source: SOURCE });
    } catch (err) {
      const text = describeError(err);
      report(text ? { kind: 'error', text, source: SOURCE } : null);
    } finally {
      setBusy(false);
    }
  }

  function add(event: FormEvent) {
    event.preventDefault();
    const value = identifier.trim();
    if (!value) return;
    void run(async () => {
      const { member } = await orgApi(org).post<{ member: PilotMember }>('/admin/pilot-members', { identifier: value });
      onChange(
        [...members.filter((m) => m.id !== member.id), member].sort((a, b) => a.username.localeCompare(b.username)),
      );
      setIdentifier('');
      return `Added ${member.username} to the pilot group`;
    });
  }

  const remove = (member: PilotMember) =>
    run(async () => {
      await orgApi(org).del(`/admin/pilot-members/${encodeURIComponent(member.id)}`);
      onChange(members.filter((m) => m.id !== member.id));
      return `Removed ${member.username} from the pilot group`;
    });

  return (
    <section className="section" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Pilot group</h2>
      <p className="muted">
        When Rollout is “Pilot group”, these members and all admins are offered passkeys. Ask them whether creating and
        using a passkey is easy to understand before offering passkeys to everyone.
      </p>
      <MessageView message={message} source={SOURCE} />
      {members.length === 0 ? (
        <p className="empty">No one is in the pilot group yet.</p>
      ) : (
        <ul className="items" aria-label="Pilot group members">
          {members.map((m) => (
            <li key={m.id} className="item">
              <div className="item__main">
                <p className="item__title">{m.displayName}</p>
                <p className="item__meta">{m.username}</p>
              </div>
              <div className="item__actions">
                <button
                  type="button"
                  className="button button--danger-quiet"
                  aria-label={`Remove ${m.username} from the pilot group`}
                  onClick={() => void remove(m)}
                  disabled={busy}
                >
                  Remove
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={add} className="inline-form">
        <div className="field">
          <label htmlFor={`${id}-identifier`}>Username or email</label>
          <input
            id={`${id}-identifier`}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={identifier}
            onChange={(e) => setIdentifier(e.target.value)}
          />
        </div>
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            Add to pilot group
          </button>
        </div>
      </form>
    </section>
  );
}
