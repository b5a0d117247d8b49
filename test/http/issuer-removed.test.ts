import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Organisation } from '../../src/orgs/organisations.js';
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
});
