import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import type { Browser } from '../support/harness.js';
import {
  adaAndBob,
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

// An app that names the member it expects (id_token_hint: OpenID Connect Core 3.1.2.1) gets that member or an error,
// never whoever else is signed in to Latchkey in this browser.
describe.each(DIALECTS)('OpenID Connect id_token_hint on %s', (dialect) => {
  let h: Awaited<ReturnType<typeof listeningHarness>>;
  let app: TestApp;
  let ada: User;
  let browser: Browser;
  let adasIdToken: string;

  beforeEach(async () => {
    h = await listeningHarness(dialect);
    const members = await adaAndBob(h);
    ada = members.ada;
    app = await registerApp(h, members.org);
    browser = h.browser();
    const { tokens } = await signInToApp(h, browser, app, () => browser.signInWithPassword('acme', 'ada', PASSWORD));
    adasIdToken = tokens.id_token!;
    h.advance(1000);
  });
  afterEach(() => h.close());

  const askFor = async (extra: Record<string, string> = {}) => {
    const request = await authorizationRequest(app, { id_token_hint: adasIdToken, ...extra });
    return { request, landed: await follow(browser, h.origin, request.url.href) };
  };

  it("answers prompt=none for the member it names; login_required once another member's session is here", async () => {
    const silent = new URL((await askFor({ prompt: 'none' })).landed.location);
    expect(silent.searchParams.get('error')).toBeNull();
    expect(silent.searchParams.get('code')).toBeTruthy();
    expect((await browser.signInWithPassword('acme', 'bob', PASSWORD)).status).toBe(200);
    const refused = new URL((await askFor({ prompt: 'none' })).landed.location);
    expect(refused.searchParams.get('error')).toBe('login_required');
  });

  it("tells a browser not the named member's nothing of them; asks no account choice it cannot take", async () => {
    // Anyone holding the token (it travels in logout URLs and logs): the page names nobody.
    const elsewhere = h.browser();
    const request = await authorizationRequest(app, { id_token_hint: adasIdToken });
    const uid = interactionOf((await follow(elsewhere, h.origin, request.url.href)).location);
    const details = (await elsewhere.get(`/api/o/acme/oidc/interaction/${uid}/details`)).body;
    expect(details).toMatchObject({ need: 'sign-in', loginHint: null, account: null });
    // Bob here, the app asking for Ada and which account: "Continue as Bob" could never answer it.
    expect((await browser.signInWithPassword('acme', 'bob', PASSWORD)).status).toBe(200);
    const both = await askFor({ prompt: 'select_account' });
    const asked = await browser.get(`/api/o/acme/oidc/interaction/${interactionOf(both.landed.location)}/details`);
    expect(asked.body).toMatchObject({ need: 'fresh-sign-in', loginHint: 'ada' });
  });

  it("asks for the named member's sign-in, their username filled in; another member's does not answer it", async () => {
    expect((await browser.signInWithPassword('acme', 'bob', PASSWORD)).status).toBe(200);
    const { request, landed } = await askFor();
    const uid = interactionOf(landed.location);
    const details = (await browser.get(`/api/o/acme/oidc/interaction/${uid}/details`)).body;
    expect(details).toMatchObject({ need: 'fresh-sign-in', loginHint: 'ada', account: { username: 'bob' } });
    h.advance(1);
    expect((await browser.signInWithPassword('acme', 'bob', PASSWORD)).status).toBe(200);
    expect((await browser.post(`/api/o/acme/oidc/interaction/${uid}/continue`)).body.need).toBe('fresh-sign-in');
    expect((await browser.signInWithPassword('acme', 'ada', PASSWORD)).status).toBe(200);
    const next = await browser.post(`/api/o/acme/oidc/interaction/${uid}/continue`);
    expect((await redeemAt(h, browser, app, request, next.body.location)).claims()).toMatchObject({ sub: ada.id });
  });
});
