import { useId, type ComponentPropsWithoutRef, type ReactNode, type Ref } from 'react';

/** A checkbox with its label, and help text read out with it. */
export function CheckboxField({
  label,
  help,
  checked,
  disabled,
  onChange,
}: {
  label: string;
  help?: ReactNode;
  checked: boolean;
  disabled?: boolean;
  onChange: (checked: boolean) => void;
}) {
  const id = useId();
  return (
    <div className="check">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        aria-describedby={help ? `${id}-help` : undefined}
        onChange={(e) => onChange(e.target.checked)}
      />
      <div>
        <label htmlFor={id}>{label}</label>
        {help && (
          <p id={`${id}-help`} className="field__hint">
            {help}
          </p>
        )}
      </div>
    </div>
  );
}

/** A group of radio buttons under a legend. */
export function RadioGroup<T extends string>({
  legend,
  name,
  help,
  options,
  value,
  disabled,
  onChange,
}: {
  legend: string;
  name: string;
  help?: ReactNode;
  options: ReadonlyArray<{ value: T; label: string }>;
  value: T;
  disabled?: boolean;
  onChange: (value: T) => void;
}) {
  const id = useId();
  return (
    <fieldset className="choices" aria-describedby={help ? `${id}-help` : undefined}>
      <legend>{legend}</legend>
      {help && (
        <p id={`${id}-help`} className="field__hint">
          {help}
        </p>
      )}
      {options.map((option) => (
        <div className="check" key={option.value}>
          <input
            id={`${id}-${option.value}`}
            type="radio"
            name={name}
            value={option.value}
            checked={value === option.value}
            disabled={disabled}
            onChange={() => onChange(option.value)}
          />
          <label htmlFor={`${id}-${option.value}`}>{option.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** What a typed name (a username, an address, a slug) is: exactly as typed, so no capitals and no corrections. */
export const AS_TYPED = { autoCapitalize: 'none', spellCheck: false } as const;

type TextFieldProps = Parameters<typeof TextField>[0];

/**
 * A required password field: the one saved for this account (`current-password`) or a new one. With
 * `account`, a hidden username field before it lets password managers save and fill it for the right account.
 */
export function PasswordField({
  account,
  autoComplete,
  onValue,
  ...field
}: Omit<TextFieldProps, 'type' | 'required' | 'onChange'> & {
  account?: string;
  autoComplete: 'current-password' | 'new-password';
  onValue: (value: string) => void;
}) {
  return (
    <>
      {account !== undefined && (
        <input type="text" name="username" autoComplete="username" value={account} readOnly hidden />
      )}
      <TextField
        {...field}
        type="password"
        autoComplete={autoComplete}
        required
        onChange={(e) => onValue(e.target.value)}
      />
    </>
  );
}

/** A required code copied from elsewhere (from an admin, from another device): set in capitals, never corrected. */
export function CodeField({
  onValue,
  ...field
}: Omit<TextFieldProps, 'className' | 'autoCapitalize' | 'spellCheck' | 'required' | 'onChange'> & {
  onValue: (value: string) => void;
}) {
  return (
    <TextField
      {...field}
      className="code-input"
      autoCapitalize="characters"
      spellCheck={false}
      required
      onChange={(e) => onValue(e.target.value)}
    />
  );
}

/**
 * The form's field layout: `label` for the control `id`, the control (`children`, with anything that goes with
 * it), and `hint`, when given, below as `<id>-hint`: the control names it in `aria-describedby={hintId(id, hint)}`.
 */
export function Field({
  id,
  label,
  hint,
  className = 'field',
  children,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={className}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      )}
    </div>
  );
}

/** The id of the hint a `Field` shows below the control `id`, or `otherwise` when it has none. */
export function hintId(id: string, hint: ReactNode, otherwise?: string): string | undefined {
  return hint ? `${id}-hint` : otherwise;
}

/**
 * A labelled input in the form's field layout. `hint`, when given, stands below it as `<id>-hint` and is read
 * out with it. `inputRef`, not `ref`: a function component gets `ref` as a prop in React 19 but not in Preact.
 */
export function TextField({
  id,
  label,
  hint,
  fieldClassName,
  inputRef,
  ...input
}: Omit<ComponentPropsWithoutRef<'input'>, 'id'> & {
  id: string;
  label: string;
  hint?: ReactNode;
  fieldClassName?: string;
  inputRef?: Ref<HTMLInputElement>;
}) {
  return (
    <Field id={id} label={label} hint={hint} className={fieldClassName}>
      <input {...input} id={id} ref={inputRef} aria-describedby={hintId(id, hint, input['aria-describedby'])} />
    </Field>
  );
}
