/**
 * Dates and times in the member's own variant of the page's language (web/src/i18n/languages.ts, used by
 * currentLocale() in web/src/i18n/index.ts for format.ts):
 * an English page in a British browser writes "2 Dec 2026", not the American "Dec 2, 2026".
 */
import { describe, expect, it } from 'vitest';
import { dateLocale, type Language } from '../web/src/i18n/languages.js';

const DEC_2_2026_0900_UTC = Date.UTC(2026, 11, 2, 9, 0);

describe("dates and times in the member's locale", () => {
  it("takes the browser's locale when it is a variant of the page's language", () => {
    expect(dateLocale('en', ['en-GB', 'en'])).toBe('en-GB');
    expect(dateLocale('fr', ['fr-CA'])).toBe('fr-CA');
    expect(dateLocale('de', ['it-IT', 'de-AT', 'de'])).toBe('de-AT');
    expect(dateLocale('es', ['es-MX'])).toBe('es-MX');
  });

  it("else the page's language: the browser's locale of another language is not mixed in", () => {
    expect(dateLocale('fr', ['en-GB', 'en'])).toBe('fr');
    expect(dateLocale('en', [])).toBe('en');
    expect(dateLocale('en', ['en'])).toBe('en');
    expect(dateLocale('en', ['en-'])).toBe('en'); // not a valid tag
  });

  describe('as formatDate (web/src/format.ts) writes them', () => {
    const format = (pageLanguage: Language, languages: string[]) =>
      new Intl.DateTimeFormat(dateLocale(pageLanguage, languages), { dateStyle: 'medium', timeStyle: 'short' })
        .format(DEC_2_2026_0900_UTC)
        .replace(/\s/g, ' ');

    it('writes the day first in a British browser, the month first in an American one', () => {
      expect(format('en', ['en-GB', 'en'])).toMatch(/^2 Dec 2026, \d\d:00$/);
      expect(format('en', ['en-US', 'en'])).toMatch(/^Dec 2, 2026, \d{1,2}:00 [AP]M$/);
    });

    it("keeps the page's language when the browser's is another", () => {
      expect(format('fr', ['en-GB'])).toMatch(/^2 déc\. 2026/);
    });
  });
});
