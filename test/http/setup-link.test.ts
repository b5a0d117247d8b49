import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSetupLink } from '../../src/enrollment/setup-links.js';
import { bootstrapIfEmpty } from '../../src/orgs/bootstrap.js';
import type { Organisation } from '../../src/orgs/organisations.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { createHarness, type Harness } from '../support/harness.js';

const tokenOf = (url: string) => new URL(url).hash.slice('#token='.length);

describe.each(DIALECTS)('one-time setup links (%s)', (dialect) => {
  let h: Harness;
  let org: Organisation;
  let user: User;
  beforeEach(async () => {
    h = await createHarness(dialect);
    org = await h.org();
    user = await h.user({ org, username: 'newbie', displayName: 'New Person', role: 'admin' });
  });
  afterEach(() => h.close());

  it('keeps the token in the URL fragment and stores only its hash', async () => {
    const link = await createSetupLink(h.deps, { org, user, createdBy: null });
    expect(link.url).toMatch(/^http:\/\/localhost:3000\/o\/acme\/setup#token=[A-Za-z0-9_-]{43}$/);
    const rows = await h.deps.db.selectFrom('enrollment_links').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(tokenOf(link.url));
    const audit = await h.deps.db.selectFrom('audit_events').selectAll().execute();
    expect(JSON.stringify(audit)).not.toContain(tokenOf(link.url));
  });

  it('signs the user in once, lets them choose a password and create a passkey', async () => {
    const link = await createSetupLink(h.deps, { org, user, createdBy: null });
    const browser = h.browser();
    const redeemed = await browser.post('/api/o/acme/setup', { token: tokenOf(link.url) });
    expect(redeemed.status).toBe(200);
    expect(redeemed.body).toMatchObject({
      user: { username: 'newbie', hasPassword: false, passkeyCount: 0 },
      passwordAllowed: true,
    });
    expect((await browser.put('/api/o/acme/me/password', { password: 'my first password' })).status).toBe(200);
    expect((await browser.addPasskey('acme')).status).toBe(200);
    expect((await browser.get('/api/o/acme/me')).body.user).toMatchObject({ hasPassword: true, passkeyCount: 1 });

    const again = await h.browser().post('/api/o/acme/setup', { token: tokenOf(link.url) });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('SETUP_LINK_INVALID');
  });

  it('expires after 7 days by default', async () => {
    const link = await createSetupLink(h.deps, { org, user, createdBy: null });
    h.advance(7 * 24 * 60 * 60 * 1000);
    expect((await h.browser().post('/api/o/acme/setup', { token: tokenOf(link.url) })).body.error.code).toBe(
      'SETUP_LINK_INVALID',
    );
  });

  it('works only in its own organisation', async () => {
    await h.org('other', 'Other');
    const link = await createSetupLink(h.deps, { org, user, createdBy: null });
    expect((await h.browser().post('/api/o/other/setup', { token: tokenOf(link.url) })).body.error.code).toBe(
      'SETUP_LINK_INVALID',
    );
    expect((await h.browser().post('/api/o/acme/setup', { token: tokenOf(link.url) })).status).toBe(200);
  });

  it('cannot be used twice even when two requests race', async () => {
    const link = await createSetupLink(h.deps, { org, user, createdBy: null });
    const results = await Promise.all(
      [1, 2, 3].map(() => h.browser().post('/api/o/acme/setup', { token: tokenOf(link.url) })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 400, 400]);
  });

  it('bootstraps platform and demo with their first operator and admin, only once', async () => {
    const fresh = await createHarness(dialect);
    try {
      const first = await bootstrapIfEmpty(fresh.deps);
      expect(first.map((r) => `${r.org}/${r.username}`)).toEqual(['platform/operator', 'demo/admin']);
      expect(await bootstrapIfEmpty(fresh.deps)).toEqual([]);
      // No person did it: each event says the first start did (Activity's "By" column).
      const events = await fresh.deps.db.selectFrom('audit_events').select(['type', 'actor_id', 'details']).execute();
      expect(events.map((e) => e.type).sort()).toEqual([
        'org.created',
        'org.created',
        'setup_link.created',
        'setup_link.created',
        'user.created',
        'user.created',
      ]);
      expect(events.map((e) => [e.actor_id, JSON.parse(e.details).via])).toEqual(
        events.map(() => [null, 'first-start']),
      );
      const operator = await fresh.browser().post('/api/o/platform/setup', { token: tokenOf(first[0]!.link.url) });
      expect(operator.body.user.role).toBe('operator');
      const demo = await fresh.browser().get('/api/o/demo');
      expect(demo.body).toEqual({
        slug: 'demo',
        name: 'Demo',
        rpId: 'localhost',
        passkeysEnabled: true,
        defaultLanguage: 'en',
      });
    } finally {
      await fresh.close();
    }
  });

  it('bootstraps once when several instances start together on the empty database', async () => {
    const fresh = await createHarness(dialect);
    try {
      const results = await Promise.all([1, 2, 3].map(() => bootstrapIfEmpty(fresh.deps)));
      expect(results.filter((r) => r.length > 0)).toHaveLength(1);
      const orgs = await fresh.deps.db.selectFrom('organisations').select('slug').orderBy('slug').execute();
      expect(orgs.map((o) => o.slug)).toEqual(['demo', 'platform']);
    } finally {
      await fresh.close();
    }
  });
});
