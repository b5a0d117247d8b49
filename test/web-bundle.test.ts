/**
 * What the sign-in page downloads, read from the build's manifest (dist/web/.vite/manifest.json, so
 * run `npm run build` first): one script and one style, no admin page's code, and how many
 * gzipped bytes that script is (the .gz copy the server sends).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const WEB = path.resolve(import.meta.dirname, '../dist/web');
const MANIFEST = path.join(WEB, '.vite/manifest.json');
const BUDGET = 60 * 1024;
// Pages only admins and operators open: their code must never reach the sign-in page.
const ADMIN_PAGES = [
  'src/admin/home/AdminHomePage.tsx',
  'src/admin/users/AdminUsersPage.tsx',
  'src/admin/users/AdminUserPage.tsx',
  'src/admin/activity/ActivityPage.tsx',
  'src/mail/EmailTemplatesPage.tsx',
  'src/policy/OrgSettingsPasskeysPage.tsx',
  'src/policy/OrgSettingsMobileAppsPage.tsx',
  'src/apps/AppsAdminPage.tsx',
  'src/platform/PlatformPage.tsx',
];

interface Chunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

function readManifest(): Record<string, Chunk> {
  if (!fs.existsSync(MANIFEST)) throw new Error(`${MANIFEST} is missing: run \`npm run build\` first`);
  return JSON.parse(fs.readFileSync(MANIFEST, 'utf8')) as Record<string, Chunk>;
}

/** The chunks a page loads before it runs: the entry and everything it imports statically. */
function firstLoad(manifest: Record<string, Chunk>): Chunk[] {
  const seen = new Map<string, Chunk>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`manifest has no ${key}`);
    seen.set(key, chunk);
    for (const next of chunk.imports ?? []) visit(next);
  };
  visit('index.html');
  return [...seen.values()];
}

describe('the sign-in page bundle', () => {
  const manifest = readManifest();
  const chunks = firstLoad(manifest);
  const scripts = chunks.map((c) => c.file);
  const styles = chunks.flatMap((c) => c.css ?? []);
  const gzipped = scripts.reduce((sum, file) => sum + fs.statSync(path.join(WEB, `${file}.gz`)).size, 0);

  // Rolldown left alone splits the modules the entry shares with the lazy pages into a second chunk (the Allow
  // step importing Settings › Apps did it too); the codeSplitting group in vite.config.ts keeps them in the entry.
  it('is one script and one style', () => {
    expect(scripts).toHaveLength(1);
    expect(styles).toHaveLength(1);
    expect(manifest['index.html']!.isEntry).toBe(true);
  });

  it('holds no admin page: each is its own chunk, fetched only when opened', () => {
    const entry = manifest['index.html']!;
    for (const page of ADMIN_PAGES) {
      expect(entry.dynamicImports, page).toContain(page);
      const chunk = manifest[page];
      expect(chunk, page).toBeDefined();
      expect(scripts, page).not.toContain(chunk!.file);
    }
  });

  it('sends its script precompressed, smaller in brotli than in gzip', () => {
    for (const file of scripts) {
      const raw = fs.statSync(path.join(WEB, file)).size;
      const br = fs.statSync(path.join(WEB, `${file}.br`)).size;
      const gz = fs.statSync(path.join(WEB, `${file}.gz`)).size;
      expect(gz).toBeLessThan(raw / 2);
      expect(br).toBeLessThan(gz);
    }
  });

  // Issue 11's budget: React 19 with react-dom alone is 68 kB gzipped, so the web renders with Preact's compatible
  // runtime (vite.config.ts); English beyond the sign-in page's messages comes with the pages that use it.
  it(`loads at most ${BUDGET / 1024} kB of gzipped JavaScript`, () => {
    expect(gzipped).toBeLessThanOrEqual(BUDGET);
  });
});
