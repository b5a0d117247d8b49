/** Issue #14: disabling or deleting a member ends their apps' grants and tokens, and tells the apps that asked. */
import { createServer } from 'node:http';
import * as oidc from 'openid-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Organisation } from '../../src/orgs/organisations.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { freePort } from '../support/free-port.js';
import type { Browser } from '../support/harness.js';
import {
  authorizationRequest,
  follow,
  listeningHarness,
  registerApp,
  signInToApp,
  type TestApp,
} from '../support/oidc.js';

const PASSWORD = 'correct horse battery';

describe.each(DIALECTS)("a disabled or deleted member's app tokens (%s)", (dialect) => {
  let h: Awaited<ReturnType<typeof listeningHarness>>;
  let org: Organisation;
  let bob: User;
  let admin: Browser;

  beforeEach(async () => {
    h = await listeningHarness(dialect);
    org = await h.org('acme');
    const ada = await h.user({ org, username: 'ada', role: 'admin' });
    bob = await h.user({ org, username: 'bob', email: 'bob@acme.example', password: PASSWORD });
    ({ browser: admin } = await redeemSetupLink(h, org, ada));
  });
  afterEach(() => h.close());

  async function signedInToApp(app: TestApp) {
    const browser = h.browser();
    const { tokens, request } = await signInToApp(h, browser, app, () =>
      browser.signInWithPassword('acme', 'bob', PASSWORD),
    );
    return { browser, tokens, request };
  }

  async function expectDead(app: TestApp, tokens: oidc.TokenEndpointResponse) {
    await expect(oidc.refreshTokenGrant(app.config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    await expect(oidc.fetchUserInfo(app.config, tokens.access_token, bob.id)).rejects.toBeDefined();
    expect((await oidc.tokenIntrospection(app.config, tokens.access_token)).active).toBe(false);
    expect(
      await h.deps.db
        .selectFrom('oidc_models')
        .select('id')
        .where('account_id', '=', bob.id)
        .where('model', '=', 'Grant')
        .execute(),
    ).toEqual([]);
  }

  it("Disable account ends the app's tokens, sends back-channel logout, and refuses its next sign-in", async () => {
    const received: string[] = [];
    const port = await freePort();
    const listener = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push(new URLSearchParams(body).get('logout_token') ?? '');
        res.end();
      });
    }).listen(port);
    try {
      const app = await registerApp(h, org, { backchannelLogoutUri: `http://localhost:${port}/logout` });
      const { browser, tokens } = await signedInToApp(app);
      expect((await oidc.tokenIntrospection(app.config, tokens.access_token)).active).toBe(true);

      expect((await admin.post(`/api/o/acme/admin/users/${bob.id}/disable`)).status).toBe(200);
      await expectDead(app, tokens);
      for (let i = 0; i < 50 && received.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(received).toHaveLength(1);
      expect(JSON.parse(Buffer.from(received[0]!.split('.')[1]!, 'base64url').toString())).toMatchObject({
        sub: bob.id,
      });

      // The app sends the member back: the sign-in page, where the password is refused.
      const again = await authorizationRequest(app);
      const page = await follow(browser, h.origin, again.url.href);
      expect(page.location).toContain('/sign-in?interaction=');
      expect((await browser.signInWithPassword('acme', 'bob', PASSWORD)).body.error.code).toBe('ACCOUNT_DISABLED');
    } finally {
      listener.close();
    }
  });

  it('Delete user ends their app grants and tokens', async () => {
    const app = await registerApp(h, org);
    const { tokens } = await signedInToApp(app);
    expect((await admin.post(`/api/o/acme/admin/users/${bob.id}/delete`, { confirmUsername: 'bob' })).status).toBe(200);
    await expectDead(app, tokens);
  });
});
