/** A sign-in that raced a disable never leaves a session behind: the session is written only for an active account. */
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Organisation } from '../../src/orgs/organisations.js';
import { deletePasskey } from '../../src/passkeys/manage.js';
import { recoverAccount } from '../../src/recovery/recover-account.js';
import { startSessionIn } from '../../src/sessions/sessions.js';
import { inTransaction } from '../../src/shared/transaction.js';
import { changeAccount } from '../../src/users/lifecycle-guards.js';
import { deleteUser } from '../../src/users/lifecycle.js';
import { lockUser } from '../../src/users/lock-user.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { createHarness, type Harness } from '../support/harness.js';

const context = { ip: '203.0.113.7', userAgent: 'test' };

/** A point one side of a race waits at (`opened`) until the other gets there (`open`). */
function signal(): { open: () => void; opened: Promise<void> } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe.each(DIALECTS)('starting a session against a disable (%s)', (dialect) => {
  let h: Harness;
  let acme: Organisation;
  let bob: User;

  beforeEach(async () => {
    h = await createHarness(dialect);
    acme = await h.org();
    bob = await h.user({ org: acme, username: 'bob' });
  });
  afterEach(() => h.close());

  const sessionsOfBob = async () =>
    (await h.deps.db.selectFrom('sessions').select('id').where('user_id', '=', bob.id).execute()).length;
  const signIn = () =>
    inTransaction(h.deps, (tx) => startSessionIn(tx, { user: bob, method: 'passkey', context })).then(
      () => 'signed in',
      (error: { code?: string }) => error.code,
    );

  it('refuses with ACCOUNT_DISABLED when the disable committed after the proof was checked', async () => {
    // The proof read Bob as active (`bob`); the disable commits before the session is written.
    await h.deps.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', bob.id).execute();
    expect(await signIn()).toBe('ACCOUNT_DISABLED');
    expect(await sessionsOfBob()).toBe(0);
    await h.deps.db.updateTable('users').set({ status: 'active' }).where('id', '=', bob.id).execute();
    expect(await signIn()).toBe('signed in');
    expect(await sessionsOfBob()).toBe(1);
  });

  it.skipIf(dialect !== 'postgres')('waits for a disable holding the account, then sees it', async () => {
    const { open: release, opened: held } = signal();
    const { open: locked, opened: isLocked } = signal();
    const disable = inTransaction(h.deps, async (tx) => {
      await lockUser(tx, { userId: bob.id });
      locked();
      await held;
      await tx.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', bob.id).execute();
    });
    await isLocked;
    const signingIn = signIn();
    // The sign-in waits for the account's lock: without it, it would write its session from the old row.
    const first = await Promise.race([signingIn, new Promise((resolve) => setTimeout(() => resolve('waiting'), 300))]);
    expect(first).toBe('waiting');
    release();
    await disable;
    expect(await signingIn).toBe('ACCOUNT_DISABLED');
    expect(await sessionsOfBob()).toBe(0);
  });

  // An admin's change that may take an administrator locks the organisation, then the member (changeAccount). A
  // sign-in locks its member, then inserts rows that point at the organisation, whose foreign keys share its row.
  it.skipIf(dialect !== 'postgres')(
    'a change locking the organisation, then the member, never deadlocks a sign-in',
    async () => {
      const { open: release, opened: held } = signal();
      const { open: locked, opened: isLocked } = signal();
      // A sign-in that holds Bob (its session's statement reads him under his lock) and writes its rows after.
      const signingIn = inTransaction(h.deps, async (tx) => {
        await lockUser(tx, { userId: bob.id });
        locked();
        await held;
        await startSessionIn(tx, { user: bob, method: 'passkey', context });
      }).then(
        () => 'signed in',
        (error: { code?: string; message?: string }) => error.code ?? error.message,
      );
      await isLocked;
      const change = changeAccount(
        h.deps,
        { orgId: acme.id, target: bob, lockOrganisation: true, by: { actor: null } },
        async () => 'changed',
      );
      // The change holds the organisation and waits for Bob.
      await waitForRowLockWaiter('users');
      release();
      expect(await signingIn).toBe('signed in');
      expect(await change).toBe('changed');
    },
  );

  it.skipIf(dialect !== 'postgres')(
    "a change locking the organisation holds up none of its members' sign-ins",
    async () => {
      const { open: release, opened: held } = signal();
      const { open: locked, opened: isLocked } = signal();
      const carol = await h.user({ org: acme, username: 'carol' });
      const change = changeAccount(
        h.deps,
        { orgId: acme.id, target: carol, lockOrganisation: true, by: { actor: null } },
        async () => {
          locked();
          await held;
        },
      );
      await isLocked;
      const first = await Promise.race([
        signIn(),
        new Promise((resolve) => setTimeout(() => resolve('waiting'), 2000)),
      ]);
      release();
      await change;
      expect(first).toBe('signed in');
    },
  );

  // A sign-in with a passkey updates its counter, then locks its member for the session; deleting that passkey
  // (the member or an admin, a recovery, or deleting the account with it) must take them in the same order.
  const deletions = {
    'deleting it': (dora: User, passkeyId: string) =>
      deletePasskey(h.deps, { org: acme, user: dora, passkeyId, context, askingSessionId: '' }),
    'recovering the account': async (dora: User) => {
      const admin = await h.user({ org: acme, username: 'ada', role: 'admin' });
      const actor = { actorId: admin.id, context };
      await recoverAccount(h.deps, { org: acme, user: dora, actor, passkeyIds: 'all', method: 'code' });
    },
    'deleting the account': (dora: User) =>
      deleteUser(h.deps, { org: acme, target: dora, confirmUsername: 'dora', by: { actor: null } }),
  };
  for (const [name, remove] of Object.entries(deletions))
    it.skipIf(dialect !== 'postgres')(`${name} while a sign-in uses the passkey never deadlocks it`, async () => {
      const { open: release, opened: held } = signal();
      const { open: locked, opened: isLocked } = signal();
      const dora = await h.user({ org: acme, username: 'dora', password: 'dora has a password' });
      const browser = h.browser();
      await browser.signInWithPassword('acme', 'dora', 'dora has a password');
      const passkeyId: string = (await browser.addPasskey('acme')).body.passkey.id;
      const signingIn = inTransaction(h.deps, async (tx) => {
        await tx.db.updateTable('passkeys').set({ counter: 7 }).where('id', '=', passkeyId).execute();
        locked();
        await held;
        await startSessionIn(tx, { user: dora, method: 'passkey', context });
      }).then(
        () => 'signed in',
        (error: { code?: string; message?: string }) => error.code ?? error.message,
      );
      await isLocked;
      const removing = remove(dora, passkeyId).then(
        () => 'removed',
        (error: { code?: string; message?: string }) => error.code ?? error.message,
      );
      // The removal waits for the passkey the sign-in holds, before it takes the member the sign-in wants next.
      await waitForRowLockWaiter('passkeys');
      release();
      expect(await signingIn).toBe('signed in');
      expect(await removing).toBe('removed');
    });

  /** Until a transaction waits for a row of the table (PostgreSQL's tuple lock of the waiter), at most 5 s. */
  async function waitForRowLockWaiter(table: 'users' | 'passkeys') {
    for (let i = 0; i < 100; i++) {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pg_locks where locktype = 'tuple' and relation = ${table}::regclass
      `.execute(h.deps.db);
      if (rows[0]!.n > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('no transaction came to wait for a member');
  }
});
