import * as oidc from 'openid-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, updateApp } from '../../src/oidc/clients.js';
import type { Organisation } from '../../src/orgs/organisations.js';
import { updatePasskeyPolicy } from '../../src/policy/update-policy.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { Browser } from '../support/harness.js';
import {
  allowOnPage,
  authorizationRequest,
  follow,
  interactionOf,
  listeningHarness,
  logoutClaims,
  logoutReceiver,
  registerApp,
  type TestApp,
} from '../support/oidc.js';

const PASSWORD = 'correct horse battery';

describe.each(DIALECTS)('OpenID Connect on %s', (dialect) => {
  let h: Awaited<ReturnType<typeof listeningHarness>>;
  let org: Organisation;
  let user: User;

  beforeEach(async () => {
    h = await listeningHarness(dialect);
    org = await h.org('acme');
    user = await h.user({ org, username: 'ada', email: 'ada@acme.example', displayName: 'Ada', password: PASSWORD });
  });
  afterEach(() => h.close());

  /** Runs an app's request in this browser; `signIn` runs on the sign-in page when it shows. */
  async function authorize(
    browser: Browser,
    app: TestApp,
    extra: Record<string, string> = {},
    signIn?: (uid: string) => Promise<void>,
  ) {
    const request = await authorizationRequest(app, extra);
    let landed = await follow(browser, h.origin, request.url.href);
    if (landed.location.includes('/sign-in?interaction=')) {
      const uid = interactionOf(landed.location);
      if (!signIn) return { page: landed.location, uid, request };
      await signIn(uid);
      const next = await browser.post(`/api/o/acme/oidc/interaction/${uid}/continue`);
      if (!next.body.location) return { page: landed.location, uid, request, need: next.body.need as string };
      landed = await follow(browser, h.origin, next.body.location);
    }
    expect(landed.location.startsWith(app.redirectUri)).toBe(true);
    const tokens = await oidc.authorizationCodeGrant(app.config, new URL(landed.location), {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
    });
    return { tokens, callback: landed.location };
  }
  const withPassword = (browser: Browser) => async () =>
    void expect((await browser.signInWithPassword('acme', 'ada', PASSWORD)).status).toBe(200);
  const withPasskey = (browser: Browser) => async () =>
    void expect((await browser.signInWithPasskey('acme', 'ada')).status).toBe(200);

  async function browserWithPasskey() {
    const browser = h.browser();
    await browser.signInWithPassword('acme', 'ada', PASSWORD);
    expect((await browser.addPasskey('acme')).status).toBe(200);
    return browser;
  }

  it('signs a member in by password; the app gets honest tokens, userinfo and rotating refresh tokens', async () => {
    const app = await registerApp(h, org);
    const browser = h.browser();
    const started = await authorize(browser, app);
    const details = await browser.get(`/api/o/acme/oidc/interaction/${started.uid}/details`);
    expect(details.body).toEqual({
      app: { name: 'Field App' },
      need: 'sign-in',
      scopes: ['openid', 'profile', 'email'],
      account: null,
      loginHint: null,
      accountRef: null,
    });
    await withPassword(browser)();
    const next = await browser.post(`/api/o/acme/oidc/interaction/${started.uid}/continue`);
    const back = await follow(browser, h.origin, next.body.location);
    const tokens = await oidc.authorizationCodeGrant(app.config, new URL(back.location), {
      pkceCodeVerifier: started.request!.verifier,
      expectedState: started.request!.state,
    });

    const claims = tokens.claims()!;
    expect(claims).toMatchObject({ sub: user.id, amr: ['pwd'], acr: 'basic', iss: `${h.origin}/o/acme` });
    const info = await oidc.fetchUserInfo(app.config, tokens.access_token, user.id);
    expect(info).toMatchObject({ sub: user.id, preferred_username: 'ada', name: 'Ada', email: 'ada@acme.example' });
    expect(info.email_verified).toBeUndefined();

    const refreshed = await oidc.refreshTokenGrant(app.config, tokens.refresh_token!);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect((await oidc.tokenIntrospection(app.config, refreshed.access_token)).active).toBe(true);
    await oidc.tokenRevocation(app.config, refreshed.access_token);
    expect((await oidc.tokenIntrospection(app.config, refreshed.access_token)).active).toBe(false);
    // A rotated refresh token used again is a replay: refused, and the grant it belonged to ends.
    await expect(oidc.refreshTokenGrant(app.config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    await expect(oidc.refreshTokenGrant(app.config, refreshed.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('serves every endpoint discovery names, pushed authorization requests included', async () => {
    const app = await registerApp(h, org);
    const metadata = app.config.serverMetadata();
    expect(metadata.pushed_authorization_request_endpoint).toBe(`${h.origin}/o/acme/oidc/request`);
    const verifier = oidc.randomPKCECodeVerifier();
    const url = await oidc.buildAuthorizationUrlWithPAR(app.config, {
      redirect_uri: app.redirectUri,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: 's',
    });
    const browser = h.browser();
    const landed = await follow(browser, h.origin, url.href);
    expect(landed.location).toContain('/o/acme/sign-in?interaction=');
    await withPassword(browser)();
    const next = await browser.post(`/api/o/acme/oidc/interaction/${interactionOf(landed.location)}/continue`);
    const back = await follow(browser, h.origin, next.body.location);
    const tokens = await oidc.authorizationCodeGrant(app.config, new URL(back.location), {
      pkceCodeVerifier: verifier,
      expectedState: 's',
    });
    expect(tokens.claims()).toMatchObject({ sub: user.id, amr: ['pwd'] });
  });

  it('signs in a public app that has both a web and a native (private-use scheme) redirect URI', async () => {
    const { app } = await createApp(h.deps, {
      orgId: org.id,
      name: 'Field App',
      public: true,
      redirectUris: ['https://app.example/callback', 'com.example.field:/callback'],
      firstParty: true,
      actor: null,
    });
    const config = await oidc.discovery(new URL(`${h.origin}/o/acme`), app.id, undefined, oidc.None(), {
      execute: [oidc.allowInsecureRequests],
    });
    const browser = h.browser();
    await withPassword(browser)();
    for (const redirectUri of ['com.example.field:/callback', 'https://app.example/callback']) {
      const { url, verifier, state } = await authorizationRequest({
        clientId: app.id,
        clientSecret: null,
        config,
        redirectUri,
      });
      let back = await follow(browser, h.origin, url.href);
      // The private-use redirect may be any program's on the device: the signed-in member says it is theirs first
      // (test/http/oidc-native.test.ts); the https one goes straight back.
      if (redirectUri.startsWith('com.')) {
        const uid = interactionOf(back.location);
        expect((await browser.get(`/api/o/acme/oidc/interaction/${uid}/details`)).body.need).toBe('confirm');
        const allowed = await allowOnPage(browser, 'acme', uid);
        back = await follow(browser, h.origin, allowed.body.location);
      }
      expect(back.location.startsWith(`${redirectUri}?code=`)).toBe(true);
      const tokens = await oidc.authorizationCodeGrant(config, new URL(back.location), {
        pkceCodeVerifier: verifier,
        expectedState: state,
      });
      expect(tokens.claims()).toMatchObject({ sub: user.id });
    }
  });

  it('marks a user-verified passkey (amr pop, user, mfa; acr phr); a signed-in member goes straight back', async () => {
    const app = await registerApp(h, org);
    const browser = await browserWithPasskey();
    await browser.post('/api/o/acme/sign-out');
    const first = await authorize(browser, app, {}, withPasskey(browser));
    expect(first.tokens!.claims()).toMatchObject({ amr: ['pop', 'user', 'mfa'], acr: 'phr' });
    // Signed in to Latchkey in this browser: no page at all, straight back with a code.
    const again = await authorize(browser, app);
    expect(again.tokens!.claims()).toMatchObject({ sub: user.id, acr: 'phr' });
  });

  it('refuses a password for acr_values=phr, and accepts the passkey', async () => {
    const app = await registerApp(h, org);
    const browser = await browserWithPasskey();
    const asked = await authorize(browser, app, { acr_values: 'phr' }, withPassword(browser));
    expect(asked.need).toBe('passkey');
    expect((await browser.get(`/api/o/acme/oidc/interaction/${asked.uid}/details`)).body.need).toBe('passkey');
    await withPasskey(browser)();
    const next = await browser.post(`/api/o/acme/oidc/interaction/${asked.uid}/continue`);
    const back = await follow(browser, h.origin, next.body.location);
    const tokens = await oidc.authorizationCodeGrant(app.config, new URL(back.location), {
      pkceCodeVerifier: asked.request!.verifier,
      expectedState: asked.request!.state,
    });
    expect(tokens.claims()).toMatchObject({ acr: 'phr', amr: ['pop', 'user', 'mfa'] });
  });

  it('asks for a fresh sign-in with prompt=login and max_age, even with a session', async () => {
    const app = await registerApp(h, org);
    const browser = h.browser();
    await authorize(browser, app, {}, withPassword(browser));
    const forced = await authorize(browser, app, { prompt: 'login' });
    expect((await browser.get(`/api/o/acme/oidc/interaction/${forced.uid}/details`)).body.need).toBe('fresh-sign-in');
    expect((await browser.post(`/api/o/acme/oidc/interaction/${forced.uid}/continue`)).body.need).toBe('fresh-sign-in');
    h.advance(1000);
    await withPassword(browser)();
    const next = await browser.post(`/api/o/acme/oidc/interaction/${forced.uid}/continue`);
    expect(next.body.location).toBeDefined();

    h.advance(120_000);
    const aged = await authorize(browser, app, { max_age: '60' });
    expect((await browser.get(`/api/o/acme/oidc/interaction/${aged.uid}/details`)).body.need).toBe('fresh-sign-in');
  });

  it('holds the app until the member creates a passkey when the organisation forces passkey setup', async () => {
    await updatePasskeyPolicy(h.deps, {
      org,
      changes: { passkeysMandatory: true },
      actor: { actorId: null, via: 'admin' },
    });
    const app = await registerApp(h, org);
    const browser = h.browser();
    const asked = await authorize(browser, app, {}, withPassword(browser));
    expect(asked.need).toBe('passkey-setup');
    expect((await browser.addPasskey('acme')).status).toBe(200);
    const next = await browser.post(`/api/o/acme/oidc/interaction/${asked.uid}/continue`);
    const back = await follow(browser, h.origin, next.body.location);
    const tokens = await oidc.authorizationCodeGrant(app.config, new URL(back.location), {
      pkceCodeVerifier: asked.request!.verifier,
      expectedState: asked.request!.state,
    });
    // Honest: this sign-in was a password; the passkey made afterwards signs the next one in.
    expect(tokens.claims()).toMatchObject({ amr: ['pwd'], acr: 'basic' });
  });

  it('asks members to allow a third-party app, remembers it; a member can remove its access', async () => {
    const app = await registerApp(h, org, { firstParty: false });
    const browser = h.browser();
    const asked = await authorize(browser, app, {}, withPassword(browser));
    expect(asked.need).toBe('consent');
    // The consent screen names the account, and lists only what the member has (Ada has an email address).
    expect((await browser.get(`/api/o/acme/oidc/interaction/${asked.uid}/details`)).body).toMatchObject({
      account: { displayName: 'Ada', username: 'ada' },
      scopes: ['openid', 'profile', 'email'],
    });
    const allowed = await allowOnPage(browser, 'acme', asked.uid!);
    const back = await follow(browser, h.origin, allowed.body.location);
    const tokens = await oidc.authorizationCodeGrant(app.config, new URL(back.location), {
      pkceCodeVerifier: asked.request!.verifier,
      expectedState: asked.request!.state,
    });
    // Remembered: the next request goes straight back.
    await authorize(browser, app);
    const apps = await browser.get('/api/o/acme/me/apps');
    expect(apps.body.apps).toEqual([
      expect.objectContaining({ clientId: app.clientId, name: 'Field App', scopes: ['openid', 'profile', 'email'] }),
    ]);
    expect((await browser.delete(`/api/o/acme/me/apps/${app.clientId}`)).status).toBe(200);
    await expect(oidc.refreshTokenGrant(app.config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    const again = await authorize(browser, app);
    expect((await browser.get(`/api/o/acme/oidc/interaction/${again.uid}/details`)).body.need).toBe('consent');
    const cancelled = await browser.post(`/api/o/acme/oidc/interaction/${again.uid}/consent`, { allow: false });
    const refused = await follow(browser, h.origin, cancelled.body.location);
    expect(Object.fromEntries(new URL(refused.location).searchParams)).toMatchObject({
      error: 'access_denied',
      error_description: 'The member did not allow the app.',
    });
  });

  it('never promises an app the email address of a member who has none', async () => {
    await h.user({ org, username: 'bob', password: PASSWORD });
    const app = await registerApp(h, org, { firstParty: false });
    const browser = h.browser();
    const asked = await authorize(browser, app, {}, async () => {
      expect((await browser.signInWithPassword('acme', 'bob', PASSWORD)).status).toBe(200);
    });
    expect((await browser.get(`/api/o/acme/oidc/interaction/${asked.uid}/details`)).body).toMatchObject({
      need: 'consent',
      account: { username: 'bob' },
      scopes: ['openid', 'profile'],
    });
  });

  it("asks for consent once an app is no longer the organisation's own, and whenever the app asks again", async () => {
    const app = await registerApp(h, org);
    const browser = h.browser();
    await authorize(browser, app, {}, withPassword(browser));
    // Signed in to it as the organisation's own app, without being asked; then the admin makes it third-party.
    await updateApp(h.deps, {
      orgId: org.id,
      clientId: app.clientId,
      settings: { name: 'Field App', redirectUris: [app.redirectUri], firstParty: false },
      actor: { actorId: user.id, context: { ip: null, userAgent: null } },
    });
    const asked = await authorize(browser, app, {}, async () => {});
    expect(asked.need).toBe('consent');
    const allowed = await allowOnPage(browser, 'acme', asked.uid!);
    expect((await follow(browser, h.origin, allowed.body.location)).location.startsWith(app.redirectUri)).toBe(true);
    expect((await authorize(browser, app)).tokens).toBeDefined();
    // prompt=consent: the remembered consent is asked again.
    const again = await authorize(browser, app, { prompt: 'consent' }, async () => {});
    expect(again.need).toBe('consent');
  });

  it('ends app tokens on sign out everywhere and tells apps by back-channel logout', async () => {
    const receiver = await logoutReceiver();
    try {
      const app = await registerApp(h, org, { backchannelLogoutUri: receiver.uri });
      const browser = h.browser();
      const { tokens } = await authorize(browser, app, {}, withPassword(browser));
      expect((await browser.post('/api/o/acme/me/sessions/revoke-others')).status).toBe(200);
      // Another session of the same member (another device), then sign out everywhere from it.
      const other = h.browser();
      await other.signInWithPassword('acme', 'ada', PASSWORD);
      expect((await other.post('/api/o/acme/me/sessions/revoke-others')).body.revoked).toBe(1);
      await expect(oidc.refreshTokenGrant(app.config, tokens!.refresh_token!)).rejects.toMatchObject({
        error: 'invalid_grant',
      });
      await expect(oidc.fetchUserInfo(app.config, tokens!.access_token, user.id)).rejects.toBeDefined();
      expect((await oidc.tokenIntrospection(app.config, tokens!.access_token)).active).toBe(false);
      await expect.poll(() => receiver.received.length, { timeout: 5000 }).toBe(1);
      expect(logoutClaims(receiver.received[0]!)).toMatchObject({
        sub: user.id,
        aud: app.clientId,
        iss: `${h.origin}/o/acme`,
        events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
      });
    } finally {
      receiver.close();
    }
  });

  it('tells the app by back-channel logout when the member removes its access, and only that app', async () => {
    const receiver = await logoutReceiver();
    try {
      const app = await registerApp(h, org, { backchannelLogoutUri: receiver.uri });
      const other = await registerApp(h, org, { backchannelLogoutUri: receiver.uri });
      const browser = h.browser();
      const { tokens } = await authorize(browser, app, {}, withPassword(browser));
      await authorize(browser, other, {}, async () => {});
      expect((await browser.delete(`/api/o/acme/me/apps/${app.clientId}`)).status).toBe(200);
      await expect(oidc.refreshTokenGrant(app.config, tokens!.refresh_token!)).rejects.toMatchObject({
        error: 'invalid_grant',
      });
      await expect.poll(() => receiver.received.length, { timeout: 5000 }).toBe(1);
      expect(logoutClaims(receiver.received[0]!)).toMatchObject({ sub: user.id, aud: app.clientId });
      expect((await browser.get('/api/o/acme/me')).status).toBe(200);
    } finally {
      receiver.close();
    }
  });

  it('ends app tokens when an admin recovers the account or the member signs out', async () => {
    const app = await registerApp(h, org);
    const browser = h.browser();
    const { tokens } = await authorize(browser, app, {}, withPassword(browser));
    expect((await browser.post('/api/o/acme/sign-out')).status).toBe(200);
    await expect(oidc.refreshTokenGrant(app.config, tokens!.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('signs the member out of the organisation with RP-initiated logout, after they confirm', async () => {
    const app = await registerApp(h, org);
    const browser = h.browser();
    const { tokens } = await authorize(browser, app, {}, withPassword(browser));
    const endUrl = oidc.buildEndSessionUrl(app.config, {
      id_token_hint: tokens!.id_token!,
      post_logout_redirect_uri: 'https://app.example/signed-out',
    });
    const page = await browser.send('GET', endUrl.pathname + endUrl.search);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Field App asks to sign you out.');
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.body)![1]!;
    const action = /action="([^"]+)"/.exec(page.body)![1]!;
    const confirmed = await browser.send('POST', new URL(action).pathname, `xsrf=${xsrf}&logout=yes`, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(confirmed.statusCode).toBe(303);
    expect(confirmed.headers.location).toMatch(/^https:\/\/app\.example\/signed-out/);
    expect((await browser.get('/api/o/acme/me')).status).toBe(401);
    await expect(oidc.refreshTokenGrant(app.config, tokens!.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });
});

describe.each(DIALECTS)('OpenID Connect across instances on %s', (dialect) => {
  it('finishes on one instance what another started, and keeps no expired state', async () => {
    const h = await listeningHarness(dialect);
    try {
      const org = await h.org('acme');
      await h.user({ org, username: 'ada', password: PASSWORD });
      const app = await registerApp(h, org);
      const second = await h.secondInstance();
      const a = h.browser();
      const request = await authorizationRequest(app);
      const page = await follow(a, h.origin, request.url.href);
      // The same browser, now load-balanced to the second instance.
      const b = new Browser(second, undefined, h.origin);
      for (const [name, value] of a.cookies) b.cookies.set(name, value);
      expect((await b.signInWithPassword('acme', 'ada', PASSWORD)).status).toBe(200);
      const next = await b.post(`/api/o/acme/oidc/interaction/${interactionOf(page.location)}/continue`);
      const resumed = await b.send('GET', new URL(next.body.location).pathname);
      const callback = new URL(resumed.headers.location as string);
      expect(callback.href.startsWith(app.redirectUri)).toBe(true);
      // The code is redeemed at the first instance (the one listening).
      const tokens = await oidc.authorizationCodeGrant(app.config, callback, {
        pkceCodeVerifier: request.verifier,
        expectedState: request.state,
      });
      expect(tokens.claims()!.amr).toEqual(['pwd']);

      h.advance(24 * 60 * 60 * 1000);
      await authorizationRequest(app).then((r) => follow(a, h.origin, r.url.href));
      const expired = await h.deps.db
        .selectFrom('oidc_models')
        .select('model')
        .where('expires_at', '<=', h.deps.clock())
        .execute();
      expect(expired).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
