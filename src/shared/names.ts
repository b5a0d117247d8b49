import { AppError } from '../errors.js';

/**
 * What no name or address holds: control characters (PostgreSQL refuses NUL in text; the others are terminal
 * escapes), and the bidirectional overrides, embeddings and isolates (U+202E shows the rest of a name backwards):
 * an admin reading a list of members must read the names that were typed.
 */
export const NOT_IN_NAMES = '\\u0000-\\u001f\\u007f\\u202a-\\u202e\\u2066-\\u2069';
export const HAS_NOT_IN_NAMES = new RegExp(`[${NOT_IN_NAMES}]`, 'u');

/** A name as stored: trimmed, 1 to `max` characters, none of NOT_IN_NAMES; else VALIDATION_FAILED naming `field`. */
export function checkName(value: string, { field, max }: { field: string; max: number }): string {
  const name = value.trim();
  if (name.length === 0 || name.length > max || HAS_NOT_IN_NAMES.test(name))
    throw new AppError('VALIDATION_FAILED', { details: { field } });
  return name;
}
