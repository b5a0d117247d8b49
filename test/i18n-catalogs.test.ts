/**
 * Every page is complete in every language: each catalog has exactly English's messages, each message is valid
 * ICU MessageFormat for its language, and uses the same placeholders as the English one. Every error code has a
 * message, and every message the web asks for by name exists.
 */
import fs from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { ERRORS } from '../src/errors.js';
import { OIDC_PAGE_TEXTS } from '../src/oidc/page-texts.js';
import { LANGUAGES as SERVER_LANGUAGES } from '../src/orgs/languages.js';

const WEB = path.resolve(import.meta.dirname, '../web/src');
const LOCALES = path.join(WEB, 'i18n/locales');
const LANGUAGES = ['en', 'fr', 'de', 'es'];

const read = (language: string, file: string) =>
  JSON.parse(fs.readFileSync(path.join(LOCALES, language, file), 'utf8')) as Record<string, unknown>;

/** Parsed as i18next-icu does at run time: tags (`<strong>` for react-i18next's <Trans>) stay text. */
const parse = (message: string, locale: string) =>
  new IntlMessageFormat(message, locale, undefined, { ignoreTag: true });

/** The placeholder names of an ICU message, at any depth ("{count, plural, one {# member} …}" → count). */
function placeholders(message: string, locale: string): string[] {
  const names = new Set<string>();
  const walk = (nodes: unknown[]) => {
    for (const node of nodes as Array<{ value?: unknown; options?: Record<string, { value: unknown[] }> }>) {
      if (typeof node.value === 'string' && 'type' in node && (node as { type: number }).type !== 0)
        names.add(node.value);
      for (const option of Object.values(node.options ?? {})) walk(option.value);
    }
  };
  walk(parse(message, locale).getAst());
  return [...names].sort();
}

/** The message with every placeholder filled: a stray apostrophe before "{" (ICU quoting) would leave a brace. */
function formatted(message: string, locale: string): string {
  const values = Object.fromEntries(placeholders(message, locale).map((name) => [name, 2]));
  return String(parse(message, locale).format(values));
}

describe('i18n catalogs', () => {
  const namespaces = fs.readdirSync(path.join(LOCALES, 'en')).sort();

  it('every language has the same namespaces as English', () => {
    for (const language of LANGUAGES) expect(fs.readdirSync(path.join(LOCALES, language)).sort()).toEqual(namespaces);
  });

  for (const language of LANGUAGES)
    for (const file of namespaces)
      it(`${language}/${file}: the same messages as English, valid ICU, the same placeholders`, () => {
        const english = read('en', file);
        const messages = read(language, file);
        expect(Object.keys(messages).sort(), `keys of ${language}/${file}`).toEqual(Object.keys(english).sort());
        for (const [key, message] of Object.entries(messages)) {
          expect(typeof message === 'string' && message.trim().length > 0, `${language}/${file} ${key}`).toBe(true);
          expect(placeholders(message as string, language), `${language}/${file} ${key}`).toEqual(
            placeholders(english[key] as string, 'en'),
          );
          expect(
            formatted(message as string, language),
            `${language}/${file} ${key}: quoted by an apostrophe`,
          ).not.toMatch(/[{}]/);
          // <Trans> parses tags as HTML: a void element's name (<link>, <br>…) would lose the words inside it.
          expect(message, `${language}/${file} ${key}: a void HTML tag`).not.toMatch(
            /<(area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr)>/,
          );
        }
      });

  it('notices a missing translation and a changed placeholder (the check itself works)', () => {
    expect(placeholders('{count, plural, one {# passkey of {name}} other {# passkeys}}', 'en')).toEqual([
      'count',
      'name',
    ]);
    expect(() => new IntlMessageFormat('{count, plural, one {# x}', 'fr')).toThrow();
    expect(formatted("l'{name}", 'fr')).toMatch(/[{}]/);
    expect(placeholders('Go to <strong>{place}</strong>', 'en')).toEqual(['place']);
  });

  it("every error code has its message: in English the server's words", () => {
    const english = read('en', 'errors.json');
    for (const [code, { message }] of Object.entries(ERRORS)) expect(english[code], code).toBe(message);
  });

  it('pages the server writes (OpenID Connect sign-out, signed out, errors): every string in every language', () => {
    expect([...SERVER_LANGUAGES]).toEqual(LANGUAGES);
    const english: Record<string, string> = { ...OIDC_PAGE_TEXTS.en };
    const placeholdersOf = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const language of SERVER_LANGUAGES) {
      const texts: Record<string, string> = { ...OIDC_PAGE_TEXTS[language] };
      expect(Object.keys(texts).sort(), language).toEqual(Object.keys(english).sort());
      for (const [key, text] of Object.entries(texts)) {
        expect(text.trim(), `${language} ${key}`).not.toBe('');
        expect(placeholdersOf(text), `${language} ${key}`).toEqual(placeholdersOf(english[key]!));
        if (language !== 'en') expect(text, `${language} ${key}: still English`).not.toBe(english[key]);
      }
    }
  });

  it('what an app receives is written once (my-apps), for both pages that show it: Settings › Apps and Allow', () => {
    const myApps = read('en', 'my-apps.json');
    const scopeTexts = ['scopeOpenid', 'scopeProfile', 'scopeEmail', 'scopeOfflineAccess'].map((key) => myApps[key]);
    const everywhere = namespaces.flatMap((file) => Object.values(read('en', file)));
    for (const text of scopeTexts)
      expect(
        everywhere.filter((message) => message === text),
        String(text),
      ).toHaveLength(1);
  });

  it('every message the web asks for by name exists in English', () => {
    const english = Object.fromEntries(namespaces.map((file) => [file.slice(0, -'.json'.length), read('en', file)]));
    const missing: string[] = [];
    for (const file of sourceFiles(WEB)) {
      const source = fs.readFileSync(file, 'utf8');
      // The namespaces its components use (`useTranslation('ns')`, `useTranslation(['ns', 'other'])`, a
      // `TFunction<'ns'>` handed in); 'common' when none is named.
      const own = [
        ...[...source.matchAll(/useTranslation\(\[([^\]]+)\]\)/g)].flatMap((m) =>
          [...m[1]!.matchAll(/'([\w-]+)'/g)].map((n) => n[1]!),
        ),
        ...[...source.matchAll(/(?:useTranslation\(|TFunction<)'([\w-]+)'/g)].map((m) => m[1]!),
      ];
      const has = (ns: string, key: string) => english[ns]?.[key] !== undefined;
      for (const [, ns, key] of source.matchAll(/i18next\.t\('([\w-]+):(\w+)'/g))
        if (!has(ns!, key!)) missing.push(`${path.relative(WEB, file)}: ${ns}:${key}`);
      for (const [, key] of source.matchAll(/\b(?:t\(|i18nKey=)['"](\w+)['"]/g))
        if (!(own.length ? own : ['common']).some((ns) => has(ns, key!)))
          missing.push(`${path.relative(WEB, file)}: ${key} (${own.join(', ')})`);
    }
    expect(missing).toEqual([]);
  });
});

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}
