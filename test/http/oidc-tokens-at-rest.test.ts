import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as oidcTokensHashed from '../../src/db/migrations/0015_oidc_tokens_hashed.js';
import type { Organisation } from '../../src/orgs/organisations.js';
import { DIALECTS } from '../support/databases.js';
import { authorizationRequest, follow, interactionOf, listeningHarness, registerApp } from '../support/oidc.js';

const PASSWORD = 'correct horse battery';
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

// An app's tokens and codes are bearer credentials: a copy of the database (a backup, a dump) must hold none that
// works, as it holds no session token or client secret.
describe.each(DIALECTS)("apps' tokens at rest (%s)", (dialect) => {
  let h: Awaited<ReturnType<typeof listeningHarness>>;
  let org: Organisation;
  beforeEach(async () => {
    h = await listeningHarness(dialect);
    org = await h.org('acme');
    await h.user({ org, username: 'ada', email: 'ada@acme.example', displayName: 'Ada', password: PASSWORD });
  });
  afterEach(() => h.close());

  /** Signs Ada in to the app with her password; the code the app got and the tokens it exchanged it for. */
  async function signedInApp() {
    const app = await registerApp(h, org);
    const browser = h.browser();
    const request = await authorizationRequest(app);
    const uid = interactionOf((await follow(browser, h.origin, request.url.href)).location);
    expect((await browser.signInWithPassword('acme', 'ada', PASSWORD)).status).toBe(200);
    const next = await browser.post(`/api/o/acme/oidc/interaction/${uid}/continue`);
    const callback = new URL((await follow(browser, h.origin, next.body.location)).location);
    const tokens = await oidc.authorizationCodeGrant(app.config, callback, {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
    });
    return { app, code: callback.searchParams.get('code')!, tokens };
  }

  const storedRows = () => h.deps.db.selectFrom('oidc_models').selectAll().execute();

  it('keeps no token or code as it is, only its SHA-256; the tokens still work', async () => {
    const { app, code, tokens } = await signedInApp();
    const stored = JSON.stringify(await storedRows());
    for (const secret of [code, tokens.access_token, tokens.refresh_token!]) {
      expect(secret.length).toBeGreaterThan(20);
      expect(stored).not.toContain(secret);
      expect(stored).toContain(sha256(secret));
    }
    expect((await oidc.fetchUserInfo(app.config, tokens.access_token, tokens.claims()!.sub)).preferred_username).toBe(
      'ada',
    );
    const refreshed = await oidc.refreshTokenGrant(app.config, tokens.refresh_token!);
    expect(JSON.stringify(await storedRows())).not.toContain(refreshed.refresh_token!);
  });

  /** Rewrites the token's row as a release before 0015 kept it: the token as the row's id, and again in the payload. */
  async function keptAsBefore(token: string) {
    const row = await h.deps.db
      .selectFrom('oidc_models')
      .select('payload')
      .where('model', '=', 'RefreshToken')
      .where('id', '=', sha256(token))
      .executeTakeFirstOrThrow();
    await h.deps.db
      .updateTable('oidc_models')
      .set({ id: token, payload: JSON.stringify({ ...JSON.parse(row.payload), jti: token }) })
      .where('model', '=', 'RefreshToken')
      .where('id', '=', sha256(token))
      .execute();
  }

  it('a refresh token kept as it was before migration 0015 works after it, kept hashed', async () => {
    const { app, tokens } = await signedInApp();
    const token = tokens.refresh_token!;
    await keptAsBefore(token);
    await oidcTokensHashed.up(h.deps.db);
    expect(JSON.stringify(await storedRows())).not.toContain(token);
    const refreshed = await oidc.refreshTokenGrant(app.config, token);
    expect(refreshed.access_token).toBeTruthy();
  });

  it('one the previous release wrote during a rolling upgrade works, and is hashed from then on', async () => {
    const { app, tokens } = await signedInApp();
    const token = tokens.refresh_token!;
    await keptAsBefore(token);
    expect(JSON.stringify(await storedRows())).toContain(token);
    expect((await oidc.refreshTokenGrant(app.config, token)).access_token).toBeTruthy();
    expect(JSON.stringify(await storedRows())).not.toContain(token);
  });
});
