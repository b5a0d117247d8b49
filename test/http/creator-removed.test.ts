/**
 * Adding a user (the console's Add user, the operator's Add administrator) by an admin demoted or disabled while
 * the request runs: it was let in on what the admin was when it arrived, so the transaction that writes the user
 * reads the admin again, holding their row, and a refused request leaves no Pending user behind.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Organisation } from '../../src/orgs/organisations.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Harness } from '../support/harness.js';
import { disarmHold, holdNextRequest } from '../support/hold-after-checks.js';

// Holds the next request once it is signed in and let in (test/support/hold-after-checks.ts).
vi.mock('../../src/http/authenticate.js', async (original) =>
  (await import('../support/hold-after-checks.js')).holdingAfterChecks(await original()),
);

/** Runs `request`, and `meanwhile` once it is let in and before it goes on. */
async function whileHeld<T>(request: () => Promise<T>, meanwhile: () => Promise<unknown>): Promise<T> {
  const { held, release } = holdNextRequest();
  const answer = request();
  await held;
  await meanwhile();
  release();
  return answer;
}

const REMOVALS = {
  demoted: { set: { role: 'member' }, code: 'FORBIDDEN', status: 403 },
  disabled: { set: { status: 'disabled' }, code: 'UNAUTHENTICATED', status: 401 },
} as const;

describe.each(DIALECTS)('a user added by an admin removed meanwhile (%s)', (dialect) => {
  let h: Harness;
  let acme: Organisation;
  let platform: Organisation;

  beforeEach(async () => {
    h = await createHarness(dialect);
    acme = await h.org();
    platform = await h.org('platform', 'Platform');
  });
  afterEach(async () => {
    disarmHold();
    await h.close();
  });

  const removed = (user: User, set: { role: 'member' | 'admin' } | { status: 'disabled' }) => () =>
    h.deps.db.updateTable('users').set(set).where('id', '=', user.id).execute();
  /** What a refused request must not have left: the user, their link, their events. */
  const traces = async (username: string) => ({
    users: await h.deps.db.selectFrom('users').select('id').where('username', '=', username).execute(),
    links: await h.deps.db.selectFrom('enrollment_links').select('id').execute(),
    events: await h.deps.db
      .selectFrom('audit_events')
      .select('type')
      .where('type', 'in', ['user.created', 'setup_link.created'])
      .execute(),
  });

  for (const [how, removal] of Object.entries(REMOVALS)) {
    it(`Add user by an admin ${how} meanwhile: refused, and no user is created`, async () => {
      const ada = await h.user({ org: acme, username: 'ada', role: 'admin' });
      const { browser: admin } = await redeemSetupLink(h, acme, ada);
      for (const role of ['member', 'admin'] as const) {
        await h.deps.db
          .updateTable('users')
          .set({ role: 'admin', status: 'active' })
          .where('id', '=', ada.id)
          .execute();
        const before = await traces('newbie');
        const answer = await whileHeld(
          () => admin.post('/api/o/acme/admin/users', { username: 'newbie', role }),
          removed(ada, removal.set),
        );
        expect([role, answer.status, answer.body.error?.code]).toEqual([role, removal.status, removal.code]);
        expect(await traces('newbie')).toEqual(before);
        expect(before.users).toEqual([]);
      }
    });

    it(`Create organisation by an operator ${how} meanwhile: refused, no organisation created`, async () => {
      const op = await h.user({ org: platform, username: 'op', role: 'operator' });
      const { browser: operator } = await redeemSetupLink(h, platform, op);
      for (const firstAdmin of [undefined, { username: 'first' }]) {
        await h.deps.db
          .updateTable('users')
          .set({ role: 'operator', status: 'active' })
          .where('id', '=', op.id)
          .execute();
        const answer = await whileHeld(
          () => operator.post('/api/platform/orgs', { slug: 'globex', name: 'Globex', firstAdmin }),
          removed(op, how === 'demoted' ? { role: 'admin' } : removal.set),
        );
        expect([answer.status, answer.body.error?.code]).toEqual([removal.status, removal.code]);
        const orgs = await h.deps.db.selectFrom('organisations').select('slug').where('slug', '=', 'globex').execute();
        expect(orgs).toEqual([]);
      }
    });

    for (const target of ['acme', 'platform'] as const) {
      it(`Add administrator to ${target} by an operator ${how} meanwhile: refused, no admin created`, async () => {
        const op = await h.user({ org: platform, username: 'op', role: 'operator' });
        const { browser: operator } = await redeemSetupLink(h, platform, op);
        const before = await traces('newadmin');
        // Made an admin of platform, not a member: what the operator console must refuse too.
        const answer = await whileHeld(
          () => operator.post(`/api/platform/orgs/${target}/admins`, { username: 'newadmin' }),
          removed(op, how === 'demoted' ? { role: 'admin' } : removal.set),
        );
        expect([answer.status, answer.body.error?.code]).toEqual([removal.status, removal.code]);
        expect(await traces('newadmin')).toEqual(before);
        expect(before.users).toEqual([]);
      });
    }
  }

  it('an operator who stays one adds the administrator, and an admin who stays one the user', async () => {
    const op = await h.user({ org: platform, username: 'op', role: 'operator' });
    const { browser: operator } = await redeemSetupLink(h, platform, op);
    const added = await whileHeld(
      () => operator.post('/api/platform/orgs/acme/admins', { username: 'newadmin' }),
      async () => undefined,
    );
    expect(added.status).toBe(200);
    expect(added.body.setupLink.url).toMatch(/#token=/);
    const ada = await h.user({ org: acme, username: 'ada', role: 'admin' });
    const { browser: admin } = await redeemSetupLink(h, acme, ada);
    const made = await whileHeld(
      () => admin.post('/api/o/acme/admin/users', { username: 'newbie', role: 'admin' }),
      async () => undefined,
    );
    expect(made.status).toBe(200);
  });
});
