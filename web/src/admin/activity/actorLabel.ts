import i18next from 'i18next';

/** Who an Activity event names as having acted (the API's `actor`), and its details. */
interface Acted {
  actor: { username: string } | null;
  details: Record<string, unknown>;
}

/** Done by no person: with the `latchkey` command (`via: "cli"`) or by the first start's seeding. */
export function doneVia(e: Acted): 'cli' | 'first-start' | undefined {
  const via = e.details.via;
  return e.actor === null && (via === 'cli' || via === 'first-start') ? via : undefined;
}

/** Who did it, for the "By" column: their username, "Command line" or "First start", else nothing. */
export function actorLabel(e: Acted): string {
  if (e.actor) return e.actor.username;
  const via = doneVia(e);
  if (via === 'cli') return i18next.t('activity:commandLine');
  return via === 'first-start' ? i18next.t('activity:firstStart') : '';
}
