import type { ReactNode } from 'react';
import { TextField } from './Fields';

// Its own module, not in Fields.tsx: only admin pages use it, and Fields.tsx is in the sign-in page's script.
/**
 * A short whole-number field (a number of seconds or days) with its range, the hint below it, read out with
 * the field.
 */
export function NumberField({
  id,
  label,
  hint,
  min,
  max,
  value,
  onValue,
}: {
  id: string;
  label: string;
  hint: ReactNode;
  min: number;
  max: number;
  /** As typed, so that clearing the field to retype it does not snap back to a number. */
  value: string;
  onValue: (value: string) => void;
}) {
  return (
    <TextField
      id={id}
      label={label}
      hint={hint}
      fieldClassName="field field--short"
      type="number"
      inputMode="numeric"
      min={min}
      max={max}
      step={1}
      required
      value={value}
      onChange={(e) => onValue(e.target.value)}
    />
  );
}
