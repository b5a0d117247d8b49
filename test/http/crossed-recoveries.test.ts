/** Two admins recovering each other at the same instant: PostgreSQL ends one, which gets a coded 409, not a 500. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Organisation } from '../../src/orgs/organisations.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

// Holds the next recovery once it holds its member, before it reads its admin again: the instant the other admin's
// recovery, of this admin, starts.
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

describe.skipIf(!DIALECTS.includes('postgres'))('crossed recoveries (postgres)', () => {
  let h: Harness;
  let acme: Organisation;
  let ada: User;
  let bea: User;
  let adaBrowser: Browser;
  let beaBrowser: Browser;

  beforeEach(async () => {
    h = await createHarness('postgres');
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

  it('answers the one PostgreSQL ends with CONCURRENT_CHANGE, and writes nothing of it', async () => {
    let release!: () => void;
    const reached = new Promise<void>((resolve) => (gate.reached = resolve));
    gate.release = new Promise<void>((resolve) => (release = resolve));
    gate.armed = true;
    const body = { passkeyIds: 'all', method: 'code' };
    const adaRecoversBea = adaBrowser.post(`/api/o/acme/admin/users/${bea.id}/recover`, body);
    await reached;
    const beaRecoversAda = beaBrowser.post(`/api/o/acme/admin/users/${ada.id}/recover`, body);
    // Bea's recovery holds Ada, then waits for Bea, whom Ada's holds: let Ada's go on to wait for Ada.
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    const answers = await Promise.all([adaRecoversBea, beaRecoversAda]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const ended = answers.findIndex((a) => a.status === 409);
    expect(answers[ended]!.body.error.code).toBe('CONCURRENT_CHANGE');
    // The recovery that was ended removed no passkey; the other removed its member's.
    const [recovered, untouched] = ended === 1 ? [bea, ada] : [ada, bea];
    expect([await passkeysOf(recovered.id), await passkeysOf(untouched.id)]).toEqual([0, 1]);
  });
});
