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

  // The only codes that are the server's fault, not the client's: a fault, a dependency that is down, or overload.
  const SERVER_SIDE: Record<string, number> = {
    INTERNAL: 500,
    DATABASE_UNAVAILABLE: 503,
    REDIS_UNAVAILABLE: 503,
    SHUTTING_DOWN: 503,
    PASSWORD_SIGN_IN_BUSY: 503,
    PASSWORD_CHECK_UNAVAILABLE: 503,
  };

  it('gives every client error a 4xx status', () => {
    for (const [code, { status }] of Object.entries(ERRORS)) {
      if (code in SERVER_SIDE) {
        expect(status, code).toBe(SERVER_SIDE[code]);
        continue;
      }
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(500);
    }
  });
});
