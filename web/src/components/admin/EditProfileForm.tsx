import { useId, useState, type FormEvent } from 'react';
import type { AdminUser, ProfileChanges } from '../../adminApi';

const ROLE_OPTIONS: ReadonlyArray<{ value: AdminUser['role']; label: string }> = [
  { value: 'member', label: 'Member' },
  { value: 'editor', label: 'Editor' },
  { value: 'admin', label: 'Admin' },
];

/** "Edit profile": display name, email and role. Only what changed is sent. */
export function EditProfileForm({
  user,
  platform,
  roleLocked,
  busy,
  onSave,
  onCancel,
}: {
  user: AdminUser;
  /** In the platform organisation an operator may be made. */
  platform: boolean;
  /** The admin's own account: another admin changes its role. */
  roleLocked: boolean;
  busy: boolean;
  onSave: (changes: ProfileChanges) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [email, setEmail] = useState(user.email ?? '');
  const [role, setRole] = useState<AdminUser['role']>(user.role);
  const roles = platform ? [...ROLE_OPTIONS, { value: 'operator' as const, label: 'Operator' }] : ROLE_OPTIONS;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const changes: ProfileChanges = {};
    if (displayName.trim() !== user.displayName) changes.displayName = displayName.trim();
    if (email.trim() !== (user.email ?? '')) changes.email = email.trim() || null;
    if (role !== user.role) changes.role = role;
    onSave(changes);
  }

  return (
    <form onSubmit={onSubmit} className="panel stack" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Edit profile</h3>
      <div className="field">
        <label htmlFor={`${id}-name`}>Display name</label>
        <input
          id={`${id}-name`}
          required
          maxLength={100}
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          disabled={busy}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-email`}>Email</label>
        <input
          id={`${id}-email`}
          type="email"
          maxLength={320}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          disabled={busy}
          aria-describedby={`${id}-email-hint`}
        />
        <p id={`${id}-email-hint`} className="hint">
          Changing it cancels enrollment links already sent to the old address.
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-role`}>Role</label>
        <select
          id={`${id}-role`}
          value={role}
          onChange={(e) => setRole(e.target.value as AdminUser['role'])}
          disabled={busy || roleLocked}
          aria-describedby={roleLocked ? `${id}-role-hint` : undefined}
        >
          {roles.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
        {roleLocked && (
          <p id={`${id}-role-hint`} className="hint">
            Another administrator changes your role.
          </p>
        )}
      </div>
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          Save profile
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
