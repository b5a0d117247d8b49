import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';

// A front end as `npm run build` leaves it: hashed assets with .br and .gz copies, index.html, the manifest.
const INDEX = '<!doctype html><html><head><script type="module" src="/assets/index-AbC123.js"></script></head></html>';
const SCRIPT = `console.log(${JSON.stringify('sign in '.repeat(500))});`;
const STYLE = 'body { margin: 0 }';

describe('the built front end (static files)', () => {
  let h: Harness;
  let root: string;
  const get = (url: string, acceptEncoding?: string) =>
    h.app.inject({
      method: 'GET',
      url,
      headers: { host: 'localhost:3000', ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}) },
    });
  const decoded = (response: Awaited<ReturnType<typeof get>>) => {
    const body = response.rawPayload;
    if (response.headers['content-encoding'] === 'br') return zlib.brotliDecompressSync(body).toString();
    if (response.headers['content-encoding'] === 'gzip') return zlib.gunzipSync(body).toString();
    return body.toString();
  };

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-web-'));
    fs.mkdirSync(path.join(root, 'assets'));
    fs.mkdirSync(path.join(root, '.vite'));
    const write = (file: string, text: string, compressed = true) => {
      fs.writeFileSync(path.join(root, file), text);
      if (!compressed) return;
      fs.writeFileSync(path.join(root, `${file}.br`), zlib.brotliCompressSync(text));
      fs.writeFileSync(path.join(root, `${file}.gz`), zlib.gzipSync(text));
    };
    write('index.html', INDEX);
    write('assets/index-AbC123.js', SCRIPT);
    write('assets/index-DeF456.css', STYLE, false);
    write('.vite/manifest.json', '{}', false);
    h = await createHarness('sqlite', { WEB_ROOT: root });
  });
  afterAll(async () => {
    await h.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('sends the precompressed copy the browser prefers, with Vary and a year of immutable caching', async () => {
    const cases: Array<[string | undefined, string | undefined]> = [
      ['gzip, deflate, br, zstd', 'br'],
      ['br;q=0.5, gzip', 'gzip'],
      ['gzip', 'gzip'],
      ['br', 'br'],
      ['identity', undefined],
      [undefined, undefined],
    ];
    for (const [accept, encoding] of cases) {
      const response = await get('/assets/index-AbC123.js', accept);
      expect(response.statusCode, accept).toBe(200);
      expect(response.headers['content-encoding'], accept).toBe(encoding);
      expect(response.headers['content-type'], accept).toMatch(/^(text|application)\/javascript/);
      expect(response.headers.vary, accept).toMatch(/accept-encoding/i);
      expect(response.headers['cache-control'], accept).toBe('public, max-age=31536000, immutable');
      expect(Number(response.headers['content-length']), accept).toBe(response.rawPayload.length);
      expect(decoded(response), accept).toBe(SCRIPT);
    }
    const br = await get('/assets/index-AbC123.js', 'br');
    expect(br.rawPayload.length).toBeLessThan(SCRIPT.length / 10);
  });

  it('sends a file without compressed copies as it is', async () => {
    const css = await get('/assets/index-DeF456.css', 'br, gzip');
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-encoding']).toBeUndefined();
    expect(css.body).toBe(STYLE);
  });

  it('answers every page path with index.html, compressed and never cached without revalidation', async () => {
    for (const url of ['/o/acme/sign-in', '/o/acme/admin/users', '/']) {
      const page = await get(url, 'gzip, br');
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['content-type'], url).toMatch(/^text\/html/);
      expect(page.headers['content-encoding'], url).toBe('br');
      expect(page.headers['cache-control'], url).toBe('no-cache');
      expect(page.headers.vary, url).toMatch(/accept-encoding/i);
      expect(decoded(page), url).toBe(INDEX);
    }
    const plain = await get('/o/acme/sign-in');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(INDEX);
  });

  it('answers /metrics without METRICS_TOKEN as an unknown API path is, a coded 404, never the page', async () => {
    for (const url of ['/metrics', '/metrics?name=up']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).toMatch(/^application\/json/);
      expect(response.json(), url).toEqual((await get('/api/nothing-here')).json());
    }
  });

  it('does not serve the build manifest', async () => {
    expect((await get('/.vite/manifest.json')).statusCode).toBe(404);
  });
});
