/**
 * Every combination of operator gate × enabled × Force Passkey Setup × password fallback × rollout,
 * checked through the HTTP API for five kinds of member: what sign-in offers, what it accepts,
 * and where the member lands.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Organisation } from '../../src/orgs/organisations.js';
import { ROLLOUTS, updatePasskeyPolicy, type Rollout } from '../../src/policy/update-policy.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

interface Member {
  username: string;
  isAdmin: boolean;
  pilot: boolean;
  hasPassword: boolean;
  hasPasskey: boolean;
  browser: Browser;
}

const PASSWORD = 'correct horse battery';
const combos = [false, true].flatMap((available) =>
  [false, true].flatMap((enabled) =>
    [false, true].flatMap((mandatory) =>
      [false, true].flatMap((fallback) =>
        ROLLOUTS.map((rollout) => ({ available, enabled, mandatory, fallback, rollout: rollout as Rollout })),
      ),
    ),
  ),
);

describe.each(DIALECTS)('passkey policy through the API, all %s combinations', (dialect) => {
  let h: Harness;
  let org: Organisation;
  const members: Member[] = [];

  beforeAll(async () => {
    h = await createHarness(dialect, {
      PASSWORD_ATTEMPTS_PER_ACCOUNT: '10000',
      PASSWORD_ATTEMPTS_PER_IP: '1000000',
      API_REQUESTS_PER_MINUTE: '1000000',
    });
    org = await h.org();
    const make = async (
      username: string,
      opts: { role?: 'admin' | 'member'; pilot?: boolean; password: boolean; passkey: boolean },
    ) => {
      const user = await h.user({
        org,
        username,
        role: opts.role ?? 'member',
        password: opts.password ? PASSWORD : null,
      });
      if (opts.pilot) await h.deps.db.updateTable('users').set({ pilot: 1 }).where('id', '=', user.id).execute();
      const { browser } = await redeemSetupLink(h, org, user);
      if (opts.passkey) expect((await browser.addPasskey('acme')).status).toBe(200);
      await browser.post('/api/o/acme/sign-out');
      members.push({
        username,
        isAdmin: opts.role === 'admin',
        pilot: !!opts.pilot,
        hasPassword: opts.password,
        hasPasskey: opts.passkey,
        browser,
      });
    };
    await make('admin', { role: 'admin', password: true, passkey: true });
    await make('member', { password: true, passkey: true });
    await make('pilot', { pilot: true, password: true, passkey: true });
    await make('newcomer', { password: true, passkey: false });
    await make('passkey-only', { password: false, passkey: true });
  });
  afterAll(() => h.close());

  it.each(combos)(
    'available=$available enabled=$enabled mandatory=$mandatory fallback=$fallback rollout=$rollout',
    async (combo) => {
      const current = await h.deps.db
        .selectFrom('organisations')
        .selectAll()
        .where('id', '=', org.id)
        .executeTakeFirstOrThrow();
      await updatePasskeyPolicy(h.deps, {
        org: current,
        changes: {
          passkeysAvailable: combo.available,
          passkeysEnabled: combo.enabled && combo.available,
          passkeysMandatory: combo.mandatory,
          passwordFallback: combo.fallback,
          rollout: combo.rollout,
        },
        actor: { actorId: null, via: 'cli' },
      });
      const enabled = combo.available && combo.enabled;

      for (const m of members) {
        const label = `${m.username}: ${JSON.stringify(combo)}`;
        // The rules, stated independently of the code:
        const reached = combo.rollout === 'everyone' || m.isAdmin || (combo.rollout === 'pilot' && m.pilot);
        const offered = enabled && reached;
        const passkeyWorks = m.hasPasskey && (offered || !m.hasPassword); // nobody is locked out
        const passwordWorks = m.hasPassword && !(offered && m.hasPasskey && !combo.fallback);
        const prompt = offered && !m.hasPasskey ? (combo.mandatory ? 'mandatory' : 'optional') : 'none';

        const identify = await m.browser.post('/api/o/acme/sign-in/identify', { identifier: m.username });
        expect(identify.body, label).toEqual({ passkey: passkeyWorks, password: passwordWorks || !passkeyWorks });

        const byPassword = await m.browser.signInWithPassword('acme', m.username, PASSWORD);
        if (passwordWorks) {
          expect(byPassword.status, label).toBe(200);
          const me = await m.browser.get('/api/o/acme/me');
          expect(me.body.policy, label).toEqual({
            passkeysOffered: offered,
            passwordAllowed: true,
            passwordSignInAllowed: true,
            passwordFallback: combo.fallback,
            prompt,
          });
          expect(me.body.session.passkeySetupRequired, label).toBe(prompt === 'mandatory');
          const other = await m.browser.get('/api/o/acme/me/sessions');
          expect(other.status, label).toBe(prompt === 'mandatory' ? 403 : 200);
          if (prompt === 'mandatory') expect(other.body.error.code).toBe('PASSKEY_SETUP_REQUIRED');
          await m.browser.post('/api/o/acme/sign-out');
        } else {
          expect(byPassword.body.error.code, label).toBe(
            m.hasPassword ? 'PASSWORD_SIGN_IN_DISABLED' : 'INVALID_CREDENTIALS',
          );
        }

        if (m.hasPasskey) {
          const byPasskey = await m.browser.signInWithPasskey('acme');
          if (passkeyWorks) {
            expect(byPasskey.status, label).toBe(200);
            // Settings > Passkeys offers setting a password unless the organisation signs this member in
            // by passkey only.
            expect((await m.browser.get('/api/o/acme/me')).body.policy.passwordSignInAllowed, label).toBe(
              !(offered && !combo.fallback),
            );
            await m.browser.post('/api/o/acme/sign-out');
          } else {
            expect(byPasskey.body.error.code, label).toBe('PASSKEYS_DISABLED');
          }
        }
      }
      // Whatever the policy, stored passkeys are kept.
      const { n } = await h.deps.db
        .selectFrom('passkeys')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(n)).toBe(4);
    },
  );
});
