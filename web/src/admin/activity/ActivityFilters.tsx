import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { eventLabel } from './activityLabels';
import { AS_TYPED, Field, TextField } from '../../shared/Fields';

export interface ActivityFilter {
  /** A username, exactly (any case), or ''. */
  username: string;
  type: string;
  /** `YYYY-MM-DD` as the date inputs give it, or ''. */
  from: string;
  to: string;
}

/**
 * A day's start, and the next day's start, in UTC: the server's `from` is inclusive and its `to` exclusive. Null for an
 * empty field.
 */
export function dayStart(day: string): number | null {
  const ms = day ? Date.parse(`${day}T00:00:00.000Z`) : NaN;
  return Number.isNaN(ms) ? null : ms;
}

export function dayEnd(day: string): number | null {
  const start = dayStart(day);
  return start === null ? null : start + 24 * 60 * 60 * 1000;
}

/** "User", "Type", "From" and "To": applied as soon as they change (the page waits for typing to pause). */
export function ActivityFilters({
  types,
  value,
  onChange,
}: {
  types: string[];
  value: ActivityFilter;
  onChange: (filter: ActivityFilter) => void;
}) {
  const { t, i18n } = useTranslation('activity');
  const id = useId();
  const set = (change: Partial<ActivityFilter>) => onChange({ ...value, ...change });
  return (
    <div className="filters" role="group" aria-label={t('filters')}>
      <TextField
        id={`${id}-user`}
        label={t('userFilter')}
        type="search"
        placeholder={t('usernamePlaceholder')}
        {...AS_TYPED}
        value={value.username}
        onChange={(e) => set({ username: e.target.value })}
      />
      <Field id={`${id}-type`} label={t('typeFilter')}>
        <select id={`${id}-type`} value={value.type} onChange={(e) => set({ type: e.target.value })}>
          <option value="">{t('allEvents')}</option>
          {/* In the order of their names as the page shows them, not of the internal ones. */}
          {types
            .map((type) => ({ type, label: eventLabel(type) }))
            .sort((a, b) => a.label.localeCompare(b.label, i18n.language))
            .map(({ type, label }) => (
              <option key={type} value={type}>
                {label}
              </option>
            ))}
        </select>
      </Field>
      <TextField
        id={`${id}-from`}
        label={t('fromFilter')}
        type="date"
        max={value.to || undefined}
        value={value.from}
        onChange={(e) => set({ from: e.target.value })}
      />
      <TextField
        id={`${id}-to`}
        label={t('toFilter')}
        type="date"
        min={value.from || undefined}
        value={value.to}
        onChange={(e) => set({ to: e.target.value })}
      />
      <p className="field__hint">{t('datesHint')}</p>
    </div>
  );
}
