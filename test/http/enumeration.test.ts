import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

// Security issue #13, finding 15: "Hide whether an account exists", an organisation's choice.
// Which hashing work a request does is counted here, not timed: argon2's verify, called once per password check
// (on the argon2 threads: counted where it is sent there).
const argon2 = vi.hoisted(() => ({ verifies: 0 }));
vi.mock('../../src/passwords/argon2-threads.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/passwords/argon2-threads.js')>();
  return {
    ...original,
    onArgon2Thread: (...args: unknown[]) => {
      if (args[0] === 'verify') argon2.verifies++;
      return (original.onArgon2Thread as (...a: unknown[]) => Promise<unknown>)(...args);
    },
  };
});

const PASSWORD = 'correct horse battery';

describe.each(DIALECTS)('account enumeration (%s)', (dialect) => {
  let h: Harness;
  let admin: Browser;
  let adasPhone: Browser;
  beforeEach(async () => {
    h = await createHarness(dialect, { PASSWORD_ATTEMPTS_PER_ACCOUNT: '1000', PASSWORD_ATTEMPTS_PER_IP: '100000' });
    const org = await h.org();
    await h.user({ org, username: 'root', password: 'the admin password', role: 'admin' });
    await h.user({ org, username: 'ada', password: PASSWORD });
    await h.user({ org, username: 'bob', password: 'another good password' });
    admin = h.browser();
    await admin.signInWithPassword('acme', 'root', 'the admin password');
    // Ada has a passkey, and the organisation signs members who have one in with it only.
    adasPhone = h.browser();
    await adasPhone.signInWithPassword('acme', 'ada', PASSWORD);
    expect((await adasPhone.addPasskey('acme')).status).toBe(200);
    expect((await admin.put('/api/o/acme/admin/settings/passkeys', { passwordFallback: false })).status).toBe(200);
  });
  afterEach(() => h.close());

  const hide = async (on: boolean) => {
    const saved = await admin.put('/api/o/acme/admin/settings/passkeys', { hideAccountExistence: on });
    expect(saved.status).toBe(200);
    expect(saved.body.policy.hideAccountExistence).toBe(on);
  };
  const identify = async (identifier: string) =>
    (await h.browser().post('/api/o/acme/sign-in/identify', { identifier })).body;
  const options = async (identifier?: string) => {
    const { body } = await h.browser().post('/api/o/acme/sign-in/passkey/options', identifier ? { identifier } : {});
    const { challenge, ...rest } = body.options;
    expect(challenge).toEqual(expect.any(String));
    return rest;
  };
  /** The answer to a password sign-in, and how many argon2 verifications it ran. */
  const refusal = async (identifier: string, password: string) => {
    const before = argon2.verifies;
    const response = await h.browser().signInWithPassword('acme', identifier, password);
    return { status: response.status, body: response.body, verifies: argon2.verifies - before };
  };

  it('is off by default: the page can say "your account is protected by a Passkey"', async () => {
    expect((await admin.get('/api/o/acme/admin/settings/passkeys')).body.policy.hideAccountExistence).toBe(false);
    expect(await identify('ada')).toEqual({ passkey: true, password: false });
    expect(await identify('nobody')).toEqual({ passkey: false, password: true });
    expect((await options('ada')).allowCredentials).toHaveLength(1);
    expect((await refusal('ada', PASSWORD)).body.error.code).toBe('PASSWORD_SIGN_IN_DISABLED');
  });

  it('is an admin setting in Org Settings > Passkeys, audited', async () => {
    await hide(true);
    expect((await admin.get('/api/o/acme/admin/settings/passkeys')).body.policy.hideAccountExistence).toBe(true);
    const changes = await h.deps.db
      .selectFrom('audit_events')
      .select('details')
      .where('type', '=', 'policy.changed')
      .execute();
    expect(JSON.parse(changes.at(-1)!.details)).toMatchObject({ hideAccountExistence: 'false → true', via: 'admin' });
    expect(
      (await adasPhone.put('/api/o/acme/admin/settings/passkeys', { hideAccountExistence: false })).body.error.code,
    ).toBe('FORBIDDEN');
  });

  it('when on, identify answers the same for every identifier, both ways offered, marked as everyone’s', async () => {
    await hide(true);
    // sameForEveryone: the page then claims no passkey for this account ("protected by a passkey" would be false
    // for a member without one).
    for (const identifier of ['ada', 'bob', 'nobody', 'nobody@example.com'])
      expect(await identify(identifier)).toEqual({ passkey: true, password: true, sameForEveryone: true });
  });

  it('when on, passkey options carry no allow list, whoever is named', async () => {
    await hide(true);
    const usernameless = await options();
    expect(usernameless.allowCredentials ?? []).toEqual([]);
    expect(await options('ada')).toEqual(usernameless);
    expect(await options('nobody')).toEqual(usernameless);
    // Ada still signs in with her identifier typed first: her passkey is discoverable.
    adasPhone.cookies.clear();
    expect((await adasPhone.signInWithPasskey('acme', 'ada')).status).toBe(200);
  });

  it('when on, every refused password gets one answer after the same hashing work', async () => {
    await hide(true);
    const answers = {
      wrongPassword: await refusal('bob', 'not his password'),
      unknownAccount: await refusal('nobody', 'not a password'),
      unknownEmail: await refusal('nobody@example.com', 'not a password'),
      passkeyOnlyWrong: await refusal('ada', 'not her password'),
      passkeyOnlyRight: await refusal('ada', PASSWORD),
    };
    for (const [name, answer] of Object.entries(answers)) {
      expect(answer, name).toEqual({ status: 401, body: answers.wrongPassword.body, verifies: 1 });
    }
    expect(answers.wrongPassword.body.error.code).toBe('INVALID_CREDENTIALS');
    // Members whose organisation allows it still sign in with their password.
    expect((await h.browser().signInWithPassword('acme', 'bob', 'another good password')).status).toBe(200);
  });
});
