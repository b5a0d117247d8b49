import { afterEach, describe, expect, it } from 'vitest';
import { idFloorAt } from '../src/shared/crypto.js';
import {
  EXPIRED_SESSION_KEEP_DAYS,
  pruneExpiredSessions,
  startSessionPruning,
} from '../src/sessions/prune-sessions.js';
import { userDetail } from '../src/admin/user-detail.js';
import { DIALECTS } from './support/databases.js';
import { createHarness, type Harness } from './support/harness.js';

const DAY = 24 * 60 * 60 * 1000;

// Every sign-in adds a session: those expired long ago are deleted, so the table does not grow for ever, and what a
// member or an admin sees is unchanged (live sessions, and each member's last sign-in).
describe.each(DIALECTS)('expired sessions pruned (%s)', (dialect) => {
  let h: Harness;
  afterEach(() => h.close());

  async function setUp() {
    h = await createHarness(dialect);
    const org = await h.org('acme');
    const ada = await h.user({ org, username: 'ada' });
    const bob = await h.user({ org, username: 'bob' });
    let n = 0;
    // A session begun `daysAgo` days ago, lasting `days`; its id made at its start, as newId makes them.
    const session = async (user: typeof ada, daysAgo: number, days: number) => {
      const createdAt = h.deps.clock() - daysAgo * DAY;
      const id = idFloorAt(createdAt).replace(/0000-0000-0{12}$/, `7000-8000-${String(++n).padStart(12, '0')}`);
      await h.deps.db
        .insertInto('sessions')
        .values({
          id,
          org_id: org.id,
          user_id: user.id,
          token_hash: `hash-${n}`,
          method: 'passkey',
          user_agent: null,
          ip: null,
          created_at: createdAt,
          last_seen_at: createdAt,
          expires_at: createdAt + days * DAY,
          verified_at: createdAt,
          revoked_at: null,
          passkey_setup_required: 0,
          passkey_id: null,
        })
        .execute();
      return id;
    };
    const expiredLongAgo = await session(ada, 100, 30); // expired 70 days ago
    const expiredLongAgoToo = await session(ada, 90, 30); // expired 60 days ago
    const expiredLately = await session(ada, 40, 30); // expired 10 days ago: kept
    const live = await session(ada, 1, 30);
    const bobsLast = await session(bob, 200, 30); // Bob's only session, expired long ago: his last sign-in
    return { org, ada, bob, expiredLongAgo, expiredLongAgoToo, expiredLately, live, bobsLast };
  }
  const ids = async () =>
    (await h.deps.db.selectFrom('sessions').select('id').orderBy('id').execute()).map((r) => r.id);

  it(`deletes those expired over ${EXPIRED_SESSION_KEEP_DAYS} days ago in batches, not a member's last`, async () => {
    const s = await setUp();
    const bobBefore = await userDetail(h.deps, { org: s.org, user: s.bob, viewer: 'admin' });
    expect(await pruneExpiredSessions(h.deps, { batchSize: 1 })).toBe(2);
    expect(await ids()).toEqual([s.bobsLast, s.expiredLately, s.live].sort());
    // Bob's last sign-in still shows; nothing is left to prune.
    expect((await userDetail(h.deps, { org: s.org, user: s.bob, viewer: 'admin' })).user.lastSignInAt).toBe(
      bobBefore.user.lastSignInAt,
    );
    expect(bobBefore.user.lastSignInAt).not.toBeNull();
    expect(await pruneExpiredSessions(h.deps)).toBe(0);
    // A month on, the one that expired lately goes too; the live one is never touched while it lives.
    h.advance(30 * DAY);
    expect(await pruneExpiredSessions(h.deps)).toBe(1);
    expect(await ids()).toEqual([s.bobsLast, s.live].sort());
  });

  it('runs at start in the worker, which logs what it deleted', async () => {
    await setUp();
    const lines: string[] = [];
    const worker = startSessionPruning(h.deps, { log: (line) => lines.push(line), intervalMs: 60_000 });
    const deadline = Date.now() + 5_000;
    while ((await ids()).length > 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    await worker.stop();
    expect(await ids()).toHaveLength(3);
    expect(lines).toEqual([`sessions: deleted 2 expired more than ${EXPIRED_SESSION_KEEP_DAYS} days ago`]);
  });
});
