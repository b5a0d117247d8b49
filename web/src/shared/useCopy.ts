import { useRef, useState } from 'react';

/**
 * "Copy": `copy(text)` puts the text on the clipboard and says `words.copied`; where the clipboard is refused
 * (permission, an older browser) it selects the text in `field` instead, so Ctrl+C / Cmd+C copies it, and says
 * `words.byHand`. `said` is what to show (in a Status, read out politely), null until the first copy.
 */
export function useCopy<E extends HTMLInputElement | HTMLTextAreaElement>(words: { copied: string; byHand: string }) {
  const field = useRef<E>(null);
  const [said, setSaid] = useState<string | null>(null);

  async function copy(text: string) {
    try {
      await navigator.clipboard.writeText(text);
      setSaid(words.copied);
    } catch {
      field.current?.select();
      setSaid(words.byHand);
    }
  }

  return { field, said, copy };
}
