import { RadioGroup } from '../Fields';

export type EnrollMethod = 'email' | 'code';

const OPTIONS = [
  { value: 'email', label: 'Send enrollment email' },
  { value: 'code', label: 'Generate 9-character code' },
] as const;

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
  return <RadioGroup legend="Select method" name={name} options={OPTIONS} value={value} onChange={onChange} disabled={disabled} />;
}
