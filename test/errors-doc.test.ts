import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERRORS } from '../src/errors.js';

describe('docs/errors.md', () => {
  const rows = fs
    .readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8')
    .split('\n')
    .map((line) => /^\| ([A-Z_]+) \| (\d{3}) \| (.+?) \| (.+) \|$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null);

  it('lists exactly the codes of src/errors.ts, with their status and message', () => {
    const documented = Object.fromEntries(rows.map((m) => [m[1], { status: Number(m[2]), message: m[3] }]));
    expect(documented).toEqual(ERRORS);
  });

  it('says when each code happens', () => {
    for (const m of rows) expect(m[4]!.trim().length, m[1]).toBeGreaterThan(10);
  });

  it('gives every client error a 4xx status', () => {
    for (const [code, { status }] of Object.entries(ERRORS)) {
      if (code !== 'INTERNAL') expect(status, code).toBeGreaterThanOrEqual(400);
      if (code !== 'INTERNAL') expect(status, code).toBeLessThan(500);
    }
  });
});
