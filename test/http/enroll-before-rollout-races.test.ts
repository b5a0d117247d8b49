/**
 * A password set while an admin's enrollment or recovery of a member not offered passkeys is on its way (found by a
 * review, reproduced before the fix): what the member has is read again under their lock, in the transaction that
 * issues or recovers, so the code is refused beside that password, and the recovery removes it.
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

const THIEF = 'the thief chose this one';

describe.each(DIALECTS)('a password set while an admin gives a way in (%s)', (dialect) => {
  let h: Harness;
  let acme: Organisation;
  let admin: Browser;
  let zed: User;

  beforeEach(async () => {
    h = await createHarness(dialect);
    acme = await h.org();
    ({ browser: admin } = await redeemSetupLink(h, acme, await h.user({ org: acme, username: 'ada', role: 'admin' })));
    zed = await h.user({ org: acme, username: 'zed', displayName: 'Zed', email: 'zed@acme.example' });
  });
  afterEach(async () => {
    gate.armed = false;
    await h.close();
  });

  it('a recovery removes a password the stolen phone set while it was on its way', async () => {
    // Zed's passkey on his phone was his only way in when passkeys were turned off.
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
    await h.deps.db.updateTable('organisations').set({ rollout: 'admins' }).where('id', '=', acme.id).execute();
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
