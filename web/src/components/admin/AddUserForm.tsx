import { useId, useState, type FormEvent } from 'react';
import { orgApi } from '../../api';
import type { AdminUser, NewUser } from '../../adminApi';
import { Alert } from '../Messages';

const ROLE_OPTIONS: ReadonlyArray<{ value: NewUser['role']; label: string }> = [
  { value: 'member', label: 'Member' },
  { value: 'editor', label: 'Editor' },
  { value: 'admin', label: 'Admin' },
];

/** "Add user": username, email, display name and role; the new user has no way to sign in until enrolled. */
export function AddUserForm({
  org,
  onAdded,
  onCancel,
  describeError,
}: {
  org: string;
  onAdded: (user: AdminUser) => void;
  onCancel: () => void;
  describeError: (err: unknown) => string | null;
}) {
  const id = useId();
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<NewUser['role']>('member');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    // Optional fields left empty are left out, not sent as empty strings.
    const body: NewUser = { username: username.trim(), role };
    if (email.trim()) body.email = email.trim();
    if (displayName.trim()) body.displayName = displayName.trim();
    try {
      const { user } = await orgApi(org).post<{ user: AdminUser }>('/admin/users', body);
      onAdded(user);
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Add a user</h2>
      <p className="muted">After adding them, enroll a passkey for them by email or with a 9-character code.</p>
      <Alert message={error} />
      <form onSubmit={onSubmit} className="stack">
        <div className="field">
          <label htmlFor={`${id}-username`}>Username</label>
          <input
            id={`${id}-username`}
            required
            autoFocus
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={64}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-email`}>Email</label>
          <input
            id={`${id}-email`}
            type="email"
            autoComplete="off"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <p className="field__hint">Optional. Needed to send an enrollment email.</p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-display-name`}>Display name</label>
          <input
            id={`${id}-display-name`}
            autoComplete="off"
            maxLength={100}
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-role`}>Role</label>
          <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as NewUser['role'])}>
            {ROLE_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            Add user
          </button>
          <button type="button" className="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
