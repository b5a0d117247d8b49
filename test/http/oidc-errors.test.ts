import * as oidc from 'openid-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Organisation } from '../../src/orgs/organisations.js';
import { DIALECTS } from '../support/databases.js';
import type { Browser } from '../support/harness.js';
import {
  authorizationRequest,
  follow,
  interactionOf,
  listeningHarness,
  registerApp,
  type TestApp,
} from '../support/oidc.js';

const PASSWORD = 'correct horse battery';

describe.each(DIALECTS)('OpenID Connect refusals on %s', (dialect) => {
  let h: Awaited<ReturnType<typeof listeningHarness>>;
  let org: Organisation;

  beforeEach(async () => {
    h = await listeningHarness(dialect);
    org = await h.org('acme');
    await h.user({ org, username: 'ada', password: PASSWORD });
  });
  afterEach(() => h.close());

  const pathOf = (url: URL) => url.pathname + url.search;
  /** Signs in and returns the callback URL the app receives, with what to exchange it with. */
  async function codeFor(browser: Browser, app: TestApp, slug = 'acme') {
    const request = await authorizationRequest(app);
    const page = await follow(browser, h.origin, request.url.href);
    await browser.signInWithPassword(slug, 'ada', PASSWORD);
    const next = await browser.post(`/api/o/${slug}/oidc/interaction/${interactionOf(page.location)}/continue`);
    const back = await follow(browser, h.origin, next.body.location);
    return { callback: new URL(back.location), request };
  }

  it('answers 404 for an organisation that does not exist', async () => {
    const response = await h.browser().send('GET', '/o/nope/.well-known/openid-configuration');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'ORG_NOT_FOUND' } });
  });

  it('never redirects to a redirect URI the app did not register', async () => {
    const app = await registerApp(h, org);
    const request = await authorizationRequest(app, { redirect_uri: 'https://evil.example/callback' });
    const response = await h.browser().send('GET', pathOf(request.url));
    expect(response.statusCode).toBe(400);
    expect(response.headers.location).toBeUndefined();
    expect(response.body).toContain('redirect_uri did not match any of the client');
  });

  it("refuses another organisation's app without redirecting", async () => {
    const other = await h.org('globex', 'Globex');
    const foreign = await registerApp(h, other);
    const request = oidc.buildAuthorizationUrl(foreign.config, {
      redirect_uri: foreign.redirectUri,
      scope: 'openid',
      code_challenge: 'x'.repeat(43),
      code_challenge_method: 'S256',
    });
    const response = await h.browser().send('GET', pathOf(request).replace('/o/globex/', '/o/acme/'));
    expect(response.statusCode).toBe(400);
    expect(response.headers.location).toBeUndefined();
    expect(response.body).toContain('invalid_client');
  });

  it('requires PKCE with S256 from a public app', async () => {
    const app = await registerApp(h, org, { public: true });
    const missing = oidc.buildAuthorizationUrl(app.config, {
      redirect_uri: app.redirectUri,
      scope: 'openid',
      state: 's',
    });
    const refused = await h.browser().send('GET', pathOf(missing));
    expect(new URL(refused.headers.location as string).searchParams.get('error')).toBe('invalid_request');
    const plain = oidc.buildAuthorizationUrl(app.config, {
      redirect_uri: app.redirectUri,
      scope: 'openid',
      code_challenge: 'a'.repeat(43),
      code_challenge_method: 'plain',
    });
    const plainRefused = await h.browser().send('GET', pathOf(plain));
    expect(new URL(plainRefused.headers.location as string).searchParams.get('error')).toBe('invalid_request');
  });

  it('refuses a replayed authorization code and ends the tokens it gave', async () => {
    const app = await registerApp(h, org);
    const { callback, request } = await codeFor(h.browser(), app);
    const tokens = await oidc.authorizationCodeGrant(app.config, callback, {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
    });
    await expect(
      oidc.authorizationCodeGrant(app.config, callback, {
        pkceCodeVerifier: request.verifier,
        expectedState: request.state,
      }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
    expect((await oidc.tokenIntrospection(app.config, tokens.access_token)).active).toBe(false);
    await expect(oidc.refreshTokenGrant(app.config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('lets only one of two racing exchanges of a code, or of a refresh token, succeed', async () => {
    const app = await registerApp(h, org);
    const { callback, request } = await codeFor(h.browser(), app);
    const exchange = () =>
      oidc.authorizationCodeGrant(app.config, callback, {
        pkceCodeVerifier: request.verifier,
        expectedState: request.state,
      });
    const codes = await Promise.allSettled([exchange(), exchange(), exchange()]);
    expect(codes.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    // The losers were replays: the grant ended, so the winner's tokens are dead too.
    const winner = (
      codes.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<Awaited<ReturnType<typeof exchange>>>
    ).value;
    expect((await oidc.tokenIntrospection(app.config, winner.access_token)).active).toBe(false);

    const second = await codeFor(h.browser(), app);
    const tokens = await oidc.authorizationCodeGrant(app.config, second.callback, {
      pkceCodeVerifier: second.request.verifier,
      expectedState: second.request.state,
    });
    const refreshes = await Promise.allSettled(
      [1, 2, 3].map(() => oidc.refreshTokenGrant(app.config, tokens.refresh_token!)),
    );
    expect(refreshes.filter((r) => r.status === 'fulfilled').length).toBeLessThanOrEqual(1);
    expect(
      refreshes
        .filter((r) => r.status === 'rejected')
        .every((r) => (r as PromiseRejectedResult).reason.error === 'invalid_grant'),
    ).toBe(true);
  });

  it('refuses a code after 60 seconds', async () => {
    const app = await registerApp(h, org);
    const { callback, request } = await codeFor(h.browser(), app);
    h.advance(61_000);
    await expect(
      oidc.authorizationCodeGrant(app.config, callback, {
        pkceCodeVerifier: request.verifier,
        expectedState: request.state,
      }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a wrong client secret, and the code of another app', async () => {
    const app = await registerApp(h, org);
    const { callback, request } = await codeFor(h.browser(), app);
    const wrong = await oidc.discovery(
      new URL(`${h.origin}/o/acme`),
      app.clientId,
      undefined,
      oidc.ClientSecretBasic('not-the-secret'),
      { execute: [oidc.allowInsecureRequests] },
    );
    await expect(
      oidc.authorizationCodeGrant(wrong, callback, {
        pkceCodeVerifier: request.verifier,
        expectedState: request.state,
      }),
    ).rejects.toMatchObject({
      status: 401,
      cause: [expect.objectContaining({ parameters: expect.objectContaining({ error: 'invalid_client' }) })],
    });
    const other = await registerApp(h, org);
    await expect(
      oidc.authorizationCodeGrant(other.config, callback, {
        pkceCodeVerifier: request.verifier,
        expectedState: request.state,
      }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it("tells an app nothing about another app's tokens", async () => {
    const app = await registerApp(h, org);
    const { callback, request } = await codeFor(h.browser(), app);
    const tokens = await oidc.authorizationCodeGrant(app.config, callback, {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
    });
    const other = await registerApp(h, org);
    expect((await oidc.tokenIntrospection(other.config, tokens.access_token)).active).toBe(false);
    expect((await oidc.tokenIntrospection(app.config, tokens.access_token)).active).toBe(true);
  });

  it('answers login_required to prompt=none without a session', async () => {
    const app = await registerApp(h, org);
    const request = await authorizationRequest(app, { prompt: 'none' });
    const response = await h.browser().send('GET', pathOf(request.url));
    expect(new URL(response.headers.location as string).searchParams.get('error')).toBe('login_required');
  });

  // OpenID Connect Core 3.1.2.6: an app asking silently learns what it must ask the member for.
  it('answers prompt=none with what is missing: a sign-in once signed out, consent a third party lacks', async () => {
    const app = await registerApp(h, org);
    const browser = h.browser();
    await codeFor(browser, app);
    const silently = async (asking: TestApp) => {
      const request = await authorizationRequest(asking, { prompt: 'none' });
      const answer = await browser.send('GET', pathOf(request.url));
      return new URL(answer.headers.location as string).searchParams;
    };
    expect((await silently(app)).get('code')).toBeTruthy();
    const partner = await registerApp(h, org, { firstParty: false });
    expect((await silently(partner)).get('error')).toBe('consent_required');
    // An app not allowed learns nothing of how the member signed in (a password here, not a passkey).
    const partnerAsking = async (extra: Record<string, string>) => {
      const request = await authorizationRequest(partner, { prompt: 'none', ...extra });
      const answer = await browser.send('GET', pathOf(request.url));
      return new URL(answer.headers.location as string).searchParams.get('error');
    };
    expect(await partnerAsking({ acr_values: 'phr' })).toBe('consent_required');
    expect(await partnerAsking({ max_age: '3600' })).toBe('consent_required');
    await browser.post('/api/o/acme/sign-out');
    expect((await silently(app)).get('error')).toBe('login_required');
    expect((await silently(partner)).get('error')).toBe('login_required');
  });

  it('refuses a tampered or foreign-signed ID token hint at sign-out', async () => {
    const app = await registerApp(h, org);
    const browser = h.browser();
    const { callback, request } = await codeFor(browser, app);
    const tokens = await oidc.authorizationCodeGrant(app.config, callback, {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
    });
    const [header, payload, signature] = tokens.id_token!.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const tampered = [
      header,
      Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url'),
      signature,
    ].join('.');
    const other = await h.org('globex', 'Globex');
    await h.user({ org: other, username: 'ada', password: PASSWORD });
    const foreignApp = await registerApp(h, other);
    const foreign = await codeFor(browser, foreignApp, 'globex');
    const foreignTokens = await oidc.authorizationCodeGrant(foreignApp.config, foreign.callback, {
      pkceCodeVerifier: foreign.request.verifier,
      expectedState: foreign.request.state,
    });
    for (const hint of [tampered, foreignTokens.id_token!]) {
      const url = oidc.buildEndSessionUrl(app.config, {
        id_token_hint: hint,
        post_logout_redirect_uri: 'https://app.example/signed-out',
      });
      const response = await browser.send('GET', pathOf(url));
      expect(response.statusCode).toBe(400);
      expect(response.headers.location).toBeUndefined();
    }
  });
});
