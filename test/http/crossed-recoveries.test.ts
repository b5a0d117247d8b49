/**
 * Two admins recovering each other at the same instant: both hold the two admins' rows in id order, so the second
 * waits for the first (no deadlock), then finds its admin signed out by that recovery.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Organisation } from '../../src/orgs/organisations.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

// Holds the next recovery once it holds its member and its admin: the instant the other admin's recovery, of this
// admin, starts.
const gate = vi.hoisted(() => ({ armed: false, reached: () => {}, release: Promise.resolve() }));
vi.mock('../../src/enrollment/enrollment-codes.js', async (original) => {
  const real = await original<typeof import('../../src/enrollment/enrollment-codes.js')>();
  return {
    ...real,
    insertEnrollmentCode: async (...args: Parameters<typeof real.insertEnrollmentCode>) => {
      if (gate.armed) {
        gate.armed = false;
        gate.reached();
        await gate.release;
      }
      return real.insertEnrollmentCode(...args);
    },
  };
});

describe.each(DIALECTS)('crossed recoveries (%s)', (dialect) => {
  let h: Harness;
  let acme: Organisation;
  let ada: User;
  let bea: User;
  let adaBrowser: Browser;
  let beaBrowser: Browser;

  beforeEach(async () => {
    h = await createHarness(dialect);
    acme = await h.org();
    ada = await h.user({ org: acme, username: 'ada', role: 'admin' });
    bea = await h.user({ org: acme, username: 'bea', role: 'admin' });
    ({ browser: adaBrowser } = await redeemSetupLink(h, acme, ada));
    ({ browser: beaBrowser } = await redeemSetupLink(h, acme, bea));
    expect((await adaBrowser.addPasskey('acme', 'Ada phone')).status).toBe(200);
    expect((await beaBrowser.addPasskey('acme', 'Bea phone')).status).toBe(200);
  });
  afterEach(async () => {
    gate.armed = false;
    await h.close();
  });

  const passkeysOf = async (userId: string) =>
    (await h.deps.db.selectFrom('passkeys').select('id').where('user_id', '=', userId).execute()).length;

  it('the second waits for the first, then is refused as signed out, and writes nothing', async () => {
    let release!: () => void;
    const reached = new Promise<void>((resolve) => (gate.reached = resolve));
    gate.release = new Promise<void>((resolve) => (release = resolve));
    gate.armed = true;
    const body = { passkeyIds: 'all', method: 'code' };
    const adaRecoversBea = adaBrowser.post(`/api/o/acme/admin/users/${bea.id}/recover`, body);
    await reached;
    const beaRecoversAda = beaBrowser.post(`/api/o/acme/admin/users/${ada.id}/recover`, body);
    // Bea's recovery waits for the rows Ada's holds (before, it held Ada and waited for Bea: a deadlock).
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    const answers = await Promise.all([adaRecoversBea, beaRecoversAda]);
    // Ada's recovery of Bea ended Bea's sessions: Bea's own request, let in before, is signed out.
    expect(answers.map((a) => [a.status, a.body.error?.code])).toEqual([
      [200, undefined],
      [401, 'UNAUTHENTICATED'],
    ]);
    expect([await passkeysOf(bea.id), await passkeysOf(ada.id)]).toEqual([0, 1]);
  });
});
