import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueEnrollmentCode } from '../../src/enrollment/enrollment-codes.js';
import type { Organisation } from '../../src/orgs/organisations.js';
import { recoverAccount } from '../../src/recovery/recover-account.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

const tokenOf = (link: string) => new URL(link).hash.slice('#token='.length);

// Without email, an enrollment link goes to the admin who sent it; a code is always shown to whoever issued it. An
// admin who is disabled, deleted or made a member must not keep a way into the Pending members' accounts.
describe.each(DIALECTS)('links and codes an admin issued stop when they may issue no more (%s)', (dialect) => {
  let h: Harness;
  let acme: Organisation;
  let mallory: User; // the admin who leaves
  let malloryBrowser: Browser;
  let boss: Browser; // another admin, who removes Mallory
  let pat: User; // Pending
  let sam: User; // Pending

  beforeEach(async () => {
    h = await createHarness(dialect);
    acme = await h.org();
    mallory = await h.user({ org: acme, username: 'mallory', role: 'admin' });
    const bossUser = await h.user({ org: acme, username: 'boss', role: 'admin' });
    pat = await h.user({ org: acme, username: 'pat', email: 'pat@acme.example' });
    sam = await h.user({ org: acme, username: 'sam' });
    ({ browser: malloryBrowser } = await redeemSetupLink(h, acme, mallory));
    ({ browser: boss } = await redeemSetupLink(h, acme, bossUser));
  });
  afterEach(() => h.close());

  /** What Mallory keeps: a link handed to her (no SMTP here) and a code she read out. */
  async function issuedByMallory() {
    const sent = await malloryBrowser.post(`/api/o/acme/admin/users/${pat.id}/enrollment-email`, {});
    expect(sent.body.link).toMatch(/#token=/);
    const { code } = (await malloryBrowser.post(`/api/o/acme/admin/users/${sam.id}/enrollment-code`)).body;
    return { link: sent.body.link as string, code: code as string };
  }

  async function expectBothRefused({ link, code }: { link: string; code: string }) {
    const opened = await h.browser().post('/api/o/acme/setup', { token: tokenOf(link) });
    expect(opened.body.error?.code).toBe('SETUP_LINK_INVALID');
    const entered = await h.browser().post('/api/o/acme/enroll', { username: 'sam', code });
    expect(entered.status).toBe(400);
  }

  it('disabling the admin voids them, and says so in the audit event', async () => {
    const issued = await issuedByMallory();
    expect((await boss.post(`/api/o/acme/admin/users/${mallory.id}/disable`)).status).toBe(200);
    await expectBothRefused(issued);
    const event = await h.deps.db
      .selectFrom('audit_events')
      .select('details')
      .where('type', '=', 'user.disabled')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(event.details)).toMatchObject({ voidedIssuedLinks: 1, voidedIssuedCodes: 1 });
  });

  it('deleting the admin voids them', async () => {
    const issued = await issuedByMallory();
    const deleted = await boss.post(`/api/o/acme/admin/users/${mallory.id}/delete`, { confirmUsername: 'mallory' });
    expect(deleted.status).toBe(200);
    await expectBothRefused(issued);
  });

  it('making the admin a member voids them', async () => {
    const issued = await issuedByMallory();
    expect((await boss.patch(`/api/o/acme/admin/users/${mallory.id}`, { role: 'member' })).status).toBe(200);
    await expectBothRefused(issued);
  });

  it("another admin's links and codes for the same members keep working", async () => {
    await issuedByMallory();
    const sent = await boss.post(`/api/o/acme/admin/users/${pat.id}/enrollment-email`, {});
    const { code } = (await boss.post(`/api/o/acme/admin/users/${sam.id}/enrollment-code`)).body;
    expect((await boss.post(`/api/o/acme/admin/users/${mallory.id}/disable`)).status).toBe(200);
    expect((await h.browser().post('/api/o/acme/setup', { token: tokenOf(sent.body.link) })).status).toBe(200);
    expect((await h.browser().post('/api/o/acme/enroll', { username: 'sam', code })).status).toBe(200);
  });

  /** Mallory's links and codes that would still let someone in. */
  async function stillWorking() {
    const [id, now] = [mallory.id, h.deps.clock()];
    const { rows } = await sql<{ n: number | string }>`select
      (select count(*) from enrollment_codes
        where created_by = ${id} and used_at is null and voided_at is null and expires_at > ${now}) +
      (select count(*) from enrollment_links where created_by = ${id} and used_at is null and expires_at > ${now})
      as n`.execute(h.deps.db);
    return Number(rows[0]!.n);
  }

  const issuing: Record<string, () => ReturnType<Browser['request']>> = {
    'an enrollment code': () => malloryBrowser.post(`/api/o/acme/admin/users/${pat.id}/enrollment-code`),
    // No SMTP here: the link is handed to Mallory.
    'an enrollment email': () => malloryBrowser.post(`/api/o/acme/admin/users/${pat.id}/enrollment-email`, {}),
    'a recovery by code': () =>
      malloryBrowser.post(`/api/o/acme/admin/users/${pat.id}/recover`, { passkeyIds: 'all', method: 'code' }),
    'enrollment emails to many': () =>
      malloryBrowser.post('/api/o/acme/admin/users/enrollment-emails', { userIds: [pat.id] }),
  };
  // Boss on another instance (its own connections on PostgreSQL), so the removal and the issue really run at once.
  const onSecondInstance = async () =>
    Object.assign(h.browser(), { app: await h.secondInstance(), cookies: new Map(boss.cookies) });
  const removing = {
    'made a member': (by: Browser) => by.patch(`/api/o/acme/admin/users/${mallory.id}`, { role: 'member' }),
    disabled: (by: Browser) => by.post(`/api/o/acme/admin/users/${mallory.id}/disable`),
  };

  for (const [what, issue] of Object.entries(issuing)) {
    // The demotion voids what it can see; a code committed after it, issued on the strength of what the admin was
    // when their request came in, was left working (every round on SQLite, most on PostgreSQL). Now the issuing
    // transaction reads the admin again, holding their row: either the code is committed first and voided with the
    // rest, or the admin is refused and nothing is written.
    it(`${what} while the admin is being removed: refused, or voided with the rest, in every round`, async () => {
      const otherBoss = await onSecondInstance();
      for (let round = 0; round < 10; round++) {
        // Mallory an active admin again, signed in afresh (a disable ended her sessions).
        await h.deps.db
          .updateTable('users')
          .set({ role: 'admin', status: 'active' })
          .where('id', '=', mallory.id)
          .execute();
        ({ browser: malloryBrowser } = await redeemSetupLink(h, acme, mallory));
        const [how, remove] = Object.entries(removing)[round % 2]!;
        const [removed, issued] = await Promise.all([remove(otherBoss), issue()]);
        expect([round, how, removed.status]).toEqual([round, how, 200]);
        // Refused as Mallory's next request would be: no longer an admin, or signed out.
        if (issued.status !== 200)
          expect([round, how, issued.body.error?.code]).toEqual([
            round,
            how,
            how === 'disabled' && issued.status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN',
          ]);
        expect([round, how, await stillWorking()]).toEqual([round, how, 0]);
      }
    });
  }

  it('a recovery by an admin demoted since their request came in changes nothing', async () => {
    const { browser: patBrowser } = await redeemSetupLink(h, acme, pat);
    expect((await patBrowser.addPasskey('acme')).status).toBe(200);
    // The request was let in on the admin Mallory was; the demotion commits before her recovery's transaction.
    await h.deps.db.updateTable('users').set({ role: 'member' }).where('id', '=', mallory.id).execute();
    const before = await h.deps.db.selectFrom('audit_events').select('id').execute();
    const actor = { actorId: mallory.id, context: { ip: null, userAgent: null } };
    for (const method of ['code', 'email'] as const)
      await expect(
        recoverAccount(h.deps, { org: acme, user: pat, actor, passkeyIds: 'all', method, removePassword: true }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(issueEnrollmentCode(h.deps, { org: acme, user: pat, actor })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    // Disabled, then: as if signed out.
    await h.deps.db
      .updateTable('users')
      .set({ role: 'admin', status: 'disabled' })
      .where('id', '=', mallory.id)
      .execute();
    await expect(
      recoverAccount(h.deps, { org: acme, user: pat, actor, passkeyIds: 'all', method: 'code' }),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await patBrowser.get('/api/o/acme/me/passkeys')).body.passkeys).toHaveLength(1);
    expect(await h.deps.db.selectFrom('audit_events').select('id').execute()).toEqual(before);
    expect(await h.deps.db.selectFrom('outbox').select('id').execute()).toEqual([]);
    expect(await h.deps.db.selectFrom('enrollment_codes').select('id').execute()).toEqual([]);
  });
});
