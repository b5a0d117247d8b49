import i18next from 'i18next';

/** Who an Activity event names as having acted (the API's `actor`), and its details. */
interface Acted {
  actor: { username: string } | null;
  details: Record<string, unknown>;
}

/** Done with the `latchkey` command: the CLI records no person, only `via: "cli"` in the event's details. */
export const fromCommandLine = (e: Acted): boolean => e.actor === null && e.details.via === 'cli';

/** Who did it, for the "By" column: their username, "Command line" for the CLI, else nothing. */
export function actorLabel(e: Acted): string {
  if (e.actor) return e.actor.username;
  return fromCommandLine(e) ? i18next.t('activity:commandLine') : '';
}
