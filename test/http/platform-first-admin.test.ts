/** Issue #14: the operator's "Create organisation" adds the first admin and hands over their setup link once. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Organisation } from '../../src/orgs/organisations.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

describe.each(DIALECTS)('Create organisation with its first admin (%s)', (dialect) => {
  let h: Harness;
  let platform: Organisation;
  let operator: Browser;

  beforeEach(async () => {
    h = await createHarness(dialect);
    platform = await h.org('platform', 'Platform');
    const op = await h.user({ org: platform, username: 'op', role: 'operator' });
    ({ browser: operator } = await redeemSetupLink(h, platform, op));
  });
  afterEach(() => h.close());

  it('creates the organisation, its admin and a one-time setup link with which the admin enters', async () => {
    const created = await operator.post('/api/platform/orgs', {
      slug: 'initech',
      name: 'Initech',
      firstAdmin: { username: 'Peter', email: 'peter@initech.example' },
    });
    expect(created.status).toBe(200);
    expect(created.body.organisation).toMatchObject({ slug: 'initech', members: 1 });
    expect(created.body.firstAdmin).toMatchObject({
      username: 'peter',
      setupLink: { url: expect.stringMatching(/\/o\/initech\/setup#token=/) },
    });
    const token = new URL(created.body.firstAdmin.setupLink.url).hash.slice('#token='.length);
    const admin = h.browser();
    const setup = await admin.post('/api/o/initech/setup', { token });
    expect(setup.body.user).toMatchObject({ username: 'peter', role: 'admin' });
    expect((await admin.get('/api/o/initech/admin/users')).status).toBe(200);
    expect((await h.browser().post('/api/o/initech/setup', { token })).body.error.code).toBe('SETUP_LINK_INVALID');
    // The link is handed over once: nothing else stores or shows it.
    const stored = JSON.stringify([
      await h.deps.db.selectFrom('audit_events').selectAll().execute(),
      (await operator.get('/api/platform/orgs')).body,
    ]);
    expect(stored).not.toContain(token);
    const listed = (await operator.get('/api/platform/orgs')).body.organisations.find(
      (o: { slug: string }) => o.slug === 'initech',
    );
    expect(listed.members).toBe(1);
  });

  it('checks the admin before writing anything, and still creates an organisation without one', async () => {
    const bad = await operator.post('/api/platform/orgs', {
      slug: 'hooli',
      name: 'Hooli',
      firstAdmin: { username: 'gavin', email: 'not an address' },
    });
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const badName = await operator.post('/api/platform/orgs', {
      slug: 'hooli',
      name: 'Hooli',
      firstAdmin: { username: 'Gavin Belson' },
    });
    expect(badName.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'firstAdmin.username' } });
    expect(await h.deps.db.selectFrom('organisations').select('id').where('slug', '=', 'hooli').execute()).toEqual([]);
    const plain = await operator.post('/api/platform/orgs', { slug: 'hooli', name: 'Hooli' });
    expect(plain.body).toMatchObject({ organisation: { slug: 'hooli', members: 0 }, firstAdmin: null });
  });

  it('flags an organisation nobody administers, and "Add administrator" gives it one with a setup link', async () => {
    const acme = await h.org('acme', 'Acme');
    await h.user({ org: acme, username: 'bob' });
    const before = (await operator.get('/api/platform/orgs')).body.organisations.find(
      (o: { slug: string }) => o.slug === 'acme',
    );
    expect(before).toMatchObject({ members: 1, admins: 0 });
    const added = await operator.post('/api/platform/orgs/acme/admins', { username: 'ada', email: 'ada@acme.example' });
    expect(added.body).toMatchObject({
      username: 'ada',
      setupLink: { url: expect.stringMatching(/\/o\/acme\/setup#token=/) },
    });
    const after = (await operator.get('/api/platform/orgs')).body.organisations.find(
      (o: { slug: string }) => o.slug === 'acme',
    );
    expect(after).toMatchObject({ members: 2, admins: 1 });
    const admin = h.browser();
    expect(
      (await admin.post('/api/o/acme/setup', { token: new URL(added.body.setupLink.url).hash.slice('#token='.length) }))
        .body.user.role,
    ).toBe('admin');
    expect((await operator.post('/api/platform/orgs/acme/admins', { username: 'bob' })).body.error.code).toBe(
      'USER_EXISTS',
    );
    expect((await operator.post('/api/platform/orgs/nope/admins', { username: 'x' })).body.error.code).toBe(
      'ORG_NOT_FOUND',
    );
    expect((await operator.post('/api/platform/orgs/acme/admins', { username: 'Not Valid' })).body.error).toMatchObject(
      { code: 'VALIDATION_FAILED', details: { field: 'username' } },
    );
  });

  it('is for operators only', async () => {
    const member = await h.user({ org: platform, username: 'helper' });
    const { browser } = await redeemSetupLink(h, platform, member);
    const refused = await browser.post('/api/platform/orgs', {
      slug: 'initech',
      name: 'Initech',
      firstAdmin: { username: 'peter' },
    });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'FORBIDDEN']);
    expect((await h.browser().post('/api/platform/orgs', { slug: 'initech', name: 'Initech' })).status).toBe(401);
    const acme = await h.org('acme', 'Acme');
    expect((await browser.post(`/api/platform/orgs/${acme.slug}/admins`, { username: 'peter' })).body.error.code).toBe(
      'FORBIDDEN',
    );
    expect(await h.deps.db.selectFrom('users').select('id').where('username', '=', 'peter').execute()).toEqual([]);
  });
});
