import * as oidc from 'openid-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Organisation } from '../../src/orgs/organisations.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import type { Browser } from '../support/harness.js';
import {
  adaAndBob,
  allowOnPage,
  authorizationRequest,
  follow,
  interactionOf,
  listeningHarness,
  MEMBER_PASSWORD,
  redeemAt,
  registerApp,
  signInToApp,
  type TestApp,
} from '../support/oidc.js';

const PASSWORD = MEMBER_PASSWORD;

// What an app's prompt asks of the member, and nothing more: first-party apps are never asked to consent, and one
// fresh sign-in answers prompt=login whoever signs in.
describe.each(DIALECTS)('OpenID Connect prompts on %s', (dialect) => {
  let h: Awaited<ReturnType<typeof listeningHarness>>;
  let org: Organisation;
  let ada: User;
  let bob: User;

  beforeEach(async () => {
    h = await listeningHarness(dialect);
    ({ org, ada, bob } = await adaAndBob(h));
  });
  afterEach(() => h.close());

  const signIn = (browser: Browser, username: string) => async () =>
    void expect((await browser.signInWithPassword('acme', username, PASSWORD)).status).toBe(200);

  /**
   * The app's request in `browser`: on the sign-in page, `onPage` (a sign-in), then Continue, and Allow when the
   * member is asked to. Returns the app's tokens, or the page's need when it stops there.
   */
  async function authorize(
    browser: Browser,
    app: TestApp,
    extra: Record<string, string>,
    onPage: () => Promise<void> = async () => {},
  ) {
    const request = await authorizationRequest(app, extra);
    let landed = await follow(browser, h.origin, request.url.href);
    if (landed.location.includes('/sign-in?interaction=')) {
      const uid = interactionOf(landed.location);
      // The page asks what is needed when it opens (for prompt=login, that starts the clock a sign-in must beat).
      expect((await browser.get(`/api/o/acme/oidc/interaction/${uid}/details`)).status).toBe(200);
      h.advance(1);
      await onPage();
      let next = await browser.post(`/api/o/acme/oidc/interaction/${uid}/continue`);
      if (next.body.need === 'consent') next = await allowOnPage(browser, 'acme', uid);
      if (!next.body.location) return { need: next.body.need as string };
      landed = await follow(browser, h.origin, next.body.location);
    }
    const callback = new URL(landed.location);
    expect(callback.href.startsWith(app.redirectUri), callback.href).toBe(true);
    if (callback.searchParams.has('error')) return { error: callback.searchParams.get('error') };
    const tokens = await oidc.authorizationCodeGrant(app.config, callback, {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
    });
    return { tokens };
  }

  it("answers prompt=none with a code when the organisation's own app asks for more than it had", async () => {
    const app = await registerApp(h, org);
    const browser = h.browser();
    expect((await authorize(browser, app, { scope: 'openid' }, signIn(browser, 'ada'))).tokens).toBeDefined();
    const silent = await authorize(browser, app, { scope: 'openid profile email', prompt: 'none' });
    expect(silent.error).toBeUndefined();
    // The scopes' claims are the userinfo endpoint's (the ID token carries the sign-in's).
    const userinfo = await oidc.fetchUserInfo(app.config, silent.tokens!.access_token, silent.tokens!.claims()!.sub);
    expect(userinfo).toMatchObject({ email: 'ada@acme.example', name: 'Ada', preferred_username: 'ada' });
  });

  it('still asks a third-party app to get consent for what the member has not allowed', async () => {
    const app = await registerApp(h, org, { firstParty: false });
    const browser = h.browser();
    expect((await authorize(browser, app, { scope: 'openid' }, signIn(browser, 'ada'))).tokens).toBeDefined();
    const silent = await authorize(browser, app, { scope: 'openid profile', prompt: 'none' });
    expect(silent.error).toBe('consent_required');
  });

  for (const kind of ['own', 'third-party'])
    it(`answers prompt=login with one sign-in by another member (${kind} app)`, async () => {
      const app = await registerApp(h, org, { firstParty: kind === 'own' });
      const browser = h.browser();
      // Ada has used the app; Bob has too, in another browser, so only a third-party app asks him to allow it again.
      expect((await authorize(browser, app, {}, signIn(browser, 'ada'))).tokens).toBeDefined();
      const other = h.browser();
      expect((await authorize(other, app, {}, signIn(other, 'bob'))).tokens).toBeDefined();
      h.advance(1000);
      const asBob = await authorize(browser, app, { prompt: 'login' }, signIn(browser, 'bob'));
      expect(asBob.need ?? asBob.error).toBeUndefined();
      expect(asBob.tokens!.claims()).toMatchObject({ sub: bob.id });
      h.advance(1000);
      const asAda = await authorize(browser, app, { prompt: 'login' }, signIn(browser, 'ada'));
      expect(asAda.need ?? asAda.error).toBeUndefined();
      expect(asAda.tokens!.claims()).toMatchObject({ sub: ada.id });
    });

  it('answers prompt=login with one sign-in by a member who must first allow the app', async () => {
    const app = await registerApp(h, org, { firstParty: false });
    const browser = h.browser();
    expect((await authorize(browser, app, {}, signIn(browser, 'ada'))).tokens).toBeDefined();
    h.advance(1000);
    const asBob = await authorize(browser, app, { prompt: 'login' }, signIn(browser, 'bob'));
    expect(asBob.need ?? asBob.error).toBeUndefined();
    expect(asBob.tokens!.claims()).toMatchObject({ sub: bob.id });
  });

  it("passes the app's login_hint to the sign-in page, and only one that reads as a username or address", async () => {
    const app = await registerApp(h, org);
    const browser = h.browser();
    const hintOf = async (hint: string) => {
      const request = await authorizationRequest(app, { login_hint: hint });
      const page = await follow(browser, h.origin, request.url.href);
      const details = await browser.get(`/api/o/acme/oidc/interaction/${interactionOf(page.location)}/details`);
      return details.body.loginHint;
    };
    expect(await hintOf('ada@acme.example')).toBe('ada@acme.example');
    expect(await hintOf(' bob ')).toBe('bob');
    for (const hint of ['<img src=x>', 'ada\u202enimda', 'two words', 'x'.repeat(321)])
      expect(await hintOf(hint)).toBeNull();
  });

  it('tells an app the member went back to which step they did not take', async () => {
    const app = await registerApp(h, org);
    const browser = h.browser();
    const wentBack = async (extra: Record<string, string>, before: () => Promise<void> = async () => {}) => {
      const request = await authorizationRequest(app, extra);
      const page = await follow(browser, h.origin, request.url.href);
      await before();
      const back = await browser.post(`/api/o/acme/oidc/interaction/${interactionOf(page.location)}/cancel`);
      const callback = new URL((await follow(browser, h.origin, back.body.location)).location);
      return [callback.searchParams.get('error'), callback.searchParams.get('error_description')];
    };
    expect(await wentBack({})).toEqual(['access_denied', 'The member did not sign in.']);
    // Signed in with a password where the app asks for a passkey: not "did not sign in".
    expect(await wentBack({ acr_values: 'phr' }, signIn(browser, 'ada'))).toEqual([
      'access_denied',
      'The member did not sign in with a passkey.',
    ]);
    expect(await wentBack({ prompt: 'login' })).toEqual(['access_denied', 'The member did not sign in again.']);
  });

  /** Ada's consent page for `app` in a new browser; Bob signs in there (another tab); Ada's Allow is refused. */
  async function refusedStaleAllow(app: TestApp) {
    const browser = h.browser();
    const request = await authorizationRequest(app);
    const uid = interactionOf((await follow(browser, h.origin, request.url.href)).location);
    await signIn(browser, 'ada')();
    const asAda = (await browser.get(`/api/o/acme/oidc/interaction/${uid}/details`)).body;
    expect(asAda).toMatchObject({ need: 'consent', account: { username: 'ada' } });
    await signIn(browser, 'bob')();
    const stale = await browser.post(`/api/o/acme/oidc/interaction/${uid}/consent`, {
      allow: true,
      account: asAda.accountRef,
    });
    expect([stale.status, stale.body.error?.code]).toEqual([409, 'INTERACTION_ACCOUNT_CHANGED']);
    return { browser, request, uid, asAda };
  }

  it("refuses Ada's Allow once Bob, who allowed the app before, has signed in: the page did not name him", async () => {
    const app = await registerApp(h, org, { firstParty: false });
    const elsewhere = h.browser();
    expect((await authorize(elsewhere, app, {}, signIn(elsewhere, 'bob'))).tokens).toBeDefined();
    await refusedStaleAllow(app);
  });

  it("refuses an answer given on a page that named another account: a member's Allow is not another's", async () => {
    const app = await registerApp(h, org, { firstParty: false });
    const { browser, request, uid, asAda } = await refusedStaleAllow(app);
    expect(await h.deps.db.selectFrom('oidc_consents').select('user_id').execute()).toEqual([]);
    // The page shows Bob now; his own Allow is his.
    const asBob = (await browser.get(`/api/o/acme/oidc/interaction/${uid}/details`)).body;
    expect(asBob).toMatchObject({ need: 'consent', account: { username: 'bob' } });
    expect(asBob.accountRef).not.toBe(asAda.accountRef);
    const allowed = await allowOnPage(browser, 'acme', uid);
    const tokens = await redeemAt(h, browser, app, request, allowed.body.location);
    expect(tokens.claims()).toMatchObject({ sub: bob.id });
  });
});

describe.each(DIALECTS)('OpenID Connect prompt=select_account on %s', (dialect) => {
  let h: Awaited<ReturnType<typeof listeningHarness>>;
  let app: TestApp;
  let ada: User;
  let bob: User;

  beforeEach(async () => {
    h = await listeningHarness(dialect);
    const members = await adaAndBob(h);
    ({ ada, bob } = members);
    app = await registerApp(h, members.org);
  });
  afterEach(() => h.close());

  /** The app's request with prompt=select_account in `browser`, from a signed-in member's app session. */
  async function askWhichAccount(browser: Browser) {
    const request = await authorizationRequest(app, { prompt: 'select_account' });
    const page = await follow(browser, h.origin, request.url.href);
    expect(page.location).toContain('/sign-in?interaction=');
    const uid = interactionOf(page.location);
    const details = (await browser.get(`/api/o/acme/oidc/interaction/${uid}/details`)).body;
    h.advance(1);
    return { request, uid, details };
  }
  const tokensFrom = (browser: Browser, request: { verifier: string; state: string }, location: string) =>
    redeemAt(h, browser, app, request, location);
  const signedInToApp = async (username: string) => {
    const browser = h.browser();
    await signInToApp(h, browser, app, () => browser.signInWithPassword('acme', username, PASSWORD));
    return browser;
  };

  it('asks a signed-in member which account, even for an app they use; Continue as them returns', async () => {
    const browser = await signedInToApp('ada');
    const { request, uid, details } = await askWhichAccount(browser);
    expect(details).toMatchObject({ need: 'select-account', account: { username: 'ada', displayName: 'Ada' } });
    const chosen = await browser.post(`/api/o/acme/oidc/interaction/${uid}/consent`, {
      allow: true,
      account: details.accountRef,
    });
    expect(chosen.status).toBe(200);
    expect((await tokensFrom(browser, request, chosen.body.location)).claims()).toMatchObject({ sub: ada.id });
  });

  it('takes a sign-in on the page as the choice: another member, or the first sign-in in this browser', async () => {
    const browser = await signedInToApp('ada');
    const asBob = await askWhichAccount(browser);
    expect((await browser.signInWithPassword('acme', 'bob', PASSWORD)).status).toBe(200);
    const next = await browser.post(`/api/o/acme/oidc/interaction/${asBob.uid}/continue`);
    expect(next.body.need).toBeUndefined();
    expect((await tokensFrom(browser, asBob.request, next.body.location)).claims()).toMatchObject({ sub: bob.id });

    const fresh = h.browser();
    const first = await askWhichAccount(fresh);
    expect(first.details.need).toBe('sign-in');
    expect((await fresh.signInWithPassword('acme', 'ada', PASSWORD)).status).toBe(200);
    const back = await fresh.post(`/api/o/acme/oidc/interaction/${first.uid}/continue`);
    expect((await tokensFrom(fresh, first.request, back.body.location)).claims()).toMatchObject({ sub: ada.id });
  });

  it("refuses Continue as a member who is no longer this browser's; Cancel tells the app", async () => {
    const browser = await signedInToApp('ada');
    const { uid, details } = await askWhichAccount(browser);
    // Bob signs in in another tab: Ada's page still offers "Continue as Ada", which must not hand the app Bob.
    expect((await browser.signInWithPassword('acme', 'bob', PASSWORD)).status).toBe(200);
    const stale = await browser.post(`/api/o/acme/oidc/interaction/${uid}/consent`, {
      allow: true,
      account: details.accountRef,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('INTERACTION_ACCOUNT_CHANGED');

    const other = await askWhichAccount(browser);
    const back = await browser.post(`/api/o/acme/oidc/interaction/${other.uid}/consent`, { allow: false });
    const callback = new URL((await follow(browser, h.origin, back.body.location)).location);
    expect([callback.searchParams.get('error'), callback.searchParams.get('error_description')]).toEqual([
      'access_denied',
      'The member did not choose an account.',
    ]);
  });

  it('is refused with prompt=none, which never shows a page', async () => {
    const request = await authorizationRequest(app, { prompt: 'none select_account' });
    const landed = await follow(h.browser(), h.origin, request.url.href);
    expect(new URL(landed.location).searchParams.get('error')).toBe('invalid_request');
  });
});
