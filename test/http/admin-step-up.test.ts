/**
 * Issue #13, finding 14: destructive admin actions need a verification in the last 5 minutes, as
 * handing out enrollment codes does, so an unattended or stolen admin session cannot do them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REVERIFY_WINDOW_MS } from '../../src/sessions/sessions.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { createHarness, ORIGIN, type Browser, type Harness } from '../support/harness.js';
import { SoftAuthenticator } from '../support/soft-authenticator.js';

const PASSWORD = 'correct horse battery';

describe.each(DIALECTS)('Destructive admin actions ask "Confirm it\'s you" (%s)', (dialect) => {
  let h: Harness;
  let admin: Browser;
  let bob: Browser;
  let carol: User;
  let actions: Array<{ name: string; run: () => ReturnType<Browser['request']> }>;
  const audited = async () => (await h.deps.db.selectFrom('audit_events').select('type').execute()).map((e) => e.type);

  beforeEach(async () => {
    h = await createHarness(dialect);
    const org = await h.org();
    await h.user({ org, username: 'ada', role: 'admin', password: PASSWORD });
    const bobUser = await h.user({ org, username: 'bob', password: 'bob has a password' });
    carol = await h.user({ org, username: 'carol', email: 'carol@acme.example' }); // Pending
    bob = h.browser();
    await bob.signInWithPassword('acme', 'bob', 'bob has a password');
    const first = await bob.addPasskey('acme');
    const options = await bob.post('/api/o/acme/me/passkeys/options');
    await bob.post('/api/o/acme/me/passkeys', {
      response: await new SoftAuthenticator({ origin: ORIGIN }).register(options.body.options),
    });
    admin = h.browser();
    await admin.signInWithPassword('acme', 'ada', PASSWORD);
    const template = await admin.post('/api/o/acme/admin/email-templates', {
      name: 'Mine',
      subject: 'S',
      body: '{{link}}',
    });
    const templateId = template.body.template.id;
    const piloted = await admin.post('/api/o/acme/admin/pilot-members', { identifier: 'carol' });
    actions = [
      // A template carries members' one-time links: a stale session could point them at its own page.
      {
        name: 'create an email template',
        run: () => admin.post('/api/o/acme/admin/email-templates', { name: 'Other', subject: 'S', body: '{{link}}' }),
      },
      {
        name: 'edit an email template',
        run: () =>
          admin.put(`/api/o/acme/admin/email-templates/${templateId}`, {
            name: 'Mine',
            subject: 'S2',
            body: '{{link}}',
          }),
      },
      {
        name: 'make a template the default',
        run: () => admin.put('/api/o/acme/admin/email-templates/default', { templateId }),
      },
      // Where a Pending member's enrollment link goes, and who is told of a recovery.
      {
        name: "change a member's email",
        run: () => admin.patch(`/api/o/acme/admin/users/${carol.id}`, { email: 'carol@elsewhere.example' }),
      },
      // A Pending admin with an address of the session holder's choosing: the next enrollment email lets them in.
      {
        name: 'add an admin',
        run: () => admin.post('/api/o/acme/admin/users', { username: 'eve', email: 'eve@acme.example', role: 'admin' }),
      },
      {
        name: 'import an admin',
        run: () => admin.post('/api/o/acme/admin/users/import', { csv: 'username,role\nfrank,admin\n', dryRun: false }),
      },
      {
        name: 'delete a passkey',
        run: () => admin.delete(`/api/o/acme/admin/users/${bobUser.id}/passkeys/${first.body.passkey.id}`),
      },
      {
        name: 'sign out everywhere',
        run: () => admin.post(`/api/o/acme/admin/users/${bobUser.id}/sign-out-everywhere`),
      },
      {
        name: 'change the policy',
        run: () => admin.put('/api/o/acme/admin/settings/passkeys', { passwordFallback: false }),
      },
      // Who is in the pilot decides how a member signs in; how long codes and links last, how long a way in stays open.
      {
        name: 'add a member to the pilot group',
        run: () => admin.post('/api/o/acme/admin/pilot-members', { identifier: 'bob' }),
      },
      {
        name: 'take a member out of the pilot group',
        run: () => admin.delete(`/api/o/acme/admin/pilot-members/${piloted.body.member.id}`),
      },
      {
        name: 'change how long codes and links last',
        run: () => admin.put('/api/o/acme/admin/settings/enrollment', { linkDays: 30 }),
      },
      {
        name: 'delete an email template',
        run: () => admin.delete(`/api/o/acme/admin/email-templates/${template.body.template.id}`),
      },
    ];
  });
  afterEach(() => h.close());

  it('refuses them with REVERIFY_REQUIRED 5 minutes after the last verification, changing nothing', async () => {
    h.advance(REVERIFY_WINDOW_MS);
    const before = await audited();
    for (const action of actions) {
      const refused = await action.run();
      expect([action.name, refused.status, refused.body.error?.code]).toEqual([action.name, 403, 'REVERIFY_REQUIRED']);
    }
    expect(await audited()).toEqual(before);
    expect((await bob.get('/api/o/acme/me/passkeys')).body.passkeys).toHaveLength(2);
    const settings = (await admin.get('/api/o/acme/admin/settings/passkeys')).body;
    expect(settings.policy.passwordFallback).toBe(true);
    expect(settings.pilotMembers.map((m: { username: string }) => m.username)).toEqual(['carol']);
    expect((await admin.get('/api/o/acme/admin/settings/enrollment')).body.linkDays).toBe(7);
    const templates = (await admin.get('/api/o/acme/admin/email-templates')).body;
    expect(templates.templates).toMatchObject([{ name: 'Mine', subject: 'S' }]);
    expect(templates.defaultTemplateId).toBeNull();
    expect((await admin.get(`/api/o/acme/admin/users/${carol.id}`)).body.user.email).toBe('carol@acme.example');
    const users = (await admin.get('/api/o/acme/admin/users')).body.users.map((u: { username: string }) => u.username);
    expect(users).not.toContain('eve');
    expect(users).not.toContain('frank');
  });

  it('asks nothing for a display name, an editor or a member added, or an import of members', async () => {
    h.advance(REVERIFY_WINDOW_MS);
    expect((await admin.patch(`/api/o/acme/admin/users/${carol.id}`, { displayName: 'Carol C.' })).status).toBe(200);
    // The address as it is (case and spaces aside) is no change.
    expect((await admin.patch(`/api/o/acme/admin/users/${carol.id}`, { email: ' Carol@acme.example' })).status).toBe(
      200,
    );
    expect((await admin.post('/api/o/acme/admin/users', { username: 'ed', role: 'editor' })).status).toBe(200);
    expect((await admin.post('/api/o/acme/admin/users', { username: 'mo', role: 'member' })).status).toBe(200);
    const imported = await admin.post('/api/o/acme/admin/users/import', {
      csv: 'username,role\nfay,member\ngus,editor\n',
      dryRun: false,
    });
    expect(imported.body.summary).toMatchObject({ created: 2 });
    // A preview writes nothing: it may list an admin.
    expect(
      (await admin.post('/api/o/acme/admin/users/import', { csv: 'username,role\nhal,admin\n', dryRun: true })).status,
    ).toBe(200);
  });

  it('does them once the admin has confirmed it is them, audited', async () => {
    h.advance(REVERIFY_WINDOW_MS);
    expect((await admin.post('/api/o/acme/me/reverify/password', { password: PASSWORD })).status).toBe(200);
    for (const action of actions) expect([action.name, (await action.run()).status]).toEqual([action.name, 200]);
    expect(await audited()).toEqual(
      expect.arrayContaining([
        'session.reverified',
        'passkey.deleted',
        'session.revoked',
        'policy.changed',
        'pilot.changed',
        'email_template.created',
        'email_template.updated',
        'email_template.default_changed',
        'user.updated',
        'user.created',
        'users.imported',
        'email_template.deleted',
      ]),
    );
    expect((await bob.get('/api/o/acme/me')).status).toBe(401);
  });
});
