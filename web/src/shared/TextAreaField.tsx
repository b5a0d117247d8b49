import type { ComponentPropsWithoutRef, ReactNode } from 'react';
import { Field, hintId } from './Fields';

// Its own module, not in Fields.tsx: only admin pages use it, and Fields.tsx is in the sign-in page's script.
/**
 * A labelled text area in the form's field layout: `TextField` for text of several lines. `hint`, when given,
 * stands below it as `<id>-hint` and is read out with it.
 */
export function TextAreaField({
  id,
  label,
  hint,
  ...textarea
}: Omit<ComponentPropsWithoutRef<'textarea'>, 'id'> & {
  id: string;
  label: string;
  hint?: ReactNode;
}) {
  return (
    <Field id={id} label={label} hint={hint}>
      <textarea {...textarea} id={id} aria-describedby={hintId(id, hint, textarea['aria-describedby'])} />
    </Field>
  );
}
