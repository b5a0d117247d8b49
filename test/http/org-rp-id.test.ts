import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { createHarness, ORIGIN, type Browser, type Harness } from '../support/harness.js';

const PASSWORD = 'correct horse battery';
const DEMO = 'https://demo.example.com';

describe.each(DIALECTS)('an organisation with its own RP ID (%s)', (dialect) => {
  let h: Harness;
  let operator: Browser;
  let bob: Browser;
  const setRpId = (body: Record<string, unknown>, slug = 'demo') => operator.patch(`/api/platform/orgs/${slug}`, body);
  const audit = async () =>
    (
      await h.deps.db
        .selectFrom('audit_events')
        .selectAll()
        .where('type', '=', 'org.rp_id_changed')
        .orderBy('created_at')
        .execute()
    ).map((e) => JSON.parse(e.details));

  beforeEach(async () => {
    h = await createHarness(dialect);
    const platform = await h.org('platform', 'Platform');
    const demo = await h.org('demo', 'Demo');
    await h.user({ org: platform, username: 'op', role: 'operator', password: PASSWORD });
    await h.user({ org: demo, username: 'bob', email: 'bob@example.com', password: PASSWORD });
    operator = h.browser();
    expect((await operator.signInWithPassword('platform', 'op', PASSWORD)).status).toBe(200);
    bob = h.browser();
  });
  afterEach(() => h.close());

  it('takes only a plain host name, only from an operator, and never for the platform organisation', async () => {
    for (const rpId of [
      'https://demo.example.com',
      'demo.example.com:443',
      'demo.example.com/x',
      '10.0.0.1',
      'com',
      'demo..example.com',
      '-demo.example.com',
      'de mo.example.com',
      'demo.example.com.',
      '',
    ]) {
      const result = await setRpId({ rpId });
      expect(result.status, rpId).toBe(400);
      expect(result.body.error.code, rpId).toBe('RP_ID_INVALID');
    }
    expect((await setRpId({ rpId: 'ops.example.com' }, 'platform')).body.error.code).toBe('RP_ID_INVALID');
    expect((await setRpId({ force: true })).body.error.code).toBe('VALIDATION_FAILED');
    await bob.signInWithPassword('demo', 'bob', PASSWORD);
    expect((await bob.patch('/api/platform/orgs/demo', { rpId: 'demo.example.com' })).status).toBe(401);
    expect(await audit()).toEqual([]);
  });

  it("runs the organisation's ceremonies on its own RP ID and origin, and refuses the shared origin", async () => {
    const set = await setRpId({ rpId: 'Demo.Example.com' });
    expect(set.status).toBe(200);
    expect(set.body.organisation).toMatchObject({ slug: 'demo', rpId: 'demo.example.com' });
    expect(await audit()).toEqual([
      { via: 'operator', rpId: 'localhost → demo.example.com', passkeysStoppedWorking: 0, forced: false },
    ]);
    expect((await bob.get('/api/o/demo')).body.rpId).toBe('demo.example.com');
    expect((await bob.get('/api/o/platform')).body.rpId).toBe('localhost');

    // The organisation's pages are served on its host: the API accepts that origin (and still PUBLIC_URL's).
    const headers = { origin: DEMO };
    expect(
      (await bob.post('/api/o/demo/sign-in/password', { identifier: 'bob', password: PASSWORD }, headers)).status,
    ).toBe(200);
    expect((await bob.post('/api/o/demo/sign-in/identify', { identifier: 'bob' }, { origin: ORIGIN })).status).toBe(
      200,
    );
    expect(
      (await bob.post('/api/o/demo/sign-in/identify', { identifier: 'bob' }, { origin: 'https://evil.example.com' }))
        .body.error.code,
    ).toBe('ORIGIN_NOT_ALLOWED');
    expect((await bob.post('/api/o/platform/sign-in/identify', { identifier: 'bob' }, headers)).body.error.code).toBe(
      'ORIGIN_NOT_ALLOWED',
    );

    const options = await bob.post('/api/o/demo/me/passkeys/options', {}, headers);
    expect(options.body.options.rp.id).toBe('demo.example.com');
    // A response from the shared origin cannot be for this RP ID: refused.
    const wrongOrigin = await bob.authenticator.register(options.body.options);
    expect((await bob.post('/api/o/demo/me/passkeys', { response: wrongOrigin }, headers)).body.error.code).toBe(
      'PASSKEY_RESPONSE_INVALID',
    );
    const again = await bob.post('/api/o/demo/me/passkeys/options', {}, headers);
    bob.authenticator.credentials.length = 0;
    const response = await bob.authenticator.register(again.body.options, { origin: DEMO });
    expect((await bob.post('/api/o/demo/me/passkeys', { response }, headers)).status).toBe(200);
    expect(await h.deps.db.selectFrom('passkeys').select('rp_id').execute()).toEqual([{ rp_id: 'demo.example.com' }]);

    await bob.post('/api/o/demo/sign-out', {}, headers);
    const signIn = await bob.post('/api/o/demo/sign-in/passkey/options', {}, headers);
    expect(signIn.body.options.rpId).toBe('demo.example.com');
    const fromShared = await bob.authenticator.authenticate(signIn.body.options);
    expect(
      (await bob.post('/api/o/demo/sign-in/passkey/verify', { response: fromShared }, headers)).body.error.code,
    ).toBe('PASSKEY_RESPONSE_INVALID');
    const signIn2 = await bob.post('/api/o/demo/sign-in/passkey/options', {}, headers);
    const assertion = await bob.authenticator.authenticate(signIn2.body.options, { origin: DEMO });
    const signedIn = await bob.post('/api/o/demo/sign-in/passkey/verify', { response: assertion }, headers);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.signal).toMatchObject({ rpId: 'demo.example.com', name: 'bob@example.com · Demo' });
  });

  it('refuses a change that strands passkeys unless forced, and a forced change can be undone', async () => {
    await bob.signInWithPassword('demo', 'bob', PASSWORD);
    expect((await bob.addPasskey('demo')).status).toBe(200);
    const refused = await setRpId({ rpId: 'demo.example.com' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'RP_ID_CHANGE_BREAKS_PASSKEYS', details: { passkeys: 1 } });
    expect((await bob.get('/api/o/demo')).body.rpId).toBe('localhost');
    // Nothing else in the same request changed either.
    expect((await setRpId({ rpId: 'demo.example.com', passkeysAvailable: false })).status).toBe(409);
    expect(
      (await operator.get('/api/platform/orgs')).body.organisations.find((o: { slug: string }) => o.slug === 'demo'),
    ).toMatchObject({ passkeysAvailable: true, rpId: null });

    expect((await setRpId({ rpId: 'demo.example.com', force: true })).status).toBe(200);
    await bob.post('/api/o/demo/sign-out');
    const options = await bob.post('/api/o/demo/sign-in/passkey/options', {});
    // The old passkey answers for the old RP ID: no longer valid here.
    const stale = await bob.authenticator.authenticate({ ...options.body.options, rpId: 'localhost' });
    expect((await bob.post('/api/o/demo/sign-in/passkey/verify', { response: stale })).body.error.code).toBe(
      'PASSKEY_RESPONSE_INVALID',
    );

    // Back to the shared RP ID: the passkey was kept, nothing is stranded, so no force is needed.
    expect((await setRpId({ rpId: null })).body.organisation.rpId).toBeNull();
    expect((await bob.signInWithPasskey('demo')).status).toBe(200);
    expect(await audit()).toEqual([
      { via: 'operator', rpId: 'localhost → demo.example.com', passkeysStoppedWorking: 1, forced: true },
      { via: 'operator', rpId: 'demo.example.com → localhost', passkeysStoppedWorking: 0, forced: false },
    ]);
  });
});
