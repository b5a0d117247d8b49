/**
 * "Disable app": an admin stops an app signing anyone in without deleting it (its client id and settings stay).
 * What it was issued ends at once, its requests are refused, and members are told why; enabled again, it signs
 * members in afresh.
 */
import * as oidc from 'openid-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Organisation } from '../../src/orgs/organisations.js';
import { REVERIFY_WINDOW_MS } from '../../src/sessions/sessions.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import type { Browser } from '../support/harness.js';
import {
  allowOnPage,
  authorizationRequest,
  follow,
  interactionOf,
  listeningHarness,
  registerApp,
  signInToApp,
  type TestApp,
} from '../support/oidc.js';

const PASSWORD = 'correct horse battery';
const APPS = '/api/o/acme/admin/apps';

describe.each(DIALECTS)('Disable app (%s)', (dialect) => {
  let h: Awaited<ReturnType<typeof listeningHarness>>;
  let org: Organisation;
  let bob: User;
  let admin: Browser;
  let app: TestApp;

  beforeEach(async () => {
    h = await listeningHarness(dialect);
    org = await h.org('acme');
    const ada = await h.user({ org, username: 'ada', role: 'admin' });
    bob = await h.user({ org, username: 'bob', password: PASSWORD });
    ({ browser: admin } = await redeemSetupLink(h, org, ada));
    app = await registerApp(h, org);
  });
  afterEach(() => h.close());

  const signedInToApp = async () => {
    const browser = h.browser();
    const { tokens } = await signInToApp(h, browser, app, () => browser.signInWithPassword('acme', 'bob', PASSWORD));
    return { browser, tokens };
  };
  const events = (type: string) =>
    h.deps.db.selectFrom('audit_events').select(['actor_id', 'details']).where('type', '=', type).execute();
  const issuedToApp = () =>
    h.deps.db.selectFrom('oidc_models').select(['model']).where('client_id', '=', app.clientId).execute();

  it("ends the app's tokens, refuses its requests, and shows members a page that says so", async () => {
    const { browser, tokens } = await signedInToApp();
    expect((await oidc.fetchUserInfo(app.config, tokens.access_token, bob.id)).sub).toBe(bob.id);

    const disabled = await admin.post(`${APPS}/${app.clientId}/disable`);
    expect(disabled.status).toBe(200);
    expect(disabled.body.app).toMatchObject({ clientId: app.clientId, disabledAt: h.deps.clock() });

    await expect(oidc.fetchUserInfo(app.config, tokens.access_token, bob.id)).rejects.toBeDefined();
    // The app's own secret no longer authenticates it: to the provider, it does not exist.
    await expect(oidc.refreshTokenGrant(app.config, tokens.refresh_token!)).rejects.toMatchObject({
      status: 401,
      cause: [expect.objectContaining({ parameters: expect.objectContaining({ error: 'invalid_client' }) })],
    });
    expect(await issuedToApp()).toEqual([]);
    // The member's browser, sent by the app: no redirect back to it, a page that says what happened.
    const request = await authorizationRequest(app);
    const page = await follow(browser, h.origin, request.url.href);
    expect(page.status).toBeGreaterThanOrEqual(400);
    expect(page.body).toContain('Your administrator has disabled this app');
    expect(page.location).toBe(request.url.href);

    const [event] = await events('app.disabled');
    expect(JSON.parse(event!.details)).toEqual({ clientId: app.clientId, name: 'Field App', endedGrants: 1 });
    expect((await admin.get(APPS)).body.apps[0]).toMatchObject({ name: 'Field App', disabledAt: h.deps.clock() });
  });

  it('enabled again, signs members in afresh; what it was issued before stays dead', async () => {
    const { tokens } = await signedInToApp();
    expect((await admin.post(`${APPS}/${app.clientId}/disable`)).status).toBe(200);
    // Again: nothing changes, nothing more is recorded.
    expect((await admin.post(`${APPS}/${app.clientId}/disable`)).status).toBe(200);
    expect(await events('app.disabled')).toHaveLength(1);

    const enabled = await admin.post(`${APPS}/${app.clientId}/enable`);
    expect([enabled.status, enabled.body.app.disabledAt]).toEqual([200, null]);
    await expect(oidc.refreshTokenGrant(app.config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    await expect(oidc.fetchUserInfo(app.config, tokens.access_token, bob.id)).rejects.toBeDefined();
    const again = await signedInToApp();
    expect((await oidc.fetchUserInfo(app.config, again.tokens.access_token, bob.id)).sub).toBe(bob.id);
    expect(JSON.parse((await events('app.enabled'))[0]!.details)).toEqual({
      clientId: app.clientId,
      name: 'Field App',
    });
  });

  it("keeps a member's consent: Settings › Apps says the app is disabled; enabled, it does not ask again", async () => {
    const thirdParty = await registerApp(h, org, { firstParty: false });
    const browser = h.browser();
    const askConsent = async () => {
      const page = await follow(browser, h.origin, (await authorizationRequest(thirdParty)).url.href);
      if (!page.location.includes('/sign-in?interaction=')) return { ...page, uid: '', need: undefined };
      const uid = interactionOf(page.location);
      const next = await browser.post(`/api/o/acme/oidc/interaction/${uid}/continue`);
      return { ...page, uid, need: next.body.need as string | undefined };
    };
    expect((await browser.signInWithPassword('acme', 'bob', PASSWORD)).status).toBe(200);
    const asked = await askConsent();
    expect(asked).toMatchObject({ need: 'consent' });
    expect((await allowOnPage(browser, 'acme', asked.uid)).status).toBe(200);

    expect((await admin.post(`${APPS}/${thirdParty.clientId}/disable`)).status).toBe(200);
    expect((await browser.get('/api/o/acme/me/apps')).body.apps).toEqual([
      expect.objectContaining({
        clientId: thirdParty.clientId,
        scopes: ['openid', 'profile', 'email'],
        disabled: true,
      }),
    ]);
    expect((await admin.post(`${APPS}/${thirdParty.clientId}/enable`)).status).toBe(200);
    expect((await browser.get('/api/o/acme/me/apps')).body.apps[0].disabled).toBe(false);
    // Straight back to the app: the consent was remembered.
    expect((await askConsent()).location.startsWith(thirdParty.redirectUri)).toBe(true);
  });

  it('tells a member whose sign-in page was open that the app is disabled (APP_DISABLED)', async () => {
    const browser = h.browser();
    const page = await follow(browser, h.origin, (await authorizationRequest(app)).url.href);
    const uid = interactionOf(page.location);
    expect((await browser.signInWithPassword('acme', 'bob', PASSWORD)).status).toBe(200);
    expect((await admin.post(`${APPS}/${app.clientId}/disable`)).status).toBe(200);

    for (const answer of [
      await browser.get(`/api/o/acme/oidc/interaction/${uid}/details`),
      await browser.post(`/api/o/acme/oidc/interaction/${uid}/continue`),
    ])
      expect([answer.status, answer.body.error?.code]).toEqual([403, 'APP_DISABLED']);
    expect(await issuedToApp()).toEqual([]);
  });

  it('needs an admin who confirmed minutes ago, and an app of their organisation; else changes nothing', async () => {
    const member = h.browser();
    expect((await member.signInWithPassword('acme', 'bob', PASSWORD)).status).toBe(200);
    const byMember = await member.post(`${APPS}/${app.clientId}/disable`);
    expect([byMember.status, byMember.body.error?.code]).toEqual([403, 'FORBIDDEN']);
    const unknown = await admin.post(`${APPS}/${'0'.repeat(32)}/disable`);
    expect([unknown.status, unknown.body.error?.code]).toEqual([404, 'APP_NOT_FOUND']);
    const other = await registerApp(h, await h.org('globex', 'Globex'));
    const elsewhere = await admin.post(`${APPS}/${other.clientId}/disable`);
    expect([elsewhere.status, elsewhere.body.error?.code]).toEqual([404, 'APP_NOT_FOUND']);

    h.advance(REVERIFY_WINDOW_MS + 1);
    const stale = await admin.post(`${APPS}/${app.clientId}/disable`);
    expect([stale.status, stale.body.error?.code]).toEqual([403, 'REVERIFY_REQUIRED']);
    expect((await admin.get(APPS)).body.apps[0].disabledAt).toBeNull();
    expect(await events('app.disabled')).toEqual([]);
  });
});
