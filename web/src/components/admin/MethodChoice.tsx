import { RadioGroup } from '../Fields';

export type EnrollMethod = 'email' | 'code';

const OPTIONS = [
  { value: 'email', label: 'Send enrollment email' },
  { value: 'code', label: 'Generate 9-character code' },
] as const;

/** Why "Send enrollment email" cannot be used for this user. */
export function NoEmailHint({ name }: { name: string }) {
  return (
    <p className="hint">
      {name} has no email address, so no enrollment email can be sent. Generate a 9-character code instead.
    </p>
  );
}

/** "Select method": how the user gets to create their passkey. */
export function MethodChoice({
  name,
  value,
  onChange,
  disabled,
}: {
  /** Radio groups need a name unique on the page. */
  name: string;
  value: EnrollMethod;
  onChange: (method: EnrollMethod) => void;
  disabled?: boolean;
}) {
  return (
    <RadioGroup
      legend="Select method"
      name={name}
      options={OPTIONS}
      value={value}
      onChange={onChange}
      disabled={disabled}
    />
  );
}
