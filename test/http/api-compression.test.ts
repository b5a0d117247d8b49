/**
 * Large API answers (the admin's page of 200 users) go out Brotli- or gzip-compressed when the client accepts
 * it; small ones, and the member's hot paths (sign-in, GET /me), as they are.
 */
import zlib from 'node:zlib';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { COMPRESS_FROM_BYTES } from '../../src/http/compress.js';
import type { Organisation } from '../../src/orgs/organisations.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

describe.each(DIALECTS)('API answers, compressed when large (%s)', (dialect) => {
  let h: Harness;
  let acme: Organisation;
  let admin: Browser;
  const PAGE = '/api/o/acme/admin/users?limit=200';
  const get = (url: string, acceptEncoding?: string) =>
    admin.send('GET', url, undefined, acceptEncoding ? { 'accept-encoding': acceptEncoding } : {});

  beforeAll(() => expect(COMPRESS_FROM_BYTES).toBe(8 * 1024));
  beforeEach(async () => {
    h = await createHarness(dialect);
    acme = await h.org();
    const ada = await h.user({ org: acme, username: 'ada', role: 'admin', password: 'correct horse battery' });
    ({ browser: admin } = await redeemSetupLink(h, acme, ada));
    for (let i = 0; i < 199; i++)
      await h.user({ org: acme, username: `member${i}`, email: `member${i}@example.com`, displayName: `Member ${i}` });
  });
  afterEach(() => h.close());

  it('sends a page of 200 users as Brotli or gzip, the same JSON as uncompressed, with Vary', async () => {
    const plain = await get(PAGE);
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toContain('accept-encoding');
    expect(plain.json().users).toHaveLength(200);
    expect(plain.rawPayload.length).toBeGreaterThan(COMPRESS_FROM_BYTES);

    const br = await get(PAGE, 'gzip, deflate, br, zstd');
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toContain('accept-encoding');
    expect(br.headers['cache-control']).toBe('no-store');
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 4);
    expect(JSON.parse(zlib.brotliDecompressSync(br.rawPayload).toString())).toEqual(plain.json());

    const gzip = await get(PAGE, 'gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(zlib.gunzipSync(gzip.rawPayload).toString())).toEqual(plain.json());

    expect((await get(PAGE, 'identity')).headers['content-encoding']).toBeUndefined();
  });

  it('answers in the coding the client weighs highest: Brotli, unless gzip has the higher q-value', async () => {
    for (const [header, coding] of [
      ['gzip, deflate, br, zstd', 'br'],
      ['br;q=0.5, gzip;q=0.8', 'gzip'],
      ['gzip', 'gzip'],
      ['br;q=0, gzip', 'gzip'],
      ['*', 'gzip'],
      ['identity', undefined],
      ['deflate', undefined],
      ['br;q=0, gzip;q=0', undefined],
      ['*;q=0', undefined],
    ] as const)
      expect((await get(PAGE, header)).headers['content-encoding'], header).toBe(coding);
  });

  it('sends small answers, and the member hot paths, as they are', async () => {
    const small = await get('/api/o/acme/admin/users?limit=2', 'br, gzip');
    expect(small.statusCode).toBe(200);
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.json().users).toHaveLength(2);

    const me = await get('/api/o/acme/me', 'br, gzip');
    expect(me.statusCode).toBe(200);
    expect(me.headers['content-encoding']).toBeUndefined();
    expect(me.headers.vary).toBeUndefined();

    const signIn = await h.browser().send(
      'POST',
      '/api/o/acme/sign-in/password',
      { identifier: 'ada', password: 'correct horse battery' },
      {
        'accept-encoding': 'br, gzip',
      },
    );
    expect(signIn.statusCode).toBe(200);
    expect(signIn.headers['content-encoding']).toBeUndefined();
  });
});
