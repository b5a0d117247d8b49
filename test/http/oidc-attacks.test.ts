/**
 * What a forged request, a careless or malicious admin, or a reused browser can make the provider do: a refused
 * logout confirmation changes nothing, an ID token tells of the sign-in behind it, back-channel logout stays off
 * the server's own network, and a made-up app leaves no trace.
 */
import * as oidc from 'openid-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/oidc/clients.js';
import { externalLookup, isInternalAddress } from '../../src/oidc/internal-addresses.js';
import { providerFor } from '../../src/oidc/provider.js';
import type { Organisation } from '../../src/orgs/organisations.js';
import { DIALECTS } from '../support/databases.js';
import {
  authorizationRequest,
  follow,
  listeningHarness,
  logoutReceiver,
  registerApp,
  signInToApp,
} from '../support/oidc.js';

const PASSWORD = 'correct horse battery';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe.each(DIALECTS)('the provider against misuse (%s)', (dialect) => {
  let h: Awaited<ReturnType<typeof listeningHarness>>;
  let org: Organisation;

  async function start(env: Record<string, string> = {}, logs?: string[]) {
    h = await listeningHarness(dialect, env, { logs });
    org = await h.org('acme');
    await h.user({ org, username: 'ada', password: PASSWORD });
  }
  afterEach(() => h.close());

  it('a logout confirmation the provider refuses (forged, or with nothing to confirm) signs no one out', async () => {
    await start();
    const app = await registerApp(h, org);
    const browser = h.browser();
    const { tokens } = await signInToApp(h, browser, app, () => browser.signInWithPassword('acme', 'ada', PASSWORD));
    // A form on another page of the site posts straight to the confirmation: it cannot know the xsrf token.
    const forged = await browser.send('POST', '/o/acme/oidc/session/end/confirm', 'xsrf=forged&logout=yes', FORM);
    expect(forged.statusCode).toBe(400);
    const bare = await browser.send('POST', '/o/acme/oidc/session/end/confirm', 'logout=yes', FORM);
    expect(bare.statusCode).toBe(400);
    expect((await browser.get('/api/o/acme/me')).status).toBe(200);
    expect((await oidc.refreshTokenGrant(app.config, tokens.refresh_token!)).access_token).toBeDefined();
  });

  it('a page sending a browser that never used an app to end-session signs the member out of nothing', async () => {
    await start();
    const browser = h.browser();
    await browser.signInWithPassword('acme', 'ada', PASSWORD);
    // Without a provider session the provider answers with a form that submits itself: its script allowed by hash.
    const asked = await browser.send('GET', '/o/acme/oidc/session/end');
    expect(asked.statusCode).toBe(200);
    expect(asked.headers['content-security-policy']).toMatch(/script-src 'self' 'sha256-[^']+'/);
    const fields = Object.fromEntries(
      [...asked.body.matchAll(/name="(\w+)" value="([^"]*)"/g)].map(([, name, value]) => [name!, value!]),
    );
    expect(fields).toMatchObject({ logout: 'yes' });
    const submitted = await browser.send(
      'POST',
      '/o/acme/oidc/session/end/confirm',
      new URLSearchParams(fields).toString(),
      FORM,
    );
    expect(submitted.statusCode).toBeLessThan(400);
    expect((await browser.get('/api/o/acme/me')).status).toBe(200);
  });

  it('confirmations of one logout sent at once sign the member out, and none fails', async () => {
    await start();
    const app = await registerApp(h, org);
    const browser = h.browser();
    await signInToApp(h, browser, app, () => browser.signInWithPassword('acme', 'ada', PASSWORD));
    const asked = await browser.send('GET', '/o/acme/oidc/session/end');
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(asked.body)![1]!;
    const confirm = () => browser.send('POST', '/o/acme/oidc/session/end/confirm', `xsrf=${xsrf}&logout=yes`, FORM);
    const answers = await Promise.all([confirm(), confirm(), confirm()]);
    expect(answers.map((answer) => answer.statusCode).filter((status) => status >= 500 || status === 404)).toEqual([]);
    expect((await browser.get('/api/o/acme/me')).status).toBe(401);
  });

  it("an ID token tells of this browser's latest sign-in, not an earlier one's passkey", async () => {
    await start();
    const app = await registerApp(h, org);
    const browser = h.browser();
    await browser.signInWithPassword('acme', 'ada', PASSWORD);
    expect((await browser.addPasskey('acme')).status).toBe(200);
    await browser.post('/api/o/acme/sign-out');
    const first = await signInToApp(h, browser, app, () => browser.signInWithPasskey('acme', 'ada'));
    expect(first.tokens.claims()).toMatchObject({ acr: 'phr', amr: ['pop', 'user', 'mfa'] });
    // The same member signs in again in this browser, this time with a password: the app's grant is kept.
    h.advance(1000);
    expect((await browser.signInWithPassword('acme', 'ada', PASSWORD)).status).toBe(200);
    const request = await authorizationRequest(app);
    const landed = await follow(browser, h.origin, request.url.href);
    const tokens = await oidc.authorizationCodeGrant(app.config, new URL(landed.location), {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
    });
    const me = (await browser.get('/api/o/acme/me')).body;
    const signedInAt = (
      await h.deps.db
        .selectFrom('sessions')
        .select('created_at')
        .where('id', '=', me.session.id)
        .executeTakeFirstOrThrow()
    ).created_at;
    expect(tokens.claims()).toMatchObject({ acr: 'basic', amr: ['pwd'], auth_time: Math.floor(signedInAt / 1000) });
  });

  it("back-channel logout URIs on the server's own network are refused unless the operator allows them", async () => {
    await start({ INTERNAL_APP_ADDRESSES: 'off' });
    const register = (backchannelLogoutUri: string) =>
      createApp(h.deps, {
        orgId: org.id,
        name: 'App',
        public: false,
        redirectUris: ['https://app.example/callback'],
        backchannelLogoutUri,
        actor: null,
      });
    for (const uri of [
      'http://127.0.0.1:6379/',
      'http://localhost:9090/metrics',
      'https://169.254.169.254/latest/meta-data',
      'https://10.0.0.5/admin',
      'https://[::1]/x',
      'https://[::ffff:127.0.0.1]/x',
      'https://2130706433/x',
      'https://logout:s3cret@app.example/backchannel',
    ])
      await expect(register(uri), uri).rejects.toMatchObject({
        code: 'APP_INVALID',
        details: { field: 'backchannelLogoutUri' },
      });
    expect((await register('https://app.example/backchannel')).app.backchannel_logout_uri).toBe(
      'https://app.example/backchannel',
    );
    const events = await h.deps.db.selectFrom('audit_events').select('details').execute();
    expect(JSON.stringify(events)).not.toContain('s3cret');
  });

  it('an internal address saved while allowed is not sent to once the operator turns it off', async () => {
    await start({ INTERNAL_APP_ADDRESSES: 'off' });
    const receiver = await logoutReceiver();
    try {
      const app = await registerApp(h, org, { backchannelLogoutUri: 'https://app.example/backchannel' });
      await h.deps.db
        .updateTable('oidc_clients')
        .set({ backchannel_logout_uri: receiver.uri })
        .where('id', '=', app.clientId)
        .execute();
      const browser = h.browser();
      await signInToApp(h, browser, app, () => browser.signInWithPassword('acme', 'ada', PASSWORD));
      const other = h.browser();
      await other.signInWithPassword('acme', 'ada', PASSWORD);
      expect((await other.post('/api/o/acme/me/sessions/revoke-others')).body.revoked).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(receiver.received).toEqual([]);
    } finally {
      receiver.close();
    }
  });

  it("logs the provider's unexpected errors with the request that met them, not the first one it served", async () => {
    const logs: string[] = [];
    await start({}, logs);
    const app = await registerApp(h, org);
    const provider = await providerFor(h.deps, { org });
    vi.spyOn(provider.Client, 'find').mockRejectedValue(new Error('the clients table is gone'));
    const failed = await fetch(
      `${h.origin}/o/acme/oidc/auth?client_id=${app.clientId}&response_type=code&scope=openid`,
    );
    expect(failed.status).toBe(500);
    const lines = logs.map((line) => JSON.parse(line) as { reqId?: string; msg?: string; url?: string });
    const error = lines.find((line) => line.msg === 'OpenID provider error');
    const served = lines.find((line) => line.url?.startsWith('/o/acme/oidc/auth') && line.reqId !== undefined);
    expect(error?.reqId).toBeDefined();
    expect(error?.reqId).toBe(served?.reqId);
  });

  it('taking back the access of an app the member never let in is APP_NOT_FOUND and records nothing', async () => {
    await start();
    const browser = h.browser();
    await browser.signInWithPassword('acme', 'ada', PASSWORD);
    const before = await h.deps.db.selectFrom('audit_events').select('id').execute();
    const answer = await browser.delete('/api/o/acme/me/apps/no-such-app');
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('APP_NOT_FOUND');
    expect(await h.deps.db.selectFrom('audit_events').select('id').execute()).toHaveLength(before.length);
  });
});

describe('internal addresses', () => {
  it('names loopback, private, shared, link-local and mapped addresses, and no public one', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.31.0.1', '192.168.1.1', '100.64.0.1', '169.254.169.254'])
      expect(isInternalAddress(address), address).toBe(true);
    for (const address of ['::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:7f00:1'])
      expect(isInternalAddress(address), address).toBe(true);
    for (const address of ['93.184.215.14', '172.32.0.1', '2606:4700::1111', 'app.example'])
      expect(isInternalAddress(address), address).toBe(false);
  });

  it('a name that resolves only inside is not looked up to an address', async () => {
    const answer = await new Promise<{ error: Error | null }>((resolve) =>
      externalLookup('localhost', { all: true }, (error) => resolve({ error })),
    );
    expect(answer.error?.message).toMatch(/own network/);
  });
});
