import type { ComponentPropsWithoutRef, MouseEvent, ReactNode, Ref } from 'react';

// `buttonRef`, not `ref`: a function component gets `ref` as a prop in React 19 but not in Preact.
type Props = ComponentPropsWithoutRef<'button'> & { busy: boolean; buttonRef?: Ref<HTMLButtonElement> };

/**
 * A button whose action is running stays focusable: `aria-disabled`, not `disabled`, which would drop the
 * keyboard's and the screen reader's place to the page body. Clicks (and the form's submit) do nothing meanwhile.
 */
export function BusyButton({ busy, onClick, children, buttonRef, ...rest }: Props) {
  function onPress(event: MouseEvent<HTMLButtonElement>) {
    if (busy) {
      event.preventDefault();
      return;
    }
    onClick?.(event);
  }
  return (
    <button {...rest} ref={buttonRef} aria-disabled={busy || undefined} aria-busy={busy || undefined} onClick={onPress}>
      {children}
    </button>
  );
}

/**
 * A form's row of buttons: its submit button first (primary unless `primary={false}`, where a page has several
 * such forms), then whatever else the form offers (cancel, deny).
 */
export function FormActions({
  submit,
  busy,
  primary = true,
  children,
}: {
  submit: string;
  busy: boolean;
  primary?: boolean;
  children?: ReactNode;
}) {
  return (
    <div className="actions">
      <BusyButton type="submit" className={primary ? 'button button--primary' : 'button'} busy={busy}>
        {submit}
      </BusyButton>
      {children}
    </div>
  );
}
