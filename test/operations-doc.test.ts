/**
 * docs/operations.md documents every environment variable src/config.ts reads, and nothing else:
 * the table under "Environment variables" and the code cannot drift apart.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

/** Every `env.NAME`, `env['NAME']` and `intFrom(env, 'NAME', …)` in the config loader. */
function variablesRead(source: string): Set<string> {
  const names = new Set<string>();
  for (const pattern of [
    /\benv\.([A-Z][A-Z0-9_]*)/g,
    /\benv\[['"]([A-Z][A-Z0-9_]*)['"]\]/g,
    /\(env, '([A-Z][A-Z0-9_]*)'/g,
  ])
    for (const match of source.matchAll(pattern)) names.add(match[1]!);
  return names;
}

/** The first column of the table under "## Environment variables". */
function variablesDocumented(doc: string): string[] {
  const section = doc.split(/^## Environment variables$/m)[1]?.split(/^## /m)[0] ?? '';
  return [...section.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((match) => match[1]!);
}

describe('docs/operations.md', () => {
  it('documents every environment variable the configuration reads, once, and no other', () => {
    const read_ = variablesRead(read('src/config.ts'));
    const documented = variablesDocumented(read('docs/operations.md'));
    expect(read_.size).toBeGreaterThan(20);
    expect(documented.length, 'a variable documented twice').toBe(new Set(documented).size);
    expect(
      [...read_].filter((name) => !documented.includes(name)),
      'read but not documented',
    ).toEqual([]);
    expect(
      documented.filter((name) => !read_.has(name)),
      'documented but not read',
    ).toEqual([]);
  });

  it('no other source file reads the environment behind the configuration’s back', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (/\.ts$/.test(entry.name) && file !== path.join('src', 'config.ts') && /process\.env/.test(read(file)))
          offenders.push(file);
      }
    };
    walk('src');
    expect(offenders).toEqual([]);
  });
});
