/**
 * An admin removed (disabled, demoted, deleted, signed out) while their request runs: a slow body held it between its
 * headers and its handler, or it was already in its handler. Either way it changes nothing: the session is read again
 * once the body is in (authenticateAgain), and what writes reads the acting admin and their session again holding
 * the admin's row, which every sign-out takes too.
 */
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Organisation } from '../../src/orgs/organisations.js';
import { disableUser, updateUserProfile } from '../../src/users/lifecycle.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';
import { disarmHold, holdNextRequest } from '../support/hold-after-checks.js';

// Holds the next request once it passed every check before its handler (test/support/hold-after-checks.ts).
vi.mock('../../src/http/authenticate.js', async (original) =>
  (await import('../support/hold-after-checks.js')).holdingAfterChecks(await original()),
);

/** Sends the headers now and the JSON body at `finish` (a slow upload). */
function slowRequest(browser: Browser, method: 'PATCH' | 'POST', url: string) {
  const body = new PassThrough();
  const answer = browser.send(method, url, body, { 'content-type': 'application/json' });
  return {
    finish: async (json: object) => {
      body.end(JSON.stringify(json));
      const response = await answer;
      return { status: response.statusCode, body: response.json() };
    },
  };
}
const headersIn = () => new Promise((resolve) => setTimeout(resolve, 200));

describe.each(DIALECTS)('an admin removed while their request runs (%s)', (dialect) => {
  let h: Harness;
  let acme: Organisation;
  let ada: User;
  let eve: User;
  let pup: User;
  let adaBrowser: Browser;
  let eveBrowser: Browser;

  beforeEach(async () => {
    h = await createHarness(dialect);
    acme = await h.org();
    ada = await h.user({ org: acme, username: 'ada', role: 'admin' });
    eve = await h.user({ org: acme, username: 'eve', role: 'admin' });
    pup = await h.user({ org: acme, username: 'pup', role: 'member' });
    ({ browser: adaBrowser } = await redeemSetupLink(h, acme, ada));
    ({ browser: eveBrowser } = await redeemSetupLink(h, acme, eve));
  });
  afterEach(async () => {
    disarmHold();
    await h.close();
  });

  const roleOf = async (user: User) =>
    (await h.deps.db.selectFrom('users').select('role').where('id', '=', user.id).executeTakeFirstOrThrow()).role;

  const REMOVALS = {
    disabled: { remove: () => adaBrowser.post(`/api/o/acme/admin/users/${eve.id}/disable`), code: 'UNAUTHENTICATED' },
    demoted: {
      remove: () => adaBrowser.patch(`/api/o/acme/admin/users/${eve.id}`, { role: 'member' }),
      code: 'FORBIDDEN',
    },
  } as const;

  for (const [removal, { code }] of Object.entries(REMOVALS)) {
    it(`a slow body: an admin ${removal} before it came makes no one an admin`, async () => {
      const promote = slowRequest(eveBrowser, 'PATCH', `/api/o/acme/admin/users/${pup.id}`);
      await headersIn();
      expect((await REMOVALS[removal as keyof typeof REMOVALS].remove()).status).toBe(200);
      expect((await promote.finish({ role: 'admin' })).body.error.code).toBe(code);
      expect(await roleOf(pup)).toBe('member');
    });
  }

  it('a slow body: a disabled admin adds no app', async () => {
    const adding = slowRequest(eveBrowser, 'POST', '/api/o/acme/admin/apps');
    await headersIn();
    expect((await REMOVALS.disabled.remove()).status).toBe(200);
    const answer = await adding.finish({
      name: 'Evil',
      public: false,
      redirectUris: ['https://evil.example/cb'],
      postLogoutRedirectUris: [],
      backchannelLogoutUri: null,
      firstParty: true,
    });
    expect(answer.body.error.code).toBe('UNAUTHENTICATED');
    expect(await h.deps.db.selectFrom('oidc_clients').select('id').execute()).toEqual([]);
  });

  it('in its handler: an admin demoted on another instance meanwhile makes no one an admin', async () => {
    const { held, release } = holdNextRequest();
    const promoting = eveBrowser.patch(`/api/o/acme/admin/users/${pup.id}`, { role: 'admin' });
    await held;
    // Straight in the database, as another instance would: this one's signed-in cache does not hear of it.
    await h.deps.db.updateTable('users').set({ role: 'member' }).where('id', '=', eve.id).execute();
    release();
    expect((await promoting).body.error.code).toBe('FORBIDDEN');
    expect(await roleOf(pup)).toBe('member');
  });

  /** Eve's request, held once let in while Ada signs Eve out everywhere: what it answers. */
  async function signedOutMeanwhile(request: () => Promise<{ status: number; body: any }>) {
    const { held, release } = holdNextRequest();
    const answer = request();
    await Promise.race([held, answer.then((a) => Promise.reject(new Error(`answered ${a.status} unheld`)))]);
    const signOut = await adaBrowser.post(`/api/o/acme/admin/users/${eve.id}/sign-out-everywhere`);
    expect(signOut.body).toEqual({ revoked: 1 });
    release();
    return answer;
  }

  const rows = async (table: 'enrollment_codes' | 'enrollment_links', userId: string) =>
    (await h.deps.db.selectFrom(table).select('id').where('user_id', '=', userId).execute()).length;

  it('in its handler: an admin signed out meanwhile issues no enrollment code', async () => {
    const answer = await signedOutMeanwhile(() => eveBrowser.post(`/api/o/acme/admin/users/${pup.id}/enrollment-code`));
    expect([answer.status, answer.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect(await rows('enrollment_codes', pup.id)).toBe(0);
  });

  it('in its handler: an admin signed out meanwhile makes no one an admin', async () => {
    const answer = await signedOutMeanwhile(() =>
      eveBrowser.patch(`/api/o/acme/admin/users/${pup.id}`, { role: 'admin' }),
    );
    expect(answer.body.error.code).toBe('UNAUTHENTICATED');
    const { role } = await h.deps.db
      .selectFrom('users')
      .select('role')
      .where('id', '=', pup.id)
      .executeTakeFirstOrThrow();
    expect(role).toBe('member');
  });

  it('in its handler: an admin signed out meanwhile adds no user', async () => {
    const answer = await signedOutMeanwhile(() =>
      eveBrowser.post('/api/o/acme/admin/users', { username: 'mallory', role: 'member' }),
    );
    expect(answer.body.error.code).toBe('UNAUTHENTICATED');
    const added = await h.deps.db.selectFrom('users').select('id').where('username', '=', 'mallory').execute();
    expect(added).toEqual([]);
  });

  it('in its handler: an admin signed out meanwhile recovers no one', async () => {
    const { browser: pupBrowser } = await redeemSetupLink(h, acme, pup);
    expect((await pupBrowser.addPasskey('acme', 'Pup phone')).status).toBe(200);
    const answer = await signedOutMeanwhile(() =>
      eveBrowser.post(`/api/o/acme/admin/users/${pup.id}/recover`, { passkeyIds: 'all', method: 'code' }),
    );
    expect(answer.body.error.code).toBe('UNAUTHENTICATED');
    const passkeys = await h.deps.db.selectFrom('passkeys').select('id').where('user_id', '=', pup.id).execute();
    expect(passkeys).toHaveLength(1);
    expect(await rows('enrollment_codes', pup.id)).toBe(0);
  });
});

describe.each(DIALECTS)('the platform keeps an operator (%s)', (dialect) => {
  let h: Harness;
  afterEach(() => h.close());

  it('two operators deleting each other: the second is refused; the last is never removed', async () => {
    h = await createHarness(dialect);
    const platform = await h.org('platform', 'Platform');
    const one = await h.user({ org: platform, username: 'one', role: 'operator' });
    const two = await h.user({ org: platform, username: 'two', role: 'operator' });
    await h.user({ org: platform, username: 'padmin', role: 'admin' });
    const { browser: oneBrowser } = await redeemSetupLink(h, platform, one);
    const { browser: twoBrowser } = await redeemSetupLink(h, platform, two);
    const second = slowRequest(twoBrowser, 'POST', `/api/o/platform/admin/users/${one.id}/delete`);
    await headersIn();
    const first = await oneBrowser.post(`/api/o/platform/admin/users/${two.id}/delete`, { confirmUsername: 'two' });
    expect(first.status).toBe(200);
    expect((await second.finish({ confirmUsername: 'one' })).body.error.code).toBe('UNAUTHENTICATED');
    // The last operator stays, though a platform admin remains: from the server's shell too.
    const [last] = await h.deps.db.selectFrom('users').selectAll().where('role', '=', 'operator').execute();
    await expect(disableUser(h.deps, { org: platform, target: last!, by: { actor: null } })).rejects.toMatchObject({
      code: 'LAST_ADMIN',
    });
    await expect(
      updateUserProfile(h.deps, { org: platform, target: last!, changes: { role: 'admin' }, by: { actor: null } }),
    ).rejects.toMatchObject({ code: 'LAST_ADMIN' });
  });
});
