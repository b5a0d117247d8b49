import * as oidc from 'openid-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/oidc/clients.js';
import type { Organisation } from '../../src/orgs/organisations.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import {
  allowOnPage,
  authorizationRequest,
  follow,
  interactionOf,
  listeningHarness,
  registerApp,
  type TestApp,
} from '../support/oidc.js';

const PASSWORD = 'correct horse battery';
const LOOPBACK = 'http://127.0.0.1:49152/cb';

// A native (desktop or CLI) app: a public client, no secret, PKCE, and a loopback redirect (RFC 8252 §7.3).
describe.each(DIALECTS)('OpenID Connect for a native app on the loopback (%s)', (dialect) => {
  let h: Awaited<ReturnType<typeof listeningHarness>>;
  let org: Organisation;
  let user: User;

  beforeEach(async () => {
    h = await listeningHarness(dialect);
    org = await h.org('acme');
    user = await h.user({ org, username: 'ada', password: PASSWORD });
  });
  afterEach(() => h.close());

  /**
   * Sends the browser through the app's request, a password sign-in and the member's Continue (asked for every code
   * that leaves for the device, signed in on the page or not: see below); returns where it lands.
   */
  async function signIn(app: TestApp, extra: Record<string, string> = {}) {
    const browser = h.browser();
    const request = await authorizationRequest(app, extra);
    const page = await follow(browser, h.origin, request.url.href);
    expect(page.location).toContain('/sign-in?interaction=');
    const uid = interactionOf(page.location);
    expect((await browser.signInWithPassword('acme', 'ada', PASSWORD)).status).toBe(200);
    expect((await browser.post(`/api/o/acme/oidc/interaction/${uid}/continue`)).body).toEqual({ need: 'confirm' });
    const next = await allowOnPage(browser, 'acme', uid);
    return { landed: await follow(browser, h.origin, next.body.location), request };
  }

  it('signs a member in with PKCE and no client secret, and the app exchanges the code', async () => {
    const app = await registerApp(h, org, { public: true, redirectUri: LOOPBACK });
    expect(app.clientSecret).toBeNull();
    const { landed, request } = await signIn(app);
    expect(landed.location.startsWith(`${LOOPBACK}?`)).toBe(true);
    const tokens = await oidc.authorizationCodeGrant(app.config, new URL(landed.location), {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
    });
    expect(tokens.claims()).toMatchObject({ sub: user.id, aud: app.clientId, iss: `${h.origin}/o/acme` });
    expect((await oidc.fetchUserInfo(app.config, tokens.access_token, user.id)).sub).toBe(user.id);
    // The sub is random (UUID v4): unlike other row ids (v7), it does not tell the app when the account was made.
    expect(tokens.claims()!.sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("refuses a public app's request without PKCE", async () => {
    const app = await registerApp(h, org, { public: true, redirectUri: LOOPBACK });
    const url = oidc.buildAuthorizationUrl(app.config, { redirect_uri: LOOPBACK, scope: 'openid', state: 'x' });
    const answer = await follow(h.browser(), h.origin, url.href);
    expect(new URL(answer.location).searchParams.get('error')).toBe('invalid_request');
  });

  // RFC 8252 §7.3: the port of a loopback redirect may vary (a native app takes whatever port is free).
  // oidc-provider 8.8 allows that for clients it treats as native: Latchkey's public apps with a private-use
  // redirect URI or no https:// one (applicationType in src/oidc/clients.ts). The path and host must still match.
  it('accepts another port on the registered loopback redirect for a native app, and exchanges that code', async () => {
    const app = await registerApp(h, org, { public: true, redirectUri: LOOPBACK });
    const otherPort = 'http://127.0.0.1:50123/cb';
    const { landed, request } = await signIn(app, { redirect_uri: otherPort });
    expect(landed.location.startsWith(`${otherPort}?`)).toBe(true);
    const tokens = await oidc.authorizationCodeGrant(app.config, new URL(landed.location), {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
    });
    expect(tokens.claims()!.sub).toBe(user.id);
  });

  it('accepts another port on a registered http://localhost redirect as well (docs/apps.md)', async () => {
    const app = await registerApp(h, org, { public: true, redirectUri: 'http://localhost:49152/cb' });
    const otherPort = 'http://localhost:50123/cb';
    const { landed } = await signIn(app, { redirect_uri: otherPort });
    expect(landed.location.startsWith(`${otherPort}?`)).toBe(true);
  });

  // The Add app form's hint says the same: http:// on these three hosts only.
  it('registers http:// redirects on localhost, 127.0.0.1 and [::1] only, and says so when refusing one', async () => {
    const register = (redirectUri: string) =>
      createApp(h.deps, { orgId: org.id, name: 'Tool', public: true, redirectUris: [redirectUri], actor: null });
    for (const uri of ['http://localhost:8080/cb', 'http://127.0.0.1/cb', 'http://[::1]:8080/cb'])
      expect((await register(uri)).app.redirect_uris, uri).toBe(JSON.stringify([uri]));
    await expect(register('http://tool.example/cb')).rejects.toMatchObject({
      code: 'APP_INVALID',
      details: { field: 'redirectUris', rule: expect.stringContaining('http:// on localhost, 127.0.0.1 or [::1]') },
    });
  });

  it('refuses another path or host on the loopback, and another port for a confidential (web) app', async () => {
    const native = await registerApp(h, org, { public: true, redirectUri: LOOPBACK });
    const web = await registerApp(h, org, { public: false, redirectUri: LOOPBACK });
    for (const [app, redirect] of [
      [native, 'http://127.0.0.1:50123/other'],
      [native, 'http://localhost:49152/cb'],
      [web, 'http://127.0.0.1:50123/cb'],
    ] as const) {
      const request = await authorizationRequest(app, { redirect_uri: redirect });
      const answer = await follow(h.browser(), h.origin, request.url.href);
      // An unregistered redirect is never followed: the error is shown by Latchkey itself.
      expect(answer.status, redirect).toBe(400);
      expect(answer.location.startsWith(h.origin)).toBe(true);
      expect(answer.body).toContain('redirect_uri');
    }
  });

  // RFC 8252 §8.6: another program on the device can send this app's request, with a loopback redirect on a port of its
  // own, and redeem the code with its own PKCE verifier. A signed-in member is not signed in to it unasked.
  it('asks a signed-in member to confirm before a code leaves for the loopback; Cancel tells the app', async () => {
    const app = await registerApp(h, org, { public: true, redirectUri: LOOPBACK });
    const browser = h.browser();
    expect((await browser.signInWithPassword('acme', 'ada', PASSWORD)).status).toBe(200);
    h.advance(1000);
    const elsewhere = 'http://127.0.0.1:50999/cb';
    const asked = async () => {
      const request = await authorizationRequest(app, { redirect_uri: elsewhere });
      const page = await follow(browser, h.origin, request.url.href);
      expect(page.location).toContain('/sign-in?interaction=');
      const uid = interactionOf(page.location);
      expect((await browser.get(`/api/o/acme/oidc/interaction/${uid}/details`)).body).toMatchObject({
        need: 'confirm',
        account: { username: 'ada' },
      });
      // Continue (the page's own call) does not give the code away either: only the member's answer does.
      expect((await browser.post(`/api/o/acme/oidc/interaction/${uid}/continue`)).body).toEqual({ need: 'confirm' });
      return { uid, request };
    };
    const refused = await asked();
    const back = await browser.post(`/api/o/acme/oidc/interaction/${refused.uid}/consent`, { allow: false });
    const cancelled = new URL((await follow(browser, h.origin, back.body.location)).location);
    expect(cancelled.searchParams.get('error')).toBe('access_denied');
    expect(cancelled.searchParams.get('error_description')).toBe('The member did not continue to the app.');
    expect(cancelled.searchParams.has('code')).toBe(false);

    const confirmed = await asked();
    const next = await allowOnPage(browser, 'acme', confirmed.uid);
    const landed = new URL((await follow(browser, h.origin, next.body.location)).location);
    expect(landed.href.startsWith(`${elsewhere}?`)).toBe(true);
    const tokens = await oidc.authorizationCodeGrant(app.config, landed, {
      pkceCodeVerifier: confirmed.request.verifier,
      expectedState: confirmed.request.state,
    });
    expect(tokens.claims()).toMatchObject({ sub: user.id });
  });

  // A browser app that registered a loopback redirect for development beside its https one is not "native" to the
  // provider, which would otherwise answer it with no page once the member has used it (review of this session).
  it('asks too for a public app with an https and a loopback redirect, even with prompt=none or a grant', async () => {
    const { app: created } = await createApp(h.deps, {
      orgId: org.id,
      name: 'Field App',
      public: true,
      redirectUris: ['https://app.example/callback', LOOPBACK],
      firstParty: true,
      actor: null,
    });
    const config = await oidc.discovery(new URL(`${h.origin}/o/acme`), created.id, undefined, oidc.None(), {
      execute: [oidc.allowInsecureRequests],
    });
    const spa: TestApp = {
      clientId: created.id,
      clientSecret: null,
      config,
      redirectUri: 'https://app.example/callback',
    };
    const browser = h.browser();
    expect((await browser.signInWithPassword('acme', 'ada', PASSWORD)).status).toBe(200);
    // Signed in to the app at its https redirect: a code with no page, as before.
    const first = await authorizationRequest(spa);
    expect((await follow(browser, h.origin, first.url.href)).location).toMatch(
      /^https:\/\/app\.example\/callback\?code=/,
    );
    for (const extra of [{}, { prompt: 'none' }] as Array<Record<string, string>>) {
      const request = await authorizationRequest(spa, { redirect_uri: LOOPBACK, ...extra });
      const landed = await follow(browser, h.origin, request.url.href);
      expect(landed.location, JSON.stringify(extra)).not.toContain('code=');
      if ('prompt' in extra) expect(new URL(landed.location).searchParams.get('error')).toBe('interaction_required');
      else expect(landed.location).toContain('/sign-in?interaction=');
    }
  });
});
