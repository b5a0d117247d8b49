/** The languages every page and the built-in email template are written in; English is the fallback. */
export const LANGUAGES = ['en', 'fr', 'de', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language named in itself, as a switcher shows it. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  fr: 'Français',
  de: 'Deutsch',
  es: 'Español',
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The first of the browser's languages we have ("fr-CA" → "fr"), or null. */
export function browserLanguage(preferred: readonly string[]): Language | null {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return null;
}

/**
 * The locale for dates and times: the browser's own when it is a variant of the page's language (en-GB's day
 * before month, de-AT's "Jänner"), else the page's language. An English page in an en-GB browser reads
 * "2 Dec 2026", not the US "Dec 2, 2026"; a French page in an English browser stays French.
 */
export function dateLocale(language: Language, preferred: readonly string[]): string {
  for (const tag of preferred) {
    if (tag.toLowerCase().split('-')[0] !== language) continue;
    try {
      return Intl.DateTimeFormat.supportedLocalesOf(tag)[0] ?? language;
    } catch {
      return language; // not a valid language tag
    }
  }
  return language;
}
