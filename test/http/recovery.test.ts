import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSetupLink } from '../../src/enrollment/setup-links.js';
import type { Organisation } from '../../src/orgs/organisations.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

describe.each(DIALECTS)('Recover account: lost or replaced device (%s)', (dialect) => {
  let h: Harness;
  let acme: Organisation;
  let admin: Browser;
  let adminUser: User;
  let bob: User;
  let laptop: Browser;
  let phone: Browser;
  const recover = (body: object, userId = bob.id) => admin.post(`/api/o/acme/admin/users/${userId}/recover`, body);
  const passkeyIds = async () =>
    (await admin.get(`/api/o/acme/admin/users/${bob.id}`)).body.passkeys.map((p: { id: string; name: string }) => p);

  beforeEach(async () => {
    h = await createHarness(dialect);
    acme = await h.org();
    adminUser = await h.user({ org: acme, username: 'ada', role: 'admin' });
    bob = await h.user({ org: acme, username: 'bob', email: 'bob@acme.example' });
    ({ browser: admin } = await redeemSetupLink(h, acme, adminUser));
    ({ browser: laptop } = await redeemSetupLink(h, acme, bob));
    ({ browser: phone } = await redeemSetupLink(h, acme, bob));
    expect((await laptop.addPasskey('acme', 'Laptop')).status).toBe(200);
    expect((await phone.addPasskey('acme', 'Lost phone')).status).toBe(200);
  });
  afterEach(() => h.close());

  it('removes the lost passkey, signs out everywhere; the code enrolls a new one, the old one is refused', async () => {
    const lost = (await passkeyIds()).find((p: { name: string }) => p.name === 'Lost phone');
    const result = await recover({ passkeyIds: [lost.id], method: 'code' });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      removedPasskeys: 1,
      revokedSessions: 2,
      email: null,
      code: { validForSeconds: 60 },
    });
    expect((await laptop.get('/api/o/acme/me')).status).toBe(401);
    expect((await phone.get('/api/o/acme/me')).status).toBe(401);
    expect((await phone.signInWithPasskey('acme')).body.error.code).toBe('PASSKEY_UNKNOWN');
    expect((await laptop.signInWithPasskey('acme')).status).toBe(200); // the kept passkey still works

    const newPhone = h.browser();
    expect((await newPhone.post('/api/o/acme/enroll', { username: 'bob', code: result.body.code.code })).status).toBe(
      200,
    );
    expect((await newPhone.addPasskey('acme', 'New phone')).status).toBe(200);
    expect((await passkeyIds()).map((p: { name: string }) => p.name).sort()).toEqual(['Laptop', 'New phone']);

    const events = await h.deps.db
      .selectFrom('audit_events')
      .selectAll()
      .where('user_id', '=', bob.id)
      .where('type', 'in', ['recovery.started', 'passkey.deleted', 'enrollment_code.created'])
      .execute();
    expect(events.map((e) => [e.type, e.actor_id])).toEqual(
      expect.arrayContaining([
        ['recovery.started', adminUser.id],
        ['passkey.deleted', adminUser.id],
        ['enrollment_code.created', adminUser.id],
      ]),
    );
    const started = events.find((e) => e.type === 'recovery.started')!;
    expect(JSON.parse(started.details)).toEqual({
      removedPasskeys: 1,
      revokedSessions: 2,
      cancelledLinks: 0,
      passwordRemoved: false,
      method: 'code',
      // No SMTP here: nobody to tell (test/http/recovery-notice.test.ts).
      memberNotified: false,
    });
    expect(JSON.parse(events.find((e) => e.type === 'enrollment_code.created')!.details).purpose).toBe('recovery');
    expect(JSON.stringify(events)).not.toContain(result.body.code.code.replace(/-/g, ''));
  });

  it('can remove every passkey and send a recovery email instead (the link is handed over without SMTP)', async () => {
    // Ways in made before stop working: whoever has the lost phone may have the mailbox too.
    const earlierCode = (await recover({ passkeyIds: [(await passkeyIds())[1].id], method: 'code' })).body.code.code;
    // As `latchkey enroll-link` makes one.
    const earlierLink = await createSetupLink(h.deps, { org: acme, user: bob, createdBy: null });
    const result = await recover({ passkeyIds: 'all', method: 'email' });
    expect(result.body).toMatchObject({
      removedPasskeys: 1,
      code: null,
      email: { email: { purpose: 'recovery', to: 'bob@acme.example' } },
    });
    expect(await passkeyIds()).toEqual([]);
    expect(
      (await h.browser().post('/api/o/acme/setup', { token: new URL(earlierLink.url).hash.slice('#token='.length) }))
        .body.error.code,
    ).toBe('SETUP_LINK_INVALID');
    expect((await h.browser().post('/api/o/acme/enroll', { username: 'bob', code: earlierCode })).body.error.code).toBe(
      'ENROLLMENT_CODE_INVALID',
    );
    const started = await h.deps.db
      .selectFrom('audit_events')
      .select('details')
      .where('type', '=', 'recovery.started')
      .orderBy('created_at')
      .execute();
    expect(JSON.parse(started.at(-1)!.details)).toMatchObject({ cancelledLinks: 1, method: 'email' });
    expect(
      (await admin.get('/api/o/acme/admin/users?status=pending')).body.users.map((u: User) => u.username),
    ).toContain('bob');
    const token = new URL(result.body.email.link).hash.slice('#token='.length);
    const newDevice = h.browser();
    expect((await newDevice.post('/api/o/acme/setup', { token })).status).toBe(200);
    expect((await newDevice.addPasskey('acme')).status).toBe(200);
    expect((await admin.get(`/api/o/acme/admin/users/${bob.id}`)).body.user.enrollment).toBe('enrolled');
  });

  it("voids a device link the stolen phone approved: the thief's computer can no longer get a session", async () => {
    const thief = h.browser();
    const started = await thief.post('/api/o/acme/device-link', { identifier: 'bob' });
    expect((await phone.post('/api/o/acme/me/device-links/lookup', { code: started.body.code })).status).toBe(200);
    const options = await phone.post(`/api/o/acme/me/device-links/${started.body.id}/approve/options`);
    const response = await phone.authenticator.authenticate(options.body.options);
    expect((await phone.post(`/api/o/acme/me/device-links/${started.body.id}/approve`, { response })).status).toBe(200);
    const pending = await h.browser().post('/api/o/acme/device-link', { identifier: 'bob' });

    expect((await recover({ passkeyIds: 'all', method: 'code' })).status).toBe(200);
    expect((await thief.post(`/api/o/acme/device-link/${started.body.id}/complete`)).body.error.code).toBe(
      'DEVICE_LINK_NOT_APPROVED',
    );
    expect((await thief.get('/api/o/acme/me')).status).toBe(401);
    expect((await thief.get(`/api/o/acme/device-link/${started.body.id}`)).body.state).toBe('expired');
    const links = await h.deps.db
      .selectFrom('device_links')
      .select(['id', 'status'])
      .where('id', 'in', [started.body.id, pending.body.id])
      .execute();
    expect(links.map((l) => l.status)).toEqual(['void', 'void']);
    const voided = await h.deps.db
      .selectFrom('audit_events')
      .select(['details', 'actor_id'])
      .where('type', '=', 'device_link.voided')
      .executeTakeFirstOrThrow();
    expect(voided).toEqual({ details: JSON.stringify({ count: 2, reason: 'recovery' }), actor_id: adminUser.id });
  });

  it('can also remove the password, which may be saved on the lost device', async () => {
    const cy = await h.user({ org: acme, username: 'cy', password: 'saved in the browser' });
    const { browser } = await redeemSetupLink(h, acme, cy);
    expect((await browser.addPasskey('acme')).status).toBe(200);
    const result = await recover({ passkeyIds: 'all', method: 'code', removePassword: true }, cy.id);
    expect(result.body).toMatchObject({ removedPasskeys: 1, passwordRemoved: true });
    expect((await h.browser().signInWithPassword('acme', 'cy', 'saved in the browser')).body.error.code).toBe(
      'INVALID_CREDENTIALS',
    );
    expect((await admin.get(`/api/o/acme/admin/users/${cy.id}`)).body.user.hasPassword).toBe(false);
    // The way back in is the new code.
    const device = h.browser();
    expect((await device.post('/api/o/acme/enroll', { username: 'cy', code: result.body.code.code })).status).toBe(200);
    expect((await device.addPasskey('acme')).status).toBe(200);
  });

  it('changes nothing when any part is refused', async () => {
    const before = await passkeyIds();
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await recover({ passkeyIds: [before[0].id, unknown], method: 'code' })).body.error.code).toBe(
      'PASSKEY_NOT_FOUND',
    );
    const adminPasskey = await (async () => {
      const { browser } = await redeemSetupLink(h, acme, adminUser);
      await browser.addPasskey('acme');
      return (await admin.get(`/api/o/acme/admin/users/${adminUser.id}`)).body.passkeys[0].id;
    })();
    expect((await recover({ passkeyIds: [adminPasskey], method: 'code' })).body.error.code).toBe('PASSKEY_NOT_FOUND');
    const noEmail = await h.user({ org: acme, username: 'cy' });
    expect((await recover({ passkeyIds: 'all', method: 'email' }, noEmail.id)).body.error.code).toBe(
      'USER_HAS_NO_EMAIL',
    );
    expect((await recover({ passkeyIds: 'all', method: 'code' }, adminUser.id)).body.error.code).toBe(
      'CANNOT_RECOVER_SELF',
    );
    for (const body of [
      { passkeyIds: 'some', method: 'code' },
      { passkeyIds: 'all', method: 'sms' },
      { passkeyIds: ['x'], method: 'code' },
      { method: 'code' },
    ]) {
      expect((await recover(body)).body.error.code, JSON.stringify(body)).toBe('VALIDATION_FAILED');
    }

    expect(await passkeyIds()).toEqual(before);
    expect((await laptop.get('/api/o/acme/me')).status).toBe(200);
    expect(await h.deps.db.selectFrom('enrollment_codes').select('id').execute()).toEqual([]);
    expect(
      await h.deps.db.selectFrom('audit_events').select('id').where('type', '=', 'recovery.started').execute(),
    ).toEqual([]);
  });
});
