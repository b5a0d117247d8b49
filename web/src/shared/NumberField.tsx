import type { ReactNode } from 'react';

// Its own module, not in Fields.tsx: only admin pages use it, and Fields.tsx is in the sign-in page's script.
/**
 * A short whole-number field (a number of seconds or days) with its range, the hint below it. `linkHint` has
 * the hint read out with the field.
 */
export function NumberField({
  id,
  label,
  hint,
  linkHint = false,
  min,
  max,
  value,
  onValue,
}: {
  id: string;
  label: string;
  hint: ReactNode;
  linkHint?: boolean;
  min: number;
  max: number;
  /** As typed, so that clearing the field to retype it does not snap back to a number. */
  value: string;
  onValue: (value: string) => void;
}) {
  const hintId = linkHint ? `${id}-hint` : undefined;
  return (
    <div className="field field--short">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={1}
        required
        value={value}
        aria-describedby={hintId}
        onChange={(e) => onValue(e.target.value)}
      />
      <p id={hintId} className="field__hint">
        {hint}
      </p>
    </div>
  );
}
