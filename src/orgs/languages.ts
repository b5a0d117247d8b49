/** The languages the pages and the built-in enrollment email are written in (web/src/i18n/languages.ts: the same). */
export const LANGUAGES = ['en', 'fr', 'de', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** A stored value we no longer have reads as English rather than failing a sign-in page. */
export const languageOf = (stored: string): Language => (isLanguage(stored) ? stored : 'en');

/**
 * The language of a page the server writes itself (the OpenID Connect sign-out and error pages), chosen as the
 * web chooses its own: the browser's first language we have (Accept-Language, by q-value), else the
 * organisation's default. The web also remembers a person's own choice, which the server cannot see.
 */
export function pageLanguage(acceptLanguage: string | undefined, organisationDefault = 'en'): Language {
  const preferred = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';').map((s) => s.trim());
      const q = params.find((p) => p.startsWith('q='));
      return { base: tag.toLowerCase().split('-')[0], weight: q === undefined ? 1 : Number(q.slice(2)) || 0, index };
    })
    .filter(({ weight }) => weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return preferred.map(({ base }) => base).find(isLanguage) ?? languageOf(organisationDefault);
}
