/** Signed out everywhere, or a new password: the member's outstanding enrollment links and codes end too. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueEnrollmentCode } from '../../src/enrollment/enrollment-codes.js';
import { createSetupLink } from '../../src/enrollment/setup-links.js';
import type { Organisation } from '../../src/orgs/organisations.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

const PASSWORD = 'bob has a password';
const tokenOf = (link: string) => new URL(link).hash.slice('#token='.length);

describe.each(DIALECTS)("a Pending member's outstanding ways in end with their sessions (%s)", (dialect) => {
  let h: Harness;
  let acme: Organisation;
  let ada: User;
  let bob: User;
  let admin: Browser;
  let phone: Browser;
  let desk: Browser;
  let token: string;
  let code: string;

  beforeEach(async () => {
    h = await createHarness(dialect);
    acme = await h.org();
    ada = await h.user({ org: acme, username: 'ada', role: 'admin' });
    bob = await h.user({ org: acme, username: 'bob', email: 'bob@acme.example', password: PASSWORD });
    ({ browser: admin } = await redeemSetupLink(h, acme, ada));
    token = tokenOf((await createSetupLink(h.deps, { org: acme, user: bob, createdBy: ada.id })).url);
    ({ code } = await issueEnrollmentCode(h.deps, {
      org: acme,
      user: bob,
      actor: { actorId: ada.id, context: { ip: null, userAgent: null } },
    }));
    phone = h.browser();
    desk = h.browser();
    expect((await phone.signInWithPassword('acme', 'bob', PASSWORD)).status).toBe(200);
    expect((await desk.signInWithPassword('acme', 'bob', PASSWORD)).status).toBe(200);
  });
  afterEach(() => h.close());

  const outstanding = async () => ({
    links: (
      await h.deps.db
        .selectFrom('enrollment_links')
        .select('id')
        .where('user_id', '=', bob.id)
        .where('used_at', 'is', null)
        .execute()
    ).length,
    codes: (
      await h.deps.db
        .selectFrom('enrollment_codes')
        .select('id')
        .where('user_id', '=', bob.id)
        .where('used_at', 'is', null)
        .where('voided_at', 'is', null)
        .execute()
    ).length,
  });
  const auditDetails = async (type: string) =>
    (await h.deps.db.selectFrom('audit_events').select('details').where('type', '=', type).execute()).map((row) =>
      JSON.parse(row.details),
    );
  async function expectEnded() {
    expect(await outstanding()).toEqual({ links: 0, codes: 0 });
    expect((await h.browser().post('/api/o/acme/setup', { token })).body.error.code).toBe('SETUP_LINK_INVALID');
    expect((await h.browser().post('/api/o/acme/enroll', { username: 'bob', code })).body.error.code).toBe(
      'ENROLLMENT_CODE_INVALID',
    );
  }

  it('a plain sign-out of one browser leaves them', async () => {
    const mine = (await desk.get('/api/o/acme/me/sessions')).body.sessions.find((s: { current: boolean }) => s.current);
    expect((await desk.delete(`/api/o/acme/me/sessions/${mine.id}`)).status).toBe(200);
    expect(await outstanding()).toEqual({ links: 1, codes: 1 });
  });

  it('the member signing out everywhere else ends them', async () => {
    expect((await phone.post('/api/o/acme/me/sessions/revoke-others')).status).toBe(200);
    await expectEnded();
    expect(await auditDetails('session.revoked')).toEqual([
      expect.objectContaining({ count: 1, voidedLinks: 1, voidedCodes: 1 }),
    ]);
  });

  it('an admin signing the member out everywhere ends them', async () => {
    expect((await admin.post(`/api/o/acme/admin/users/${bob.id}/sign-out-everywhere`)).status).toBe(200);
    await expectEnded();
    expect(await auditDetails('session.revoked')).toEqual([
      expect.objectContaining({ count: 2, by: 'admin', voidedLinks: 1, voidedCodes: 1 }),
    ]);
  });

  it('a new password ends them', async () => {
    expect((await phone.put('/api/o/acme/me/password', { password: 'a brand new passphrase' })).status).toBe(200);
    await expectEnded();
    expect(await auditDetails('password.changed')).toEqual([
      expect.objectContaining({ otherSessionsSignedOut: 1, voidedLinks: 1, voidedCodes: 1 }),
    ]);
  });
});
