import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { createHarness, type Harness } from '../support/harness.js';

describe.each(DIALECTS)('organisations are isolated (%s)', (dialect) => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness(dialect);
    const acme = await h.org('acme', 'Acme');
    const globex = await h.org('globex', 'Globex');
    await h.user({ org: acme, username: 'ada', password: 'correct horse battery' });
    await h.user({ org: globex, username: 'ada', password: 'globex password!' });
  });
  afterEach(() => h.close());

  it("does not accept one organisation's password in another", async () => {
    expect((await h.browser().signInWithPassword('globex', 'ada', 'correct horse battery')).body.error.code).toBe(
      'INVALID_CREDENTIALS',
    );
  });

  it("does not accept one organisation's session cookie in another", async () => {
    const browser = h.browser();
    await browser.signInWithPassword('acme', 'ada', 'correct horse battery');
    const token = browser.cookies.get('lk_session_acme')!;
    const forged = h.browser();
    forged.cookies.set('lk_session_globex', token);
    expect((await forged.get('/api/o/globex/me')).status).toBe(401);
    expect((await browser.get('/api/o/globex/me')).status).toBe(401);
  });

  it("does not accept one organisation's passkey in another", async () => {
    const browser = h.browser();
    await browser.signInWithPassword('acme', 'ada', 'correct horse battery');
    await browser.addPasskey('acme');
    const options = await browser.post('/api/o/globex/sign-in/passkey/options', {});
    const response = await browser.authenticator.authenticate(options.body.options);
    const result = await browser.post('/api/o/globex/sign-in/passkey/verify', { response });
    expect(result.status).toBe(401);
    // Not "unknown": that would make the page ask the browser to delete a passkey valid in Acme.
    expect(result.body.error.code).toBe('PASSKEY_OTHER_ORGANISATION');
    // A challenge issued by one organisation cannot be answered in another either.
    const acmeOptions = await browser.post('/api/o/acme/sign-in/passkey/options', {});
    const acmeResponse = await browser.authenticator.authenticate(acmeOptions.body.options);
    expect(
      (await browser.post('/api/o/globex/sign-in/passkey/verify', { response: acmeResponse })).body.error.code,
    ).toBe('CHALLENGE_INVALID');
  });

  it('answers an unknown organisation with a coded 404', async () => {
    const result = await h.browser().post('/api/o/nope/sign-in/identify', { identifier: 'ada' });
    expect(result.status).toBe(404);
    expect(result.body.error.code).toBe('ORG_NOT_FOUND');
  });
});
