import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { resolveServerSecret } from '../src/runtime.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-secret-'));

describe('SERVER_SECRET', () => {
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is used as given when set, and refused when shorter than 32 characters', () => {
    const secret = 'x'.repeat(32);
    expect(
      resolveServerSecret(
        loadConfig({ SERVER_SECRET: secret, DATABASE_URL: 'postgres://db.example/latchkey' }, dir),
      ).toString(),
    ).toBe(secret);
    expect(() => loadConfig({ SERVER_SECRET: 'x'.repeat(31) }, dir)).toThrow(
      /SERVER_SECRET must be at least 32 characters/,
    );
  });

  it('with the SQLite default: generated once in ./data/server-secret, owner-only, with a warning, and reused', () => {
    const config = loadConfig({}, dir);
    const file = path.join(dir, 'data', 'server-secret');
    const warnings: string[] = [];
    const first = resolveServerSecret(config, (line) => warnings.push(line));
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).toBe(first.toString());
    expect(warnings).toEqual([
      expect.stringMatching(/WARNING: SERVER_SECRET is not set: generated one in .*server-secret \(owner-only\)/),
    ]);
    // The warning names the file, never the secret.
    expect(warnings.join()).not.toContain(first.toString());

    const again = resolveServerSecret(config, (line) => warnings.push(line));
    expect(again.equals(first)).toBe(true);
    expect(warnings).toHaveLength(1);
  });

  it('refuses a secret file that was emptied or cut short, instead of deriving keys from it', () => {
    const sub = path.join(dir, 'short');
    fs.mkdirSync(sub);
    fs.writeFileSync(path.join(sub, 'server-secret'), 'too short', { mode: 0o600 });
    expect(() =>
      resolveServerSecret(loadConfig({ DATABASE_URL: `sqlite:${path.join(sub, 'x.db')}` }, dir), () => {}),
    ).toThrow(/server-secret must hold at least 32 characters/);
  });

  it('with PostgreSQL, must be set: start-up refuses with a message saying why', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://db.example/latchkey' }, dir);
    expect(() => resolveServerSecret(config, () => {})).toThrow(
      /SERVER_SECRET must be set when DATABASE_URL is PostgreSQL: every instance needs the same one/,
    );
  });

  it('for a throw-away in-memory database, is a throw-away secret', () => {
    const config = loadConfig({ DATABASE_URL: 'sqlite::memory:' }, dir);
    const warnings: string[] = [];
    expect(resolveServerSecret(config, (line) => warnings.push(line))).toHaveLength(32);
    expect(warnings).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'server-secret'))).toBe(false);
  });
});
