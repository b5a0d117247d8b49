import { useEffect, useRef } from 'react';

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
