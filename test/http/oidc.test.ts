import * as oidc from 'openid-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Organisation } from '../../src/orgs/organisations.js';
import { DIALECTS } from '../support/databases.js';
import type { Harness } from '../support/harness.js';
import { authorizationRequest, follow, interactionOf, listeningHarness, registerApp } from '../support/oidc.js';

describe.each(DIALECTS)('OpenID Connect on %s', (dialect) => {
  let h: Harness & { origin: string };
  let org: Organisation;

  beforeEach(async () => {
    h = await listeningHarness(dialect);
    org = await h.org('acme');
  });
  afterEach(() => h.close());

  it('signs a member in with a password and hands the app honest tokens', async () => {
    const user = await h.user({ org, username: 'ada', email: 'ada@acme.example', displayName: 'Ada', password: 'correct horse battery' });
    const app = await registerApp(h, org);
    const browser = h.browser();
    const request = await authorizationRequest(app);
    const page = await follow(browser, h.origin, request.url.href);
    expect(page.location).toContain(`/o/acme/sign-in?interaction=`);
    const uid = interactionOf(page.location);
    const details = await browser.get(`/api/o/acme/oidc/interaction/${uid}/details`);
    expect(details.body).toMatchObject({ app: { name: 'Field App' }, need: 'sign-in' });

    expect((await browser.signInWithPassword('acme', 'ada', 'correct horse battery')).status).toBe(200);
    const next = await browser.post(`/api/o/acme/oidc/interaction/${uid}/continue`);
    expect(next.status).toBe(200);
    const back = await follow(browser, h.origin, next.body.location);
    expect(back.location.startsWith(app.redirectUri)).toBe(true);

    const tokens = await oidc.authorizationCodeGrant(app.config, new URL(back.location), { pkceCodeVerifier: request.verifier, expectedState: request.state });
    const claims = tokens.claims()!;
    expect(claims.sub).toBe(user.id);
    expect(claims.amr).toEqual(['pwd']);
    expect(claims.acr).toBe('basic');
    const info = await oidc.fetchUserInfo(app.config, tokens.access_token, user.id);
    expect(info).toMatchObject({ sub: user.id, preferred_username: 'ada', name: 'Ada', email: 'ada@acme.example' });
    expect(info.email_verified).toBeUndefined();

    const refreshed = await oidc.refreshTokenGrant(app.config, tokens.refresh_token!);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    await expect(oidc.refreshTokenGrant(app.config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });
});
