/**
 * The README promises Node 20.19: every package the lockfile installs must accept it (`npm ci` warns, and a
 * package may fail at run time, when one's `engines.node` asks for Node 22).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const OLDEST_NODE = '20.19.0';
const ROOT = path.resolve(import.meta.dirname, '..');

// npm's own range checker (a dependency of our dependencies; it ships no types).
const semver = createRequire(import.meta.url)('semver') as {
  satisfies(version: string, range: string, options?: { includePrerelease?: boolean }): boolean;
};

interface Lockfile {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
}

/** "node_modules/a/node_modules/b@1.2.3 needs >=22" for each package that refuses `node`. */
function refusing(lockfile: Lockfile, node: string): string[] {
  return Object.entries(lockfile.packages).flatMap(([where, entry]) => {
    // Very old packages list engines as an array of strings; none of those name a Node version we miss.
    const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
    if (range === undefined || semver.satisfies(node, range)) return [];
    return [`${where || 'latchkey'}@${entry.version ?? '?'} needs node ${range}`];
  });
}

describe('the oldest Node the README names', () => {
  it(`every package in package-lock.json accepts Node ${OLDEST_NODE}`, () => {
    const lockfile = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as Lockfile;
    expect(refusing(lockfile, OLDEST_NODE)).toEqual([]);
  });

  it('package.json and the README name the same version', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      engines: { node: string };
    };
    expect(semver.satisfies(OLDEST_NODE, manifest.engines.node)).toBe(true);
    expect(semver.satisfies('20.18.3', manifest.engines.node)).toBe(false);
    expect(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain('Node.js 20.19 or newer');
  });

  it('notices a package that needs a newer Node (the check itself works)', () => {
    const lockfile: Lockfile = {
      packages: {
        'node_modules/cookie': { version: '2.0.2', engines: { node: '>=22' } },
        'node_modules/ok': { version: '1.0.0', engines: { node: '^20.19.0 || >=22.12.0' } },
        'node_modules/old': { version: '0.1.0', engines: ['node >= 0.4'] },
      },
    };
    expect(refusing(lockfile, OLDEST_NODE)).toEqual(['node_modules/cookie@2.0.2 needs node >=22']);
  });
});
