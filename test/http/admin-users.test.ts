import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Organisation } from '../../src/orgs/organisations.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

const ID = '00000000-0000-4000-8000-000000000000';

/** Every admin endpoint, with a body that would be accepted from an admin. */
function adminEndpoints(
  userId: string,
): Array<[method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown]> {
  return [
    ['GET', '/api/o/acme/admin/users'],
    ['POST', '/api/o/acme/admin/users', { username: 'newbie', role: 'member' }],
    ['GET', `/api/o/acme/admin/users/${userId}`],
    ['DELETE', `/api/o/acme/admin/users/${userId}/passkeys/${ID}`],
    ['POST', `/api/o/acme/admin/users/${userId}/sign-out-everywhere`],
    ['POST', `/api/o/acme/admin/users/${userId}/enrollment-code`],
    ['POST', `/api/o/acme/admin/users/${userId}/enrollment-email`, {}],
    ['POST', `/api/o/acme/admin/users/${userId}/recover`, { passkeyIds: 'all', method: 'code' }],
    ['GET', '/api/o/acme/admin/settings/enrollment'],
    ['PUT', '/api/o/acme/admin/settings/enrollment', { codeSeconds: 90 }],
    ['GET', '/api/o/acme/admin/email-templates'],
    ['POST', '/api/o/acme/admin/email-templates', { name: 'T', subject: 'S', body: '{{link}}' }],
    ['PUT', `/api/o/acme/admin/email-templates/${ID}`, { name: 'T', subject: 'S', body: '{{link}}' }],
    ['DELETE', `/api/o/acme/admin/email-templates/${ID}`],
    ['PUT', '/api/o/acme/admin/email-templates/default', { templateId: null }],
    ['POST', '/api/o/acme/admin/email-templates/preview', { subject: 'S', body: '{{link}}' }],
    ['GET', '/api/o/acme/admin/emails'],
    ['GET', '/api/o/acme/admin/activity'],
    ['GET', '/api/o/acme/admin/activity/export?format=csv'],
    ['GET', '/api/o/acme/admin/adoption'],
    ['GET', '/api/o/acme/admin/home'],
  ];
}

describe.each(DIALECTS)('admin console: users (%s)', (dialect) => {
  let h: Harness;
  let acme: Organisation;
  let admin: Browser;
  let adminUser: User;
  let bob: User;

  beforeEach(async () => {
    h = await createHarness(dialect);
    acme = await h.org();
    adminUser = await h.user({
      org: acme,
      username: 'ada',
      displayName: 'Ada Lovelace',
      email: 'ada@acme.example',
      role: 'admin',
    });
    bob = await h.user({ org: acme, username: 'bob', displayName: 'Bob Builder', email: 'bob@acme.example' });
    ({ browser: admin } = await redeemSetupLink(h, acme, adminUser));
  });
  afterEach(() => h.close());

  it("refuses members, editors and other organisations' admins on every admin endpoint, changing nothing", async () => {
    const editor = await h.user({ org: acme, username: 'ed', role: 'editor' });
    const globex = await h.org('globex', 'Globex');
    const gina = await h.user({ org: globex, username: 'gina', role: 'admin' });
    const { browser: member } = await redeemSetupLink(h, acme, bob);
    const { browser: editorBrowser } = await redeemSetupLink(h, acme, editor);
    const { browser: otherAdmin } = await redeemSetupLink(h, globex, gina);
    // The other organisation's admin, with their own session token presented as this organisation's cookie.
    const forged = h.browser();
    forged.cookies.set('lk_session_acme', otherAdmin.cookies.get('lk_session_globex')!);

    for (const [method, url, body] of adminEndpoints(bob.id)) {
      for (const [who, browser] of [
        ['member', member],
        ['editor', editorBrowser],
      ] as const) {
        const response = await browser.request(method, url, body);
        expect(response.status, `${who} ${method} ${url}`).toBe(403);
        expect(response.body.error.code, `${who} ${method} ${url}`).toBe('FORBIDDEN');
      }
      for (const [who, browser] of [
        ['other org admin', otherAdmin],
        ['forged cookie', forged],
        ['nobody', h.browser()],
      ] as const) {
        const response = await browser.request(method, url, body);
        expect(response.status, `${who} ${method} ${url}`).toBe(401);
        expect(response.body.error.code).toBe('UNAUTHENTICATED');
      }
      // Their own organisation's admin API knows nothing of acme's users.
      if (url.includes(bob.id)) {
        const own = await otherAdmin.request(method, url.replace('/o/acme/', '/o/globex/'), body);
        expect(own.body.error.code, `${method} ${url}`).toBe('USER_NOT_FOUND');
      }
    }
    // Nothing changed: no user, code, mail or template was made and no setting moved.
    expect(await h.deps.db.selectFrom('users').select('username').where('username', '=', 'newbie').execute()).toEqual(
      [],
    );
    for (const table of ['enrollment_codes', 'outbox', 'email_templates'] as const)
      expect(await h.deps.db.selectFrom(table).select('id').execute(), table).toEqual([]);
    const org = await h.deps.db
      .selectFrom('organisations')
      .selectAll()
      .where('id', '=', acme.id)
      .executeTakeFirstOrThrow();
    expect(org.enrollment_code_seconds).toBe(60);
    expect(
      await h.deps.db
        .selectFrom('sessions')
        .select('id')
        .where('user_id', '=', bob.id)
        .where('revoked_at', 'is not', null)
        .execute(),
    ).toEqual([]);
  });

  it('lists users with Enrolled / Pending, counts, search by name, username or email prefix, and paging', async () => {
    for (let i = 0; i < 7; i++)
      await h.user({ org: acme, username: `user${i}`, displayName: `Zed Number ${i}`, email: `z${i}@acme.example` });
    const { browser: bobBrowser } = await redeemSetupLink(h, acme, bob);
    expect((await bobBrowser.addPasskey('acme')).status).toBe(200);

    const all = await admin.get('/api/o/acme/admin/users');
    expect(all.status).toBe(200);
    expect(all.body.counts).toEqual({ all: 9, enrolled: 1, pending: 8 });
    expect(all.body.users.map((u: { username: string }) => u.username)).toEqual([
      'ada',
      'bob',
      'user0',
      'user1',
      'user2',
      'user3',
      'user4',
      'user5',
      'user6',
    ]);
    expect(all.body.users[1]).toMatchObject({
      username: 'bob',
      displayName: 'Bob Builder',
      email: 'bob@acme.example',
      role: 'member',
      enrollment: 'enrolled',
      passkeyCount: 1,
    });
    expect(all.body.users[0]).toMatchObject({ username: 'ada', enrollment: 'pending', passkeyCount: 0 });

    const enrolled = await admin.get('/api/o/acme/admin/users?status=enrolled');
    expect(enrolled.body.users.map((u: { username: string }) => u.username)).toEqual(['bob']);
    const pending = await admin.get('/api/o/acme/admin/users?status=pending&limit=3');
    expect(pending.body.users.map((u: { username: string }) => u.username)).toEqual(['ada', 'user0', 'user1']);
    const next = await admin.get(`/api/o/acme/admin/users?status=pending&limit=3&after=${pending.body.nextCursor}`);
    expect(next.body.users.map((u: { username: string }) => u.username)).toEqual(['user2', 'user3', 'user4']);
    expect(next.body.counts).toBeNull();
    const last = await admin.get(`/api/o/acme/admin/users?status=pending&limit=3&after=user4`);
    expect(last.body).toMatchObject({ nextCursor: null });
    expect(last.body.users.map((u: { username: string }) => u.username)).toEqual(['user5', 'user6']);

    const search = async (q: string) =>
      (await admin.get(`/api/o/acme/admin/users?q=${encodeURIComponent(q)}`)).body.users.map(
        (u: { username: string }) => u.username,
      );
    expect(await search('Zed Number 3')).toEqual(['user3']);
    expect((await admin.get('/api/o/acme/admin/users?q=zed')).body.counts).toBeNull();
    expect(await search('zed')).toHaveLength(7);
    expect(await search('BOB')).toEqual(['bob']);
    expect(await search('z5@')).toEqual(['user5']);
    expect(await search('lovelace')).toEqual([]); // the start of the name, not the middle
    expect(await search('%')).toEqual([]); // no wildcards
    expect(await search('_')).toEqual([]);
  });

  it('adds a user who starts Pending, audited with the acting admin; refuses duplicates and bad input', async () => {
    const added = await admin.post('/api/o/acme/admin/users', {
      username: 'Carol',
      email: 'carol@acme.example',
      displayName: 'Carol C',
      role: 'editor',
    });
    expect(added.status).toBe(200);
    expect(added.body.user).toMatchObject({
      username: 'carol',
      email: 'carol@acme.example',
      displayName: 'Carol C',
      role: 'editor',
      enrollment: 'pending',
    });
    const event = await h.deps.db
      .selectFrom('audit_events')
      .selectAll()
      .where('type', '=', 'user.created')
      .where('user_id', '=', added.body.user.id)
      .executeTakeFirstOrThrow();
    expect(event.actor_id).toBe(adminUser.id);
    expect(event.user_agent).toMatch(/Chrome/);

    const duplicate = await admin.post('/api/o/acme/admin/users', { username: 'carol', role: 'member' });
    expect(duplicate).toMatchObject({ status: 409, body: { error: { code: 'USER_EXISTS' } } });
    for (const body of [
      { username: 'dave', role: 'operator' },
      { username: 'dave', role: 'owner' },
      { username: 'bad name!', role: 'member' },
      { username: 'dave', email: 'not-an-email', role: 'member' },
      { username: 'dave', email: 'x<eve@evil.example>', role: 'member' },
      { username: 'dave', email: 'dave@acme.example,eve@evil.example', role: 'member' },
      { username: 'dave', displayName: 'x\u0000y', role: 'member' },
      { username: 'dave', role: 'member', password: 'nope' },
      { role: 'member' },
    ]) {
      const response = await admin.post('/api/o/acme/admin/users', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect(await h.deps.db.selectFrom('users').select('username').where('username', '=', 'dave').execute()).toEqual([]);
    for (const query of ['status=gone', 'limit=0', 'limit=201', 'limit=abc', 'q=%00', 'after=%00', 'other=1']) {
      const response = await admin.get(`/api/o/acme/admin/users?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
    }
  });

  it("shows a user's page; deletes a passkey but never the last way in; signs the user out everywhere", async () => {
    const { browser: bobBrowser } = await redeemSetupLink(h, acme, bob);
    expect((await bobBrowser.addPasskey('acme', 'Work laptop')).status).toBe(200);
    const page = await admin.get(`/api/o/acme/admin/users/${bob.id}`);
    expect(page.status).toBe(200);
    expect(page.body.user).toMatchObject({ username: 'bob', enrollment: 'enrolled', hasPassword: false });
    expect(page.body.passkeys).toEqual([expect.objectContaining({ name: 'Work laptop', backedUp: false })]);
    expect(page.body.sessions).toHaveLength(1);
    expect(page.body.activity.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['passkey.added', 'sign_in.succeeded', 'user.created']),
    );
    expect(JSON.stringify(page.body)).not.toMatch(/public_key|publicKey|token_hash|password_hash/);

    const passkeyId = page.body.passkeys[0].id;
    const refused = await admin.delete(`/api/o/acme/admin/users/${bob.id}/passkeys/${passkeyId}`);
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'LAST_SIGN_IN_METHOD' } } });
    const { browser: bobPhone } = await redeemSetupLink(h, acme, bob);
    expect((await bobPhone.addPasskey('acme', 'Phone')).status).toBe(200);
    const deleted = await admin.delete(`/api/o/acme/admin/users/${bob.id}/passkeys/${passkeyId}`);
    expect(deleted.status).toBe(200);
    const event = await h.deps.db
      .selectFrom('audit_events')
      .selectAll()
      .where('type', '=', 'passkey.deleted')
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ user_id: bob.id, actor_id: adminUser.id });
    expect((await admin.delete(`/api/o/acme/admin/users/${bob.id}/passkeys/${passkeyId}`)).body.error.code).toBe(
      'PASSKEY_NOT_FOUND',
    );
    // Someone else's passkey id through this user's address is just not found.
    const bobsPasskeyId = (await admin.get(`/api/o/acme/admin/users/${bob.id}`)).body.passkeys[0].id;
    expect(
      (await admin.delete(`/api/o/acme/admin/users/${adminUser.id}/passkeys/${bobsPasskeyId}`)).body.error.code,
    ).toBe('PASSKEY_NOT_FOUND');

    // The laptop's session, where the deleted passkey was made (its "This device"), ended with it; the phone's did not.
    expect((await bobBrowser.get('/api/o/acme/me')).status).toBe(401);
    expect((await bobPhone.get('/api/o/acme/me')).status).toBe(200);
    const signedOut = await admin.post(`/api/o/acme/admin/users/${bob.id}/sign-out-everywhere`);
    expect(signedOut.body).toEqual({ revoked: 1 });
    expect((await bobPhone.get('/api/o/acme/me')).status).toBe(401);
    expect((await admin.get('/api/o/acme/me')).status).toBe(200);
    const revoked = await h.deps.db
      .selectFrom('audit_events')
      .select(['user_id', 'actor_id', 'details'])
      .where('type', '=', 'session.revoked')
      .execute();
    const events = revoked.map((e) => ({ ...e, details: JSON.parse(e.details ?? '{}') }));
    expect(events).toHaveLength(2);
    expect(events).toEqual(
      expect.arrayContaining([
        { user_id: bob.id, actor_id: adminUser.id, details: { count: 1, reason: 'passkey_deleted' } },
        { user_id: bob.id, actor_id: adminUser.id, details: { count: 1, by: 'admin' } },
      ]),
    );

    expect((await admin.get(`/api/o/acme/admin/users/${ID}`)).body.error.code).toBe('USER_NOT_FOUND');
    expect((await admin.get('/api/o/acme/admin/users/not-a-uuid')).body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe.each(DIALECTS)("admin console: an admin's authority (%s)", (dialect) => {
  let h: Harness;
  afterEach(() => h.close());

  it("lets the platform organisation's admins manage members but not act on operators' accounts", async () => {
    h = await createHarness(dialect);
    const platform = await h.org('platform', 'Platform');
    const padmin = await h.user({ org: platform, username: 'padmin', role: 'admin' });
    const op = await h.user({ org: platform, username: 'op', role: 'operator', email: 'op@platform.example' });
    const { browser: operator } = await redeemSetupLink(h, platform, op);
    expect((await operator.addPasskey('platform')).status).toBe(200);
    const { browser: admin } = await redeemSetupLink(h, platform, padmin);
    const passkeyOf = (userId: string) =>
      h.deps.db.selectFrom('passkeys').select('id').where('user_id', '=', userId).execute();
    const [{ id: passkeyId }] = (await passkeyOf(op.id)) as [{ id: string }];
    for (const [method, url, body] of [
      // The operator's page: their sessions with the addresses they sign in from, their activity.
      ['GET', `/api/o/platform/admin/users/${op.id}`, undefined],
      ['POST', `/api/o/platform/admin/users/${op.id}/recover`, { passkeyIds: 'all', method: 'code' }],
      ['POST', `/api/o/platform/admin/users/${op.id}/enrollment-code`, undefined],
      ['POST', `/api/o/platform/admin/users/${op.id}/enrollment-email`, {}],
      ['POST', `/api/o/platform/admin/users/${op.id}/sign-out-everywhere`, undefined],
      ['DELETE', `/api/o/platform/admin/users/${op.id}/passkeys/${passkeyId}`, undefined],
    ] as const) {
      const response = await admin.request(method, url, body);
      expect(response.body.error?.code, `${method} ${url}`).toBe('FORBIDDEN');
      expect(Object.keys(response.body), `${method} ${url}`).toEqual(['error']);
    }
    expect((await operator.get('/api/o/platform/me')).status).toBe(200);
    expect(await passkeyOf(op.id)).toHaveLength(1);
    // The operator may act on the admin, and read their page; the admin reads a member's and their own.
    expect((await operator.post(`/api/o/platform/admin/users/${padmin.id}/enrollment-code`)).status).toBe(200);
    expect((await operator.get(`/api/o/platform/admin/users/${padmin.id}`)).body.sessions).toHaveLength(1);
    const member = await h.user({ org: platform, username: 'pmember' });
    for (const user of [member, padmin])
      expect((await admin.get(`/api/o/platform/admin/users/${user.id}`)).body.user.username).toBe(user.username);
  });
});
