import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { orgApi } from '../../shared/api';
import type { AdminUser, NewUser } from '../adminApi';
import { useAction } from '../../shared/useAction';
import { useStepUp, type AdminSelf } from '../useStepUp';
import { RoleSelect, ROLES } from './RoleSelect';
import { FormActions } from '../../shared/BusyButton';
import { Alert } from '../../shared/Messages';
import { focusOnMount } from '../../shared/focus';
import { AS_TYPED, Field, TextField } from '../../shared/Fields';

/** "Add user": username, email, display name and role; the new user has no way to sign in until enrolled. */
export function AddUserForm({
  org,
  admin,
  onAdded,
  onCancel,
  describeError,
}: {
  org: string;
  /** The signed-in admin: adding an administrator asks "Confirm it's you" when the server wants it. */
  admin: AdminSelf | null;
  onAdded: (user: AdminUser) => void;
  onCancel: () => void;
  describeError: (err: unknown) => string | null;
}) {
  const { t } = useTranslation('users');
  const id = useId();
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<NewUser['role']>('member');
  const { run, busy, error } = useAction();
  const stepUp = useStepUp(org, admin, t('stepUpAddAdmin'));

  function add(body: NewUser) {
    void run(
      async () => {
        const { user } = await orgApi(org).post('/admin/users', body);
        onAdded(user);
      },
      { describe: (err) => (stepUp.needsConfirmation(err, () => add(body)) ? '' : (describeError(err) ?? '')) },
    );
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    // Optional fields left empty are left out, not sent as empty strings.
    const body: NewUser = { username: username.trim(), role };
    if (email.trim()) body.email = email.trim();
    if (displayName.trim()) body.displayName = displayName.trim();
    add(body);
  }

  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('addUserHeading')}</h2>
      <p className="muted">{t('addUserIntro')}</p>
      <Alert message={error} />
      {stepUp.panel}
      <form onSubmit={onSubmit} className="stack">
        <TextField
          id={`${id}-username`}
          label={t('usernameLabel')}
          required
          inputRef={focusOnMount}
          autoComplete="off"
          {...AS_TYPED}
          maxLength={64}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <Field id={`${id}-email`} label={t('emailLabel')}>
          <input
            id={`${id}-email`}
            type="email"
            autoComplete="off"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <p className="field__hint">{t('emailHint')}</p>
        </Field>
        <TextField
          id={`${id}-display-name`}
          label={t('displayNameLabel')}
          autoComplete="off"
          maxLength={100}
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
        />
        <RoleSelect id={`${id}-role`} roles={ROLES} value={role} onChange={setRole} />
        <FormActions
          submit={t('addUserButton')}
          busy={busy}
          actions={[{ label: t('cancel'), onClick: onCancel, disabledWhileBusy: true }]}
        />
      </form>
    </section>
  );
}
