import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Status } from '../../shared/Messages';
import { Field } from '../../shared/Fields';
import { useCopy } from '../../shared/useCopy';

/** A text to paste into an announcement, with a Copy button (and the text selected where the clipboard is refused). */
export function CopyText({ label, text }: { label: string; text: string }) {
  const { t } = useTranslation('admin-home');
  const id = useId();
  const { field, said, copy } = useCopy<HTMLTextAreaElement>({ copied: t('copied'), byHand: t('copyByHand') });

  return (
    <Field id={`${id}-text`} label={label}>
      <textarea id={`${id}-text`} ref={field} readOnly rows={4} value={text} onFocus={(e) => e.target.select()} />
      <p className="actions">
        <button type="button" className="button" onClick={() => void copy(text)}>
          {t('copyButton')}
        </button>
      </p>
      <Status message={said} />
    </Field>
  );
}
