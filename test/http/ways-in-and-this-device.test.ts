import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Organisation } from '../../src/orgs/organisations.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';
import { SoftAuthenticator } from '../support/soft-authenticator.js';

const GOOGLE_PASSWORD_MANAGER = 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4';
const YUBIKEY_5 = '19083c3d-8383-4b18-bc03-8f1c9ab2fd1b';

describe.each(DIALECTS)('a backup for everyone, passkeys they can tell apart (%s)', (dialect) => {
  let h: Harness;
  let acme: Organisation;
  const waysIn = async (browser: Browser) => (await browser.get('/api/o/acme/me')).body.waysIn;
  const list = async (browser: Browser) => (await browser.get('/api/o/acme/me/passkeys')).body;
  /** A second device's passkey, added from this browser's session (as a security key would be). */
  async function addPasskeyFrom(browser: Browser, authenticator: SoftAuthenticator) {
    const options = await browser.post('/api/o/acme/me/passkeys/options');
    const added = await browser.post('/api/o/acme/me/passkeys', {
      response: await authenticator.register(options.body.options),
    });
    expect(added.status).toBe(200);
    return added.body.passkey;
  }
  /** A member enrolled through a one-time link who created one passkey: one way in. */
  async function enrolledMember(username = 'bob') {
    const user = await h.user({ org: acme, username });
    const { browser } = await redeemSetupLink(h, acme, user);
    const { body } = await browser.addPasskey('acme');
    return { user, browser, passkey: body.passkey };
  }

  beforeEach(async () => {
    h = await createHarness(dialect);
    acme = await h.org();
  });
  afterEach(() => h.close());

  describe('the "ways in" rule in the me answer', () => {
    it('one passkey is one way in: a backup is needed, and a password or a second passkey is offered', async () => {
      const { browser } = await enrolledMember();
      expect(await waysIn(browser)).toEqual({
        passkeys: 1,
        password: false,
        count: 1,
        canAddPasskey: true,
        canAddPassword: true,
        backupNeeded: true,
      });
    });

    it('a passkey and a password are two ways in', async () => {
      const { browser } = await enrolledMember();
      expect((await browser.put('/api/o/acme/me/password', { password: 'a good backup password' })).status).toBe(200);
      expect(await waysIn(browser)).toMatchObject({ passkeys: 1, password: true, count: 2, backupNeeded: false });
    });

    it('two passkeys are two ways in', async () => {
      const { browser } = await enrolledMember();
      await addPasskeyFrom(browser, new SoftAuthenticator({ origin: 'http://localhost:3000' }));
      expect(await waysIn(browser)).toMatchObject({ passkeys: 2, password: false, count: 2, backupNeeded: false });
    });

    it('a password alone is one way in; the backup offered is a passkey', async () => {
      await h.user({ org: acme, username: 'carol', password: 'carol has a password' });
      const browser = h.browser();
      await browser.signInWithPassword('acme', 'carol', 'carol has a password');
      expect(await waysIn(browser)).toMatchObject({
        passkeys: 0,
        password: true,
        count: 1,
        canAddPasskey: true,
        canAddPassword: false,
        backupNeeded: true,
      });
    });

    it('a password refused to passkey holders does not count: they need a second passkey', async () => {
      const { browser } = await enrolledMember();
      expect((await browser.put('/api/o/acme/me/password', { password: 'a good backup password' })).status).toBe(200);
      await h.deps.db.updateTable('organisations').set({ password_fallback: 0 }).where('id', '=', acme.id).execute();
      expect(await waysIn(browser)).toMatchObject({
        passkeys: 1,
        password: false,
        count: 1,
        canAddPasskey: true,
        canAddPassword: false,
        backupNeeded: true,
      });
      await addPasskeyFrom(browser, new SoftAuthenticator({ origin: 'http://localhost:3000' }));
      expect(await waysIn(browser)).toMatchObject({ passkeys: 2, count: 2, backupNeeded: false });
    });

    it('a passkey holder cannot set a password their organisation refuses: coded 403, nothing changes', async () => {
      const { user, browser } = await enrolledMember();
      const other = h.browser();
      other.authenticator.credentials.push(...browser.authenticator.credentials);
      expect((await other.signInWithPasskey('acme')).status).toBe(200);
      await h.deps.db.updateTable('organisations').set({ password_fallback: 0 }).where('id', '=', acme.id).execute();
      const refused = await browser.put('/api/o/acme/me/password', { password: 'a good backup password' });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('PASSWORD_SIGN_IN_DISABLED');
      const row = await h.deps.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
      expect(row.password_hash).toBeNull();
      expect((await other.get('/api/o/acme/me')).status).toBe(200);
      const audit = await h.deps.db.selectFrom('audit_events').select('type').where('user_id', '=', user.id).execute();
      expect(audit.map((a) => a.type)).not.toContain('password.changed');
    });

    it('where passkeys are off, a password-only member has nothing to add: no backup card', async () => {
      await h.deps.db.updateTable('organisations').set({ passkeys_enabled: 0 }).where('id', '=', acme.id).execute();
      await h.user({ org: acme, username: 'carol', password: 'carol has a password' });
      const browser = h.browser();
      await browser.signInWithPassword('acme', 'carol', 'carol has a password');
      expect(await waysIn(browser)).toEqual({
        passkeys: 0,
        password: true,
        count: 1,
        canAddPasskey: false,
        canAddPassword: false,
        backupNeeded: false,
      });
    });
  });

  describe('"This device": the passkey that signed this browser in', () => {
    it('is the passkey created in an enrollment session', async () => {
      const { browser, passkey } = await enrolledMember();
      expect((await list(browser)).thisDevicePasskeyId).toBe(passkey.id);
    });

    it('is the passkey that signed the session in, not one added later in it', async () => {
      const { browser, passkey } = await enrolledMember();
      const laptop = h.browser();
      laptop.authenticator.credentials.push(...browser.authenticator.credentials);
      expect((await laptop.signInWithPasskey('acme')).status).toBe(200);
      const key = await addPasskeyFrom(laptop, new SoftAuthenticator({ origin: 'http://localhost:3000' }));
      const answer = await list(laptop);
      expect(answer.passkeys.map((p: { id: string }) => p.id)).toEqual([passkey.id, key.id]);
      expect(answer.thisDevicePasskeyId).toBe(passkey.id);
    });

    it('is none for a password sign-in, and each browser has its own', async () => {
      const { browser, passkey } = await enrolledMember();
      expect((await browser.put('/api/o/acme/me/password', { password: 'a good backup password' })).status).toBe(200);
      const other = h.browser();
      await other.signInWithPassword('acme', 'bob', 'a good backup password');
      expect((await list(other)).thisDevicePasskeyId).toBeNull();
      const second = await addPasskeyFrom(other, new SoftAuthenticator({ origin: 'http://localhost:3000' }));
      expect((await list(other)).thisDevicePasskeyId).toBe(second.id);
      expect((await list(browser)).thisDevicePasskeyId).toBe(passkey.id);
    });

    it('is cleared when that passkey is deleted; another browser it signed in is signed out', async () => {
      const { browser, passkey } = await enrolledMember();
      const other = h.browser();
      other.authenticator.credentials.push(...browser.authenticator.credentials);
      expect((await other.signInWithPasskey('acme')).status).toBe(200);
      const second = await addPasskeyFrom(browser, new SoftAuthenticator({ origin: 'http://localhost:3000' }));
      h.advance(60_000);
      expect((await browser.delete(`/api/o/acme/me/passkeys/${passkey.id}`)).status).toBe(200);
      expect((await list(browser)).thisDevicePasskeyId).toBeNull();
      expect((await other.get('/api/o/acme/me')).status).toBe(401);
      const sessions = await h.deps.db.selectFrom('sessions').select('passkey_id').execute();
      expect(sessions.map((s) => s.passkey_id)).not.toContain(passkey.id);
      // The passkey added from this browser later does not inherit the mark: it did not sign this session in.
      expect((await list(browser)).passkeys.map((p: { id: string }) => p.id)).toEqual([second.id]);
    });
  });

  it('a security key (USB, NFC) is named as one, never for the computer, and is never "This device"', async () => {
    const { browser } = await enrolledMember();
    const key = (aaguid?: string) =>
      new SoftAuthenticator({ origin: 'http://localhost:3000', transports: ['usb', 'nfc'], aaguid });
    const unknown = key();
    const plain = await addPasskeyFrom(browser, unknown);
    const yubikey = await addPasskeyFrom(browser, key(YUBIKEY_5));
    expect(plain).toMatchObject({ name: 'Security key', securityKey: true, authenticatorName: null });
    expect(yubikey).toMatchObject({ name: 'YubiKey 5 Series', securityKey: true });
    // Signed in with it on a kiosk: the key leaves with its owner, so the kiosk's list marks no passkey as its own.
    const kiosk = h.browser();
    kiosk.authenticator.credentials.push(...unknown.credentials);
    expect((await kiosk.signInWithPasskey('acme')).status).toBe(200);
    expect((await list(kiosk)).thisDevicePasskeyId).toBeNull();
    // A passkey of the kiosk's own, made now, is: it was created in this browser's session.
    const kiosksOwn = await addPasskeyFrom(kiosk, new SoftAuthenticator({ origin: 'http://localhost:3000' }));
    expect((await list(kiosk)).thisDevicePasskeyId).toBe(kiosksOwn.id);
  });

  describe('naming a new passkey', () => {
    it('defaults to the AAGUID\'s authenticator, else the device; "Name this passkey" saves by rename', async () => {
      const { browser, passkey } = await enrolledMember();
      expect(passkey).toMatchObject({ name: 'Chrome on Linux', authenticatorName: null });
      const synced = await addPasskeyFrom(
        browser,
        new SoftAuthenticator({ origin: 'http://localhost:3000', aaguid: GOOGLE_PASSWORD_MANAGER, synced: true }),
      );
      expect(synced).toMatchObject({
        name: 'Google Password Manager on Linux',
        authenticatorName: 'Google Password Manager',
      });
      const renamed = await browser.patch(`/api/o/acme/me/passkeys/${passkey.id}`, { name: 'Work laptop' });
      expect(renamed.body.passkey.name).toBe('Work laptop');
      const answer = await list(browser);
      expect(answer.passkeys.map((p: { name: string }) => p.name)).toEqual([
        'Work laptop',
        'Google Password Manager on Linux',
      ]);
      expect(answer.thisDevicePasskeyId).toBe(passkey.id);
    });

    it('two passkeys from the same kind of device are told apart by when each was created and last used', async () => {
      const { browser, passkey } = await enrolledMember();
      h.advance(120_000);
      const second = await addPasskeyFrom(browser, new SoftAuthenticator({ origin: 'http://localhost:3000' }));
      h.advance(60_000);
      expect((await browser.signInWithPasskey('acme')).status).toBe(200);
      const [first, other] = (await list(browser)).passkeys;
      expect([first.id, other.id]).toEqual([passkey.id, second.id]);
      expect(other.createdAt - first.createdAt).toBe(120_000);
      expect(first.lastUsedAt).toBe(h.deps.clock());
      expect(other.lastUsedAt).toBeNull();
    });
  });
});
