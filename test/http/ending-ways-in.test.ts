/**
 * Ending a way in ends what it let in. Deleting a passkey: a lost phone's session, signed in with that passkey,
 * and the app tokens issued under it (docs/admin-guide.md tells a member who lost their phone to delete its
 * passkey). Changing the password: every other session, and their app tokens.
 */
import * as oidc from 'openid-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Organisation } from '../../src/orgs/organisations.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import type { Browser } from '../support/harness.js';
import { listeningHarness, registerApp, signInToApp } from '../support/oidc.js';
import { SoftAuthenticator } from '../support/soft-authenticator.js';

const PASSWORD = 'correct horse battery';

describe.each(DIALECTS)('ending a way in ends the sessions and app tokens it let in (%s)', (dialect) => {
  let h: Awaited<ReturnType<typeof listeningHarness>>;
  let org: Organisation;
  let bob: User;
  let laptop: Browser;
  let phone: Browser;
  let phonePasskeyId: string;

  beforeEach(async () => {
    h = await listeningHarness(dialect);
    org = await h.org('acme');
    bob = await h.user({ org, username: 'bob', password: PASSWORD });
    laptop = h.browser();
    expect((await laptop.signInWithPassword('acme', 'bob', PASSWORD)).status).toBe(200);
    // Bob's phone has its own passkey, and is signed in with it.
    phone = h.browser();
    expect((await phone.signInWithPassword('acme', 'bob', PASSWORD)).status).toBe(200);
    phonePasskeyId = (await phone.addPasskey('acme', 'Phone')).body.passkey.id;
    await phone.post('/api/o/acme/sign-out');
    expect((await phone.signInWithPasskey('acme')).status).toBe(200);
  });
  afterEach(() => h.close());

  const revocations = async () =>
    (await h.deps.db.selectFrom('audit_events').select('details').where('type', '=', 'session.revoked').execute()).map(
      (e) => JSON.parse(e.details ?? '{}') as Record<string, unknown>,
    );

  /** The phone signs in to an app with its passkey; the app's tokens. */
  async function phoneInApp() {
    await phone.post('/api/o/acme/sign-out');
    const app = await registerApp(h, org);
    const { tokens } = await signInToApp(h, phone, app, () => phone.signInWithPasskey('acme'));
    expect((await oidc.tokenIntrospection(app.config, tokens.access_token)).active).toBe(true);
    return { app, tokens };
  }

  async function expectPhoneOut({ app, tokens }: Awaited<ReturnType<typeof phoneInApp>>) {
    expect((await phone.get('/api/o/acme/me')).status).toBe(401);
    expect((await laptop.get('/api/o/acme/me')).status).toBe(200);
    await expect(oidc.refreshTokenGrant(app.config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    expect((await oidc.tokenIntrospection(app.config, tokens.access_token)).active).toBe(false);
    const grants = await h.deps.db.selectFrom('oidc_models').select('id').where('model', '=', 'Grant').execute();
    expect(grants).toEqual([]);
  }

  it("a passkey deleted from the laptop: the phone's session and its app tokens end; the laptop stays", async () => {
    const signedIn = await phoneInApp();
    expect((await laptop.delete(`/api/o/acme/me/passkeys/${phonePasskeyId}`)).status).toBe(200);
    await expectPhoneOut(signedIn);
    expect(await revocations()).toEqual([{ count: 1, reason: 'passkey_deleted' }]);
  });

  it('a security key added on the phone, deleted from the laptop: the phone and its app tokens end', async () => {
    const signedIn = await phoneInApp();
    // The phone's session is its first passkey's ("This device"); the second is created in it all the same.
    const options = await phone.post('/api/o/acme/me/passkeys/options');
    const securityKey = new SoftAuthenticator({ origin: h.origin });
    const response = await securityKey.register(options.body.options);
    const added = await phone.post('/api/o/acme/me/passkeys', { response, name: 'Security key' });
    const second = added.body.passkey.id as string;
    expect((await laptop.delete(`/api/o/acme/me/passkeys/${second}`)).status).toBe(200);
    await expectPhoneOut(signedIn);
    expect(await revocations()).toEqual([{ count: 1, reason: 'passkey_deleted' }]);
  });

  it('a password changed on the laptop: the phone and its app tokens end; the laptop stays', async () => {
    const signedIn = await phoneInApp();
    expect((await laptop.put('/api/o/acme/me/password', { password: 'a brand new password' })).status).toBe(200);
    await expectPhoneOut(signedIn);
  });

  it("the phone's session at its maximum age ends its app tokens; idle in the browser, it does not", async () => {
    const { app, tokens } = await phoneInApp();
    const session = () => h.deps.db.updateTable('sessions').where('passkey_id', '=', phonePasskeyId);
    await session().set({ last_seen_at: 0 }).execute();
    const refreshed = await oidc.refreshTokenGrant(app.config, tokens.refresh_token!);
    await session()
      .set({ expires_at: h.deps.clock() - 1 })
      .execute();
    await expect(oidc.refreshTokenGrant(app.config, refreshed.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    expect((await oidc.tokenIntrospection(app.config, refreshed.access_token)).active).toBe(false);
  });

  describe('idle in its browser, the apps still signed in under it', () => {
    const idle = async () => {
      const signedIn = await phoneInApp();
      await h.deps.db
        .updateTable('sessions')
        .where('passkey_id', '=', phonePasskeyId)
        .set({ last_seen_at: 0 })
        .execute();
      expect((await phone.get('/api/o/acme/me')).status).toBe(401);
      return signedIn;
    };
    const listed = async () =>
      ((await laptop.get('/api/o/acme/me/sessions')).body.sessions as Array<{ idle: boolean }>).map((s) => s.idle);

    it('is listed as idle, so that it can be signed out; an idle session without apps is not', async () => {
      await idle();
      expect(await listed()).toEqual([false, true]);
      await h.deps.db.updateTable('oidc_models').set({ session_id: 'gone' }).where('model', '=', 'Grant').execute();
      expect(await listed()).toEqual([false]);
    });

    it('is listed however many idle sessions the member has (one query, no list of ids)', async () => {
      await idle();
      // More than SQLite's 32,766 parameters, as a flood of sign-ins left to go idle would make.
      const now = h.deps.clock();
      for (let batch = 0; batch < 33; batch++)
        await h.deps.db
          .insertInto('sessions')
          .values(
            Array.from({ length: 1000 }, (_, i) => ({
              id: `flood-${batch}-${i}`,
              org_id: org.id,
              user_id: bob.id,
              token_hash: `flood-${batch}-${i}`,
              method: 'password' as const,
              user_agent: null,
              ip: null,
              created_at: 0,
              last_seen_at: 0,
              expires_at: now + 60_000,
              verified_at: 0,
              revoked_at: null,
              passkey_setup_required: 0,
              passkey_id: null,
            })),
          )
          .execute();
      expect(await listed()).toEqual([false, true]);
    });

    it("signing out in its browser ends it and the app's tokens", async () => {
      const signedIn = await idle();
      expect((await phone.post('/api/o/acme/sign-out')).status).toBe(200);
      await expectPhoneOut(signedIn);
      expect(await listed()).toEqual([false]);
    });

    it('signing in again in its browser keeps the apps: the grant moves to the new session', async () => {
      const { app, tokens } = await idle();
      expect((await phone.signInWithPasskey('acme')).status).toBe(200);
      const refreshed = await oidc.refreshTokenGrant(app.config, tokens.refresh_token!);
      expect((await oidc.tokenIntrospection(app.config, refreshed.access_token)).active).toBe(true);
      expect(await listed()).toEqual([false, false]);
    });
  });

  it('by an admin: the phone is signed out', async () => {
    const ada = await h.user({ org, username: 'ada', role: 'admin' });
    const { browser: admin } = await redeemSetupLink(h, org, ada);
    const deleted = await admin.delete(`/api/o/acme/admin/users/${bob.id}/passkeys/${phonePasskeyId}`);
    expect(deleted.status).toBe(200);
    expect((await phone.get('/api/o/acme/me')).status).toBe(401);
    expect((await laptop.get('/api/o/acme/me')).status).toBe(200);
  });

  it('from the phone itself: the asking session, verified minutes ago, stays', async () => {
    expect((await phone.delete(`/api/o/acme/me/passkeys/${phonePasskeyId}`)).status).toBe(200);
    const me = await phone.get('/api/o/acme/me');
    expect(me.status).toBe(200);
    expect((await laptop.get('/api/o/acme/me')).status).toBe(200);
    expect(await revocations()).toEqual([]);
  });
});
