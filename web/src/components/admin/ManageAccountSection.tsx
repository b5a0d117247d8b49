import { useId, useState } from 'react';
import { orgApi } from '../../api';
import type { AdminUser, ProfileChanges } from '../../adminApi';
import { paths, PLATFORM_ORG, useRouter } from '../../router';
import { Alert, Status } from '../Messages';
import { EditProfileForm } from './EditProfileForm';
import { useStepUp, type UserSectionProps } from './useStepUp';

type Panel = 'edit' | 'disable' | 'delete' | null;

/**
 * A user's lifecycle: "Edit profile", "Disable account" / "Enable account", "Delete user" (after typing
 * the username). Disabling, deleting and a role change ask "Confirm it's you" when the server wants it.
 */
export function ManageAccountSection({ org, admin, detail, onChanged, describeError }: UserSectionProps) {
  const id = useId();
  const { navigate } = useRouter();
  const { user } = detail;
  const base = `/admin/users/${encodeURIComponent(user.id)}`;
  const self = admin?.user.id === user.id;
  const [panel, setPanel] = useState<Panel>(null);
  const [confirmation, setConfirmation] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const stepUp = useStepUp(org, admin, 'before changing this account');

  function open(next: Panel) {
    setStatus(null);
    setError(null);
    setConfirmation('');
    setPanel(next);
  }

  async function run(action: () => Promise<string | null>) {
    setBusy(true);
    setStatus(null);
    setError(null);
    try {
      const text = await action();
      if (text === null) return;
      setPanel(null);
      setStatus(text);
      onChanged();
    } catch (err) {
      if (stepUp.needsConfirmation(err, () => void run(action))) return;
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  const save = (changes: ProfileChanges) =>
    run(async () => {
      if (Object.keys(changes).length === 0) return 'Nothing to change';
      await orgApi(org).patch<{ user: AdminUser }>(base, changes);
      return 'Profile saved';
    });
  const disable = () =>
    run(async () => {
      await orgApi(org).post(`${base}/disable`);
      return `${user.displayName}'s account is disabled: signed out everywhere, and every sign-in is refused`;
    });
  const enable = () =>
    run(async () => {
      await orgApi(org).post(`${base}/enable`);
      return `${user.displayName}'s account is enabled`;
    });
  const remove = () =>
    run(async () => {
      await orgApi(org).post(`${base}/delete`, { confirmUsername: confirmation.trim() });
      navigate(paths.adminUsers(org), { flash: `Deleted ${user.username}` });
      return null;
    });

  return (
    <section className="section" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Manage account</h2>
      {user.status === 'disabled' && (
        <p>
          {user.displayName}'s account is disabled: every sign-in is refused with “Your account is disabled. Contact
          your administrator.”
        </p>
      )}
      {self && (
        <p className="hint">
          This is your own account: another administrator disables or deletes it, or changes its role.
        </p>
      )}
      <Status message={status} />
      <Alert message={error} />
      {panel === null && (
        <div className="actions">
          <button type="button" className="button" onClick={() => open('edit')}>
            Edit profile
          </button>
          {!self &&
            (user.status === 'active' ? (
              <button type="button" className="button" onClick={() => open('disable')}>
                Disable account
              </button>
            ) : (
              <button type="button" className="button" onClick={() => void enable()} disabled={busy}>
                Enable account
              </button>
            ))}
          {!self && (
            <button type="button" className="button button--danger" onClick={() => open('delete')}>
              Delete user
            </button>
          )}
        </div>
      )}
      {panel === 'edit' && (
        <EditProfileForm
          user={user}
          platform={org === PLATFORM_ORG}
          roleLocked={self}
          busy={busy}
          onSave={(changes) => void save(changes)}
          onCancel={() => open(null)}
        />
      )}
      {panel === 'disable' && (
        <div className="panel stack" role="group" aria-labelledby={`${id}-disable`}>
          <h3 id={`${id}-disable`}>Disable {user.displayName}'s account?</h3>
          <p>
            They are signed out everywhere, their enrollment links, codes, device sign-in requests and app access stop
            working, and every sign-in is refused until you enable the account again. Their passkeys and password are
            kept.
          </p>
          <div className="actions">
            <button type="button" className="button button--danger" onClick={() => void disable()} disabled={busy}>
              Disable account
            </button>
            <button type="button" className="button" onClick={() => open(null)} disabled={busy}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {panel === 'delete' && (
        <form
          className="panel stack"
          aria-labelledby={`${id}-delete`}
          onSubmit={(event) => {
            event.preventDefault();
            void remove();
          }}
        >
          <h3 id={`${id}-delete`}>Delete {user.displayName}?</h3>
          <p>
            Their passkeys, sessions, enrollment codes, app access and profile are removed for good. The activity log
            keeps only their username.
          </p>
          <div className="field">
            <label htmlFor={`${id}-confirm`}>Type {user.username} to confirm</label>
            <input
              id={`${id}-confirm`}
              autoComplete="off"
              value={confirmation}
              onChange={(e) => setConfirmation(e.target.value)}
              disabled={busy}
            />
          </div>
          <div className="actions">
            <button
              type="submit"
              className="button button--danger"
              disabled={busy || confirmation.trim().toLowerCase() !== user.username}
            >
              Delete user
            </button>
            <button type="button" className="button" onClick={() => open(null)} disabled={busy}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {stepUp.panel}
    </section>
  );
}
