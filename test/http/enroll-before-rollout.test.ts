/**
 * A member the passkey rollout has not reached yet ("Admins only", or passkeys not turned on): the console's
 * enrollment code, enrollment email (test/http/enrollment-email.test.ts) and recovery give them a password instead of a
 * passkey, so no one added during the first rollout stage is stranded. One with a password gets no second way in,
 * also when it was set while the admin's request was on its way (read again under the member's lock).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Organisation } from '../../src/orgs/organisations.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

// Holds the next enrollment or recovery once its checks before the transaction passed.
const gate = vi.hoisted(() => ({ armed: false, reached: () => {}, release: Promise.resolve() }));
vi.mock('../../src/enrollment/enrollable.js', async (original) => {
  const real = await original<typeof import('../../src/enrollment/enrollable.js')>();
  return {
    ...real,
    requireEnrollable: async (...args: Parameters<typeof real.requireEnrollable>) => {
      const policy = await real.requireEnrollable(...args);
      if (gate.armed) {
        gate.armed = false;
        gate.reached();
        await gate.release;
      }
      return policy;
    },
  };
});
function holdAfterChecks() {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (gate.reached = resolve));
  gate.release = new Promise<void>((resolve) => (release = resolve));
  gate.armed = true;
  return { held, release };
}

const PASSWORD = 'zed chooses a password';
const THIEF = 'the thief chose this one';

describe.each(DIALECTS)('enrollment before the rollout reaches a member (%s)', (dialect) => {
  let h: Harness;
  let acme: Organisation;
  let admin: Browser;
  let zed: User;

  beforeEach(async () => {
    h = await createHarness(dialect);
    acme = await h.org();
    await h.deps.db.updateTable('organisations').set({ rollout: 'admins' }).where('id', '=', acme.id).execute();
    ({ browser: admin } = await redeemSetupLink(h, acme, await h.user({ org: acme, username: 'ada', role: 'admin' })));
    zed = await h.user({ org: acme, username: 'zed', displayName: 'Zed', email: 'zed@acme.example' });
  });
  afterEach(async () => {
    gate.armed = false;
    await h.close();
  });

  const detail = async () => (await admin.get(`/api/o/acme/admin/users/${zed.id}`)).body;
  const rows = async (table: 'enrollment_codes' | 'enrollment_links') =>
    (await h.deps.db.selectFrom(table).select('id').where('user_id', '=', zed.id).execute()).length;

  /** Zed chooses a password in the session the code or link gave them, then signs in with it elsewhere. */
  async function choosesPassword(member: Browser) {
    expect((await member.put('/api/o/acme/me/password', { password: PASSWORD })).status).toBe(200);
    const elsewhere = await h.browser().signInWithPassword('acme', 'zed', PASSWORD);
    expect(elsewhere.status).toBe(200);
  }

  it('a code: the member enters it, is told passkeys are not offered, and chooses a password', async () => {
    expect((await detail()).user).toMatchObject({ passkeysOffered: false, hasPassword: false });
    const issued = await admin.post(`/api/o/acme/admin/users/${zed.id}/enrollment-code`);
    expect(issued.status).toBe(200);
    const member = h.browser();
    const entered = await member.post('/api/o/acme/enroll', { username: 'zed', code: issued.body.code });
    expect(entered.body).toMatchObject({ passkeysOffered: false, passwordAllowed: true });
    await choosesPassword(member);
  });

  it('one who has a password gets no code or link beside it: USER_HAS_PASSWORD, nothing written', async () => {
    await h.deps.db.updateTable('users').set({ password_hash: 'x' }).where('id', '=', zed.id).execute();
    for (const way of ['enrollment-code', 'enrollment-email']) {
      const refused = await admin.post(`/api/o/acme/admin/users/${zed.id}/${way}`);
      expect([refused.status, refused.body.error.code]).toEqual([409, 'USER_HAS_PASSWORD']);
    }
    expect([await rows('enrollment_codes'), await rows('enrollment_links')]).toEqual([0, 0]);
  });

  it('a recovery removes the forgotten password, and the code sets a new one', async () => {
    const first = h.browser();
    expect((await first.put('/api/o/acme/me/password', { password: 'x' })).status).toBe(401);
    const issued = await admin.post(`/api/o/acme/admin/users/${zed.id}/enrollment-code`);
    await first.post('/api/o/acme/enroll', { username: 'zed', code: issued.body.code });
    await choosesPassword(first);
    const recovered = await admin.post(`/api/o/acme/admin/users/${zed.id}/recover`, {
      passkeyIds: 'all',
      method: 'code',
      removePassword: false,
    });
    expect(recovered.body).toMatchObject({ passwordRemoved: true });
    expect((await h.browser().signInWithPassword('acme', 'zed', PASSWORD)).status).toBe(401);
    expect((await first.get('/api/o/acme/me')).status).toBe(401);
    const member = h.browser();
    await member.post('/api/o/acme/enroll', { username: 'zed', code: recovered.body.code.code });
    expect((await member.put('/api/o/acme/me/password', { password: 'a brand new password' })).status).toBe(200);
  });

  it('passkeys turned off: recovering a member whose passkey was their only way in gives them a password', async () => {
    await h.deps.db.updateTable('organisations').set({ rollout: 'everyone' }).where('id', '=', acme.id).execute();
    const { browser: phone } = await redeemSetupLink(h, acme, zed);
    expect((await phone.addPasskey('acme')).status).toBe(200);
    await h.deps.db.updateTable('organisations').set({ passkeys_enabled: 0 }).where('id', '=', acme.id).execute();
    const recovered = await admin.post(`/api/o/acme/admin/users/${zed.id}/recover`, {
      passkeyIds: 'all',
      method: 'code',
    });
    expect(recovered.body).toMatchObject({ removedPasskeys: 1 });
    const member = h.browser();
    const entered = await member.post('/api/o/acme/enroll', { username: 'zed', code: recovered.body.code.code });
    expect(entered.body).toMatchObject({ passkeysOffered: false });
    await choosesPassword(member);
  });

  it('a recovery removes a password the stolen phone set while it was on its way', async () => {
    // Zed's passkey on his phone was his only way in when passkeys were turned off.
    await h.deps.db.updateTable('organisations').set({ rollout: 'everyone' }).where('id', '=', acme.id).execute();
    const { browser: phone } = await redeemSetupLink(h, acme, zed);
    expect((await phone.addPasskey('acme')).status).toBe(200);
    await h.deps.db.updateTable('organisations').set({ passkeys_enabled: 0 }).where('id', '=', acme.id).execute();
    const hold = holdAfterChecks();
    const recovering = admin.post(`/api/o/acme/admin/users/${zed.id}/recover`, { passkeyIds: 'all', method: 'code' });
    await hold.held;
    expect((await phone.put('/api/o/acme/me/password', { password: THIEF })).status).toBe(200);
    hold.release();
    expect((await recovering).body).toMatchObject({ removedPasskeys: 1, passwordRemoved: true });
    expect((await h.browser().signInWithPassword('acme', 'zed', THIEF)).status).toBe(401);
  });

  it('a code is refused beside a password set while it was on its way', async () => {
    const first = await admin.post(`/api/o/acme/admin/users/${zed.id}/enrollment-code`);
    const member = h.browser();
    expect((await member.post('/api/o/acme/enroll', { username: 'zed', code: first.body.code })).status).toBe(200);
    const hold = holdAfterChecks();
    const issuing = admin.post(`/api/o/acme/admin/users/${zed.id}/enrollment-code`);
    await hold.held;
    expect((await member.put('/api/o/acme/me/password', { password: 'zed chose this one' })).status).toBe(200);
    hold.release();
    const second = await issuing;
    expect([second.status, second.body.error?.code]).toEqual([409, 'USER_HAS_PASSWORD']);
    const live = await h.deps.db
      .selectFrom('enrollment_codes')
      .select('id')
      .where('user_id', '=', zed.id)
      .where('used_at', 'is', null)
      .execute();
    expect(live).toEqual([]);
  });
});
