import type { ComponentPropsWithRef, MouseEvent } from 'react';

type Props = ComponentPropsWithRef<'button'> & { busy: boolean };

/**
 * A button whose action is running stays focusable: `aria-disabled`, not `disabled`, which would drop the
 * keyboard's and the screen reader's place to the page body. Clicks (and the form's submit) do nothing meanwhile.
 */
export function BusyButton({ busy, onClick, children, ...rest }: Props) {
  function onPress(event: MouseEvent<HTMLButtonElement>) {
    if (busy) {
      event.preventDefault();
      return;
    }
    onClick?.(event);
  }
  return (
    <button {...rest} aria-disabled={busy || undefined} aria-busy={busy || undefined} onClick={onPress}>
      {children}
    </button>
  );
}
