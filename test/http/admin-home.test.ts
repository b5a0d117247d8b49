/** Issue #14: the admin home's rollout card, its next step, and the recent security events. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Organisation } from '../../src/orgs/organisations.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

const DAY = 24 * 60 * 60 * 1000;
const HOME = '/api/o/acme/admin/home';

describe.each(DIALECTS)('admin home (%s)', (dialect) => {
  let h: Harness;
  let acme: Organisation;
  let ada: User;
  let bob: User;
  let admin: Browser;
  const setPolicy = (values: {
    passkeys_available?: 0 | 1;
    passkeys_enabled?: 0 | 1;
    rollout?: 'admins' | 'pilot' | 'everyone';
  }) => h.deps.db.updateTable('organisations').set(values).where('id', '=', acme.id).execute();
  const rollout = async () => {
    const response = await admin.get(HOME);
    expect(response.status).toBe(200);
    return response.body.rollout;
  };

  beforeEach(async () => {
    h = await createHarness(dialect, { PASSWORD_ATTEMPTS_PER_ACCOUNT: '3' });
    acme = await h.org();
    ada = await h.user({ org: acme, username: 'ada', role: 'admin' });
    bob = await h.user({ org: acme, username: 'bob', password: 'bobs good password' });
    ({ browser: admin } = await redeemSetupLink(h, acme, ada));
  });
  afterEach(() => h.close());

  it("refuses members, editors, other organisations' admins and the operator", async () => {
    const ed = await h.user({ org: acme, username: 'ed', role: 'editor' });
    const globex = await h.org('globex', 'Globex');
    const gina = await h.user({ org: globex, username: 'gina', role: 'admin' });
    const platform = await h.org('platform', 'Platform');
    const op = await h.user({ org: platform, username: 'op', role: 'operator' });
    const { browser: member } = await redeemSetupLink(h, acme, bob);
    const { browser: editor } = await redeemSetupLink(h, acme, ed);
    const { browser: otherAdmin } = await redeemSetupLink(h, globex, gina);
    const { browser: operator } = await redeemSetupLink(h, platform, op);
    const forged = h.browser();
    forged.cookies.set('lk_session_acme', otherAdmin.cookies.get('lk_session_globex')!);

    for (const [who, browser, status, code] of [
      ['member', member, 403, 'FORBIDDEN'],
      ['editor', editor, 403, 'FORBIDDEN'],
      ['other org admin', otherAdmin, 401, 'UNAUTHENTICATED'],
      ['forged cookie', forged, 401, 'UNAUTHENTICATED'],
      ['operator', operator, 401, 'UNAUTHENTICATED'],
      ['nobody', h.browser(), 401, 'UNAUTHENTICATED'],
    ] as const) {
      const response = await browser.get(HOME);
      expect([who, response.status, response.body.error?.code]).toEqual([who, status, code]);
    }
    // Globex's admin sees Globex's figures on their own home, never Acme's.
    const own = await otherAdmin.get('/api/o/globex/admin/home');
    expect(own.body.rollout).toMatchObject({ members: 1, enrolled: 0, pending: 1 });
  });

  it('counts enrolled of members and names the next step in the recommended order', async () => {
    await setPolicy({ passkeys_available: 0, passkeys_enabled: 0, rollout: 'admins' });
    expect(await rollout()).toMatchObject({
      passkeysAvailable: false,
      passkeysEnabled: false,
      passkeysMandatory: false,
      passwordFallback: true,
      rollout: 'admins',
      members: 2,
      enrolled: 0,
      pending: 2,
      percent: 0,
      adminHasPasskey: false,
      nextStep: 'ask-operator',
    });
    await setPolicy({ passkeys_available: 1 });
    expect((await rollout()).nextStep).toBe('turn-on');
    await setPolicy({ passkeys_enabled: 1 });
    expect((await rollout()).nextStep).toBe('try-yourself');

    // The admin tries it first.
    expect((await admin.addPasskey('acme')).status).toBe(200);
    expect(await rollout()).toMatchObject({
      enrolled: 1,
      pending: 1,
      percent: 50,
      adminHasPasskey: true,
      nextStep: 'pilot',
    });
    await setPolicy({ rollout: 'pilot' });
    expect((await rollout()).nextStep).toBe('everyone');
    await setPolicy({ rollout: 'everyone' });
    expect((await rollout()).nextStep).toBe('remind-pending');

    // Two of three is 66 %, rounded down; everyone enrolled is the end.
    const carol = await h.user({ org: acme, username: 'carol' });
    for (const user of [bob, carol]) {
      const { browser } = await redeemSetupLink(h, acme, user);
      expect((await browser.addPasskey('acme')).status).toBe(200);
      if (user === bob) expect(await rollout()).toMatchObject({ members: 3, enrolled: 2, pending: 1, percent: 66 });
    }
    expect(await rollout()).toMatchObject({ members: 3, enrolled: 3, pending: 0, percent: 100, nextStep: 'done' });
    // Another organisation's members and passkeys are not counted.
    const globex = await h.org('globex', 'Globex');
    const gina = await h.user({ org: globex, username: 'gina', role: 'admin' });
    const { browser: ginaBrowser } = await redeemSetupLink(h, globex, gina);
    expect((await ginaBrowser.addPasskey('globex')).status).toBe(200);
    expect(await rollout()).toMatchObject({ members: 3, enrolled: 3 });
  });

  it('lists the recent counter regressions, recoveries and lock-outs, newest first, and nothing else', async () => {
    // A recovery 40 days ago is no longer recent.
    expect((await admin.addPasskey('acme')).status).toBe(200);
    expect(
      (await admin.post(`/api/o/acme/admin/users/${bob.id}/recover`, { passkeyIds: 'all', method: 'code' })).status,
    ).toBe(200);
    h.advance(40 * DAY);
    // (The admin's session has expired by then: she signs in again with her passkey.)
    expect((await admin.signInWithPasskey('acme')).status).toBe(200);
    expect((await admin.get(HOME)).body.securityEvents).toEqual([]);

    // A passkey whose counter goes backwards: a possible cloned key.
    const { browser: bobBrowser } = await redeemSetupLink(h, acme, bob);
    expect((await bobBrowser.addPasskey('acme')).status).toBe(200);
    expect((await bobBrowser.signInWithPasskey('acme', undefined, { counter: 5 })).status).toBe(200);
    h.advance(1000);
    expect((await bobBrowser.signInWithPasskey('acme', undefined, { counter: 3 })).status).toBe(401);
    h.advance(1000);
    // Wrong passwords until the account's password sign-in locks.
    const stranger = h.browser();
    for (let i = 0; i < 4; i++) await stranger.signInWithPassword('acme', 'bob', `wrong guess ${i}`);
    h.advance(1000);
    expect(
      (await admin.post(`/api/o/acme/admin/users/${bob.id}/recover`, { passkeyIds: 'all', method: 'code' })).status,
    ).toBe(200);

    const { securityEvents } = (await admin.get(HOME)).body;
    expect(securityEvents.map((e: { type: string; user: { username: string } }) => [e.type, e.user.username])).toEqual([
      ['recovery.started', 'bob'],
      ['sign_in.password_locked', 'bob'],
      ['passkey.counter_regressed', 'bob'],
    ]);
    expect(JSON.stringify(securityEvents)).not.toContain('userAgent"');
  });

  it('draws adoption from one day of data with the members of each day', async () => {
    expect((await admin.addPasskey('acme')).status).toBe(200);
    const one = (await admin.get('/api/o/acme/admin/adoption')).body;
    expect(one.series).toEqual([{ day: new Date(h.deps.clock()).toISOString().slice(0, 10), enrolled: 1, members: 2 }]);
    h.advance(DAY);
    await h.user({ org: acme, username: 'carol' });
    const two = (await admin.get('/api/o/acme/admin/adoption')).body;
    expect(two.series.map((d: { enrolled: number; members: number }) => [d.enrolled, d.members])).toEqual([
      [1, 2],
      [1, 3],
    ]);
  });

  it("tells the user's page while a link still works, so that it can watch for the passkey", async () => {
    expect((await admin.addPasskey('acme')).status).toBe(200);
    const dan = await h.user({ org: acme, username: 'dan', email: 'dan@acme.example' });
    const erin = await h.user({ org: acme, username: 'erin', email: 'erin@acme.example' });
    const page = async (user: User) => (await admin.get(`/api/o/acme/admin/users/${user.id}`)).body;
    expect((await page(dan)).enrollmentLink).toBeNull();
    const sent = await admin.post(`/api/o/acme/admin/users/${dan.id}/enrollment-email`, {});
    expect(sent.status).toBe(200);
    // No SMTP here: the admin was handed the link; the page says until when it works, never the link.
    const token = new URL(sent.body.link).hash.slice('#token='.length);
    expect((await page(dan)).enrollmentLink).toEqual({ expiresAt: sent.body.expiresAt });
    expect(JSON.stringify(await page(dan))).not.toContain(token);
    // Dan uses it: no live link any more.
    expect((await h.browser().post('/api/o/acme/setup', { token })).status).toBe(200);
    expect((await page(dan)).enrollmentLink).toBeNull();
    // A link nobody used stops being live when it expires.
    expect((await admin.post(`/api/o/acme/admin/users/${erin.id}/enrollment-email`, {})).status).toBe(200);
    expect((await page(erin)).enrollmentLink).not.toBeNull();
    h.advance(8 * DAY);
    expect((await admin.signInWithPasskey('acme')).status).toBe(200);
    expect((await page(erin)).enrollmentLink).toBeNull();
  });
});
