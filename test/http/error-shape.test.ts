import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS } from '../../src/errors.js';
import { DIALECTS } from '../support/databases.js';
import { createHarness, type Harness } from '../support/harness.js';

type Answer = { statusCode: number; headers: Record<string, unknown>; body: string };

/** `{ error: { code, message } }` with a code of the one list and that code's status. */
function expectCoded(answer: Answer, code: keyof typeof ERRORS) {
  expect(answer.statusCode, answer.body).toBe(ERRORS[code].status);
  const body = JSON.parse(answer.body);
  expect(body.error.code, answer.body).toBe(code);
  expect(body.error.message).toBe(ERRORS[code].message);
  expect(Object.keys(body)).toEqual(['error']);
  expect(answer.headers['cache-control']).toBe('no-store');
}

describe.each(DIALECTS)('every refusal has the one error shape (%s)', (dialect) => {
  let h: Harness;
  let webRoot: string;
  beforeAll(async () => {
    webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-web-'));
    fs.writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>Latchkey</title>');
    h = await createHarness(dialect, { WEB_ROOT: webRoot });
    const org = await h.org();
    await h.org('platform', 'Platform');
    await h.user({ org, username: 'mo', password: 'correct horse battery' });
  });
  afterAll(async () => {
    await h.close();
    fs.rmSync(webRoot, { recursive: true, force: true });
  });

  const send = (method: string, url: string, payload?: string, headers: Record<string, string> = {}) =>
    h.app.inject({ method: method as 'GET', url, ...(payload !== undefined ? { payload } : {}), headers });
  const json = { 'content-type': 'application/json' };

  it('router-level refusals: bad percent-encoding, over-long path parameter, unknown route or method', async () => {
    expectCoded(await send('GET', '/api/o/acme/me/passkeys/%E0%A4%A'), 'VALIDATION_FAILED');
    expectCoded(await send('GET', '/api/o/%zz/me'), 'VALIDATION_FAILED');
    expectCoded(await send('GET', `/api/o/${'a'.repeat(150)}/me`), 'VALIDATION_FAILED');
    expectCoded(await send('GET', '/api/no-such-thing'), 'NOT_FOUND');
    expectCoded(await send('PROPFIND', '/api/o/acme/me'), 'NOT_FOUND');
    expectCoded(await send('DELETE', '/api/o/acme/sign-in/identify'), 'NOT_FOUND');
  });

  it('body refusals: content type, size, JSON', async () => {
    expectCoded(
      await send('POST', '/api/o/acme/sign-in/identify', '<x/>', { 'content-type': 'application/xml' }),
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectCoded(
      await send('POST', '/api/o/acme/sign-in/identify', 'x', { 'content-type': 'text/plain' }),
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectCoded(
      await send('POST', '/api/o/acme/sign-in/identify', JSON.stringify({ identifier: 'x'.repeat(70_000) }), json),
      'PAYLOAD_TOO_LARGE',
    );
    expectCoded(await send('POST', '/api/o/acme/sign-in/identify', '{"identifier":', json), 'MALFORMED_JSON');
    expectCoded(await send('POST', '/api/o/acme/sign-in/identify', '', json), 'MALFORMED_JSON');
  });

  it('API answers, successes included, are never cached', async () => {
    const ok = await send('POST', '/api/o/acme/sign-in/identify', JSON.stringify({ identifier: 'mo' }), json);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['cache-control']).toBe('no-store');
    expect((await send('GET', '/api/o/acme')).headers['cache-control']).toBe('no-store');
    expectCoded(await send('GET', '/api/o/nope'), 'ORG_NOT_FOUND');
    expectCoded(await send('POST', '/api/o/acme/sign-in/identify', '{}', json), 'VALIDATION_FAILED');
  });

  it('a missing session is a 401 before a bad body is a 400; a member on an admin route is a 403 first', async () => {
    expectCoded(await send('PATCH', '/api/o/acme/me', JSON.stringify({ displayName: 5 }), json), 'UNAUTHENTICATED');
    expectCoded(await send('PUT', '/api/o/acme/me/password', '{}', json), 'UNAUTHENTICATED');
    expectCoded(
      await send('POST', '/api/o/acme/admin/users', JSON.stringify({ nonsense: true }), json),
      'UNAUTHENTICATED',
    );
    expectCoded(
      await send('PATCH', '/api/platform/orgs/acme', JSON.stringify({ passkeysAvailable: 'yes' }), json),
      'UNAUTHENTICATED',
    );
    const member = h.browser();
    expect((await member.signInWithPassword('acme', 'mo', 'correct horse battery')).status).toBe(200);
    const cookie = [...member.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    expectCoded(
      await send('POST', '/api/o/acme/admin/users', JSON.stringify({ nonsense: true }), { ...json, cookie }),
      'FORBIDDEN',
    );
    expectCoded(
      await send('PATCH', '/api/o/acme/me', JSON.stringify({ displayName: 5 }), { ...json, cookie }),
      'VALIDATION_FAILED',
    );
  });

  it('unknown page paths still serve the web app, not an API error', async () => {
    for (const url of ['/o/acme/sign-in', '/o/acme/admin/users/123', '/platform']) {
      const page = await send('GET', url);
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['content-type'], url).toMatch(/text\/html/);
      expect(page.headers['cache-control'], url).toBe('no-cache');
    }
    const asset = await send('GET', '/assets/missing.js');
    expect(asset.statusCode).toBe(404);
  });
});
