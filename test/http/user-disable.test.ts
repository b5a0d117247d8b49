/** Issue #14: a disabled account's sessions, links, codes and device links are dead, and every sign-in is refused. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSetupLink } from '../../src/enrollment/setup-links.js';
import type { Organisation } from '../../src/orgs/organisations.js';
import { disableUser } from '../../src/users/lifecycle.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

const PASSWORD = 'bob has a password';
const tokenOf = (link: string) => new URL(link).hash.slice('#token='.length);

describe.each(DIALECTS)('Disable account (%s)', (dialect) => {
  let h: Harness;
  let acme: Organisation;
  let ada: User;
  let bob: User;
  let admin: Browser;
  let phone: Browser;
  let desk: Browser;

  beforeEach(async () => {
    h = await createHarness(dialect);
    acme = await h.org();
    ada = await h.user({ org: acme, username: 'ada', role: 'admin' });
    bob = await h.user({ org: acme, username: 'bob', email: 'bob@acme.example', password: PASSWORD });
    ({ browser: admin } = await redeemSetupLink(h, acme, ada));
    phone = h.browser();
    expect((await phone.signInWithPassword('acme', 'bob', PASSWORD)).status).toBe(200);
    expect((await phone.addPasskey('acme', 'Phone')).status).toBe(200);
    desk = h.browser();
    expect((await desk.signInWithPassword('acme', 'bob', PASSWORD)).status).toBe(200);
  });
  afterEach(() => h.close());

  /** A device link started on a new computer, approved on the phone with its passkey. */
  async function approvedLink(newDevice: Browser) {
    const started = await newDevice.post('/api/o/acme/device-link', { identifier: 'bob' });
    expect((await phone.post('/api/o/acme/me/device-links/lookup', { code: started.body.code })).status).toBe(200);
    const options = await phone.post(`/api/o/acme/me/device-links/${started.body.id}/approve/options`);
    const response = await phone.authenticator.authenticate(options.body.options);
    expect((await phone.post(`/api/o/acme/me/device-links/${started.body.id}/approve`, { response })).status).toBe(200);
    return started.body.id as string;
  }

  it('ends sessions and device links, refuses password and passkey (ACCOUNT_DISABLED); Enable undoes it', async () => {
    const laptop = h.browser();
    const approved = await approvedLink(laptop);
    const tablet = h.browser();
    const pending = await tablet.post('/api/o/acme/device-link', { identifier: 'bob' });

    const disabled = await admin.post(`/api/o/acme/admin/users/${bob.id}/disable`);
    expect(disabled.status).toBe(200);
    expect(disabled.body.user).toMatchObject({ username: 'bob', status: 'disabled', enrollment: 'enrolled' });

    for (const browser of [phone, desk]) expect((await browser.get('/api/o/acme/me')).status).toBe(401);
    const completed = await laptop.post(`/api/o/acme/device-link/${approved}/complete`);
    expect([completed.status, completed.body.error.code]).toEqual([409, 'DEVICE_LINK_NOT_APPROVED']);
    expect((await tablet.get(`/api/o/acme/device-link/${pending.body.id}`)).body.state).toBe('expired');
    expect(
      await h.deps.db
        .selectFrom('sessions')
        .select('id')
        .where('user_id', '=', bob.id)
        .where('revoked_at', 'is', null)
        .execute(),
    ).toEqual([]);

    const password = await h.browser().signInWithPassword('acme', 'bob', PASSWORD);
    expect([password.status, password.body.error]).toEqual([
      403,
      { code: 'ACCOUNT_DISABLED', message: 'Your account is disabled. Contact your administrator.' },
    ]);
    // A wrong password gets the ordinary answer: the refusal tells only someone who knew it.
    expect((await h.browser().signInWithPassword('acme', 'bob', 'wrong password')).body.error.code).toBe(
      'INVALID_CREDENTIALS',
    );
    const passkey = await phone.signInWithPasskey('acme');
    expect([passkey.status, passkey.body.error.code]).toEqual([403, 'ACCOUNT_DISABLED']);
    // Nothing new can be handed out for a disabled account.
    expect(
      (await admin.post(`/api/o/acme/admin/users/${bob.id}/recover`, { passkeyIds: 'all', method: 'code' })).body.error
        .code,
    ).toBe('USER_NOT_FOUND');

    const events = await h.deps.db
      .selectFrom('audit_events')
      .select(['type', 'details', 'actor_id'])
      .where('user_id', '=', bob.id)
      .execute();
    expect(events.filter((e) => e.type === 'user.disabled').map((e) => [e.actor_id, JSON.parse(e.details)])).toEqual([
      [
        ada.id,
        {
          status: 'active → disabled',
          revokedSessions: 2,
          voidedLinks: 0,
          voidedCodes: 0,
          cancelledEmails: 0,
          via: 'admin',
        },
      ],
    ]);
    expect(events.filter((e) => e.type === 'device_link.voided').map((e) => JSON.parse(e.details))).toContainEqual({
      count: 2,
      reason: 'user_disabled',
    });
    expect(events.filter((e) => e.type === 'sign_in.failed').map((e) => JSON.parse(e.details).reason)).toEqual(
      expect.arrayContaining(['account_disabled', 'wrong_password']),
    );
    // Disabling again changes nothing.
    expect((await admin.post(`/api/o/acme/admin/users/${bob.id}/disable`)).status).toBe(200);
    expect(
      await h.deps.db.selectFrom('audit_events').select('id').where('type', '=', 'user.disabled').execute(),
    ).toHaveLength(1);

    expect((await admin.post(`/api/o/acme/admin/users/${bob.id}/enable`)).body.user.status).toBe('active');
    expect((await h.browser().signInWithPassword('acme', 'bob', PASSWORD)).status).toBe(200);
    expect((await phone.signInWithPasskey('acme')).status).toBe(200);
    // The device links stay dead.
    expect((await laptop.post(`/api/o/acme/device-link/${approved}/complete`)).status).toBe(409);
  });

  it('voids enrollment codes, setup and email links of a Pending user', async () => {
    const carol = await h.user({ org: acme, username: 'carol', email: 'carol@acme.example' });
    const code = await admin.post(`/api/o/acme/admin/users/${carol.id}/enrollment-code`);
    const email = await admin.post(`/api/o/acme/admin/users/${carol.id}/enrollment-email`, {});
    const setup = await createSetupLink(h.deps, { org: acme, user: carol, createdBy: null });
    expect([code.status, email.status]).toEqual([200, 200]);

    const disabled = await admin.post(`/api/o/acme/admin/users/${carol.id}/disable`);
    expect(disabled.status).toBe(200);
    const enrolled = await h.browser().post('/api/o/acme/enroll', { username: 'carol', code: code.body.code });
    expect(enrolled.body.error.code).toBe('ENROLLMENT_CODE_INVALID');
    for (const link of [email.body.link as string, setup.url]) {
      expect((await h.browser().post('/api/o/acme/setup', { token: tokenOf(link) })).body.error.code).toBe(
        'SETUP_LINK_INVALID',
      );
    }
    const details = await h.deps.db
      .selectFrom('audit_events')
      .select('details')
      .where('type', '=', 'user.disabled')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(details.details)).toMatchObject({ voidedLinks: 2, voidedCodes: 1 });
    expect((await admin.post(`/api/o/acme/admin/users/${carol.id}/enrollment-code`)).body.error.code).toBe(
      'USER_NOT_FOUND',
    );
    // Enabled again, she needs a new code: the old ones stay void.
    await admin.post(`/api/o/acme/admin/users/${carol.id}/enable`);
    expect(
      (await h.browser().post('/api/o/acme/enroll', { username: 'carol', code: code.body.code })).body.error.code,
    ).toBe('ENROLLMENT_CODE_INVALID');
  });

  it('refuses a setup link that raced the disabling, and an open session at once, with ACCOUNT_DISABLED', async () => {
    const link = await createSetupLink(h.deps, { org: acme, user: bob, createdBy: null });
    // As if the link had been issued in the instant after the disable voided the others.
    await h.deps.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', bob.id).execute();
    expect((await h.browser().post('/api/o/acme/setup', { token: tokenOf(link.url) })).body.error.code).toBe(
      'ACCOUNT_DISABLED',
    );
    expect((await desk.get('/api/o/acme/me')).status).toBe(401);
  });

  it('works from the CLI path too: the actor is the server, audited as such', async () => {
    await disableUser(h.deps, { org: acme, target: bob, by: { actor: null } });
    expect((await phone.get('/api/o/acme/me')).status).toBe(401);
    const event = await h.deps.db
      .selectFrom('audit_events')
      .select(['actor_id', 'details'])
      .where('type', '=', 'user.disabled')
      .executeTakeFirstOrThrow();
    expect([event.actor_id, JSON.parse(event.details).via]).toEqual([null, 'cli']);
  });
});
