import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { createHarness, type Harness } from '../support/harness.js';

const LIMIT = 5;

describe.each(DIALECTS)('the per-address API ceiling (%s)', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect, { API_REQUESTS_PER_MINUTE: String(LIMIT) });
    await h.org();
  });
  afterAll(() => h.close());

  const send = (remoteAddress: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    h.app.inject({ method, url, remoteAddress, ...(payload ? { payload } : {}) });

  let next = 0;
  it.each([
    ['organisation info', 'GET', '/api/o/acme'],
    ['passkey sign-in options', 'POST', '/api/o/acme/sign-in/passkey/options', {}],
    ['passkey sign-in verify', 'POST', '/api/o/acme/sign-in/passkey/verify', {}],
    ['a member route', 'GET', '/api/o/acme/me'],
    ['the platform API', 'GET', '/api/platform/orgs'],
  ] as const)(
    'request N+1 from one address to %s is 429 RATE_LIMITED with Retry-After; another address is not affected',
    async (_name, method, url, payload?: object) => {
      const address = `203.0.113.${++next}`;
      for (let i = 0; i < LIMIT; i++) expect((await send(address, method, url, payload)).statusCode).not.toBe(429);
      const refused = await send(address, method, url, payload);
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error.code).toBe('RATE_LIMITED');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect((await send(`198.51.100.${next}`, method, url, payload)).statusCode).not.toBe(429);
    },
  );

  it('one budget per address across the organisation and platform APIs', async () => {
    const address = '192.0.2.99';
    for (let i = 0; i < LIMIT; i++)
      await send(
        address,
        i % 2 ? 'GET' : 'POST',
        i % 2 ? '/api/platform/orgs' : '/api/o/acme/sign-in/passkey/options',
        {},
      );
    expect((await send(address, 'GET', '/api/o/acme')).statusCode).toBe(429);
  });
});
