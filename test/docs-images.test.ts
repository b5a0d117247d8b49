/**
 * The docs' screenshots cannot go stale unnoticed: every picture README.md and docs/*.md show exists,
 * every file in docs/images/ is one `npm run docs:screenshots` takes (test/docs/shots.ts), each is shown
 * somewhere, and each is a PNG of its viewport's size at most. Nothing is rendered here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, SHOTS } from './docs/shots.js';

const root = path.resolve(import.meta.dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const docs = [
  'README.md',
  ...fs.readdirSync(path.join(root, 'docs')).flatMap((f) => (f.endsWith('.md') ? [`docs/${f}`] : [])),
];
const IMAGES = 'docs/images';

/** Every `![alt](target)` of a markdown file, with the target resolved from the repository root. */
function pictures(file: string): Array<{ alt: string; target: string }> {
  return [...read(file).matchAll(/!\[([^\]]*)\]\(([^)\s]+)\)/g)].map((m) => ({
    alt: m[1]!,
    target: path.posix.normalize(path.posix.join(path.posix.dirname(file), m[2]!)),
  }));
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = fs.readFileSync(path.join(root, file));
  expect(bytes.subarray(0, 8).toString('hex'), `${file} is not a PNG`).toBe('89504e470d0a1a0a');
  expect(bytes.toString('ascii', 12, 16), file).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('docs images', () => {
  const shown = docs.flatMap((file) => pictures(file).map((picture) => ({ file, ...picture })));
  const files = fs.readdirSync(path.join(root, IMAGES)).sort();

  it('shows only pictures that exist, each with alt text that says what it shows', () => {
    expect(shown.length).toBeGreaterThan(10);
    for (const { file, alt, target } of shown) {
      expect(fs.existsSync(path.join(root, target)), `${file}: ${target} does not exist`).toBe(true);
      expect(alt.split(' ').length, `${file}: the alt text of ${target}`).toBeGreaterThanOrEqual(4);
    }
  });

  it('has exactly the files the screenshot script takes, and shows each of them', () => {
    expect(files).toEqual(
      Object.keys(SHOTS)
        .map((name) => `${name}.png`)
        .sort(),
    );
    const targets = new Set(shown.map((s) => s.target));
    expect(
      files.filter((f) => !targets.has(`${IMAGES}/${f}`)),
      'taken but shown nowhere',
    ).toEqual([]);
  });

  it('opens the README with a picture', () => {
    const beforeFirstSection = read('README.md').split(/^## /m)[0]!;
    expect(beforeFirstSection).toMatch(/!\[[^\]]+\]\(docs\/images\/[a-z-]+\.png\)/);
  });

  it('keeps each picture within its viewport at 1× and all of them small', () => {
    let total = 0;
    for (const [name, shot] of Object.entries(SHOTS)) {
      const file = `${IMAGES}/${name}.png`;
      const viewport = 'phone' in shot ? PHONE : DESKTOP;
      const { width, height } = pngSize(file);
      expect(width, file).toBeLessThanOrEqual(viewport.width);
      expect(height, file).toBeLessThanOrEqual(viewport.height);
      total += fs.statSync(path.join(root, file)).size;
    }
    expect(total).toBeLessThan(3 * 1024 * 1024);
  });

  it('is wired: npm run docs:screenshots runs the script, which takes every shot by name once', () => {
    const scripts = JSON.parse(read('package.json')).scripts as Record<string, string>;
    expect(scripts['docs:screenshots']).toBe('npm run build && vitest run --config test/docs/vitest.config.ts');
    expect(read('test/docs/vitest.config.ts')).toContain("include: ['test/docs/screenshots.run.ts']");
    const script = read('test/docs/screenshots.run.ts');
    const calls = [...script.matchAll(/\bshoot\('([a-z-]+)'/g)].map((m) => m[1]!).sort();
    expect(calls).toEqual(Object.keys(SHOTS).sort());
  });
});
