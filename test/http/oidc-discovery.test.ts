/**
 * Discovery says what the apps are sent: no session id (`sid`) in ID tokens or logout tokens
 * (docs/apps.md, "Logout"), so neither `sid` in claims_supported nor back-channel logout sessions.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Organisation } from '../../src/orgs/organisations.js';
import { DIALECTS } from '../support/databases.js';
import { listeningHarness, logoutClaims, logoutReceiver, registerApp, signInToApp } from '../support/oidc.js';

const PASSWORD = 'correct horse battery';

describe.each(DIALECTS)('OpenID Connect discovery on %s', (dialect) => {
  let h: Awaited<ReturnType<typeof listeningHarness>>;
  let org: Organisation;

  beforeEach(async () => {
    h = await listeningHarness(dialect);
    org = await h.org('acme');
    await h.user({ org, username: 'ada', password: PASSWORD });
  });
  afterEach(() => h.close());

  it('advertises the session id (sid) exactly when the ID token and the logout token carry one', async () => {
    const receiver = await logoutReceiver();
    try {
      const app = await registerApp(h, org, { backchannelLogoutUri: receiver.uri });
      const discovery = (await h.browser().get('/o/acme/.well-known/openid-configuration')).body as {
        claims_supported: string[];
        backchannel_logout_supported?: boolean;
        backchannel_logout_session_supported?: boolean;
      };
      const browser = h.browser();
      const { tokens } = await signInToApp(h, browser, app, () => browser.signInWithPassword('acme', 'ada', PASSWORD));
      expect((await browser.post('/api/o/acme/sign-out')).status).toBe(200);
      await expect.poll(() => receiver.received.length, { timeout: 5000 }).toBe(1);
      const idToken = tokens.claims()!;
      const logoutToken = logoutClaims(receiver.received[0]!);

      expect(discovery.backchannel_logout_supported).toBe(true);
      expect(logoutToken.events).toEqual({ 'http://schemas.openid.net/event/backchannel-logout': {} });
      // They agree: a session id is advertised if and only if it is sent.
      expect(discovery.claims_supported.includes('sid')).toBe('sid' in idToken);
      expect(discovery.backchannel_logout_session_supported === true).toBe('sid' in logoutToken);
      // And what is sent is what docs/apps.md says: the member (sub), no session id.
      expect(idToken).not.toHaveProperty('sid');
      expect(logoutToken).not.toHaveProperty('sid');
      expect(discovery.backchannel_logout_session_supported).toBe(false);
      // The claims an ID token or userinfo does carry are still listed.
      expect(discovery.claims_supported).toEqual(
        expect.arrayContaining(['sub', 'acr', 'amr', 'auth_time', 'name', 'preferred_username', 'email']),
      );
    } finally {
      receiver.close();
    }
  });
});
