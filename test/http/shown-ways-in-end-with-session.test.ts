/**
 * An enrollment code or setup link shown to an admin ends with the session it was shown in, when something else
 * ends it: a stolen phone signed out from another device keeps nothing it issued. Its own sign-out keeps them, and
 * what was only emailed, or shown in another session, stays.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Organisation } from '../../src/orgs/organisations.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

const tokenOf = (link: string) => new URL(link).hash.slice('#token='.length);

describe.each(DIALECTS)('ways in shown to an admin end with their session (%s)', (dialect) => {
  let h: Harness;
  let acme: Organisation;
  let ada: User;
  let bob: User;
  let carol: User;
  let phone: Browser;
  let laptop: Browser;

  beforeEach(async () => {
    h = await createHarness(dialect);
    acme = await h.org();
    ada = await h.user({ org: acme, username: 'ada', role: 'admin' });
    bob = await h.user({ org: acme, username: 'bob', email: 'bob@acme.example' });
    carol = await h.user({ org: acme, username: 'carol', email: 'carol@acme.example' });
    ({ browser: phone } = await redeemSetupLink(h, acme, ada));
    ({ browser: laptop } = await redeemSetupLink(h, acme, ada));
  });
  afterEach(() => h.close());

  const sessionIdOf = async (browser: Browser) =>
    ((await browser.get('/api/o/acme/me/sessions')).body.sessions as { id: string; current: boolean }[]).find(
      (s) => s.current,
    )!.id;
  const codeFor = async (browser: Browser, user: User) =>
    (await browser.post(`/api/o/acme/admin/users/${user.id}/enrollment-code`)).body.code as string;
  // No SMTP here: the enrollment email's link is handed to the admin instead.
  const linkFor = async (browser: Browser, user: User) =>
    tokenOf((await browser.post(`/api/o/acme/admin/users/${user.id}/enrollment-email`, {})).body.link);
  const enroll = (username: string, code: string) => h.browser().post('/api/o/acme/enroll', { username, code });
  const voidedEvents = async () =>
    (
      await h.deps.db
        .selectFrom('audit_events')
        .select(['user_id', 'details'])
        .where('type', '=', 'enrollment.voided')
        .execute()
    ).map((e) => ({ userId: e.user_id, ...JSON.parse(e.details) }));

  it("signing the phone out ends the code and link it was shown; the laptop's stay", async () => {
    const stolenCode = await codeFor(phone, bob);
    const stolenLink = await linkFor(phone, bob);
    const laptopCode = await codeFor(laptop, carol);
    expect((await laptop.delete(`/api/o/acme/me/sessions/${await sessionIdOf(phone)}`)).status).toBe(200);
    expect((await enroll('bob', stolenCode)).body.error.code).toBe('ENROLLMENT_CODE_INVALID');
    expect((await h.browser().post('/api/o/acme/setup', { token: stolenLink })).body.error.code).toBe(
      'SETUP_LINK_INVALID',
    );
    expect(await voidedEvents()).toEqual([{ userId: ada.id, links: 1, codes: 1, reason: 'issuing_session_ended' }]);
    expect((await enroll('carol', laptopCode)).status).toBe(200);
  });

  it('a recovery of the admin ends what every one of their sessions was shown', async () => {
    const stolenCode = await codeFor(phone, bob);
    const bea = await h.user({ org: acme, username: 'bea', role: 'admin' });
    const { browser: other } = await redeemSetupLink(h, acme, bea);
    expect((await phone.addPasskey('acme', 'Stolen phone')).status).toBe(200);
    const recovered = await other.post(`/api/o/acme/admin/users/${ada.id}/recover`, {
      passkeyIds: 'all',
      method: 'code',
    });
    expect(recovered.status).toBe(200);
    expect((await enroll('bob', stolenCode)).body.error.code).toBe('ENROLLMENT_CODE_INVALID');
    // The recovery code Bea was shown for Ada stays: Bea's session goes on.
    expect((await enroll('ada', recovered.body.code.code)).status).toBe(200);
  });

  it('its own sign-out leaves what a session was shown: an admin signing out at the end of the day', async () => {
    const code = await codeFor(phone, bob);
    const link = await linkFor(phone, carol);
    expect((await phone.post('/api/o/acme/sign-out')).status).toBe(200);
    expect((await enroll('bob', code)).status).toBe(200);
    expect((await h.browser().post('/api/o/acme/setup', { token: link })).status).toBe(200);
    expect(await voidedEvents()).toEqual([]);
  });

  it('a plain sign-out of the laptop leaves what the phone was shown', async () => {
    const phoneCode = await codeFor(phone, bob);
    expect((await laptop.post('/api/o/acme/sign-out')).status).toBe(200);
    expect((await enroll('bob', phoneCode)).status).toBe(200);
    expect(await voidedEvents()).toEqual([]);
  });
});
