import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setOrganisationRpId } from '../../src/orgs/rp-id.js';
import { DIALECTS } from '../support/databases.js';
import { createHarness, type Harness } from '../support/harness.js';

const PASSWORD = 'correct horse battery';

describe.each(DIALECTS)('requests for a host name other than PUBLIC_URL (%s)', (dialect) => {
  let h: Harness;
  const send = (method: 'GET' | 'HEAD' | 'POST', url: string, host: string, extra: Record<string, unknown> = {}) =>
    h.app.inject({ method, url, headers: { host, ...((extra.headers as object) ?? {}) }, ...extra });

  beforeEach(async () => {
    h = await createHarness(dialect, { METRICS_TOKEN: 'test-metrics-token' });
    const acme = await h.org('acme', 'Acme');
    await h.user({ org: acme, username: 'ada', password: PASSWORD });
  });
  afterEach(() => h.close());

  it('redirects pages to the same path and query at PUBLIC_URL, and never off it', async () => {
    for (const method of ['GET', 'HEAD'] as const) {
      const page = await send(method, '/o/acme/sign-in?next=%2Fo%2Facme%2F', '127.0.0.1:3000');
      expect(page.statusCode).toBe(307);
      expect(page.headers.location).toBe('http://localhost:3000/o/acme/sign-in?next=%2Fo%2Facme%2F');
    }
    expect((await send('GET', '/platform', '[::1]:3000')).headers.location).toBe('http://localhost:3000/platform');
    // A path that looks like another host stays a path on PUBLIC_URL's origin.
    for (const url of ['//evil.example/x', '///evil.example/x']) {
      const location = (await send('GET', url, '127.0.0.1:3000')).headers.location as string;
      expect(new URL(location).origin).toBe('http://localhost:3000');
    }
    // PUBLIC_URL's host itself is served, whatever the port in Host (a proxy may drop it).
    expect((await send('GET', '/o/acme/sign-in', 'LOCALHOST')).statusCode).not.toBe(307);
  });

  it('refuses API requests with WRONG_HOST naming PUBLIC_URL, and changes nothing', async () => {
    const signIn = await send('POST', '/api/o/acme/sign-in/password', '127.0.0.1:3000', {
      payload: { identifier: 'ada', password: PASSWORD },
    });
    expect(signIn.statusCode).toBe(421);
    expect(signIn.json()).toEqual({
      error: {
        code: 'WRONG_HOST',
        message: 'Latchkey answers at another address: send the request to http://localhost:3000.',
        details: { publicUrl: 'http://localhost:3000' },
      },
    });
    expect(signIn.headers['set-cookie']).toBeUndefined();
    expect(await h.deps.db.selectFrom('sessions').selectAll().execute()).toEqual([]);
    expect(await h.deps.db.selectFrom('audit_events').selectAll().where('type', 'like', 'sign_in.%').execute()).toEqual(
      [],
    );
    expect((await send('GET', '/api/o/acme', '127.0.0.1:3000')).json().error.code).toBe('WRONG_HOST');
    expect((await send('GET', '/api/platform/orgs', 'other.example:3000')).json().error.code).toBe('WRONG_HOST');
    expect((await send('GET', '/api/openapi.json', '127.0.0.1')).statusCode).toBe(421);
    // Not a page: the OpenID token endpoint posted to the wrong host is refused, not redirected.
    expect((await send('POST', '/o/acme/oidc/token', '127.0.0.1:3000')).json().error.code).toBe('WRONG_HOST');
    // The same request at PUBLIC_URL's host works.
    const browser = h.browser();
    expect((await browser.signInWithPassword('acme', 'ada', PASSWORD)).status).toBe(200);
  });

  it('serves probes, metrics and the well-known files on any host', async () => {
    expect((await send('GET', '/healthz', '10.1.2.3:3000')).statusCode).toBe(200);
    expect((await send('GET', '/readyz', '10.1.2.3:3000')).statusCode).toBe(200);
    expect(
      (
        await send('GET', '/metrics', '10.1.2.3:3000', {
          headers: { authorization: 'Bearer test-metrics-token' },
        })
      ).statusCode,
    ).toBe(200);
    const assetLinks = await send('GET', '/.well-known/assetlinks.json', 'login.acme.example');
    expect(assetLinks.statusCode).toBe(200);
    expect(assetLinks.json()).toEqual([]);
  });

  it("serves an organisation's pages, API and OpenID provider on its own RP ID host, and no other's", async () => {
    const globex = await h.org('globex', 'Globex');
    await setOrganisationRpId(h.deps, { org: globex, rpId: 'globex.example.com', actorId: null, via: 'cli' });
    const own = 'globex.example.com';
    expect((await send('GET', '/api/o/globex', own)).json()).toMatchObject({ slug: 'globex', rpId: own });
    // The page itself (the front end is not built in these tests: 503, but not a redirect).
    expect((await send('GET', '/o/globex/sign-in', own)).statusCode).toBe(503);
    const discovery = await send('GET', '/o/globex/.well-known/openid-configuration', own);
    expect(discovery.statusCode).toBe(200);
    expect(discovery.json().issuer).toBe('http://localhost:3000/o/globex');
    // Its host is not a back door to other organisations or the operator console.
    expect((await send('GET', '/api/o/acme', own)).json().error.code).toBe('WRONG_HOST');
    expect((await send('GET', '/o/acme/sign-in', own)).headers.location).toBe('http://localhost:3000/o/acme/sign-in');
    expect((await send('GET', '/platform', own)).headers.location).toBe('http://localhost:3000/platform');
    // A subdomain of its RP ID is not one of its origins unless listed.
    expect((await send('GET', '/api/o/globex', `www.${own}`)).json().error.code).toBe('WRONG_HOST');
  });
});

describe.each(DIALECTS)('behind a reverse proxy (%s)', (dialect) => {
  let h: Harness;
  afterEach(() => h.close());

  it('takes the host name from X-Forwarded-Host only from a proxy trusted by TRUST_PROXY', async () => {
    const viaProxy = (harness: Harness) =>
      harness.app.inject({
        method: 'GET',
        url: '/api/o/acme',
        remoteAddress: '10.0.0.2',
        headers: { host: '10.0.0.9:3000', 'x-forwarded-host': 'localhost:3000' },
      });
    h = await createHarness(dialect, { TRUST_PROXY: '10.0.0.0/8' });
    await h.org('acme', 'Acme');
    expect((await viaProxy(h)).statusCode).toBe(200);
    await h.close();

    h = await createHarness(dialect);
    await h.org('acme', 'Acme');
    expect((await viaProxy(h)).json().error.code).toBe('WRONG_HOST');
  });
});
