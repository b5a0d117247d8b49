/**
 * The operator console's far-reaching actions need a verification in the last 5 minutes, as an admin's do: an
 * operator's unattended or stolen session cannot create an organisation, hand out an admin's setup link, or
 * change an organisation's passkey domain or take its passkeys away.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REVERIFY_WINDOW_MS } from '../../src/sessions/sessions.js';
import { DIALECTS } from '../support/databases.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

const PASSWORD = 'correct horse battery';

describe.each(DIALECTS)('The operator console asks "Confirm it\'s you" (%s)', (dialect) => {
  let h: Harness;
  let operator: Browser;
  let actions: Array<{ name: string; run: () => ReturnType<Browser['request']> }>;
  const audited = async () => (await h.deps.db.selectFrom('audit_events').select('type').execute()).map((e) => e.type);
  const acme = async () =>
    (await operator.get('/api/platform/orgs')).body.organisations.find((o: { slug: string }) => o.slug === 'acme');
  const usernames = async () =>
    (await h.deps.db.selectFrom('users').select('username').execute()).map((u) => u.username);

  beforeEach(async () => {
    h = await createHarness(dialect);
    const platform = await h.org('platform', 'Platform');
    const org = await h.org('acme', 'Acme');
    await h.user({ org: platform, username: 'op', role: 'operator', password: PASSWORD });
    await h.user({ org, username: 'bob', password: 'bob has a password' });
    const bob = h.browser();
    await bob.signInWithPassword('acme', 'bob', 'bob has a password');
    expect((await bob.addPasskey('acme')).status).toBe(200);
    operator = h.browser();
    expect((await operator.signInWithPassword('platform', 'op', PASSWORD)).status).toBe(200);
    actions = [
      {
        name: 'create an organisation with its first admin',
        run: () =>
          operator.post('/api/platform/orgs', { slug: 'initech', name: 'Initech', firstAdmin: { username: 'peter' } }),
      },
      {
        name: 'add an administrator',
        run: () => operator.post('/api/platform/orgs/acme/admins', { username: 'mallory' }),
      },
      {
        name: "change the passkey domain, breaking the organisation's passkeys",
        run: () => operator.patch('/api/platform/orgs/acme', { rpId: 'acme.example.com', force: true }),
      },
      {
        name: 'withdraw passkeys',
        run: () => operator.patch('/api/platform/orgs/acme', { passkeysAvailable: false }),
      },
    ];
  });
  afterEach(() => h.close());

  it('refuses them with REVERIFY_REQUIRED 5 minutes after the last verification, changing nothing', async () => {
    h.advance(REVERIFY_WINDOW_MS + 1);
    const before = await audited();
    const users = await usernames();
    for (const action of actions) {
      const refused = await action.run();
      expect([action.name, refused.status, refused.body.error?.code]).toEqual([action.name, 403, 'REVERIFY_REQUIRED']);
    }
    expect(await audited()).toEqual(before);
    expect(await usernames()).toEqual(users);
    expect(await h.deps.db.selectFrom('organisations').select('slug').where('slug', '=', 'initech').execute()).toEqual(
      [],
    );
    expect(await acme()).toMatchObject({ passkeysAvailable: true, rpId: null, admins: 0 });
    // Reading the list is not a change: it still answers.
    expect((await operator.get('/api/platform/orgs')).status).toBe(200);
  });

  it('does them once the operator has confirmed it is them, audited', async () => {
    h.advance(REVERIFY_WINDOW_MS + 1);
    expect((await operator.post('/api/o/platform/me/reverify/password', { password: PASSWORD })).status).toBe(200);
    for (const action of actions) expect([action.name, (await action.run()).status]).toEqual([action.name, 200]);
    expect(await audited()).toEqual(
      expect.arrayContaining(['session.reverified', 'setup_link.created', 'org.rp_id_changed', 'policy.changed']),
    );
    expect(await acme()).toMatchObject({ passkeysAvailable: false, rpId: 'acme.example.com', admins: 1 });
    expect(await usernames()).toEqual(expect.arrayContaining(['peter', 'mallory']));
  });
});
