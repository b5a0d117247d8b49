/**
 * An admin signed out (by another admin, or from another device) while their request was on its way: it issues and
 * changes nothing. The admin's session is read again in the transaction that writes, holding the admin's row, which
 * every sign-out takes too.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Organisation } from '../../src/orgs/organisations.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';
import { disarmHold, holdNextRequest } from '../support/hold-after-checks.js';

// Holds the next request once it passed every check before its handler (test/support/hold-after-checks.ts).
vi.mock('../../src/http/authenticate.js', async (original) =>
  (await import('../support/hold-after-checks.js')).holdingAfterChecks(await original()),
);

describe.each(DIALECTS)('an admin signed out while their request runs (%s)', (dialect) => {
  let h: Harness;
  let acme: Organisation;
  let ada: User;
  let eve: User;
  let pup: User;
  let adaBrowser: Browser;
  let eveBrowser: Browser;

  beforeEach(async () => {
    h = await createHarness(dialect);
    acme = await h.org();
    ada = await h.user({ org: acme, username: 'ada', role: 'admin' });
    eve = await h.user({ org: acme, username: 'eve', role: 'admin' });
    pup = await h.user({ org: acme, username: 'pup', role: 'member' });
    ({ browser: adaBrowser } = await redeemSetupLink(h, acme, ada));
    ({ browser: eveBrowser } = await redeemSetupLink(h, acme, eve));
  });
  afterEach(async () => {
    disarmHold();
    await h.close();
  });

  /** Eve's request, held once let in while Ada signs Eve out everywhere: what it answers. */
  async function signedOutMeanwhile(request: () => Promise<{ status: number; body: any }>) {
    const { held, release } = holdNextRequest();
    const answer = request();
    await Promise.race([held, answer.then((a) => Promise.reject(new Error(`answered ${a.status} unheld`)))]);
    const signOut = await adaBrowser.post(`/api/o/acme/admin/users/${eve.id}/sign-out-everywhere`);
    expect(signOut.body).toEqual({ revoked: 1 });
    release();
    return answer;
  }

  const rows = async (table: 'enrollment_codes' | 'enrollment_links', userId: string) =>
    (await h.deps.db.selectFrom(table).select('id').where('user_id', '=', userId).execute()).length;

  it('issues no enrollment code', async () => {
    const answer = await signedOutMeanwhile(() => eveBrowser.post(`/api/o/acme/admin/users/${pup.id}/enrollment-code`));
    expect([answer.status, answer.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect(await rows('enrollment_codes', pup.id)).toBe(0);
  });

  it('makes no one an admin', async () => {
    const answer = await signedOutMeanwhile(() =>
      eveBrowser.patch(`/api/o/acme/admin/users/${pup.id}`, { role: 'admin' }),
    );
    expect(answer.body.error.code).toBe('UNAUTHENTICATED');
    const { role } = await h.deps.db
      .selectFrom('users')
      .select('role')
      .where('id', '=', pup.id)
      .executeTakeFirstOrThrow();
    expect(role).toBe('member');
  });

  it('adds no user', async () => {
    const answer = await signedOutMeanwhile(() =>
      eveBrowser.post('/api/o/acme/admin/users', { username: 'mallory', role: 'member' }),
    );
    expect(answer.body.error.code).toBe('UNAUTHENTICATED');
    const added = await h.deps.db.selectFrom('users').select('id').where('username', '=', 'mallory').execute();
    expect(added).toEqual([]);
  });

  it('recovers no one: the member keeps their passkey and gets no code', async () => {
    const { browser: pupBrowser } = await redeemSetupLink(h, acme, pup);
    expect((await pupBrowser.addPasskey('acme', 'Pup phone')).status).toBe(200);
    const answer = await signedOutMeanwhile(() =>
      eveBrowser.post(`/api/o/acme/admin/users/${pup.id}/recover`, { passkeyIds: 'all', method: 'code' }),
    );
    expect(answer.body.error.code).toBe('UNAUTHENTICATED');
    const passkeys = await h.deps.db.selectFrom('passkeys').select('id').where('user_id', '=', pup.id).execute();
    expect(passkeys).toHaveLength(1);
    expect(await rows('enrollment_codes', pup.id)).toBe(0);
  });
});
