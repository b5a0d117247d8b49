import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';
import { SoftAuthenticator } from '../support/soft-authenticator.js';

const GOOGLE_PASSWORD_MANAGER = 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4';

describe.each(DIALECTS)('Settings > Passkeys (%s)', (dialect) => {
  let h: Harness;
  let browser: Browser;
  beforeEach(async () => {
    h = await createHarness(dialect);
    const org = await h.org();
    await h.user({ org, username: 'ada', password: 'correct horse battery' });
    await h.user({ org, username: 'eve', password: 'eve has a password' });
    browser = h.browser();
    await browser.signInWithPassword('acme', 'ada', 'correct horse battery');
  });
  afterEach(() => h.close());

  it('lists passkeys with authenticator name, sync state and dates; names known authenticators', async () => {
    await browser.addPasskey('acme');
    const synced = new SoftAuthenticator({
      origin: 'http://localhost:3000',
      aaguid: GOOGLE_PASSWORD_MANAGER,
      synced: true,
    });
    const options = await browser.post('/api/o/acme/me/passkeys/options');
    const response = await synced.register(options.body.options);
    expect((await browser.post('/api/o/acme/me/passkeys', { response })).status).toBe(200);
    const { passkeys } = (await browser.get('/api/o/acme/me/passkeys')).body;
    expect(passkeys).toHaveLength(2);
    expect(passkeys[0]).toMatchObject({
      name: 'Chrome on Linux',
      authenticatorName: null,
      backedUp: false,
      lastUsedAt: null,
    });
    expect(passkeys[1]).toMatchObject({
      name: 'Google Password Manager on Linux',
      authenticatorName: 'Google Password Manager',
      backedUp: true,
      backupEligible: true,
    });
    expect(passkeys[1].createdAt).toBe(h.deps.clock());
    expect(JSON.stringify(passkeys)).not.toMatch(/publicKey|counter/);
  });

  it('gives a second passkey from the same browser a distinct default name', async () => {
    await browser.addPasskey('acme');
    const other = new SoftAuthenticator({ origin: 'http://localhost:3000' });
    const options = await browser.post('/api/o/acme/me/passkeys/options');
    const added = await browser.post('/api/o/acme/me/passkeys', {
      response: await other.register(options.body.options),
    });
    expect(added.body.passkey.name).toBe('Chrome on Linux (2)');
  });

  it('records last use after a sign-in', async () => {
    await browser.addPasskey('acme');
    h.advance(60_000);
    await browser.signInWithPasskey('acme');
    const [passkey] = (await browser.get('/api/o/acme/me/passkeys')).body.passkeys;
    expect(passkey.lastUsedAt).toBe(h.deps.clock());
    expect(passkey.lastUsedUserAgentLabel).toBe('Chrome on Linux');
  });

  it("renames, and refuses an empty name or another user's passkey", async () => {
    const { body } = await browser.addPasskey('acme');
    const renamed = await browser.patch(`/api/o/acme/me/passkeys/${body.passkey.id}`, { name: '  Work laptop ' });
    expect(renamed.body.passkey.name).toBe('Work laptop');
    expect((await browser.patch(`/api/o/acme/me/passkeys/${body.passkey.id}`, { name: '' })).body.error.code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await browser.patch(`/api/o/acme/me/passkeys/${body.passkey.id}`, { name: '   ' })).body.error.code).toBe(
      'VALIDATION_FAILED',
    );
    const eve = h.browser();
    await eve.signInWithPassword('acme', 'eve', 'eve has a password');
    const theft = await eve.patch(`/api/o/acme/me/passkeys/${body.passkey.id}`, { name: 'mine' });
    expect(theft.status).toBe(404);
    expect(theft.body.error.code).toBe('PASSKEY_NOT_FOUND');
    expect((await eve.delete(`/api/o/acme/me/passkeys/${body.passkey.id}`)).body.error.code).toBe('PASSKEY_NOT_FOUND');
    const audit = await h.deps.db
      .selectFrom('audit_events')
      .select('type')
      .where('type', '=', 'passkey.renamed')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('deletes a passkey and returns what the Signal API needs', async () => {
    const { body } = await browser.addPasskey('acme');
    const credentialId = browser.authenticator.credentials[0]!.id;
    const deleted = await browser.delete(`/api/o/acme/me/passkeys/${body.passkey.id}`);
    expect(deleted.body).toEqual({ ok: true, signal: { rpId: 'localhost', credentialId } });
    expect((await browser.get('/api/o/acme/me/passkeys')).body.passkeys).toEqual([]);
    await browser.post('/api/o/acme/sign-out');
    expect((await browser.signInWithPasskey('acme')).body.error.code).toBe('PASSKEY_UNKNOWN');
  });

  it('refuses to delete the last way to sign in', async () => {
    const lonely = await h.user({
      org: await h.deps.db.selectFrom('organisations').selectAll().executeTakeFirstOrThrow(),
      username: 'pat',
    });
    const { createSetupLink } = await import('../../src/enrollment/setup-links.js');
    const org = await h.deps.db.selectFrom('organisations').selectAll().executeTakeFirstOrThrow();
    const link = await createSetupLink(h.deps, { org, user: lonely, createdBy: null });
    const pat = h.browser();
    await pat.post('/api/o/acme/setup', { token: new URL(link.url).hash.slice('#token='.length) });
    const first = await pat.addPasskey('acme');
    const refused = await pat.delete(`/api/o/acme/me/passkeys/${first.body.passkey.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('LAST_SIGN_IN_METHOD');
    // With a second passkey, the first can go.
    const second = new SoftAuthenticator({ origin: 'http://localhost:3000' });
    const options = await pat.post('/api/o/acme/me/passkeys/options');
    await pat.post('/api/o/acme/me/passkeys', { response: await second.register(options.body.options) });
    expect((await pat.delete(`/api/o/acme/me/passkeys/${first.body.passkey.id}`)).status).toBe(200);
  });

  it('never lets two concurrent deletes remove both of the last two passkeys', async () => {
    const org = await h.deps.db.selectFrom('organisations').selectAll().executeTakeFirstOrThrow();
    const pat = await h.user({ org, username: 'pat' });
    const { createSetupLink } = await import('../../src/enrollment/setup-links.js');
    const link = await createSetupLink(h.deps, { org, user: pat, createdBy: null });
    const b = h.browser();
    await b.post('/api/o/acme/setup', { token: new URL(link.url).hash.slice('#token='.length) });
    const one = await b.addPasskey('acme');
    const otherDevice = new SoftAuthenticator({ origin: 'http://localhost:3000' });
    const options = await b.post('/api/o/acme/me/passkeys/options');
    const two = await b.post('/api/o/acme/me/passkeys', { response: await otherDevice.register(options.body.options) });
    const results = await Promise.all([
      b.delete(`/api/o/acme/me/passkeys/${one.body.passkey.id}`),
      b.delete(`/api/o/acme/me/passkeys/${two.body.passkey.id}`),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await b.get('/api/o/acme/me/passkeys')).body.passkeys).toHaveLength(1);
  });

  it('asks to re-verify before adding a passkey when the last proof is older than 5 minutes', async () => {
    await browser.addPasskey('acme');
    h.advance(5 * 60 * 1000 + 1);
    const refused = await browser.post('/api/o/acme/me/passkeys/options');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('REVERIFY_REQUIRED');
    expect((await browser.get('/api/o/acme/me')).body.session.reverifyRequired).toBe(true);

    // Re-verify with the passkey…
    const options = await browser.post('/api/o/acme/me/reverify/passkey/options');
    const assertion = await browser.authenticator.authenticate(options.body.options);
    expect((await browser.post('/api/o/acme/me/reverify/passkey/verify', { response: assertion })).status).toBe(200);
    expect((await browser.post('/api/o/acme/me/passkeys/options')).status).toBe(200);

    // …or with the password.
    h.advance(5 * 60 * 1000 + 1);
    expect(
      (await browser.post('/api/o/acme/me/reverify/password', { password: 'nope nope nope' })).body.error.code,
    ).toBe('PASSWORD_INCORRECT');
    expect((await browser.post('/api/o/acme/me/reverify/password', { password: 'correct horse battery' })).status).toBe(
      200,
    );
    expect((await browser.post('/api/o/acme/me/passkeys/options')).status).toBe(200);
  });

  it('asks to re-verify before deleting a passkey: a stolen unlocked phone cannot take the others away', async () => {
    // Ada's laptop passkey and her phone's; the phone, signed in with its passkey, is stolen after 5 minutes.
    const laptop = await browser.addPasskey('acme');
    const phone = h.browser();
    await phone.signInWithPassword('acme', 'ada', 'correct horse battery');
    await phone.addPasskey('acme');
    await phone.post('/api/o/acme/sign-out');
    expect((await phone.signInWithPasskey('acme')).status).toBe(200);
    h.advance(5 * 60 * 1000 + 1);
    const events = async () => (await h.deps.db.selectFrom('audit_events').select('type').execute()).length;
    const before = await events();

    const refused = await phone.delete(`/api/o/acme/me/passkeys/${laptop.body.passkey.id}`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('REVERIFY_REQUIRED');
    const ids = (await browser.get('/api/o/acme/me/passkeys')).body.passkeys.map((p: { id: string }) => p.id);
    expect(ids).toContain(laptop.body.passkey.id);
    expect(await events()).toBe(before);

    // Ada herself, with a verification in the last 5 minutes, deletes it.
    expect((await browser.post('/api/o/acme/me/reverify/password', { password: 'correct horse battery' })).status).toBe(
      200,
    );
    expect((await browser.delete(`/api/o/acme/me/passkeys/${laptop.body.passkey.id}`)).status).toBe(200);
  });

  it("re-verification only accepts the signed-in user's own passkey", async () => {
    const eve = h.browser();
    await eve.signInWithPassword('acme', 'eve', 'eve has a password');
    await eve.addPasskey('acme');
    h.advance(5 * 60 * 1000 + 1);
    // Ada's browser asks, but answers with Eve's authenticator.
    const options = await browser.post('/api/o/acme/me/reverify/passkey/options');
    const assertion = await eve.authenticator.authenticate({ ...options.body.options, allowCredentials: [] });
    const result = await browser.post('/api/o/acme/me/reverify/passkey/verify', { response: assertion });
    expect(result.body.error.code).toBe('PASSKEY_UNKNOWN');
    expect((await browser.post('/api/o/acme/me/passkeys/options')).body.error.code).toBe('REVERIFY_REQUIRED');
  });

  it("re-verification cannot confirm a stolen session with the thief's own passkey", async () => {
    // Eve has her own passkey and has stolen Ada's session cookie.
    const eve = h.browser();
    await eve.signInWithPassword('acme', 'eve', 'eve has a password');
    await eve.addPasskey('acme');
    h.advance(5 * 60 * 1000 + 1);
    const options = await eve.post('/api/o/acme/me/reverify/passkey/options');
    const assertion = await eve.authenticator.authenticate(options.body.options);
    const evesSession = eve.cookies.get('lk_session_acme')!;
    eve.cookies.set('lk_session_acme', browser.cookies.get('lk_session_acme')!);
    const result = await eve.post('/api/o/acme/me/reverify/passkey/verify', { response: assertion });
    expect(result.body.error.code).toBe('PASSKEY_UNKNOWN');
    expect((await eve.put('/api/o/acme/me/password', { password: 'eve owns this now' })).body.error.code).toBe(
      'REVERIFY_REQUIRED',
    );
    eve.cookies.set('lk_session_acme', evesSession);
  });

  it('refuses to register the same authenticator twice', async () => {
    const first = await browser.post('/api/o/acme/me/passkeys/options');
    const response = await browser.authenticator.register(first.body.options);
    expect((await browser.post('/api/o/acme/me/passkeys', { response })).status).toBe(200);
    // Replaying the same attestation with a fresh challenge is refused by the unique credential id.
    const second = await browser.post('/api/o/acme/me/passkeys/options');
    const replay = { ...response, response: { ...response.response } };
    const { isoBase64URL } = await import('@simplewebauthn/server/helpers');
    const clientData = JSON.parse(isoBase64URL.toUTF8String(response.response.clientDataJSON));
    clientData.challenge = second.body.options.challenge;
    replay.response.clientDataJSON = isoBase64URL.fromUTF8String(JSON.stringify(clientData));
    const result = await browser.post('/api/o/acme/me/passkeys', { response: replay });
    expect(result.body.error.code).toBe('PASSKEY_ALREADY_REGISTERED');
  });

  it('signs out every other session when the password changes', async () => {
    const other = h.browser();
    await other.signInWithPassword('acme', 'ada', 'correct horse battery');
    expect((await browser.put('/api/o/acme/me/password', { password: 'a brand new password' })).status).toBe(200);
    expect((await other.get('/api/o/acme/me')).status).toBe(401);
    expect((await browser.get('/api/o/acme/me')).status).toBe(200);
  });

  it('changes the display name and returns the Signal API details', async () => {
    const result = await browser.patch('/api/o/acme/me', { displayName: 'Ada L.' });
    expect(result.body.user.displayName).toBe('Ada L.');
    expect(result.body.signal).toMatchObject({ rpId: 'localhost', name: 'ada · Acme', displayName: 'Ada L. · Acme' });
  });

  it('sets a password only with a recent verification, and checks its length and how guessable it is', async () => {
    expect((await browser.put('/api/o/acme/me/password', { password: 'short' })).body.error.code).toBe(
      'PASSWORD_TOO_SHORT',
    );
    // Guessed first: a common one with a year, the organisation's name with a year, the member's own name.
    for (const password of ['Password2026!', 'Acme2026!', 'ada.ada.ada1']) {
      const refused = await browser.put('/api/o/acme/me/password', { password });
      expect([refused.status, refused.body.error.code]).toEqual([400, 'PASSWORD_TOO_GUESSABLE']);
      expect((await h.browser().signInWithPassword('acme', 'ada', password)).status).toBe(401);
    }
    expect((await browser.put('/api/o/acme/me/password', { password: 'a new long password' })).status).toBe(200);
    h.advance(5 * 60 * 1000 + 1);
    expect((await browser.put('/api/o/acme/me/password', { password: 'another new password' })).body.error.code).toBe(
      'REVERIFY_REQUIRED',
    );
    expect((await h.browser().signInWithPassword('acme', 'ada', 'a new long password')).status).toBe(200);
  });
});
