import { useTranslation } from 'react-i18next';
import type { ActivityEvent } from '../adminApi';

type Details = ActivityEvent['details'];

/** A fact as text: a list joined, a change as before → after, nothing as "—". */
function factText(fact: Details[string]): string {
  if (fact === null) return '—';
  if (Array.isArray(fact)) return fact.length > 0 ? fact.join(', ') : '—';
  if (typeof fact === 'object') return `${factText(fact.from)} → ${factText(fact.to)}`;
  return String(fact);
}

/** Facts with a column of their own. */
const IN_OTHER_COLUMNS = new Set(['method']);

/**
 * An event's details (which app, which passkey, what changed from what), folded so the table stays readable; the
 * exports carry the same. Named as the API names them: the server never records a secret in them.
 */
export function EventDetails({ details }: { details: Details }) {
  const { t } = useTranslation('activity');
  const facts = Object.entries(details).filter(([name]) => !IN_OTHER_COLUMNS.has(name));
  if (facts.length === 0) return null;
  return (
    <details className="event-details">
      <summary>{t('showDetails')}</summary>
      <dl>
        {facts.map(([name, fact]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{factText(fact)}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
