/**
 * A field the server refused is named in the person's language, with what it takes: before, every form without a
 * handler of its own (Add user, Rename passkey, Profile, Choose a password) said only "The request is not valid."
 */
import fs from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { icu } from '../web/src/i18n/icu.js';
import { importProblem, invalidField } from '../web/src/shared/invalid-field.js';

const catalog = (language: string, namespace: string) =>
  JSON.parse(
    fs.readFileSync(path.resolve(import.meta.dirname, `../web/src/i18n/locales/${language}/${namespace}.json`), 'utf8'),
  ) as Record<string, string>;
const resources = (language: string) => ({ common: catalog(language, 'common'), errors: catalog(language, 'errors') });

// errorMessage (web/src/shared/api.ts) says this for a VALIDATION_FAILED, or the general message when it is undefined.
const refused = (details?: Record<string, unknown>) => invalidField(details) ?? 'The request is not valid.';

describe('a refused field, in words', () => {
  beforeAll(async () => {
    await i18next.use(icu).init({
      lng: 'en',
      resources: { en: resources('en'), fr: resources('fr') },
      interpolation: { escapeValue: false },
    });
  });

  it("names the field the domain refused, or the request's schema did (its first segment)", () => {
    expect(refused({ field: 'username', rule: 'letters, digits, . _ -, up to 64' })).toMatch(
      /^Check the username: letters, digits/,
    );
    expect(refused({ field: 'body/displayName', rule: 'must match pattern' })).toMatch(/^Check the name/);
    expect(refused({ field: 'body/password' })).toBe('A password can have at most 1,024 characters.');
    expect(refused({ field: 'body/redirectUris/0' })).toMatch(/^Check the redirect URIs/);
  });

  it('keeps the general message for a field it has no words for, or none', () => {
    expect(refused({ field: 'body/cursor' })).toBe('The request is not valid.');
    expect(refused({ field: 'toString' })).toBe('The request is not valid.');
    expect(refused()).toBe('The request is not valid.');
  });

  it("in the page's language", async () => {
    await i18next.changeLanguage('fr');
    expect(refused({ field: 'email' })).toMatch(/^Vérifiez l'adresse e-mail/);
    await i18next.changeLanguage('en');
  });

  // Before, the import panel said only that the file was not one it imports: a typical HR export with one extra
  // column was refused without naming it.
  it('says why a CSV file was refused: which column or row, and what is wrong with it', () => {
    expect(importProblem({ column: 3, rule: 'unknown column' })).toBe(
      'Column 3 of the header is not one Latchkey imports.',
    );
    expect(importProblem({ column: 2, rule: 'column named twice' })).toMatch(/^Column 2 /);
    expect(importProblem({ row: 2, rule: 'INVALID_OPENING_QUOTE' })).toBe(
      'Row 2 is not valid CSV (INVALID_OPENING_QUOTE).',
    );
    expect(importProblem({ rule: 'no user rows' })).toBe('The file has no user rows.');
    expect(importProblem({ rule: 'the header has no username column' })).toBe('The header has no username column.');
    expect(importProblem(undefined)).toBeUndefined();
  });
});
