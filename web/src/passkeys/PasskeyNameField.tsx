import { useTranslation } from 'react-i18next';
import { TextField } from '../shared/Fields';
import { focusOnMount } from '../shared/focus';

/** The longest name the server keeps for a passkey (src/passkeys/manage.ts). */
const MAX_NAME = 64;

/**
 * A passkey's name, where it is named after it is created and where it is renamed: required, at most the
 * server's 64 characters, and focused when it appears.
 */
export function PasskeyNameField({
  id,
  hint,
  value,
  onValue,
}: {
  id: string;
  hint?: string;
  value: string;
  onValue: (name: string) => void;
}) {
  const { t } = useTranslation('passkeys');
  return (
    <TextField
      id={id}
      label={t('nameLabel')}
      hint={hint}
      required
      maxLength={MAX_NAME}
      inputRef={focusOnMount}
      value={value}
      onChange={(e) => onValue(e.target.value)}
    />
  );
}
