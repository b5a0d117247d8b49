/** A sign-in that raced a disable never leaves a session behind: the session is written only for an active account. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Organisation } from '../../src/orgs/organisations.js';
import { startSessionIn } from '../../src/sessions/sessions.js';
import { inTransaction } from '../../src/shared/transaction.js';
import { lockUser } from '../../src/users/lock-user.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { createHarness, type Harness } from '../support/harness.js';

const context = { ip: '203.0.113.7', userAgent: 'test' };

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
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
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
});
