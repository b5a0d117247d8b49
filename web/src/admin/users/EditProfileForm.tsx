import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminUser, ProfileChanges } from '../adminApi';
import { RoleSelect, ROLES } from './RoleSelect';
import { FormActions } from '../../shared/BusyButton';
import { onEscape, useFocusOnAppear } from '../../shared/focus';
import { Field, TextField } from '../../shared/Fields';

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
  const { t } = useTranslation('users');
  const id = useId();
  const heading = useFocusOnAppear<HTMLHeadingElement>();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [email, setEmail] = useState(user.email ?? '');
  const [role, setRole] = useState<AdminUser['role']>(user.role);
  const roles: ReadonlyArray<AdminUser['role']> = platform ? [...ROLES, 'operator'] : ROLES;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const changes: ProfileChanges = {};
    if (displayName.trim() !== user.displayName) changes.displayName = displayName.trim();
    if (email.trim() !== (user.email ?? '')) changes.email = email.trim() || null;
    if (role !== user.role) changes.role = role;
    onSave(changes);
  }

  return (
    <form
      onSubmit={onSubmit}
      onKeyDown={onEscape(onCancel, busy)}
      className="panel stack"
      aria-labelledby={`${id}-heading`}
    >
      <h3 id={`${id}-heading`} tabIndex={-1} ref={heading}>
        {t('editProfile')}
      </h3>
      <TextField
        id={`${id}-name`}
        label={t('displayNameLabel')}
        required
        maxLength={100}
        value={displayName}
        onChange={(e) => setDisplayName(e.target.value)}
        disabled={busy}
      />
      <Field id={`${id}-email`} label={t('emailLabel')}>
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
          {t('emailChangeHint')}
        </p>
      </Field>
      <RoleSelect
        id={`${id}-role`}
        roles={roles}
        value={role}
        disabled={busy || roleLocked}
        hint={roleLocked ? t('roleLockedHint') : undefined}
        onChange={setRole}
      />
      <FormActions
        submit={t('saveProfile')}
        busy={busy}
        actions={[{ label: t('cancel'), onClick: onCancel, disabledWhileBusy: true }]}
      />
    </form>
  );
}
