import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ERRORS } from '../../src/errors.js';
import { DIALECTS } from '../support/databases.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

const PASSWORD = 'correct horse battery';

// All organisations share one RP ID by default, so one authenticator holds a person's passkeys for all
// of them and the browser offers every one of them on every organisation's sign-in page.
describe.each(DIALECTS)('a person in two organisations on one RP ID (%s)', (dialect) => {
  let h: Harness;
  let browser: Browser;
  beforeEach(async () => {
    h = await createHarness(dialect);
    for (const [slug, name] of [
      ['demo', 'Demo'],
      ['platform', 'Platform'],
    ] as const) {
      const org = await h.org(slug, name);
      await h.user({
        org,
        username: 'bob',
        email: 'bob@example.com',
        displayName: 'Bob',
        role: slug === 'platform' ? 'operator' : 'member',
        password: PASSWORD,
      });
    }
    browser = h.browser();
  });
  afterEach(() => h.close());

  async function addPasskey(org: string) {
    expect((await browser.signInWithPassword(org, 'bob', PASSWORD)).status).toBe(200);
    const added = await browser.addPasskey(org);
    expect(added.status).toBe(200);
    await browser.post(`/api/o/${org}/sign-out`);
    return browser.authenticator.credentials.at(-1)!.id;
  }

  const verifyWith = async (org: string, credentialId: string) => {
    const options = await browser.post(`/api/o/${org}/sign-in/passkey/options`, {});
    const response = await browser.authenticator.authenticate(options.body.options, { credentialId });
    return browser.post(`/api/o/${org}/sign-in/passkey/verify`, { response });
  };

  it('the platform page calls a Demo passkey "another organisation", naming none; Demo still accepts it', async () => {
    const demoPasskey = await addPasskey('demo');
    await addPasskey('platform');
    const result = await verifyWith('platform', demoPasskey);
    expect(result.status).toBe(401);
    expect(result.body).toEqual({
      error: { code: 'PASSKEY_OTHER_ORGANISATION', message: ERRORS.PASSKEY_OTHER_ORGANISATION.message },
    });
    expect(JSON.stringify(result.body)).not.toMatch(/demo/i);
    expect((await browser.get('/api/o/platform/me')).status).toBe(401);

    const platform = await h.deps.db
      .selectFrom('organisations')
      .select('id')
      .where('slug', '=', 'platform')
      .executeTakeFirstOrThrow();
    const failed = await h.deps.db
      .selectFrom('audit_events')
      .selectAll()
      .where('type', '=', 'sign_in.failed')
      .execute();
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ org_id: platform.id, user_id: null });
    expect(JSON.parse(failed[0]!.details)).toEqual({ method: 'passkey', reason: 'other_organisation' });

    // The passkey is untouched and still signs in where it belongs.
    const signedIn = await verifyWith('demo', demoPasskey);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.signal.allAcceptedCredentialIds).toEqual([demoPasskey]);
  });

  it('never signs in an account of another organisation, even through a passkey row that claims this one', async () => {
    const demoPasskey = await addPasskey('demo');
    // Rows that disagree (never written so by Latchkey): the passkey says Platform, its owner is Demo's Bob.
    const platform = await h.deps.db
      .selectFrom('organisations')
      .select('id')
      .where('slug', '=', 'platform')
      .executeTakeFirstOrThrow();
    await h.deps.db
      .updateTable('passkeys')
      .set({ org_id: platform.id })
      .where('credential_id', '=', demoPasskey)
      .execute();
    const result = await verifyWith('platform', demoPasskey);
    expect(result.status).toBe(401);
    expect(result.body.error.code).toBe('PASSKEY_OTHER_ORGANISATION');
    expect((await browser.get('/api/o/platform/me')).status).toBe(401);
  });

  it('still answers PASSKEY_UNKNOWN for a passkey no organisation holds', async () => {
    const demoPasskey = await addPasskey('demo');
    await h.deps.db.deleteFrom('passkeys').where('credential_id', '=', demoPasskey).execute();
    for (const org of ['platform', 'demo']) {
      const result = await verifyWith(org, demoPasskey);
      expect(result.status).toBe(401);
      expect(result.body.error.code).toBe('PASSKEY_UNKNOWN');
    }
  });

  it("refuses another organisation's passkey for re-verification too, without calling it unknown", async () => {
    const demoPasskey = await addPasskey('demo');
    await addPasskey('platform');
    await browser.signInWithPassword('platform', 'bob', PASSWORD);
    h.advance(5 * 60 * 1000 + 1);
    const options = await browser.post('/api/o/platform/me/reverify/passkey/options');
    const response = await browser.authenticator.authenticate(
      { ...options.body.options, allowCredentials: [] },
      { credentialId: demoPasskey },
    );
    const result = await browser.post('/api/o/platform/me/reverify/passkey/verify', { response });
    expect(result.body.error.code).toBe('PASSKEY_OTHER_ORGANISATION');
  });

  it('names the organisation in passkey account names, the same at registration and in the Signal API', async () => {
    await browser.signInWithPassword('demo', 'bob', PASSWORD);
    const options = await browser.post('/api/o/demo/me/passkeys/options');
    expect(options.body.options.user).toMatchObject({ name: 'bob@example.com · Demo', displayName: 'Bob · Demo' });
    expect(
      (
        await browser.post('/api/o/demo/me/passkeys', {
          response: await browser.authenticator.register(options.body.options),
        })
      ).status,
    ).toBe(200);
    await browser.signInWithPassword('platform', 'bob', PASSWORD);
    const platformOptions = await browser.post('/api/o/platform/me/passkeys/options');
    expect(platformOptions.body.options.user).toMatchObject({
      name: 'bob@example.com · Platform',
      displayName: 'Bob · Platform',
    });

    await browser.post('/api/o/demo/sign-out');
    const signedIn = await browser.signInWithPasskey('demo');
    expect(signedIn.body.signal).toMatchObject({
      rpId: 'localhost',
      userId: options.body.options.user.id,
      name: 'bob@example.com · Demo',
      displayName: 'Bob · Demo',
    });
    const renamed = await browser.patch('/api/o/demo/me', { displayName: 'Robert' });
    expect(renamed.body.signal).toMatchObject({
      userId: options.body.options.user.id,
      name: 'bob@example.com · Demo',
      displayName: 'Robert · Demo',
    });
  });
});
