import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { orgApi } from '../../shared/api';
import type { ProfileChanges } from '../adminApi';
import { onEscape, useFocusOnAppear } from '../../shared/focus';
import { paths, PLATFORM_ORG, useRouter } from '../../shared/router';
import { BusyButton } from '../../shared/BusyButton';
import { Alert, Status } from '../../shared/Messages';
import { useAction } from '../../shared/useAction';
import { EditProfileForm } from './EditProfileForm';
import { useStepUp, type UserSectionProps } from '../useStepUp';
import { TextField } from '../../shared/Fields';

type Panel = 'edit' | 'disable' | 'delete' | null;

/**
 * A user's lifecycle: "Edit profile", "Disable account" / "Enable account", "Delete user" (after typing
 * the username). Disabling, enabling, deleting and a role change ask "Confirm it's you" when the server wants it.
 */
export function ManageAccountSection({ org, admin, detail, onChanged, describeError }: UserSectionProps) {
  const { t } = useTranslation('users');
  const id = useId();
  const { navigate } = useRouter();
  const { user } = detail;
  const params = { id: user.id };
  const self = admin?.user.id === user.id;
  const [panel, setPanel] = useState<Panel>(null);
  const [confirmation, setConfirmation] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const { run: runAction, busy, error, setError } = useAction();
  const stepUp = useStepUp(org, admin, t('stepUpAccount'));
  // A panel's heading takes the keyboard when it opens; closing it (Cancel, or done) returns to the section's heading.
  const heading = useRef<HTMLHeadingElement>(null);
  const disableHeading = useFocusOnAppear<HTMLHeadingElement>(panel === 'disable');
  const deleteHeading = useFocusOnAppear<HTMLHeadingElement>(panel === 'delete');

  function open(next: Panel) {
    setStatus(null);
    setError(null);
    setConfirmation('');
    // "Confirm it's you" asked for the panel's change: closing the panel gives that change up too.
    stepUp.dismiss();
    setPanel(next);
    if (next === null) heading.current?.focus();
  }

  async function run(action: () => Promise<string | null>) {
    await runAction(
      async () => {
        setStatus(null);
        const text = await action();
        if (text === null) return;
        setPanel(null);
        setStatus(text);
        heading.current?.focus();
        onChanged();
      },
      { describe: (err) => (stepUp.needsConfirmation(err, () => void run(action)) ? null : describeError(err)) },
    );
  }

  const save = (changes: ProfileChanges) =>
    run(async () => {
      if (Object.keys(changes).length === 0) return t('nothingToChange');
      await orgApi(org).patch('/admin/users/:id', changes, { params });
      return t('profileSaved');
    });
  const disable = () =>
    run(async () => {
      await orgApi(org).post('/admin/users/:id/disable', { params });
      return t('disabledDone', { name: user.displayName });
    });
  const enable = () =>
    run(async () => {
      await orgApi(org).post('/admin/users/:id/enable', { params });
      return t('enabledDone', { name: user.displayName });
    });
  const remove = () =>
    run(async () => {
      await orgApi(org).post('/admin/users/:id/delete', { confirmUsername: confirmation.trim() }, { params });
      navigate(paths.adminUsers(org), { flash: t('deletedUser', { username: user.username }) });
      return null;
    });

  return (
    <section className="section" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} tabIndex={-1} ref={heading}>
        {t('manageHeading')}
      </h2>
      {/* Just disabled here, the status below says it (and more): not twice. */}
      {user.status === 'disabled' && !status && <p>{t('accountDisabledNote', { name: user.displayName })}</p>}
      {self && <p className="hint">{t('ownAccountHint')}</p>}
      <Status message={status} />
      <Alert message={error} />
      {panel === null && (
        <div className="actions">
          <button type="button" className="button" onClick={() => open('edit')}>
            {t('editProfile')}
          </button>
          {!self &&
            (user.status === 'active' ? (
              <button type="button" className="button" onClick={() => open('disable')}>
                {t('disableAccount')}
              </button>
            ) : (
              <BusyButton type="button" className="button" onClick={() => void enable()} busy={busy}>
                {t('enableAccount')}
              </BusyButton>
            ))}
          {!self && (
            <button type="button" className="button button--danger" onClick={() => open('delete')}>
              {t('deleteUser')}
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
        <div
          className="panel stack"
          role="group"
          aria-labelledby={`${id}-disable`}
          onKeyDown={onEscape(() => open(null), busy)}
        >
          <h3 id={`${id}-disable`} tabIndex={-1} ref={disableHeading}>
            {t('disableTitle', { name: user.displayName })}
          </h3>
          <p>{t('disableBody')}</p>
          <div className="actions">
            <BusyButton type="button" className="button button--danger" onClick={() => void disable()} busy={busy}>
              {t('disableAccount')}
            </BusyButton>
            <button type="button" className="button" onClick={() => open(null)} disabled={busy}>
              {t('cancel')}
            </button>
          </div>
        </div>
      )}
      {panel === 'delete' && (
        <form
          className="panel stack"
          aria-labelledby={`${id}-delete`}
          onKeyDown={onEscape(() => open(null), busy)}
          onSubmit={(event) => {
            event.preventDefault();
            void remove();
          }}
        >
          <h3 id={`${id}-delete`} tabIndex={-1} ref={deleteHeading}>
            {t('deleteTitle', { name: user.displayName })}
          </h3>
          <p>{t('deleteBody')}</p>
          <TextField
            id={`${id}-confirm`}
            label={t('typeToConfirm', { username: user.username })}
            autoComplete="off"
            value={confirmation}
            onChange={(e) => setConfirmation(e.target.value)}
            disabled={busy}
          />
          <div className="actions">
            <BusyButton
              type="submit"
              className="button button--danger"
              busy={busy}
              disabled={confirmation.trim().toLowerCase() !== user.username}
            >
              {t('deleteUser')}
            </BusyButton>
            <button type="button" className="button" onClick={() => open(null)} disabled={busy}>
              {t('cancel')}
            </button>
          </div>
        </form>
      )}
      {stepUp.panel}
    </section>
  );
}
