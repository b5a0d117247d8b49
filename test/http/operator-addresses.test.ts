/**
 * A platform admin may not open an operator's page (admin-users.test.ts), which shows where they sign in from. The
 * other ways to the same addresses, Activity, its export, the admin home's security events and the pages of the
 * members an operator acted on, show a platform admin the events without the operator's IP address or browser.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

interface Event {
  type: string;
  user: { username: string } | null;
  actor: { username: string } | null;
  ip: string | null;
  userAgentLabel: string | null;
}

describe.each(DIALECTS)("an operator's addresses in the platform organisation's activity (%s)", (dialect) => {
  let h: Harness;
  afterEach(() => h.close());

  it('are shown to operators only: Activity, its export, the admin home, a member page', async () => {
    // Three wrong passwords lock the operator's password sign-in: a security event on the admin home.
    h = await createHarness(dialect, { PASSWORD_ATTEMPTS_PER_ACCOUNT: '3' });
    const platform = await h.org('platform', 'Platform');
    const op = await h.user({ org: platform, username: 'op', role: 'operator', password: 'correct horse battery' });
    const padmin = await h.user({ org: platform, username: 'padmin', role: 'admin' });
    const member = await h.user({ org: platform, username: 'pmember' });
    const { browser: operator } = await redeemSetupLink(h, platform, op);
    const { browser: admin } = await redeemSetupLink(h, platform, padmin);
    await redeemSetupLink(h, platform, member);
    // The operator acts on a member; wrong passwords lock the operator's password sign-in (a security event).
    expect((await operator.post(`/api/o/platform/admin/users/${member.id}/sign-out-everywhere`)).status).toBe(200);
    for (let i = 0; i < 4; i++) await h.browser().signInWithPassword('platform', 'op', `wrong guess ${i}`);

    const involvesOp = (e: Event) => e.user?.username === 'op' || e.actor?.username === 'op';
    const read = async (reader: Browser) => {
      const activity: Event[] = (await reader.get('/api/o/platform/admin/activity')).body.events;
      const home: Event[] = (await reader.get('/api/o/platform/admin/home')).body.securityEvents;
      const page: Event[] = (await reader.get(`/api/o/platform/admin/users/${member.id}`)).body.activity;
      const jsonl = (await reader.send('GET', '/api/o/platform/admin/activity/export?format=jsonl')).body;
      const exported = jsonl
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Event & { userAgent: string | null });
      return { activity, home, page, exported };
    };

    const byAdmin = await read(admin);
    for (const [where, events] of Object.entries(byAdmin)) {
      const ops = events.filter(involvesOp);
      expect([where, ops.length > 0]).toEqual([where, true]);
      for (const e of ops) expect([where, e.type, e.ip, e.userAgentLabel ?? null]).toEqual([where, e.type, null, null]);
      for (const e of events.filter((e) => !involvesOp(e) && e.type === 'sign_in.succeeded'))
        expect([where, e.ip]).toEqual([where, expect.any(String)]);
    }
    expect(byAdmin.exported.filter(involvesOp).map((e) => e.userAgent)).not.toContainEqual(expect.any(String));
    // The operator sees them, in each place: what the admin was shown without them is there.
    const byOperator = await read(operator);
    for (const [where, events] of Object.entries(byOperator))
      expect([where, events.filter(involvesOp).some((e) => e.ip !== null)]).toEqual([where, true]);
  });

  it("stay hidden once the operator's account is deleted", async () => {
    h = await createHarness(dialect);
    const platform = await h.org('platform', 'Platform');
    const op = await h.user({ org: platform, username: 'op', role: 'operator' });
    const op2 = await h.user({ org: platform, username: 'op2', role: 'operator' });
    const padmin = await h.user({ org: platform, username: 'padmin', role: 'admin' });
    await redeemSetupLink(h, platform, op);
    const { browser: operator2 } = await redeemSetupLink(h, platform, op2);
    const { browser: admin } = await redeemSetupLink(h, platform, padmin);
    const opEvents = async () =>
      (
        (await admin.get('/api/o/platform/admin/activity')).body.events as Array<
          Event & { user: { id: string } | null }
        >
      )
        .filter((e) => e.user?.id === op.id && e.type !== 'user.deleted')
        .map((e) => [e.type, e.ip]);
    expect((await opEvents()).length).toBeGreaterThan(0);
    expect((await opEvents()).filter(([, ip]) => ip !== null)).toEqual([]);
    const deleted = await operator2.post(`/api/o/platform/admin/users/${op.id}/delete`, { confirmUsername: 'op' });
    expect(deleted.status).toBe(200);
    expect((await opEvents()).length).toBeGreaterThan(0);
    expect((await opEvents()).filter(([, ip]) => ip !== null)).toEqual([]);
  });

  it("an operator's in another organisation stay hidden from its admins once the operator is demoted", async () => {
    h = await createHarness(dialect);
    const platform = await h.org('platform', 'Platform');
    const acme = await h.org();
    const op = await h.user({ org: platform, username: 'op', role: 'operator' });
    const ada = await h.user({ org: acme, username: 'ada', role: 'admin' });
    const { browser: operator } = await redeemSetupLink(h, platform, op);
    const { browser: admin } = await redeemSetupLink(h, acme, ada);
    expect((await operator.post('/api/platform/orgs/acme/admins', { username: 'newadmin' })).status).toBe(200);
    const byOp = async () =>
      ((await admin.get('/api/o/acme/admin/activity')).body.events as Event[])
        .filter((e) => e.actor?.username === 'op')
        .map((e) => [e.type, e.ip, e.userAgentLabel]);
    expect((await byOp()).length).toBeGreaterThan(0);
    expect((await byOp()).filter(([, ip, agent]) => ip !== null || agent !== null)).toEqual([]);
    await h.deps.db.updateTable('users').set({ role: 'admin' }).where('id', '=', op.id).execute();
    expect((await byOp()).filter(([, ip, agent]) => ip !== null || agent !== null)).toEqual([]);
  });
});
