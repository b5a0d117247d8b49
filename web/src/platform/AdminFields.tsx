import { useTranslation } from 'react-i18next';
import { AS_TYPED, TextField } from '../shared/Fields';

/** An administrator to add, as typed: a username and, optionally, an email for their setup link. */
export interface AdminDraft {
  username: string;
  email: string;
}

export const EMPTY_ADMIN: AdminDraft = { username: '', email: '' };

/** The request's administrator: trimmed, and without an email when none was typed (not an empty one). */
export function adminBody({ username, email }: AdminDraft): { username: string; email?: string } {
  return { username: username.trim(), ...(email.trim() ? { email: email.trim() } : {}) };
}

/** The username and email fields for a new administrator, `<idPrefix>-username` and `<idPrefix>-email`. */
export function AdminFields({
  idPrefix,
  value,
  required,
  onChange,
}: {
  idPrefix: string;
  value: AdminDraft;
  required?: boolean;
  onChange: (value: AdminDraft) => void;
}) {
  const { t } = useTranslation('platform');
  return (
    <>
      <TextField
        id={`${idPrefix}-username`}
        label={t('adminUsername')}
        required={required}
        maxLength={64}
        autoComplete="off"
        {...AS_TYPED}
        value={value.username}
        onChange={(e) => onChange({ ...value, username: e.target.value })}
      />
      <TextField
        id={`${idPrefix}-email`}
        label={t('adminEmail')}
        type="email"
        maxLength={320}
        autoComplete="off"
        value={value.email}
        onChange={(e) => onChange({ ...value, email: e.target.value })}
      />
    </>
  );
}
