import { createPublicKey, randomBytes, verify } from 'node:crypto';
import * as oidc from 'openid-client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { claimShown, startExampleApp, type ExampleApp } from './example-app.js';
import {
  chromiumAvailable,
  completeSetup,
  expectAccessible,
  expectFocused,
  newDevice,
  withoutAutofill,
  withServerAndBrowser,
} from './support.js';

/** A PostgreSQL database of its own for the server under test; the server migrates it, the test drops it. */
async function postgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = inject('postgresUrl')!;
  const name = `lk_e2e_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { url: url.href, drop: () => admin(`drop database if exists ${name} with (force)`) };
}

describe.skipIf(!chromiumAvailable)('an app signs its users in with Latchkey (OpenID Connect) in Chromium', () => {
  describe.each(DIALECTS)('on %s', (dialect) => {
    let database: Awaited<ReturnType<typeof postgresDatabase>> | undefined;
    // Registered first, so it runs last: after the server has stopped.
    afterAll(async () => database?.drop());
    const env = withServerAndBrowser({
      env: async (): Promise<Record<string, string>> => {
        if (dialect === 'sqlite') return {};
        database = await postgresDatabase();
        return { DATABASE_URL: database.url, SERVER_SECRET: randomBytes(32).toString('base64url') };
      },
    });
    let app: ExampleApp;

    beforeAll(async () => {
      app = await startExampleApp(env.server);
      expect(app.issuer).toBe(`${env.server.origin}/o/demo`);
    });
    afterAll(() => app?.close());

    it(
      'code + PKCE with a passkey, ID token checked against the JWKS, userinfo, refresh, revocation ' +
        'and RP-initiated logout',
      { timeout: 120_000 },
      async () => {
        const { origin: latchkey } = env.server;
        const device = await newDevice(env.browser);
        const { page } = device;
        // The demo admin, with a passkey on this device's authenticator.
        await completeSetup(page, env.server.setupLinks.demo!, 'demo admin password');
        const me = await (await page.request.get(`${latchkey}/api/o/demo/me`)).json();
        await page.context().clearCookies();
        await withoutAutofill(page);

        // The app as openid-client discovers it, to check the tokens the example app holds.
        const rp = await oidc.discovery(
          new URL(app.issuer),
          app.clientId,
          undefined,
          oidc.ClientSecretBasic(app.clientSecret),
          { execute: [oidc.allowInsecureRequests] },
        );
        const metadata = rp.serverMetadata();
        expect(metadata).toMatchObject({
          issuer: app.issuer,
          authorization_endpoint: `${app.issuer}/oidc/auth`,
          token_endpoint: `${app.issuer}/oidc/token`,
          jwks_uri: `${app.issuer}/oidc/jwks`,
          end_session_endpoint: `${app.issuer}/oidc/session/end`,
          code_challenge_methods_supported: ['S256'],
          acr_values_supported: ['phr', 'basic'],
        });

        // The sign-in page names the app; going back without signing in is access_denied at the app.
        await page.goto(app.origin);
        await page.getByRole('link', { name: 'Sign in with Latchkey' }).click();
        await page.waitForURL((url) => url.pathname === '/o/demo/sign-in' && url.searchParams.has('interaction'));
        expect(await page.getByRole('note').textContent()).toBe('Example asks you to sign in.');
        await page.getByLabel('Username or email').waitFor();
        await expectAccessible(page);
        await page.getByRole('button', { name: 'Back to Example without signing in' }).click();
        await page.getByRole('heading', { name: 'Sign-in failed' }).waitFor();
        expect(await page.getByRole('main').textContent()).toContain('access_denied');

        // An app that knows who is signing in sends login_hint: the username is filled in.
        await page.goto(`${app.origin}/login?login_hint=admin`);
        await page.getByRole('note').filter({ hasText: 'Example asks you to sign in.' }).waitFor();
        expect(await page.getByLabel('Username or email').inputValue()).toBe('admin');

        // Sign in with the passkey: back at the app with the member's claims.
        await page.goto(app.origin);
        await page.getByRole('link', { name: 'Sign in with Latchkey' }).click();
        await page.getByRole('note').filter({ hasText: 'Example asks you to sign in.' }).waitFor();
        await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
        await page.waitForURL(`${app.origin}/`);
        await page.getByRole('heading', { name: 'Signed in' }).waitFor();
        expect(await claimShown(page, 'sub')).toBe(me.user.id);
        expect(await claimShown(page, 'preferred_username')).toBe('admin');
        expect(await claimShown(page, 'amr')).toBe('pop user mfa');
        expect(await claimShown(page, 'acr')).toBe('phr');
        const signedIn = [...app.sessions.values()].find((s) => s.claims)!;
        expect(signedIn.claims).toMatchObject({
          iss: app.issuer,
          aud: app.clientId,
          sub: me.user.id,
          nonce: expect.any(String),
        });
        expect(signedIn.userinfo).toMatchObject({ sub: me.user.id, preferred_username: 'admin' });
        expect(signedIn.userinfo).not.toHaveProperty('email_verified');

        // The ID token's signature verifies with a key from the organisation's JWKS.
        const [header, payload, signature] = signedIn.idToken!.split('.') as [string, string, string];
        const { kid, alg } = JSON.parse(Buffer.from(header, 'base64url').toString());
        const jwks = (await (await fetch(metadata.jwks_uri!)).json()) as { keys: Array<{ kid: string }> };
        const jwk = jwks.keys.find((key) => key.kid === kid)!;
        expect(alg).toBe('RS256');
        expect(
          verify(
            'sha256',
            Buffer.from(`${header}.${payload}`),
            createPublicKey({ key: jwk, format: 'jwk' }),
            Buffer.from(signature, 'base64url'),
          ),
        ).toBe(true);

        // "Switch account" (prompt=select_account): Latchkey asks which account, naming the one signed in.
        await page.getByRole('link', { name: 'Switch account' }).click();
        await expectFocused(page.getByRole('heading', { name: 'Which account for Example?' }));
        expect(await page.getByText('Signed in as').textContent()).toBe('Signed in as Demo admin (admin).');
        await expectAccessible(page);
        await page.getByRole('button', { name: 'Continue as Demo admin' }).click();
        await page.waitForURL(`${app.origin}/`);
        expect(await claimShown(page, 'sub')).toBe(me.user.id);

        // Refresh: new tokens, the refresh token rotated.
        await page.getByRole('button', { name: 'Refresh tokens' }).click();
        await page.getByRole('status').filter({ hasText: 'Tokens refreshed' }).waitFor();
        const refreshed = [...app.sessions.values()].find((s) => s.refreshedAt)!;
        expect(refreshed.refreshToken).not.toBe(signedIn.refreshToken);
        expect(refreshed.accessToken).not.toBe(signedIn.accessToken);
        expect((await oidc.tokenIntrospection(rp, refreshed.accessToken!)).active).toBe(true);

        // Sign out: the app revokes its refresh token (ending its grant), then asks Latchkey, which asks the member.
        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.waitForURL((url) => url.pathname === '/o/demo/oidc/session/end');
        await page.getByText('Example asks to sign you out.').waitFor();
        expect(await page.locator('html').getAttribute('lang')).toBe('en');
        // In the web pages' card, with their buttons: not a bare browser-default page.
        const signOut = page.getByRole('button', { name: 'Sign out', exact: true });
        expect(await signOut.evaluate((b) => getComputedStyle(b).backgroundColor)).not.toBe('rgb(239, 239, 239)');
        expect(await page.locator('.card').evaluate((c) => getComputedStyle(c).borderRadius)).not.toBe('0px');
        await expectAccessible(page);
        expect((await oidc.tokenIntrospection(rp, refreshed.accessToken!)).active).toBe(false);
        await expect(oidc.refreshTokenGrant(rp, refreshed.refreshToken!)).rejects.toMatchObject({
          error: 'invalid_grant',
        });
        expect((await page.request.get(`${latchkey}/api/o/demo/me`)).status()).toBe(200);
        await page.getByRole('button', { name: 'Sign out', exact: true }).click();
        await page.waitForURL(`${app.origin}/`);
        await page.getByRole('link', { name: 'Sign in with Latchkey' }).waitFor();
        expect((await page.request.get(`${latchkey}/api/o/demo/me`)).status()).toBe(401);

        // A third-party app: once signed in, the member is asked, with the account named and Allow the main action.
        const other = await startExampleApp(env.server, ['--third-party']);
        try {
          await page.goto(other.origin);
          await page.getByRole('link', { name: 'Sign in with Latchkey' }).click();
          await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
          const question = page.getByRole('heading', { name: 'Allow Example?' });
          await expectFocused(question);
          expect(await page.getByText('Signed in as').textContent()).toContain('Signed in as Demo admin (admin).');
          // "Use another account" signs out here and asks to sign in for the same app; the admin signs in again.
          await page.getByRole('button', { name: 'Use another account' }).click();
          await page.getByRole('note').filter({ hasText: 'Example asks you to sign in.' }).waitFor();
          expect((await page.request.get(`${latchkey}/api/o/demo/me`)).status()).toBe(401);
          await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
          await expectFocused(question);
          // Cancel: the app hears that the member did not allow it, and the next sign-in asks again.
          await page.getByRole('button', { name: 'Cancel', exact: true }).click();
          await page.getByText('access_denied: The member did not allow the app.').waitFor();
          await page.goto(other.origin);
          await page.getByRole('link', { name: 'Sign in with Latchkey' }).click();
          await expectFocused(question);
          const allow = page.getByRole('button', { name: 'Allow', exact: true });
          expect(await allow.getAttribute('class')).toContain('button--primary');
          await expectAccessible(page);
          await allow.click();
          await page.waitForURL(`${other.origin}/`);
          await page.getByRole('heading', { name: 'Signed in' }).waitFor();
        } finally {
          other.close();
        }

        // An app on this device (public, loopback redirect): any program there could send its request and take the
        // code, so the member, already signed in, says it was them before it leaves (RFC 8252 §8.6).
        const onDevice = await startExampleApp(env.server, ['--public']);
        try {
          await page.goto(onDevice.origin);
          await page.getByRole('link', { name: 'Sign in with Latchkey' }).click();
          await expectFocused(page.getByRole('heading', { name: 'Continue to Example?' }));
          await page.getByText('Example is an app on this device.').waitFor();
          await expectAccessible(page);
          await page.getByRole('button', { name: 'Continue', exact: true }).click();
          await page.waitForURL(`${onDevice.origin}/`);
          await page.getByRole('heading', { name: 'Signed in' }).waitFor();
        } finally {
          onDevice.close();
        }
      },
    );
  });
});
