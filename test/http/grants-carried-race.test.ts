/**
 * A browser signing in again keeps its apps (its grants move to the new session), but not when its session was
 * revoked meanwhile: those grants end with the revocation.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Organisation } from '../../src/orgs/organisations.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

// Two holds: a sign-in once it read the browser's previous session (`session`), and a revocation once it committed,
// before it ends that session's grants (`grants`).
const gates = vi.hoisted(() => {
  const hold = () => ({ armed: false as boolean | string, reached: () => {}, release: Promise.resolve() });
  return { session: hold(), grants: hold() };
});
type Gate = (typeof gates)['session'];
async function pass(gate: Gate) {
  gate.armed = false;
  gate.reached();
  await gate.release;
}
vi.mock('../../src/sessions/unended-sessions.js', async (original) => {
  const real = await original<typeof import('../../src/sessions/unended-sessions.js')>();
  return {
    ...real,
    browserSession: async (...args: Parameters<typeof real.browserSession>) => {
      const session = await real.browserSession(...args);
      if (session && gates.session.armed === session.id) await pass(gates.session);
      return session;
    },
  };
});
vi.mock('../../src/oidc/end-grants.js', async (original) => {
  const real = await original<typeof import('../../src/oidc/end-grants.js')>();
  return {
    ...real,
    endAppGrants: async (...args: Parameters<typeof real.endAppGrants>) => {
      if (gates.grants.armed) await pass(gates.grants);
      return real.endAppGrants(...args);
    },
  };
});
function arm(gate: Gate, armed: boolean | string) {
  let release!: () => void;
  const reached = new Promise<void>((resolve) => (gate.reached = resolve));
  gate.release = new Promise<void>((resolve) => (release = resolve));
  gate.armed = armed;
  return { reached, release };
}

const PASSWORD = 'bob has a password';

describe.each(DIALECTS)('grants carried to a new sign-in, against a revocation (%s)', (dialect) => {
  let h: Harness;
  let acme: Organisation;
  let bob: User;
  let desk: Browser;
  let phone: Browser;
  let deskSessionId: string;

  beforeEach(async () => {
    h = await createHarness(dialect);
    acme = await h.org();
    bob = await h.user({ org: acme, username: 'bob', password: PASSWORD });
    desk = h.browser();
    phone = h.browser();
    expect((await desk.signInWithPassword('acme', 'bob', PASSWORD)).status).toBe(200);
    expect((await phone.signInWithPassword('acme', 'bob', PASSWORD)).status).toBe(200);
    const sessions = (await desk.get('/api/o/acme/me/sessions')).body.sessions as { id: string; current: boolean }[];
    deskSessionId = sessions.find((s) => s.current)!.id;
    // An app the desk signed in to: its grant, made under the desk's session.
    await h.deps.db
      .insertInto('oidc_models')
      .values({
        model: 'Grant',
        id: 'grant-of-the-desk',
        org_id: acme.id,
        payload: '{}',
        grant_id: null,
        uid: null,
        user_code: null,
        account_id: bob.id,
        client_id: null,
        session_id: deskSessionId,
        expires_at: h.deps.clock() + 60 * 60 * 1000,
        consumed_at: null,
      })
      .execute();
  });
  afterEach(async () => {
    gates.session.armed = false;
    gates.grants.armed = false;
    await h.close();
  });

  const grantSession = async () =>
    (
      await h.deps.db
        .selectFrom('oidc_models')
        .select('session_id')
        .where('id', '=', 'grant-of-the-desk')
        .executeTakeFirst()
    )?.session_id;

  it('moves the grants of the session the sign-in ends', async () => {
    expect((await desk.signInWithPassword('acme', 'bob', PASSWORD)).status).toBe(200);
    expect(await grantSession()).not.toBe(deskSessionId);
    expect(await grantSession()).toBeDefined();
  });

  it('does not move those of a session revoked between its read and the sign-in, which signs in without', async () => {
    const signIn = arm(gates.session, deskSessionId);
    const signingIn = desk.signInWithPassword('acme', 'bob', PASSWORD);
    await signIn.reached;
    // The phone signs the desk out: committed, its grants not ended yet.
    const revocation = arm(gates.grants, true);
    const revoking = phone.delete(`/api/o/acme/me/sessions/${deskSessionId}`);
    await revocation.reached;
    signIn.release();
    // The carry is refused (CONCURRENT_CHANGE) and the sign-in runs once more, now carrying nothing.
    expect((await signingIn).status).toBe(200);
    revocation.release();
    expect((await revoking).status).toBe(200);
    expect(await grantSession()).toBeUndefined();
    const sessions = (await desk.get('/api/o/acme/me/sessions')).body.sessions as { id: string }[];
    expect(sessions.map((s) => s.id)).not.toContain(deskSessionId);
  });

  it('signs in two tabs of one browser at once: one carries the grants, neither is refused', async () => {
    expect((await desk.addPasskey('acme')).status).toBe(200);
    // A synced passkey (no counter), picked in both tabs: each sign-in's carry crosses the other's (a few times:
    // the two requests do not always overlap).
    for (let round = 0; round < 5; round++) {
      const [first, second] = await Promise.all([
        desk.signInWithPasskey('acme', 'bob', { counter: 0 }),
        desk.signInWithPasskey('acme', 'bob', { counter: 0 }),
      ]);
      expect([first.body.error?.code, second.body.error?.code]).toEqual([undefined, undefined]);
    }
    const carriedTo = await grantSession();
    expect(carriedTo).toBeDefined();
    expect(carriedTo).not.toBe(deskSessionId);
  });
});
