/** A setup link or enrollment code whose sign-in is refused stays unused: a refusal writes nothing but its audit. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { issueEnrollmentCode } from '../../src/enrollment/enrollment-codes.js';
import { createSetupLink } from '../../src/enrollment/setup-links.js';
import type { Organisation } from '../../src/orgs/organisations.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { createHarness, type Harness } from '../support/harness.js';

// Holds the next check of a link or code after it passed, until released: what happens meanwhile is what a slow
// request or another instance would let happen between the check and the sign-in's transaction.
const gate = vi.hoisted(() => ({ armed: false, reached: () => {}, release: Promise.resolve() }));
async function held<T>(checked: Promise<T>): Promise<T> {
  const result = await checked;
  if (gate.armed) {
    gate.armed = false;
    gate.reached();
    await gate.release;
  }
  return result;
}
vi.mock('../../src/enrollment/setup-links.js', async (original) => {
  const real = await original<typeof import('../../src/enrollment/setup-links.js')>();
  return {
    ...real,
    checkSetupLink: (...args: Parameters<typeof real.checkSetupLink>) => held(real.checkSetupLink(...args)),
  };
});
vi.mock('../../src/enrollment/enrollment-codes.js', async (original) => {
  const real = await original<typeof import('../../src/enrollment/enrollment-codes.js')>();
  const check = (...args: Parameters<typeof real.checkEnrollmentCode>) => held(real.checkEnrollmentCode(...args));
  return { ...real, checkEnrollmentCode: check };
});

function holdNextCheck() {
  let release!: () => void;
  const reached = new Promise<void>((resolve) => (gate.reached = resolve));
  gate.release = new Promise<void>((resolve) => (release = resolve));
  gate.armed = true;
  return { reached, release };
}

const tokenOf = (link: string) => new URL(link).hash.slice('#token='.length);

describe.each(DIALECTS)('a refused setup sign-in leaves the link or code working (%s)', (dialect) => {
  let h: Harness;
  let acme: Organisation;
  let bob: User;

  beforeEach(async () => {
    h = await createHarness(dialect);
    acme = await h.org();
    bob = await h.user({ org: acme, username: 'bob' });
  });
  afterEach(async () => {
    gate.armed = false;
    await h.close();
  });

  // The status alone, as an account disabled in the instant after its links were voided would be.
  const setStatus = (status: 'active' | 'disabled') =>
    h.deps.db.updateTable('users').set({ status }).where('id', '=', bob.id).execute();
  const refusals = async (type: 'setup_link.refused' | 'enrollment_code.failed') =>
    (await h.deps.db.selectFrom('audit_events').select('details').where('type', '=', type).execute()).map(
      (row) => JSON.parse(row.details).reason,
    );
  const sessionCount = async () =>
    Number(
      (
        await h.deps.db
          .selectFrom('sessions')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('user_id', '=', bob.id)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('a link refused because the account is disabled is not used up', async () => {
    const token = tokenOf((await createSetupLink(h.deps, { org: acme, user: bob, createdBy: null })).url);
    await setStatus('disabled');
    expect((await h.browser().post('/api/o/acme/setup', { token })).body.error.code).toBe('ACCOUNT_DISABLED');
    expect(await refusals('setup_link.refused')).toEqual(['account_disabled']);
    await setStatus('active');
    expect((await h.browser().post('/api/o/acme/setup', { token })).status).toBe(200);
    expect((await h.browser().post('/api/o/acme/setup', { token })).body.error.code).toBe('SETUP_LINK_INVALID');
  });

  it('a link whose account is disabled between its check and the sign-in is not used up', async () => {
    const token = tokenOf((await createSetupLink(h.deps, { org: acme, user: bob, createdBy: null })).url);
    const { reached, release } = holdNextCheck();
    const answer = h.browser().post('/api/o/acme/setup', { token });
    await reached;
    await setStatus('disabled');
    release();
    expect((await answer).body.error.code).toBe('ACCOUNT_DISABLED');
    expect(await refusals('setup_link.refused')).toEqual(['account_disabled']);
    expect(await sessionCount()).toBe(0);
    await setStatus('active');
    expect((await h.browser().post('/api/o/acme/setup', { token })).status).toBe(200);
  });

  it('a right code whose account is disabled during the sign-in is not used up', async () => {
    const { code } = await issueEnrollmentCode(h.deps, {
      org: acme,
      user: bob,
      actor: {
        actorId: (await h.user({ org: acme, username: 'ada', role: 'admin' })).id,
        context: { ip: null, userAgent: null },
      },
    });
    const enter = () => h.browser().post('/api/o/acme/enroll', { username: 'bob', code });
    // A disabled member's username is unknown to the code entry, as it was before.
    await setStatus('disabled');
    expect((await enter()).body.error.code).toBe('ENROLLMENT_CODE_INVALID');
    await setStatus('active');
    const { reached, release } = holdNextCheck();
    const answer = enter();
    await reached;
    await setStatus('disabled');
    release();
    expect((await answer).body.error.code).toBe('ACCOUNT_DISABLED');
    expect(await refusals('enrollment_code.failed')).toEqual(['unknown_user', 'account_disabled']);
    expect(await sessionCount()).toBe(0);
    await setStatus('active');
    expect((await enter()).status).toBe(200);
    expect((await enter()).body.error.code).toBe('ENROLLMENT_CODE_INVALID');
  });
});

describe.skipIf(!DIALECTS.includes('postgres'))('a setup link against a change that voids it (postgres)', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('waits for the member, as the change does, and is refused: no deadlock', async () => {
    h = await createHarness('postgres');
    const acme = await h.org();
    const bob = await h.user({ org: acme, username: 'bob' });
    const token = tokenOf((await createSetupLink(h.deps, { org: acme, user: bob, createdBy: null })).url);
    let answer: Promise<{ body: { error?: { code: string } } }> | undefined;
    // A change that holds the member, then voids their links (a passkey registered, a disable, a recovery).
    await h.deps.db.transaction().execute(async (trx) => {
      await trx.selectFrom('users').select('id').where('id', '=', bob.id).forUpdate().execute();
      answer = h.browser().post('/api/o/acme/setup', { token });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await trx
        .updateTable('enrollment_links')
        .set({ used_at: h.deps.clock() })
        .where('user_id', '=', bob.id)
        .execute();
    });
    expect((await answer!).body.error?.code).toBe('SETUP_LINK_INVALID');
  });
});
