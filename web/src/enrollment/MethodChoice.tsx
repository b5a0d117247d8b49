import { useTranslation } from 'react-i18next';
import { RadioGroup } from '../shared/Fields';

export type EnrollMethod = 'email' | 'code';

/** Why "Send enrollment email" cannot be used for this user. */
export function NoEmailHint({ name }: { name: string }) {
  const { t } = useTranslation('users');
  return <p className="hint">{t('noEmailHint', { name })}</p>;
}

/** "Select method": how the user gets to create their passkey. */
export function MethodChoice({
  name,
  value,
  onChange,
  disabled,
}: {
  /** Radio groups need a name unique on the page. */
  name: string;
  value: EnrollMethod;
  onChange: (method: EnrollMethod) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation('users');
  const options = [
    { value: 'email', label: t('sendEnrollmentEmail') },
    { value: 'code', label: t('generateCode') },
  ] as const;
  return (
    <RadioGroup
      legend={t('selectMethod')}
      name={name}
      options={options}
      value={value}
      onChange={onChange}
      disabled={disabled}
    />
  );
}
