/**
 * Every number the docs (README.md, docs/*.md) state about a lifetime or a limit — "expires after 60
 * seconds", "5 wrong entries", "9-character code", "24 hours" — is the one the code uses. A table of
 * phrases gives each number its source: a configuration default (src/config.ts) or a constant read from
 * the code (test/docs/number-rules-*.ts). A number with a unit that no phrase explains fails the test, so a
 * new one must be added there; a rule that matches nothing fails too.
 * docs/performance.md is left out: its numbers are measurements, not settings.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configBounds, configDefaults, read } from './docs/number-sources.js';
import { productRules, type Rule } from './docs/number-rules-product.js';
import { operationsRules } from './docs/number-rules-operations.js';
import { limitRules } from './docs/number-rules-limits.js';

const root = path.resolve(import.meta.dirname, '..');

/** A configuration table's row stating a variable's range: "| `SESSION_MAX_DAYS` | `30` | … (1 to 365). |". */
const rangeRules: Rule[] = [...configBounds].map(([name, { min, max }]) => ({
  pattern: new RegExp(`\\| \`${name}\` \\|[^|]*\\|[^|]*?\\(([\\d,]+) to ([\\d,]+)\\)`, 'g'),
  values: [min, max],
  source: `${name}'s bounds (src/config.ts)`,
}));
const rules = [...productRules, ...operationsRules, ...limitRules, ...rangeRules];

/** The docs, without fenced code (example configurations of other programs), lines joined. */
function prose(file: string): string {
  return read(file)
    .replace(/^```[\s\S]*?^```/gm, ' ')
    .replace(/\s+/g, ' ');
}

/** A number with a unit of time, attempts, length, size or count: what a rule must explain. */
const NUMBER_WITH_UNIT = new RegExp(
  String.raw`(?<![\w.,/-])(\d{1,3}(?:,\d{3})+|\d+)(?:[ -])` +
    String.raw`(seconds?|s|minutes?|min|hours?|h|days?|weeks?|attempts|tries|wrong entries|entries|characters?|` +
    String.raw`users?|user rows|rows|MB|MiB|KiB|GiB|bytes?|apps?|per app|fingerprints)(?![\w-])`,
  'g',
);

/** A range, "1 to 30" or "30 to 600": both bounds must be explained. */
const RANGE = /(?<![\w.,/-])(\d{1,3}(?:,\d{3})+|\d+) to (\d{1,3}(?:,\d{3})+|\d+)(?![\w.,-]\d)/dg;

const docs = [
  'README.md',
  ...fs
    .readdirSync(path.join(root, 'docs'))
    .filter((f) => f.endsWith('.md') && f !== 'performance.md')
    .map((f) => `docs/${f}`),
];

/** The configuration tables: `| `NAME` / `NAME2` | default / default2 | … |` (README.md, docs/operations.md). */
function tableDefaults(file: string): Array<{ name: string; stated: string }> {
  const rows: Array<{ name: string; stated: string }> = [];
  for (const m of read(file).matchAll(/^\| (`[A-Z_]+`(?: \/ `_?[A-Z_]+`)*) \| ([^|]+) \|/gm)) {
    const names = [...m[1]!.matchAll(/`(_?[A-Z_]+)`/g)].map((n) =>
      // README's "`PASSWORD_ATTEMPTS_PER_ACCOUNT` / `_PER_IP`": the suffix of the name before it.
      n[1]!.startsWith('_') ? 'PASSWORD_ATTEMPTS' + n[1]! : n[1]!,
    );
    const stated = names.length > 1 ? m[2]!.split(' / ') : [m[2]!];
    names.forEach((name, i) => rows.push({ name, stated: stated[i] ?? '' }));
  }
  return rows;
}

describe('numbers in the docs', () => {
  it('configuration tables state the defaults src/config.ts uses', () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const file of ['README.md', 'docs/operations.md'])
      for (const { name, stated } of tableDefaults(file)) {
        // TRUST_PROXY is read as a number only when set (a count of proxies); unset, it is false.
        const expected = name === 'TRUST_PROXY' ? undefined : configDefaults.get(name);
        if (expected === undefined) continue;
        checked++;
        // The number itself, not what a parenthesis adds ("`10080` (7 days)").
        const number = /\d[\d,]*/.exec(stated.replace(/\([^)]*\)/g, ''))?.[0];
        if (Number(number?.replaceAll(',', '')) !== expected)
          wrong.push(`${file}: ${name} default "${stated.trim()}", src/config.ts says ${expected}`);
      }
    expect(checked).toBeGreaterThan(30);
    expect(wrong).toEqual([]);
  });

  it('match the configuration defaults and the code, phrase by phrase', () => {
    const wrong: string[] = [];
    const unused = new Set(rules);
    let checked = 0;
    for (const file of docs) {
      const text = prose(file);
      for (const rule of rules)
        for (const match of text.matchAll(rule.pattern)) {
          unused.delete(rule);
          rule.values.forEach((expected, i) => {
            // null: not Latchkey's number; no group: an optional part of the phrase that is not there.
            if (expected === null || match[i + 1] === undefined) return;
            checked++;
            const stated = Number(match[i + 1]!.replaceAll(',', ''));
            if (stated !== expected) wrong.push(`${file}: "${match[0]}" says ${stated}, ${rule.source} is ${expected}`);
          });
        }
    }
    expect(checked).toBeGreaterThan(50);
    expect(wrong).toEqual([]);
    // A rule that matches nothing checks nothing: its phrase changed, or it is no longer needed.
    // (A configuration table states the range of only some of its variables.)
    expect([...unused].filter((rule) => !rangeRules.includes(rule)).map((rule) => rule.pattern.source)).toEqual([]);
  });

  it('has a rule for every number with a unit the docs state', () => {
    const unexplained: string[] = [];
    for (const file of docs) {
      const text = prose(file);
      // Where each rule's numbers sit in the text.
      const covered = new Set<number>();
      for (const rule of rules)
        for (const match of text.matchAll(new RegExp(rule.pattern.source, `${rule.pattern.flags}d`)))
          for (let i = 1; i < match.length; i++) if (match.indices?.[i]) covered.add(match.indices[i]![0]);
      const context = (index: number) => `${file}: "${text.slice(Math.max(0, index - 50), index + 30)}"`;
      for (const match of text.matchAll(NUMBER_WITH_UNIT))
        if (!covered.has(match.index)) unexplained.push(context(match.index));
      for (const match of text.matchAll(RANGE))
        for (const [start] of match.indices!.slice(1)) if (!covered.has(start)) unexplained.push(context(start));
    }
    expect(unexplained).toEqual([]);
  });
});
