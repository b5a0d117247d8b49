import { useTranslation } from 'react-i18next';
import type { AdminUser } from '../adminApi';
import { roleLabel } from '../../shared/format';
import { Field } from '../../shared/Fields';

type Role = AdminUser['role'];

/** The roles an admin gives; in the platform organisation an operator may be made too. */
export const ROLES = ['member', 'editor', 'admin'] as const;

/** "Role": the select of the user forms, with a hint read out with it when there is one. */
export function RoleSelect<R extends Role>({
  id,
  roles,
  value,
  disabled,
  hint,
  onChange,
}: {
  id: string;
  roles: readonly R[];
  value: R;
  disabled?: boolean;
  hint?: string;
  onChange: (role: R) => void;
}) {
  const { t } = useTranslation('users');
  return (
    <Field id={id} label={t('roleLabel')}>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value as R)}
        disabled={disabled}
        aria-describedby={hint ? `${id}-hint` : undefined}
      >
        {roles.map((role) => (
          <option key={role} value={role}>
            {roleLabel(role)}
          </option>
        ))}
      </select>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
    </Field>
  );
}
