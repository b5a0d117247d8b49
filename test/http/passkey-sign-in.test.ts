import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { createHarness, type Harness } from '../support/harness.js';

const auditTypes = async (h: Harness) =>
  (await h.deps.db.selectFrom('audit_events').select(['type', 'details']).orderBy('created_at').execute()).map(
    (e) => e.type,
  );

describe.each(DIALECTS)('passkey sign-in (%s)', (dialect) => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness(dialect);
    const org = await h.org();
    await h.user({
      org,
      username: 'ada',
      email: 'ada@example.com',
      displayName: 'Ada Lovelace',
      password: 'correct horse battery',
    });
  });
  afterEach(() => h.close());

  async function browserWithPasskey() {
    const browser = h.browser();
    expect((await browser.signInWithPassword('acme', 'ada', 'correct horse battery')).status).toBe(200);
    const added = await browser.addPasskey('acme');
    expect(added.status).toBe(200);
    await browser.post('/api/o/acme/sign-out');
    return browser;
  }

  it('registers a passkey with one stable user handle and signs in identifier-first', async () => {
    const browser = h.browser();
    await browser.signInWithPassword('acme', 'ada', 'correct horse battery');
    const options = await browser.post('/api/o/acme/me/passkeys/options');
    expect(options.body.options).toMatchObject({
      rp: { id: 'localhost' },
      user: { name: 'ada@example.com · Acme', displayName: 'Ada Lovelace · Acme' },
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      attestation: 'none',
    });
    const userHandle = options.body.options.user.id;
    const response = await browser.authenticator.register(options.body.options);
    const added = await browser.post('/api/o/acme/me/passkeys', { response });
    expect(added.status).toBe(200);
    expect(added.body.passkey.name).toBe('Chrome on Linux');

    // A second registration reuses the same user handle and excludes the passkey already there.
    const again = await browser.post('/api/o/acme/me/passkeys/options');
    expect(again.body.options.user.id).toBe(userHandle);
    expect(again.body.options.excludeCredentials).toHaveLength(1);

    await browser.post('/api/o/acme/sign-out');
    expect((await browser.post('/api/o/acme/sign-in/identify', { identifier: 'ADA@example.com' })).body).toEqual({
      passkey: true,
      password: true,
    });
    const options2 = await browser.post('/api/o/acme/sign-in/passkey/options', { identifier: 'ada' });
    expect(options2.body.options.allowCredentials).toHaveLength(1);
    expect(options2.body.options.userVerification).toBe('required');
    const signedIn = await browser.signInWithPasskey('acme', 'ada');
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user.username).toBe('ada');
    expect(signedIn.body.signal).toMatchObject({
      rpId: 'localhost',
      userId: userHandle,
      allAcceptedCredentialIds: [response.id],
    });
    expect((await browser.get('/api/o/acme/me')).body.session.method).toBe('passkey');
    expect(await auditTypes(h)).toContain('passkey.added');
  });

  it('signs in usernameless (discoverable credential, empty allow list)', async () => {
    const browser = await browserWithPasskey();
    const options = await browser.post('/api/o/acme/sign-in/passkey/options', {});
    expect(options.body.options.allowCredentials).toEqual([]);
    const response = await browser.authenticator.authenticate(options.body.options);
    const result = await browser.post('/api/o/acme/sign-in/passkey/verify', { response });
    expect(result.status).toBe(200);
    expect(result.body.user.username).toBe('ada');
  });

  it('answers an unknown account like a password-only one', async () => {
    const browser = h.browser();
    expect((await browser.post('/api/o/acme/sign-in/identify', { identifier: 'nobody' })).body).toEqual({
      passkey: false,
      password: true,
    });
    const options = await browser.post('/api/o/acme/sign-in/passkey/options', { identifier: 'nobody' });
    expect(options.body.options.allowCredentials).toEqual([]);
  });

  it('uses a challenge once', async () => {
    const browser = await browserWithPasskey();
    const options = await browser.post('/api/o/acme/sign-in/passkey/options', {});
    const response = await browser.authenticator.authenticate(options.body.options);
    expect((await browser.post('/api/o/acme/sign-in/passkey/verify', { response })).status).toBe(200);
    const replay = await browser.post('/api/o/acme/sign-in/passkey/verify', { response });
    expect(replay.status).toBe(400);
    expect(replay.body.error.code).toBe('CHALLENGE_INVALID');
  });

  it('refuses a challenge after 5 minutes', async () => {
    const browser = await browserWithPasskey();
    const options = await browser.post('/api/o/acme/sign-in/passkey/options', {});
    const response = await browser.authenticator.authenticate(options.body.options);
    h.advance(5 * 60 * 1000 + 1);
    const late = await browser.post('/api/o/acme/sign-in/passkey/verify', { response });
    expect(late.body.error.code).toBe('CHALLENGE_INVALID');
  });

  it('binds a challenge to the browser it was issued to', async () => {
    const browser = await browserWithPasskey();
    const options = await browser.post('/api/o/acme/sign-in/passkey/options', {});
    const response = await browser.authenticator.authenticate(options.body.options);
    const other = h.browser();
    await other.post('/api/o/acme/sign-in/passkey/options', {}); // has a ceremony cookie of its own
    const stolen = await other.post('/api/o/acme/sign-in/passkey/verify', { response });
    expect(stolen.body.error.code).toBe('CHALLENGE_INVALID');
    const noCookie = await h.browser().post('/api/o/acme/sign-in/passkey/verify', { response });
    expect(noCookie.body.error.code).toBe('CHALLENGE_INVALID');
    // The rightful browser can still finish.
    expect((await browser.post('/api/o/acme/sign-in/passkey/verify', { response })).status).toBe(200);
  });

  it('binds a challenge to its ceremony: a registration challenge cannot sign in', async () => {
    const browser = h.browser();
    await browser.signInWithPassword('acme', 'ada', 'correct horse battery');
    await browser.addPasskey('acme');
    const regOptions = await browser.post('/api/o/acme/me/passkeys/options');
    const assertion = await browser.authenticator.authenticate({
      challenge: regOptions.body.options.challenge,
      rpId: 'localhost',
    });
    const result = await browser.post('/api/o/acme/sign-in/passkey/verify', { response: assertion });
    expect(result.body.error.code).toBe('CHALLENGE_INVALID');
  });

  it('refuses a response from another origin', async () => {
    const browser = await browserWithPasskey();
    const result = await browser.signInWithPasskey('acme', undefined, { origin: 'https://evil.example' });
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe('PASSKEY_RESPONSE_INVALID');
  });

  it('refuses a response made in a cross-origin frame, at sign-in and at registration', async () => {
    const browser = await browserWithPasskey();
    const result = await browser.signInWithPasskey('acme', undefined, { crossOrigin: true });
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe('PASSKEY_RESPONSE_INVALID');
    const failed = await h.deps.db
      .selectFrom('audit_events')
      .select('details')
      .where('type', '=', 'sign_in.failed')
      .execute();
    expect(failed.map((e) => JSON.parse(e.details).reason)).toEqual(['cross_origin']);
    // The challenge was used up by the refused attempt; a fresh one from the same page works.
    expect((await browser.signInWithPasskey('acme')).status).toBe(200);
    const laptop = h.browser(); // a second device: the first one's authenticator is excluded
    await laptop.signInWithPassword('acme', 'ada', 'correct horse battery');
    const options = await laptop.post('/api/o/acme/me/passkeys/options');
    const framed = await laptop.authenticator.register(options.body.options, { crossOrigin: true });
    expect((await laptop.post('/api/o/acme/me/passkeys', { response: framed })).body.error.code).toBe(
      'PASSKEY_RESPONSE_INVALID',
    );
    expect(await h.deps.db.selectFrom('passkeys').select('id').execute()).toHaveLength(1);
  });

  it('requires user verification', async () => {
    const browser = await browserWithPasskey();
    browser.authenticator.userVerified = false;
    const result = await browser.signInWithPasskey('acme');
    expect(result.body.error.code).toBe('PASSKEY_RESPONSE_INVALID');
    expect((await browser.get('/api/o/acme/me')).status).toBe(401);
  });

  it('refuses a counter that goes backwards and records a possible cloned key', async () => {
    const browser = await browserWithPasskey();
    expect((await browser.signInWithPasskey('acme', undefined, { counter: 5 })).status).toBe(200);
    await browser.post('/api/o/acme/sign-out');
    const clone = await browser.signInWithPasskey('acme', undefined, { counter: 3 });
    expect(clone.status).toBe(401);
    expect(clone.body.error.code).toBe('PASSKEY_COUNTER_REGRESSED');
    expect(JSON.stringify(clone.body)).not.toMatch(/counter.*\d/i);
    const events = await h.deps.db
      .selectFrom('audit_events')
      .selectAll()
      .where('type', '=', 'passkey.counter_regressed')
      .execute();
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.details)).toMatchObject({ storedCounter: 5, receivedCounter: 3 });
    const stored = await h.deps.db.selectFrom('passkeys').select('counter').executeTakeFirstOrThrow();
    expect(stored.counter).toBe(5);
  });

  it('never lets racing sign-ins move the counter backwards', async () => {
    const browser = await browserWithPasskey();
    const first = await browser.post('/api/o/acme/sign-in/passkey/options', {});
    const second = await browser.post('/api/o/acme/sign-in/passkey/options', {});
    const high = await browser.authenticator.authenticate(first.body.options, { counter: 10 });
    const low = await browser.authenticator.authenticate(second.body.options, { counter: 5 });
    const results = await Promise.all([
      browser.post('/api/o/acme/sign-in/passkey/verify', { response: high }),
      browser.post('/api/o/acme/sign-in/passkey/verify', { response: low }),
    ]);
    const stored = await h.deps.db.selectFrom('passkeys').select('counter').executeTakeFirstOrThrow();
    expect(stored.counter).toBe(10);
    expect(results[0]!.status).toBe(200);
    if (results[1]!.status !== 200) expect(results[1]!.body.error.code).toBe('PASSKEY_COUNTER_REGRESSED');
  });

  it('signs in once for an assertion sent twice at the same time (no counter to stop the second)', async () => {
    const browser = await browserWithPasskey();
    const options = await browser.post('/api/o/acme/sign-in/passkey/options', {});
    const response = await browser.authenticator.authenticate(options.body.options, { counter: 0 });
    const results = await Promise.all([
      browser.post('/api/o/acme/sign-in/passkey/verify', { response }),
      browser.post('/api/o/acme/sign-in/passkey/verify', { response }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
    expect(results.find((r) => r.status === 400)!.body.error.code).toBe('CHALLENGE_INVALID');
    const sessions = await h.deps.db.selectFrom('sessions').select('method').where('method', '=', 'passkey').execute();
    expect(sessions).toHaveLength(1);
  });

  it('accepts authenticators that keep no counter (always 0)', async () => {
    const browser = await browserWithPasskey();
    expect((await browser.signInWithPasskey('acme', undefined, { counter: 0 })).status).toBe(200);
    expect((await browser.signInWithPasskey('acme', undefined, { counter: 0 })).status).toBe(200);
  });

  it('reports a passkey deleted on the server as unknown, and audits the failure', async () => {
    const browser = await browserWithPasskey();
    await h.deps.db.deleteFrom('passkeys').execute();
    const result = await browser.signInWithPasskey('acme');
    expect(result.status).toBe(401);
    expect(result.body.error.code).toBe('PASSKEY_UNKNOWN');
    expect(await auditTypes(h)).toContain('sign_in.failed');
  });

  it('refuses a replayed assertion of an unknown passkey as a used challenge', async () => {
    const browser = await browserWithPasskey();
    await h.deps.db.deleteFrom('passkeys').execute();
    const options = await browser.post('/api/o/acme/sign-in/passkey/options', {});
    const response = await browser.authenticator.authenticate(options.body.options);
    const first = await browser.post('/api/o/acme/sign-in/passkey/verify', { response });
    expect(first.body.error.code).toBe('PASSKEY_UNKNOWN');
    const replay = await browser.post('/api/o/acme/sign-in/passkey/verify', { response });
    expect(replay.status).toBe(400);
    expect(replay.body.error.code).toBe('CHALLENGE_INVALID');
  });

  it('rotates the session at sign-in: the old cookie stops working', async () => {
    const browser = await browserWithPasskey();
    await browser.signInWithPassword('acme', 'ada', 'correct horse battery');
    const first = [...browser.cookies].find(([k]) => k.startsWith('lk_session_'))!;
    await browser.signInWithPasskey('acme');
    const second = [...browser.cookies].find(([k]) => k.startsWith('lk_session_'))!;
    expect(second[1]).not.toBe(first[1]);
    const stale = h.browser();
    stale.cookies.set(first[0], first[1]);
    expect((await stale.get('/api/o/acme/me')).status).toBe(401);
  });
});
