import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoBase64URL, isoCBOR } from '@simplewebauthn/server/helpers';
import { DIALECTS } from '../support/databases.js';
import { createUser } from '../../src/users/users.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

const expectCoded = (response: { status: number; body: any }, status: number, code: string) => {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.error.code).toBe(code);
  expect(typeof response.body.error.message).toBe('string');
};

describe.each(DIALECTS)('bad input is a coded 4xx that changes nothing (%s)', (dialect) => {
  let h: Harness;
  let signedIn: Browser;
  let counts: () => Promise<Record<string, number>>;
  beforeAll(async () => {
    h = await createHarness(dialect, {
      PASSWORD_ATTEMPTS_PER_ACCOUNT: '10000',
      PASSWORD_ATTEMPTS_PER_IP: '100000',
      API_REQUESTS_PER_MINUTE: '100000',
    });
    const org = await h.org();
    await h.user({ org, username: 'ada', password: 'correct horse battery' });
    signedIn = h.browser();
    await signedIn.signInWithPassword('acme', 'ada', 'correct horse battery');
    await signedIn.addPasskey('acme');
    counts = async () => {
      const result: Record<string, number> = {};
      for (const table of ['users', 'passkeys', 'sessions', 'organisations'] as const) {
        const row = await h.deps.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        result[table] = Number(row.n);
      }
      return result;
    };
  });
  afterAll(() => h.close());

  it('malformed JSON, wrong content type, oversize body', async () => {
    const raw = (payload: string, contentType = 'application/json') =>
      h.app.inject({
        method: 'POST',
        url: '/api/o/acme/sign-in/identify',
        payload,
        headers: { 'content-type': contentType },
      });
    const malformed = await raw('{"identifier":');
    expectCoded({ status: malformed.statusCode, body: malformed.json() }, 400, 'MALFORMED_JSON');
    const text = await raw('identifier=ada', 'text/plain');
    expectCoded({ status: text.statusCode, body: text.json() }, 415, 'UNSUPPORTED_MEDIA_TYPE');
    const form = await raw('identifier=ada', 'application/x-www-form-urlencoded');
    expectCoded({ status: form.statusCode, body: form.json() }, 415, 'UNSUPPORTED_MEDIA_TYPE');
    const huge = await raw(JSON.stringify({ identifier: 'a'.repeat(100_000) }));
    expectCoded({ status: huge.statusCode, body: huge.json() }, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('wrong types are refused, not coerced; the message names the field, never the value', async () => {
    const browser = h.browser();
    const numeric = await browser.post('/api/o/acme/sign-in/password', { identifier: 12345, password: 'x' });
    expectCoded(numeric, 400, 'VALIDATION_FAILED');
    expect(numeric.body.error.details.field).toBe('body/identifier');
    const secret = await browser.post('/api/o/acme/sign-in/password', {
      identifier: 'ada',
      password: ['correct horse battery'],
    });
    expectCoded(secret, 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(secret.body)).not.toContain('correct horse');
    expectCoded(await browser.post('/api/o/acme/sign-in/identify', {}), 400, 'VALIDATION_FAILED');
    expectCoded(await browser.post('/api/o/acme/sign-in/identify', { identifier: '' }), 400, 'VALIDATION_FAILED');
    expectCoded(
      await browser.request('POST', '/api/o/Not_A_Slug!/sign-in/identify', { identifier: 'ada' }),
      400,
      'VALIDATION_FAILED',
    );
    expectCoded(await signedIn.patch('/api/o/acme/me/passkeys/not-a-uuid', { name: 'x' }), 400, 'VALIDATION_FAILED');
  });

  it('bad base64url, garbage CBOR and broken client data in WebAuthn responses', async () => {
    const options = await signedIn.post('/api/o/acme/sign-in/passkey/options', {});
    const good = await signedIn.authenticator.authenticate(options.body.options);
    const bad = (patch: Record<string, unknown>) => ({ ...good, response: { ...good.response, ...patch } });
    expectCoded(
      await signedIn.post('/api/o/acme/sign-in/passkey/verify', { response: bad({ signature: 'not base64url!' }) }),
      400,
      'VALIDATION_FAILED',
    );
    expectCoded(
      await signedIn.post('/api/o/acme/sign-in/passkey/verify', {
        response: bad({ clientDataJSON: isoBase64URL.fromUTF8String('{not json') }),
      }),
      400,
      'PASSKEY_RESPONSE_INVALID',
    );
    expectCoded(
      await signedIn.post('/api/o/acme/sign-in/passkey/verify', { response: { ...good, type: 'password' } }),
      400,
      'VALIDATION_FAILED',
    );

    await signedIn.post('/api/o/acme/me/reverify/password', { password: 'correct horse battery' });
    const regOptions = await signedIn.post('/api/o/acme/me/passkeys/options');
    const { SoftAuthenticator } = await import('../support/soft-authenticator.js');
    const registration = await new SoftAuthenticator({ origin: 'http://localhost:3000' }).register(
      regOptions.body.options,
    );
    const garbage = {
      ...registration,
      response: {
        ...registration.response,
        attestationObject: isoBase64URL.fromBuffer(new Uint8Array([0xff, 0x00, 0x13, 0x37])),
      },
    };
    expectCoded(await signedIn.post('/api/o/acme/me/passkeys', { response: garbage }), 400, 'PASSKEY_RESPONSE_INVALID');
    const wrongShape = isoBase64URL.fromBuffer(
      isoCBOR.encode(
        new Map<string, unknown>([
          ['fmt', 'none'],
          ['authData', 42],
        ]) as never,
      ),
    );
    const regOptions2 = await signedIn.post('/api/o/acme/me/passkeys/options');
    const registration2 = await new SoftAuthenticator({ origin: 'http://localhost:3000' }).register(
      regOptions2.body.options,
    );
    expectCoded(
      await signedIn.post('/api/o/acme/me/passkeys', {
        response: { ...registration2, response: { ...registration2.response, attestationObject: wrongShape } },
      }),
      400,
      'PASSKEY_RESPONSE_INVALID',
    );
  });

  it('refuses control characters (PostgreSQL cannot store NUL) with a coded 400', async () => {
    for (const [method, url, body] of [
      ['POST', '/api/o/acme/sign-in/identify', { identifier: 'a\u0000b' }],
      ['POST', '/api/o/acme/sign-in/password', { identifier: 'ada\u0000', password: 'x' }],
      ['POST', '/api/o/acme/sign-in/passkey/options', { identifier: '\u0007' }],
    ] as const)
      expectCoded(await h.browser().request(method, url, body), 400, 'VALIDATION_FAILED');
    expectCoded(await signedIn.patch('/api/o/acme/me', { displayName: 'Ada\u0000' }), 400, 'VALIDATION_FAILED');
  });

  // U+202E shows the rest of a name backwards: an admin reading the user list would read another name than was typed.
  it('refuses text-direction controls in names, by every way a name is set, and keeps the name it had', async () => {
    const org = (await h.deps.db
      .selectFrom('organisations')
      .selectAll()
      .where('slug', '=', 'acme')
      .executeTakeFirst())!;
    const [passkey] = (await signedIn.get('/api/o/acme/me/passkeys')).body.passkeys;
    const before = (await signedIn.get('/api/o/acme/me')).body.user.displayName;
    for (const mark of ['\u202e', '\u202a', '\u2066', '\u2069']) {
      expectCoded(await signedIn.patch('/api/o/acme/me', { displayName: `Ada${mark}nimda` }), 400, 'VALIDATION_FAILED');
      expectCoded(
        await signedIn.patch(`/api/o/acme/me/passkeys/${passkey.id}`, { name: `Key${mark}` }),
        400,
        'VALIDATION_FAILED',
      );
      // The command line and imports create users through the domain, not the HTTP schemas.
      await expect(createUser(h.deps, { org, username: 'eve', displayName: `Eve${mark}` })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { field: 'displayName' },
      });
      await expect(
        createUser(h.deps, { org, username: 'eve', email: `eve${mark}@acme.example` }),
      ).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { field: 'email' },
      });
    }
    expect((await signedIn.get('/api/o/acme/me')).body.user.displayName).toBe(before);
    expect((await signedIn.get('/api/o/acme/me/passkeys')).body.passkeys[0].name).toBe(passkey.name);
    // A right-to-left name is a name: only the invisible controls are refused.
    expect((await signedIn.patch('/api/o/acme/me', { displayName: 'עדה' })).status).toBe(200);
  });

  it('refuses state-changing requests from a foreign Origin', async () => {
    const result = await h
      .browser()
      .post(
        '/api/o/acme/sign-in/password',
        { identifier: 'ada', password: 'correct horse battery' },
        { origin: 'https://evil.example' },
      );
    expectCoded(result, 403, 'ORIGIN_NOT_ALLOWED');
    const ok = await h
      .browser()
      .post(
        '/api/o/acme/sign-in/password',
        { identifier: 'ada', password: 'correct horse battery' },
        { origin: 'http://localhost:3000' },
      );
    expect(ok.status).toBe(200);
  });

  it('answers unknown API paths with a coded 404', async () => {
    expectCoded(await h.browser().get('/api/nothing-here'), 404, 'NOT_FOUND');
  });

  it('survives arbitrary JSON bodies on every endpoint: always a coded 4xx, never a 500, nothing changes', async () => {
    const before = await counts();
    const endpoints: Array<[string, string]> = [
      ['POST', '/api/o/acme/sign-in/identify'],
      ['POST', '/api/o/acme/sign-in/password'],
      ['POST', '/api/o/acme/sign-in/passkey/options'],
      ['POST', '/api/o/acme/sign-in/passkey/verify'],
      ['POST', '/api/o/acme/setup'],
      ['PATCH', '/api/o/acme/me'],
      ['POST', '/api/o/acme/me/passkeys'],
      ['PATCH', '/api/o/acme/me/passkeys/00000000-0000-4000-8000-000000000000'],
      ['POST', '/api/o/acme/me/reverify/passkey/verify'],
      ['POST', '/api/o/acme/me/device-links/lookup'],
      ['POST', '/api/o/acme/me/device-links/00000000-0000-4000-8000-000000000000/approve'],
    ];
    const webauthnish = fc.record(
      {
        id: fc.string(),
        rawId: fc.string(),
        type: fc.constantFrom('public-key', 'x'),
        response: fc.dictionary(
          fc.constantFrom('clientDataJSON', 'authenticatorData', 'signature', 'attestationObject', 'userHandle'),
          fc.oneof(fc.base64String(), fc.string(), fc.integer()),
        ),
        clientExtensionResults: fc.object(),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...endpoints),
        fc.oneof(
          fc.jsonValue(),
          fc.record({ response: webauthnish }),
          // Any code point, control characters and lone surrogates included.
          fc.record(
            {
              identifier: fc.oneof(fc.string({ unit: 'binary' }), fc.jsonValue()),
              code: fc.oneof(fc.string({ unit: 'binary' }), fc.jsonValue()),
              password: fc.jsonValue(),
              token: fc.string({ unit: 'binary' }),
              name: fc.string({ unit: 'binary' }),
              displayName: fc.string({ unit: 'binary' }),
            },
            { requiredKeys: [] },
          ),
        ),
        async ([method, url], body) => {
          const response = await h.app.inject({
            method: method as 'POST',
            url,
            payload: JSON.stringify(body),
            headers: {
              'content-type': 'application/json',
              cookie: [...signedIn.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
            },
          });
          // Legitimate successes: a display-name change, or asking about an identifier (which changes nothing).
          if (response.statusCode === 200) {
            return (
              (url.endsWith('/me') && typeof (body as { displayName?: unknown }).displayName === 'string') ||
              url.includes('/identify') ||
              url.includes('/passkey/options')
            );
          }
          expect(response.statusCode).toBeGreaterThanOrEqual(400);
          expect(response.statusCode).toBeLessThan(500);
          expect(typeof response.json().error.code).toBe('string');
          return true;
        },
      ),
      { numRuns: 300 },
    );
    expect(await counts()).toEqual(before);
  });
});
