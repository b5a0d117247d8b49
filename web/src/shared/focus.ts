import { useCallback, useEffect, useRef, type KeyboardEvent } from 'react';

/**
 * Focus moves to what just appeared (a new step's heading, an error), so keyboard and screen-reader users
 * continue from there instead of from the top of the page. The element needs `tabIndex={-1}` unless it is a field.
 */
export function useFocusOnAppear<T extends HTMLElement>(when: unknown = true) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (when) ref.current?.focus();
  }, [when]);
  return ref;
}

/**
 * `ref={focusOnMount}` focuses a field when it appears, as React's `autoFocus` does: the `autofocus` attribute
 * alone (what Preact renders) works only for the first one on page load, not for a step or form shown later.
 */
export function focusOnMount(element: HTMLElement | null): void {
  element?.focus();
}

/**
 * Focus back on the button that opened a panel (a form, "Confirm it's you") once the panel closes, so the
 * keyboard continues where it was. `opener` goes on that button; `returnOnClose()` is called where the panel
 * is closed by the person (saved or cancelled), not where it goes for another reason.
 */
export function useReturnFocus(open: boolean) {
  const opener = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  useEffect(() => {
    if (open || !returnFocus.current) return;
    returnFocus.current = false;
    opener.current?.focus();
  }, [open]);
  const returnOnClose = useCallback(() => {
    returnFocus.current = true;
  }, []);
  return { opener, returnOnClose };
}

/**
 * `onKeyDown={onEscape(cancel)}` on an inline panel (a form, "Confirm it's you"): Escape does what its Cancel does,
 * as it would in a dialog. Not while the panel is busy (Cancel is disabled then too), and not while an input method
 * composes text (there Escape drops the candidates). Either way a panel around it does not close instead.
 */
export function onEscape(cancel: () => void, busy = false) {
  return (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'Escape' || event.nativeEvent.isComposing || event.keyCode === 229) return;
    event.stopPropagation();
    if (busy) return;
    event.preventDefault();
    cancel();
  };
}
