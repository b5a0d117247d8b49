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
 * A button beside a form's submit button (cancel, deny, preview): busy with it, or plainly `disabled` meanwhile
 * with `disabledWhileBusy`.
 */
export interface FormAction {
  label: string;
  onClick: () => void;
  /** `button` unless given. */
  className?: string;
  disabledWhileBusy?: boolean;
}

/**
 * A form's row of buttons: its submit button first (primary unless `primary={false}`, where a page has several
 * such forms), then the form's other `actions`, then whatever else it puts there.
 */
export function FormActions({
  submit,
  busy,
  primary = true,
  actions = [],
  children,
}: {
  submit: string;
  busy: boolean;
  primary?: boolean;
  actions?: readonly FormAction[];
  children?: ReactNode;
}) {
  return (
    <div className="actions">
      <BusyButton type="submit" className={primary ? 'button button--primary' : 'button'} busy={busy}>
        {submit}
      </BusyButton>
      {actions.map(({ label, onClick, className = 'button', disabledWhileBusy }) =>
        disabledWhileBusy ? (
          <button key={label} type="button" className={className} onClick={onClick} disabled={busy}>
            {label}
          </button>
        ) : (
          <BusyButton key={label} type="button" className={className} onClick={onClick} busy={busy}>
            {label}
          </BusyButton>
        ),
      )}
      {children}
    </div>
  );
}
