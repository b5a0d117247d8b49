/** Issue #14: an admin edits, disables, enables and deletes users; who may, and the last-admin guard. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Organisation } from '../../src/orgs/organisations.js';
import { REVERIFY_WINDOW_MS } from '../../src/sessions/sessions.js';
import { deleteUser, disableUser, updateUserProfile } from '../../src/users/lifecycle.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

/** Every lifecycle endpoint with a body an admin would have accepted. */
const endpoints = (
  org: string,
  userId: string,
  username: string,
): Array<[method: 'PATCH' | 'POST', url: string, body?: unknown]> => [
  ['PATCH', `/api/o/${org}/admin/users/${userId}`, { displayName: 'Renamed', role: 'editor' }],
  ['POST', `/api/o/${org}/admin/users/${userId}/disable`],
  ['POST', `/api/o/${org}/admin/users/${userId}/enable`],
  ['POST', `/api/o/${org}/admin/users/${userId}/delete`, { confirmUsername: username }],
];

describe.each(DIALECTS)('user lifecycle (%s)', (dialect) => {
  let h: Harness;
  let acme: Organisation;
  let ada: User;
  let bob: User;
  let admin: Browser;
  const audit = async (type: string) =>
    (await h.deps.db.selectFrom('audit_events').selectAll().where('type', '=', type).execute()).map((e) => ({
      userId: e.user_id,
      actorId: e.actor_id,
      details: JSON.parse(e.details),
    }));
  const userRow = (id: string) => h.deps.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

  beforeEach(async () => {
    h = await createHarness(dialect);
    acme = await h.org();
    ada = await h.user({ org: acme, username: 'ada', role: 'admin', email: 'ada@acme.example' });
    bob = await h.user({ org: acme, username: 'bob', displayName: 'Bob', email: 'bob@acme.example' });
    ({ browser: admin } = await redeemSetupLink(h, acme, ada));
  });
  afterEach(() => h.close());

  it("refuses members, editors, other organisations' admins and the operator, changing nothing", async () => {
    const ed = await h.user({ org: acme, username: 'ed', role: 'editor' });
    const globex = await h.org('globex', 'Globex');
    const gina = await h.user({ org: globex, username: 'gina', role: 'admin' });
    const platform = await h.org('platform', 'Platform');
    const op = await h.user({ org: platform, username: 'op', role: 'operator' });
    const { browser: member } = await redeemSetupLink(h, acme, bob);
    const { browser: editor } = await redeemSetupLink(h, acme, ed);
    const { browser: otherAdmin } = await redeemSetupLink(h, globex, gina);
    const { browser: operator } = await redeemSetupLink(h, platform, op);
    const forged = h.browser();
    forged.cookies.set('lk_session_acme', otherAdmin.cookies.get('lk_session_globex')!);
    const before = JSON.stringify(await h.deps.db.selectFrom('users').selectAll().orderBy('id').execute());

    for (const [method, url, body] of endpoints('acme', bob.id, 'bob')) {
      for (const [who, browser] of [
        ['member', member],
        ['editor', editor],
      ] as const) {
        const response = await browser.request(method, url, body);
        expect([who, method, url, response.status, response.body.error.code]).toEqual([
          who,
          method,
          url,
          403,
          'FORBIDDEN',
        ]);
      }
      for (const [who, browser] of [
        ['other org admin', otherAdmin],
        ['forged cookie', forged],
        ['operator', operator],
        ['nobody', h.browser()],
      ] as const) {
        const response = await browser.request(method, url, body);
        expect([who, method, url, response.status, response.body.error.code]).toEqual([
          who,
          method,
          url,
          401,
          'UNAUTHENTICATED',
        ]);
      }
      // Their own organisation's API knows nothing of acme's users.
      const own = await otherAdmin.request(method, url.replace('/o/acme/', '/o/globex/'), body);
      expect([method, url, own.body.error.code]).toEqual([method, url, 'USER_NOT_FOUND']);
    }
    expect(JSON.stringify(await h.deps.db.selectFrom('users').selectAll().orderBy('id').execute())).toBe(before);
    expect([
      ...(await audit('user.updated')),
      ...(await audit('user.disabled')),
      ...(await audit('user.enabled')),
      ...(await audit('user.deleted')),
    ]).toEqual([]);
  });

  it("edits display name, email and role, audited before → after; a new email voids the old one's links", async () => {
    expect((await admin.post(`/api/o/acme/admin/users/${bob.id}/enrollment-email`, {})).status).toBe(200);
    const edited = await admin.patch(`/api/o/acme/admin/users/${bob.id}`, {
      displayName: 'Robert Builder',
      email: 'Robert@Acme.example',
      role: 'editor',
    });
    expect(edited.status).toBe(200);
    expect(edited.body.user).toMatchObject({
      displayName: 'Robert Builder',
      email: 'robert@acme.example',
      role: 'editor',
      status: 'active',
    });
    expect(await audit('user.updated')).toEqual([
      {
        userId: bob.id,
        actorId: ada.id,
        details: {
          displayName: 'Bob → Robert Builder',
          email: 'bob@acme.example → robert@acme.example',
          oldAddressNotified: false, // no SMTP here: test/http/recovery-notice.test.ts has one
          role: 'member → editor',
          voidedLinks: 1,
          via: 'admin',
        },
      },
    ]);
    const links = await h.deps.db
      .selectFrom('enrollment_links')
      .select('used_at')
      .where('user_id', '=', bob.id)
      .execute();
    expect(links.every((l) => l.used_at !== null)).toBe(true);
    // Nothing to change: nothing audited.
    expect((await admin.patch(`/api/o/acme/admin/users/${bob.id}`, { displayName: 'Robert Builder' })).status).toBe(
      200,
    );
    expect(await audit('user.updated')).toHaveLength(1);
    // Someone else's address, an invalid one, and a role of another organisation are refused.
    expect(
      (await admin.patch(`/api/o/acme/admin/users/${bob.id}`, { email: 'ada@acme.example' })).body.error.code,
    ).toBe('USER_EXISTS');
    expect((await admin.patch(`/api/o/acme/admin/users/${bob.id}`, { email: 'not an address' })).body.error.code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await admin.patch(`/api/o/acme/admin/users/${bob.id}`, { role: 'operator' })).body.error.code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await admin.patch(`/api/o/acme/admin/users/${bob.id}`, { email: null })).body.user.email).toBeNull();
  });

  it('keeps the last admin: no demotion, disabling or deleting; nobody changes their own role or status', async () => {
    const carol = await h.user({ org: acme, username: 'carol', role: 'admin' });
    for (const [method, url, body] of [
      ['PATCH', `/api/o/acme/admin/users/${ada.id}`, { role: 'member' }],
      ['POST', `/api/o/acme/admin/users/${ada.id}/disable`],
      ['POST', `/api/o/acme/admin/users/${ada.id}/delete`, { confirmUsername: 'ada' }],
    ] as const) {
      expect((await admin.request(method, url, body)).body.error.code).toBe('CANNOT_CHANGE_OWN_ACCOUNT');
    }
    // Her own display name is hers to edit.
    expect((await admin.patch(`/api/o/acme/admin/users/${ada.id}`, { displayName: 'Ada L.' })).status).toBe(200);
    // Carol may be demoted while Ada stays an admin, and is out of the console at once.
    expect((await admin.patch(`/api/o/acme/admin/users/${carol.id}`, { role: 'member' })).status).toBe(200);
    const { browser: carolBrowser } = await redeemSetupLink(h, acme, carol);
    expect((await carolBrowser.get('/api/o/acme/admin/users')).status).toBe(403);
    // A disabled admin does not count as one.
    await h.deps.db
      .updateTable('users')
      .set({ role: 'admin', status: 'disabled' })
      .where('id', '=', carol.id)
      .execute();
    const dave = await h.user({ org: acme, username: 'dave', role: 'admin' });
    const { browser: daveBrowser } = await redeemSetupLink(h, acme, dave);
    expect((await daveBrowser.post(`/api/o/acme/admin/users/${ada.id}/disable`)).status).toBe(200);
    // Ada, enabled again, disables Dave: she is now the only active admin.
    expect((await daveBrowser.post(`/api/o/acme/admin/users/${ada.id}/enable`)).status).toBe(200);
    const { browser: adaAgain } = await redeemSetupLink(h, acme, ada);
    expect((await adaAgain.post(`/api/o/acme/admin/users/${dave.id}/disable`)).status).toBe(200);
    for (const [method, url, body] of [
      ['PATCH', `/api/o/acme/admin/users/${ada.id}`, { role: 'editor' }],
      ['POST', `/api/o/acme/admin/users/${ada.id}/disable`],
      ['POST', `/api/o/acme/admin/users/${ada.id}/delete`, { confirmUsername: 'ada' }],
    ] as const) {
      // Nobody else may take her either: the CLI's path (no acting admin) is refused too.
      const target = (await userRow(ada.id))!;
      const run =
        method === 'PATCH'
          ? updateUserProfile(h.deps, { org: acme, target, changes: body as { role: 'editor' }, by: { actor: null } })
          : url.endsWith('disable')
            ? disableUser(h.deps, { org: acme, target, by: { actor: null } })
            : deleteUser(h.deps, { org: acme, target, confirmUsername: 'ada', by: { actor: null } });
      await expect(run).rejects.toMatchObject({ code: 'LAST_ADMIN' });
    }
    expect(await userRow(ada.id)).toMatchObject({ role: 'admin', status: 'active' });
  });

  it("acts only within the admin's authority: a platform admin neither touches an operator nor makes one", async () => {
    const platform = await h.org('platform', 'Platform');
    const op = await h.user({ org: platform, username: 'op', role: 'operator' });
    const padmin = await h.user({ org: platform, username: 'padmin', role: 'admin' });
    const member = await h.user({ org: platform, username: 'pmember' });
    const { browser } = await redeemSetupLink(h, platform, padmin);
    for (const [method, url, body] of endpoints('platform', op.id, 'op')) {
      expect([method, url, (await browser.request(method, url, body)).body.error.code]).toEqual([
        method,
        url,
        'FORBIDDEN',
      ]);
    }
    expect(
      (await browser.patch(`/api/o/platform/admin/users/${member.id}`, { role: 'operator' })).body.error.code,
    ).toBe('FORBIDDEN');
    const { browser: operator } = await redeemSetupLink(h, platform, op);
    expect(
      (await operator.patch(`/api/o/platform/admin/users/${member.id}`, { role: 'operator' })).body.user.role,
    ).toBe('operator');
  });

  it("checks the admin's authority again on the account as it is when locked, not on the request's copy", async () => {
    const platform = await h.org('platform', 'Platform');
    const padmin = await h.user({ org: platform, username: 'padmin', role: 'admin' });
    const target = await h.user({ org: platform, username: 'soon-operator', role: 'admin' });
    // Made an operator by another operator after the platform admin's request read it.
    await h.deps.db.updateTable('users').set({ role: 'operator' }).where('id', '=', target.id).execute();
    const by = { actor: padmin };
    for (const change of [
      () => disableUser(h.deps, { org: platform, target, by }),
      () => updateUserProfile(h.deps, { org: platform, target, changes: { email: 'x@platform.example' }, by }),
      () => deleteUser(h.deps, { org: platform, target, confirmUsername: 'soon-operator', by }),
    ])
      await expect(change()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await userRow(target.id)).toMatchObject({ role: 'operator', status: 'active', email: null });
  });

  it('asks "Confirm it\'s you" to disable, enable or delete, for a new role or email, not for a name', async () => {
    const carol = await h.user({ org: acme, username: 'carol' });
    await h.deps.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', carol.id).execute();
    h.advance(REVERIFY_WINDOW_MS);
    for (const [method, url, body] of [
      // Enabling gives back every way in the account had: a way in handed out.
      ['POST', `/api/o/acme/admin/users/${carol.id}/enable`],
      ['PATCH', `/api/o/acme/admin/users/${bob.id}`, { role: 'editor' }],
      // Where enrollment and recovery links, and the notice of a recovery, go.
      ['PATCH', `/api/o/acme/admin/users/${bob.id}`, { email: 'bob@elsewhere.example' }],
      ['PATCH', `/api/o/acme/admin/users/${bob.id}`, { email: null }],
      ['POST', `/api/o/acme/admin/users/${bob.id}/disable`],
      ['POST', `/api/o/acme/admin/users/${bob.id}/delete`, { confirmUsername: 'bob' }],
    ] as const) {
      const refused = await admin.request(method, url, body);
      expect([url, refused.status, refused.body.error.code]).toEqual([url, 403, 'REVERIFY_REQUIRED']);
    }
    expect(await userRow(bob.id)).toMatchObject({ role: 'member', status: 'active', email: 'bob@acme.example' });
    expect(await userRow(carol.id)).toMatchObject({ status: 'disabled' });
    expect((await admin.patch(`/api/o/acme/admin/users/${bob.id}`, { displayName: 'Bobby' })).status).toBe(200);
  });

  it('deletes a user after the username is typed: gone from Users, audit keeps the id and username only', async () => {
    const { browser: bobBrowser } = await redeemSetupLink(h, acme, bob);
    expect((await bobBrowser.addPasskey('acme')).status).toBe(200);
    expect((await admin.patch(`/api/o/acme/admin/users/${bob.id}`, { email: 'robert@acme.example' })).status).toBe(200);
    const wrong = await admin.post(`/api/o/acme/admin/users/${bob.id}/delete`, { confirmUsername: 'bobb' });
    expect([wrong.status, wrong.body.error.code]).toEqual([400, 'CONFIRMATION_MISMATCH']);
    expect((await admin.post(`/api/o/acme/admin/users/${bob.id}/delete`, { confirmUsername: 'BOB' })).body).toEqual({
      ok: true,
    });

    expect(await userRow(bob.id)).toBeUndefined();
    for (const table of [
      'passkeys',
      'sessions',
      'enrollment_links',
      'enrollment_codes',
      'device_links',
      'outbox',
    ] as const) {
      expect([
        table,
        (await h.deps.db.selectFrom(table).select('id').where('user_id', '=', bob.id).execute()).length,
      ]).toEqual([table, 0]);
    }
    expect((await admin.get('/api/o/acme/admin/users')).body.users.map((u: User) => u.username)).toEqual(['ada']);
    expect((await admin.get(`/api/o/acme/admin/users/${bob.id}`)).body.error.code).toBe('USER_NOT_FOUND');
    expect((await bobBrowser.get('/api/o/acme/me')).status).toBe(401);
    expect(await audit('user.deleted')).toEqual([
      {
        userId: bob.id,
        actorId: ada.id,
        details: { username: 'bob', role: 'member', removedPasskeys: 1, revokedSessions: 1, via: 'admin' },
      },
    ]);
    const events = JSON.stringify(
      await h.deps.db.selectFrom('audit_events').selectAll().where('user_id', '=', bob.id).execute(),
    );
    expect(events).not.toContain('@acme.example');
    const activity = await admin.get(`/api/o/acme/admin/activity?type=user.deleted`);
    expect(activity.body.events[0]).toMatchObject({
      type: 'user.deleted',
      user: { id: bob.id },
      details: { username: 'bob' },
    });
  });
});
