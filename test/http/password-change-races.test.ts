import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Organisation } from '../../src/orgs/organisations.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Harness } from '../support/harness.js';

// Holds one argon2 operation of the armed kind after it ran, until released: what another request does meanwhile
// is what a slow hash, a slow body or another instance would let it do.
const gate = vi.hoisted(() => ({
  armed: undefined as 'hash' | 'verify' | undefined,
  reached: () => {},
  release: Promise.resolve(),
}));
vi.mock('../../src/passwords/argon2-threads.js', async (original) => {
  const real = await original<typeof import('../../src/passwords/argon2-threads.js')>();
  const run = real.onArgon2Thread as (...args: unknown[]) => Promise<unknown>;
  return {
    ...real,
    onArgon2Thread: async (...args: unknown[]) => {
      const result = await run(...args);
      if (args[0] === gate.armed) {
        gate.armed = undefined;
        gate.reached();
        await gate.release;
      }
      return result;
    },
  };
});

/** Arms the gate; `held` settles once an operation of that kind is held, `release` lets it go on. */
function holdNext(kind: 'hash' | 'verify') {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (gate.reached = resolve));
  gate.release = new Promise<void>((resolve) => (release = resolve));
  gate.armed = kind;
  return { held, release };
}

const OLD = 'correct horse battery';
const NEW = 'a brand new passphrase';

describe.each(DIALECTS)('a password changed while a request with the old state runs (%s)', (dialect) => {
  let h: Harness;
  let acme: Organisation;
  let bob: User;

  beforeEach(async () => {
    h = await createHarness(dialect);
    acme = await h.org();
    bob = await h.user({ org: acme, username: 'bob', password: OLD });
  });
  afterEach(async () => {
    gate.armed = undefined;
    await h.close();
  });

  const sessionsOf = async (userId: string) =>
    h.deps.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .execute();

  it('a sign-in with the old password, checked before the change, gets no session after it', async () => {
    const member = h.browser();
    expect((await member.signInWithPassword('acme', 'bob', OLD)).status).toBe(200);

    const thief = h.browser();
    const { held, release } = holdNext('verify');
    const inFlight = thief.signInWithPassword('acme', 'bob', OLD);
    await held;
    expect((await member.put('/api/o/acme/me/password', { password: NEW })).status).toBe(200);
    release();

    const answer = await inFlight;
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('INVALID_CREDENTIALS');
    expect(thief.cookies.size).toBe(0);
    expect(await sessionsOf(bob.id)).toHaveLength(1); // the member's own
    expect((await thief.get('/api/o/acme/me')).status).toBe(401);
    const failed = await h.deps.db
      .selectFrom('audit_events')
      .select('details')
      .where('type', '=', 'sign_in.failed')
      .where('user_id', '=', bob.id)
      .execute();
    expect(failed.map((e) => JSON.parse(e.details))).toEqual([{ method: 'password', reason: 'password_changed' }]);
    // The new password signs in; the check itself was never at fault.
    expect((await h.browser().signInWithPassword('acme', 'bob', NEW)).status).toBe(200);
  });

  it('a password change on a session signed out meanwhile (sign out everywhere) sets nothing', async () => {
    const phone = h.browser();
    expect((await phone.signInWithPassword('acme', 'bob', OLD)).status).toBe(200);
    const laptop = h.browser();
    expect((await laptop.signInWithPassword('acme', 'bob', OLD)).status).toBe(200);

    const { held, release } = holdNext('hash');
    const inFlight = phone.put('/api/o/acme/me/password', { password: NEW });
    await held;
    expect((await laptop.post('/api/o/acme/me/sessions/revoke-others')).status).toBe(200);
    release();

    const answer = await inFlight;
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('UNAUTHENTICATED');
    expect((await h.browser().signInWithPassword('acme', 'bob', NEW)).status).toBe(401);
    expect((await h.browser().signInWithPassword('acme', 'bob', OLD)).status).toBe(200);
    const changed = await h.deps.db.selectFrom('audit_events').select('id').where('type', '=', 'password.changed');
    expect(await changed.execute()).toHaveLength(0);
  });

  it("a stolen phone's password change does not outlive a Recover account that removed the password", async () => {
    const adminUser = await h.user({ org: acme, username: 'ada', role: 'admin' });
    const { browser: admin } = await redeemSetupLink(h, acme, adminUser);
    const phone = h.browser();
    expect((await phone.signInWithPassword('acme', 'bob', OLD)).status).toBe(200);

    const { held, release } = holdNext('hash');
    const inFlight = phone.put('/api/o/acme/me/password', { password: NEW });
    await held;
    const recovered = await admin.post(`/api/o/acme/admin/users/${bob.id}/recover`, {
      passkeyIds: 'all',
      method: 'code',
      removePassword: true,
    });
    expect(recovered.status).toBe(200);
    release();

    expect((await inFlight).status).toBe(401);
    const row = await h.deps.db.selectFrom('users').select('password_hash').where('id', '=', bob.id).executeTakeFirst();
    expect(row?.password_hash).toBeNull();
    expect((await h.browser().signInWithPassword('acme', 'bob', NEW)).status).toBe(401);
  });
});
