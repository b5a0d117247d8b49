/**
 * Issue #13, finding 14: destructive admin actions need a verification in the last 5 minutes, as
 * handing out enrollment codes does, so an unattended or stolen admin session cannot do them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REVERIFY_WINDOW_MS } from '../../src/sessions/sessions.js';
import { DIALECTS } from '../support/databases.js';
import { createHarness, ORIGIN, type Browser, type Harness } from '../support/harness.js';
import { SoftAuthenticator } from '../support/soft-authenticator.js';

const PASSWORD = 'correct horse battery';

describe.each(DIALECTS)('Destructive admin actions ask "Confirm it\'s you" (%s)', (dialect) => {
  let h: Harness;
  let admin: Browser;
  let bob: Browser;
  let actions: Array<{ name: string; run: () => ReturnType<Browser['request']> }>;
  const audited = async () => (await h.deps.db.selectFrom('audit_events').select('type').execute()).map((e) => e.type);

  beforeEach(async () => {
    h = await createHarness(dialect);
    const org = await h.org();
    await h.user({ org, username: 'ada', role: 'admin', password: PASSWORD });
    const bobUser = await h.user({ org, username: 'bob', password: 'bob has a password' });
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
    actions = [
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
    expect((await admin.get('/api/o/acme/admin/settings/passkeys')).body.policy.passwordFallback).toBe(true);
    expect((await admin.get('/api/o/acme/admin/email-templates')).body.templates).toHaveLength(1);
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
        'email_template.deleted',
      ]),
    );
    expect((await bob.get('/api/o/acme/me')).status).toBe(401);
  });
});
