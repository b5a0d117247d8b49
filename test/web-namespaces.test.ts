/**
 * Each lazy page fetches, with its code, the English (and current language's) messages of every namespace its
 * components use that the first script does not carry (web/src/pages.tsx): a namespace missing from its
 * list would suspend the page when a part of it appears later, blanking it mid-task. Read from the sources:
 * the static imports from the page down, and the namespaces each file names.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const WEB = path.resolve(import.meta.dirname, '../web/src');
const read = (file: string) => fs.readFileSync(file, 'utf8');

/** The namespaces the first script carries: resources.ts imports their English statically. */
const bundled = [...read(path.join(WEB, 'i18n/resources.ts')).matchAll(/from '\.\/locales\/en\/([\w-]+)\.json'/g)].map(
  (m) => m[1]!,
);

/** The namespaces a file names: useTranslation('ns' | [...]), i18next.t('ns:key'), t('ns:key'), getFixedT(_, 'ns'). */
function named(source: string): string[] {
  const names = [...source.matchAll(/useTranslation\((\[[^\]]*\]|'[^']*')/g)].flatMap((m) =>
    [...m[1]!.matchAll(/'([\w-]+)'/g)].map((n) => n[1]!),
  );
  names.push(...[...source.matchAll(/\bt\(\s*[`']([\w-]+):\w/g)].map((m) => m[1]!));
  names.push(...[...source.matchAll(/getFixedT\([^,]*,\s*'([\w-]+)'/g)].map((m) => m[1]!));
  return names;
}

/** Every namespace named by a module and what it imports statically (type-only imports left out). */
function used(file: string, seen = new Set<string>()): Set<string> {
  const out = new Set<string>();
  if (seen.has(file)) return out;
  seen.add(file);
  const source = read(file);
  for (const ns of named(source)) out.add(ns);
  for (const [, spec] of source.matchAll(/^import\s+(?!type\b)[^'"]*?from\s+'(\.[^']+)'/gm)) {
    const base = path.resolve(path.dirname(file), spec!);
    const found = ['.ts', '.tsx', '/index.ts'].map((ext) => base + ext).find((f) => fs.existsSync(f));
    if (found) for (const ns of used(found, seen)) out.add(ns);
  }
  return out;
}

/** lazyPages.tsx: each page's module and the namespaces it fetches with it (spreads of the named lists resolved). */
function declared(): Array<{ module: string; namespaces: string[] }> {
  const source = read(path.join(WEB, 'pages.tsx'));
  const lists = new Map<string, string[]>();
  const expand = (items: string): string[] =>
    [...items.matchAll(/\.\.\.(\w+)|'([\w-]+)'/g)].flatMap((m) => (m[1] ? lists.get(m[1])! : [m[2]!]));
  for (const [, name, items] of source.matchAll(/const (\w+): FlatNamespace\[\] = \[([^\]]*)\]/g))
    lists.set(name!, expand(items!));
  return [...source.matchAll(/lazyPage\(\s*\(\) => import\('([^']+)'\),\s*'\w+',\s*\[([^\]]*)\]/g)].map((m) => ({
    module: path.join(WEB, `${m[1]}.tsx`),
    namespaces: expand(m[2]!),
  }));
}

describe('the messages each lazy page fetches with its code', () => {
  const pages = declared();

  it('lists every page of lazyPages.tsx', () => {
    expect(pages.length).toBe(16);
    expect(bundled).toContain('sign-in');
  });

  for (const { module, namespaces } of pages)
    it(`${path.relative(WEB, module)}: every namespace it uses, beyond the first script's`, () => {
      const needed = [...used(module)].filter((ns) => !bundled.includes(ns)).sort();
      expect(needed.filter((ns) => !namespaces.includes(ns))).toEqual([]);
    });
});
