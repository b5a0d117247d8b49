import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bootstrapIfEmpty } from '../../src/orgs/bootstrap.js';
import { createOrganisation, type Organisation } from '../../src/orgs/organisations.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

const PASSWORD = 'correct horse battery';

describe.each(DIALECTS)('Org Settings > Passkeys and the operator gate (%s)', (dialect) => {
  let h: Harness;
  let acme: Organisation;
  let admin: Browser;
  const signedIn = async (org: string, username: string) => {
    const browser = h.browser();
    expect((await browser.signInWithPassword(org, username, PASSWORD)).status).toBe(200);
    return browser;
  };
  const auditDetails = async (type: string) =>
    (
      await h.deps.db.selectFrom('audit_events').selectAll().where('type', '=', type).orderBy('created_at').execute()
    ).map((e) => ({ actor: e.actor_id, ...JSON.parse(e.details) }));

  beforeEach(async () => {
    h = await createHarness(dialect);
    await bootstrapIfEmpty(h.deps);
    const platform = await h.deps.db
      .selectFrom('organisations')
      .selectAll()
      .where('slug', '=', 'platform')
      .executeTakeFirstOrThrow();
    await h.user({ org: platform, username: 'op', role: 'operator', password: PASSWORD });
    // As a new organisation starts: passkeys off, rollout Admins only.
    acme = await createOrganisation(h.deps, { slug: 'acme', name: 'Acme' });
    const globex = await h.org('globex', 'Globex');
    for (const [username, role] of [
      ['ada', 'admin'],
      ['ed', 'editor'],
      ['mo', 'member'],
    ] as const)
      await h.user({ org: acme, username, role, password: PASSWORD });
    await h.user({ org: globex, username: 'gina', role: 'admin', password: PASSWORD });
    admin = await signedIn('acme', 'ada');
  });
  afterEach(() => h.close());

  it('a new organisation starts without passkeys; the admin cannot enable them until the operator does', async () => {
    const settings = await admin.get('/api/o/acme/admin/settings/passkeys');
    expect(settings.body.policy).toEqual({
      passkeysAvailable: false,
      passkeysEnabled: false,
      passkeysMandatory: false,
      passwordFallback: true,
      // Admins first, as the admin guide advises: ticking Enable passkeys reaches no member by surprise.
      rollout: 'admins',
      promptSnoozeDays: 7,
      hideAccountExistence: false,
    });
    const refused = await admin.put('/api/o/acme/admin/settings/passkeys', { passkeysEnabled: true });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('PASSKEYS_NOT_AVAILABLE');
    expect((await admin.post('/api/o/acme/me/passkeys/options')).body.error.code).toBe('PASSKEYS_DISABLED');

    const operator = await signedIn('platform', 'op');
    const listed = await operator.get('/api/platform/orgs');
    expect(listed.body.organisations.map((o: { slug: string }) => o.slug)).toEqual([
      'acme',
      'demo',
      'globex',
      'platform',
    ]);
    expect(listed.body.organisations[0]).toMatchObject({ slug: 'acme', passkeysAvailable: false, members: 3 });
    const made = await operator.patch('/api/platform/orgs/acme', { passkeysAvailable: true });
    expect(made.body.organisation.passkeysAvailable).toBe(true);

    const enabled = await admin.put('/api/o/acme/admin/settings/passkeys', {
      passkeysEnabled: true,
      rollout: 'admins',
    });
    expect(enabled.body.policy).toMatchObject({ passkeysAvailable: true, passkeysEnabled: true, rollout: 'admins' });
    expect((await admin.post('/api/o/acme/me/passkeys/options')).status).toBe(200);
    const audit = await auditDetails('policy.changed');
    expect(audit).toEqual([
      expect.objectContaining({ via: 'operator', passkeysAvailable: 'false → true' }),
      expect.objectContaining({ via: 'admin', passkeysEnabled: 'false → true' }),
    ]);
    // Already Admins only: the rollout did not change.
    expect(audit[1]).not.toHaveProperty('rollout');
    expect(audit[1]!.actor).toBeTruthy();
  });

  it("never undoes a change made while an admin's request was under way", async () => {
    await h.deps.db
      .updateTable('organisations')
      .set({ rollout: 'everyone', passkeys_available: 1, passkeys_enabled: 1 })
      .where('id', '=', acme.id)
      .execute();
    const staleRow = await h.deps.db
      .selectFrom('organisations')
      .selectAll()
      .where('id', '=', acme.id)
      .executeTakeFirstOrThrow();
    const operator = await signedIn('platform', 'op');
    await operator.patch('/api/platform/orgs/acme', { passkeysAvailable: false });
    const { updatePasskeyPolicy } = await import('../../src/policy/update-policy.js');
    await updatePasskeyPolicy(h.deps, {
      org: staleRow,
      changes: { rollout: 'pilot' },
      actor: { actorId: null, via: 'admin' },
    });
    const now = await h.deps.db
      .selectFrom('organisations')
      .selectAll()
      .where('id', '=', acme.id)
      .executeTakeFirstOrThrow();
    expect(now).toMatchObject({ passkeys_available: 0, rollout: 'pilot' });
    expect((await auditDetails('policy.changed')).at(-1)).toEqual({
      actor: null,
      via: 'admin',
      rollout: 'everyone → pilot',
    });
  });

  it("lets only this organisation's admins reach its settings", async () => {
    for (const username of ['ed', 'mo']) {
      const browser = await signedIn('acme', username);
      const result = await browser.get('/api/o/acme/admin/settings/passkeys');
      expect(result.status, username).toBe(403);
      expect(result.body.error.code).toBe('FORBIDDEN');
      expect((await browser.put('/api/o/acme/admin/settings/passkeys', { passwordFallback: false })).status).toBe(403);
    }
    const gina = await signedIn('globex', 'gina');
    expect((await gina.get('/api/o/acme/admin/settings/passkeys')).body.error.code).toBe('UNAUTHENTICATED');
    expect((await h.browser().get('/api/o/acme/admin/settings/passkeys')).body.error.code).toBe('UNAUTHENTICATED');
    // An admin cannot flip the operator's switch through the admin API.
    const sneaky = await admin.put('/api/o/acme/admin/settings/passkeys', { passkeysAvailable: true });
    expect(sneaky.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('lets only operators use the operator API', async () => {
    expect((await admin.get('/api/platform/orgs')).body.error.code).toBe('UNAUTHENTICATED');
    const demoAdmin = await h.user({
      org: await h.deps.db
        .selectFrom('organisations')
        .selectAll()
        .where('slug', '=', 'platform')
        .executeTakeFirstOrThrow(),
      username: 'helper',
      role: 'member',
      password: PASSWORD,
    });
    expect(demoAdmin.role).toBe('member');
    const member = await signedIn('platform', 'helper');
    expect((await member.get('/api/platform/orgs')).body.error.code).toBe('FORBIDDEN');
    expect((await member.patch('/api/platform/orgs/acme', { passkeysAvailable: true })).status).toBe(403);
    const operator = await signedIn('platform', 'op');
    const created = await operator.post('/api/platform/orgs', { slug: 'initech', name: 'Initech' });
    expect(created.body.organisation).toMatchObject({
      slug: 'initech',
      passkeysAvailable: false,
      passkeysEnabled: false,
      members: 0,
    });
    expect((await operator.post('/api/platform/orgs', { slug: 'initech', name: 'Again' })).body.error.code).toBe(
      'ORG_EXISTS',
    );
    // Two operators racing to create the same organisation: one wins, the other gets the coded 409.
    const race = await Promise.all([
      operator.post('/api/platform/orgs', { slug: 'hooli', name: 'Hooli' }),
      operator.post('/api/platform/orgs', { slug: 'hooli', name: 'Hooli' }),
    ]);
    expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await operator.post('/api/platform/orgs', { slug: 'Bad Slug', name: 'x' })).body.error.code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await operator.patch('/api/platform/orgs/nope', { passkeysAvailable: true })).body.error.code).toBe(
      'ORG_NOT_FOUND',
    );
  });

  it("lets only operators change the platform organisation's policy and pilot group (#13, finding 11)", async () => {
    const platform = await h.deps.db
      .selectFrom('organisations')
      .selectAll()
      .where('slug', '=', 'platform')
      .executeTakeFirstOrThrow();
    await h.user({ org: platform, username: 'padmin', role: 'admin', password: PASSWORD });
    const padmin = await signedIn('platform', 'padmin');
    const before = (await padmin.get('/api/o/platform/admin/settings/passkeys')).body.policy;
    expect(before).toMatchObject({ passkeysEnabled: true });
    const operatorUser = await h.deps.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'op')
      .executeTakeFirstOrThrow();
    for (const [method, url, body] of [
      ['PUT', '/api/o/platform/admin/settings/passkeys', { passkeysEnabled: false }],
      ['PUT', '/api/o/platform/admin/settings/passkeys', { rollout: 'pilot' }],
      ['POST', '/api/o/platform/admin/pilot-members', { identifier: 'padmin' }],
      ['DELETE', `/api/o/platform/admin/pilot-members/${operatorUser.id}`, undefined],
    ] as const) {
      const refused = await padmin.request(method, url, body);
      expect([url, refused.status, refused.body.error?.code]).toEqual([url, 403, 'FORBIDDEN']);
    }
    expect((await padmin.get('/api/o/platform/admin/settings/passkeys')).body.policy).toEqual(before);
    expect(await auditDetails('policy.changed')).toEqual([]);
    expect(await auditDetails('pilot.changed')).toEqual([]);

    const operator = await signedIn('platform', 'op');
    const changed = await operator.put('/api/o/platform/admin/settings/passkeys', { passwordFallback: false });
    expect(changed.body.policy).toMatchObject({ passkeysEnabled: true, passwordFallback: false });
  });

  it('manages the pilot group, audited', async () => {
    await h.deps.db.updateTable('organisations').set({ passkeys_available: 1 }).where('id', '=', acme.id).execute();
    await admin.put('/api/o/acme/admin/settings/passkeys', { passkeysEnabled: true, rollout: 'pilot' });
    const mo = await signedIn('acme', 'mo');
    expect((await mo.get('/api/o/acme/me')).body.policy.passkeysOffered).toBe(false);
    const added = await admin.post('/api/o/acme/admin/pilot-members', { identifier: 'MO' });
    expect(added.body.member).toMatchObject({ username: 'mo' });
    expect(
      (await admin.get('/api/o/acme/admin/settings/passkeys')).body.pilotMembers.map(
        (p: { username: string }) => p.username,
      ),
    ).toEqual(['mo']);
    expect((await mo.get('/api/o/acme/me')).body.policy.passkeysOffered).toBe(true);
    expect((await admin.post('/api/o/acme/admin/pilot-members', { identifier: 'nobody' })).body.error.code).toBe(
      'USER_NOT_FOUND',
    );
    expect((await admin.delete(`/api/o/acme/admin/pilot-members/${added.body.member.id}`)).status).toBe(200);
    expect((await mo.get('/api/o/acme/me')).body.policy.passkeysOffered).toBe(false);
    expect((await auditDetails('pilot.changed')).map((d) => d.pilot)).toEqual([true, false]);
  });

  it('"Do this later" snoozes the optional prompt for the organisation\'s period', async () => {
    await h.deps.db
      .updateTable('organisations')
      .set({ rollout: 'everyone', passkeys_available: 1, passkeys_enabled: 1, prompt_snooze_days: 3 })
      .where('id', '=', acme.id)
      .execute();
    const mo = await signedIn('acme', 'mo');
    expect((await mo.get('/api/o/acme/me')).body.policy.prompt).toBe('optional');
    expect((await mo.post('/api/o/acme/me/passkey-prompt/snooze')).status).toBe(200);
    expect((await mo.get('/api/o/acme/me')).body.policy.prompt).toBe('none');
    h.advance(3 * 24 * 60 * 60 * 1000);
    expect((await mo.get('/api/o/acme/me')).body.policy.prompt).toBe('optional');
    // Settings > Passkeys still lets a snoozed member add one at any time.
    expect((await (await signedIn('acme', 'mo')).addPasskey('acme')).status).toBe(200);
  });

  it('Force Passkey Setup: from the next sign-in, nothing but creating a passkey; it locks nobody out', async () => {
    await h.deps.db
      .updateTable('organisations')
      .set({ rollout: 'everyone', passkeys_available: 1, passkeys_enabled: 1 })
      .where('id', '=', acme.id)
      .execute();
    const before = await signedIn('acme', 'mo');
    expect((await admin.put('/api/o/acme/admin/settings/passkeys', { passkeysMandatory: true })).status).toBe(200);
    expect((await before.get('/api/o/acme/me/sessions')).status).toBe(200); // the session already open is not cut off

    const mo = await signedIn('acme', 'mo'); // password still works for a member without a passkey
    const me = await mo.get('/api/o/acme/me');
    expect(me.body.session.passkeySetupRequired).toBe(true);
    expect(me.body.policy.prompt).toBe('mandatory');
    for (const [method, url] of [
      ['GET', '/api/o/acme/me/sessions'],
      ['GET', '/api/o/acme/me/passkeys'],
      ['PATCH', '/api/o/acme/me'],
      ['POST', '/api/o/acme/me/passkey-prompt/snooze'],
    ] as const) {
      const blocked = await mo.request(method, url, method === 'GET' ? undefined : { displayName: 'x' });
      expect(blocked.status, url).toBe(403);
      expect(blocked.body.error.code, url).toBe('PASSKEY_SETUP_REQUIRED');
    }
    expect((await mo.addPasskey('acme')).status).toBe(200);
    expect((await mo.get('/api/o/acme/me/sessions')).status).toBe(200);
    expect((await mo.get('/api/o/acme/me')).body.session.passkeySetupRequired).toBe(false);
    expect((await mo.post('/api/o/acme/sign-out')).status).toBe(200);
  });

  it('turning passkeys off keeps them; turning them back on restores them', async () => {
    await h.deps.db
      .updateTable('organisations')
      .set({ rollout: 'everyone', passkeys_available: 1, passkeys_enabled: 1 })
      .where('id', '=', acme.id)
      .execute();
    await admin.addPasskey('acme');
    await admin.put('/api/o/acme/admin/settings/passkeys', { passkeysEnabled: false });
    expect((await admin.signInWithPasskey('acme')).body.error.code).toBe('PASSKEYS_DISABLED');
    expect((await admin.post('/api/o/acme/sign-in/identify', { identifier: 'ada' })).body).toEqual({
      passkey: false,
      password: true,
    });
    await admin.signInWithPassword('acme', 'ada', PASSWORD);
    expect((await admin.get('/api/o/acme/me/passkeys')).body.passkeys).toHaveLength(1);
    await admin.put('/api/o/acme/admin/settings/passkeys', { passkeysEnabled: true });
    expect((await admin.signInWithPasskey('acme')).status).toBe(200);
  });

  it('first-time setup under each policy: passkey first, a password only where allowed', async () => {
    await h.deps.db
      .updateTable('organisations')
      .set({
        rollout: 'everyone',
        passkeys_available: 1,
        passkeys_enabled: 1,
        passkeys_mandatory: 1,
        password_fallback: 0,
      })
      .where('id', '=', acme.id)
      .execute();
    const newbie = await h.user({ org: acme, username: 'newbie' });
    const { browser, result } = await redeemSetupLink(h, acme, newbie);
    expect(result.body).toMatchObject({ passkeysOffered: true, passkeyRequired: true, passwordAllowed: false });
    expect((await browser.get('/api/o/acme/me/sessions')).body.error.code).toBe('PASSKEY_SETUP_REQUIRED');
    expect((await browser.addPasskey('acme')).status).toBe(200);

    await h.deps.db.updateTable('organisations').set({ passkeys_enabled: 0 }).where('id', '=', acme.id).execute();
    const other = await h.user({ org: acme, username: 'other' });
    const second = await redeemSetupLink(h, acme, other);
    expect(second.result.body).toMatchObject({ passkeysOffered: false, passkeyRequired: false, passwordAllowed: true });
  });
});
