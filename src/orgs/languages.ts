/** The languages the pages and the built-in enrollment email are written in (web/src/i18n/languages.ts: the same). */
export const LANGUAGES = ['en', 'fr', 'de', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** A stored value we no longer have reads as English rather than failing a sign-in page. */
export const languageOf = (stored: string): Language => (isLanguage(stored) ? stored : 'en');
