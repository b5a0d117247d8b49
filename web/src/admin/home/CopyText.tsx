import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Status } from '../../shared/Messages';

/** A text to paste into an announcement, with a Copy button (and the text selected where the clipboard is refused). */
export function CopyText({ label, text }: { label: string; text: string }) {
  const { t } = useTranslation('admin-home');
  const id = useId();
  const field = useRef<HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState<string | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(t('copied'));
    } catch {
      field.current?.select();
      setCopied(t('copyByHand'));
    }
  }

  return (
    <div className="field">
      <label htmlFor={`${id}-text`}>{label}</label>
      <textarea id={`${id}-text`} ref={field} readOnly rows={4} value={text} onFocus={(e) => e.target.select()} />
      <p className="actions">
        <button type="button" className="button" onClick={() => void copy()}>
          {t('copyButton')}
        </button>
      </p>
      <Status message={copied} />
    </div>
  );
}
