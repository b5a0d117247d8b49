import { useId, useRef, useState } from 'react';
import { Status } from '../../Messages';

/** A text to paste into an announcement, with a Copy button (and the text selected where the clipboard is refused). */
export function CopyText({ label, text }: { label: string; text: string }) {
  const id = useId();
  const field = useRef<HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState<string | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('Copied');
    } catch {
      field.current?.select();
      setCopied('Press Ctrl+C (or Cmd+C) to copy the selected text');
    }
  }

  return (
    <div className="field">
      <label htmlFor={`${id}-text`}>{label}</label>
      <textarea id={`${id}-text`} ref={field} readOnly rows={4} value={text} onFocus={(e) => e.target.select()} />
      <p className="actions">
        <button type="button" className="button" onClick={() => void copy()}>
          Copy
        </button>
      </p>
      <Status message={copied} />
    </div>
  );
}
