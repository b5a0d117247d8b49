/**
 * The web's own ICU formatter (web/src/i18n/icu.ts) against intl-messageformat, which it replaced to keep the
 * sign-in page's script small: every message of every catalog, with numbers that take each plural form and
 * every select option, formats to the same text. And it refuses what intl-messageformat refuses.
 */
import fs from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { formatMessage, icu } from '../web/src/i18n/icu.js';

const LOCALES = path.resolve(import.meta.dirname, '../web/src/i18n/locales');
const LANGUAGES = ['en', 'fr', 'de', 'es'];

type Ast = Array<{ type: number; value?: string; options?: Record<string, { value: Ast }> }>;

/** Each placeholder with the values worth trying: select options (and one that is none), or numbers. */
function samples(ast: Ast, into = new Map<string, unknown[]>()) {
  for (const node of ast) {
    if (node.type === 1) into.set(node.value!, into.get(node.value!) ?? ['Ada', 3]);
    if (node.type === 5) into.set(node.value!, [...Object.keys(node.options!), 'none-of-these']);
    if (node.type === 6) into.set(node.value!, [0, 1, 2, 5, 21, 1234, 1_000_000]);
    for (const option of Object.values(node.options ?? {})) samples(option.value, into);
  }
  return into;
}

const expected = (message: string, locale: string, values: Record<string, unknown>) =>
  String(new IntlMessageFormat(message, locale, undefined, { ignoreTag: true }).format(values));

describe('the web ICU formatter', () => {
  for (const language of LANGUAGES)
    it(`formats every ${language} message as intl-messageformat does`, () => {
      let checked = 0;
      for (const file of fs.readdirSync(path.join(LOCALES, language))) {
        const messages = JSON.parse(fs.readFileSync(path.join(LOCALES, language, file), 'utf8')) as Record<
          string,
          string
        >;
        for (const [key, message] of Object.entries(messages)) {
          const ast = new IntlMessageFormat(message, language, undefined, { ignoreTag: true }).getAst() as Ast;
          const names = [...samples(ast)];
          // One value set per sample index: each placeholder takes its i-th value (or its last).
          const rounds = Math.max(1, ...names.map(([, values]) => values.length));
          for (let i = 0; i < rounds; i++) {
            const values = Object.fromEntries(names.map(([name, vs]) => [name, vs[Math.min(i, vs.length - 1)]]));
            expect(formatMessage(message, values, language), `${language}/${file} ${key}`).toBe(
              expected(message, language, values),
            );
            checked++;
          }
        }
      }
      expect(checked).toBeGreaterThan(300);
    });

  it('follows ICU quoting, nesting and plural rules beyond what the catalogs use', () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ["l'accès à '{name}' et ''{name}''", { name: 'x' }, 'fr'],
      ["{n, plural, =0 {none} one {# item} other {# items '#'}}", { n: 0 }, 'en'],
      ["{n, plural, =0 {none} one {# item} other {# items '#'}}", { n: 1 }, 'en'],
      ["{n, plural, =0 {none} one {# item} other {# items '#'}}", { n: 1500 }, 'de'],
      ['{n, plural, one {# x} many {# y} other {# z}}', { n: 1_000_000 }, 'fr'],
      ['{k, select, a {A {n, plural, one {# one} other {# more}}} other {{k}}}', { k: 'a', n: 2 }, 'es'],
      ['{k, select, a {#} other {{k}!}}', { k: 'b' }, 'en'],
      ['<strong>{app}</strong> > {app}', { app: 'Mail' }, 'en'],
    ];
    for (const [message, values, locale] of cases)
      expect(formatMessage(message, values, locale), message).toBe(expected(message, locale, values));
  });

  it('shows a message it cannot format as written, like i18next-icu', () => {
    const parse = icu.parse as (message: string, values: object, locale: string) => string;
    for (const broken of ['{count, plural, one {# x}', '{a, select, b {c}}', 'x {', '{n, number}'])
      expect(parse(broken, { count: 1, a: 'b', n: 1 }, 'en')).toBe(broken);
    expect(parse('Hi {name}', {}, 'en')).toBe('Hi {name}');
    expect(() => expected('{count, plural, one {# x}', 'en', { count: 1 })).toThrow();
  });
});
