import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Organisation } from '../../src/orgs/organisations.js';
import { precompiledWrite } from '../../src/db/precompiled.js';
import { rememberDevice } from '../../src/passwords/trusted-devices.js';
import { sha256 } from '../../src/shared/crypto.js';
import { inTransaction } from '../../src/shared/transaction.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { Browser, createHarness, type Harness } from '../support/harness.js';

// Security issue #13, finding 5: a stranger who does not know the password cannot lock its owner out.
const PASSWORD = 'correct horse battery';
const MINUTE = 60 * 1000;

describe.each(DIALECTS)('password lock-out cannot be used as an attack (%s)', (dialect) => {
  let h: Harness;
  let org: Organisation;
  let ada: User;
  beforeEach(async () => {
    h = await createHarness(dialect, {
      PASSWORD_ATTEMPTS_PER_ACCOUNT: '3',
      PASSWORD_LOCKOUT_MAX_MINUTES: '60',
      TRUST_PROXY: '1',
    });
    org = await h.org();
    ada = await h.user({ org, username: 'ada', email: 'ada@example.com', password: PASSWORD });
    await h.user({ org, username: 'root', password: 'the admin password', role: 'admin' });
    await h.user({ org, username: 'bob', password: 'another good password' });
  });
  afterEach(() => h.close());

  /** Wrong passwords for ada, all at once, each from a browser and address of its own. */
  async function attack(count: number, apps = [h.app]) {
    const results = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        new Browser(apps[i % apps.length]!).post(
          '/api/o/acme/sign-in/password',
          { identifier: 'ada', password: `guess number ${i}` },
          { 'x-forwarded-for': `203.0.113.${i + 1}` },
        ),
      ),
    );
    return results.map((r) => r.status).sort();
  }

  /** A browser that signed in as ada before (it holds her device cookie), now signed out. */
  async function adasOwnBrowser() {
    const browser = h.browser();
    expect((await browser.signInWithPassword('acme', 'ada', PASSWORD)).status).toBe(200);
    expect((await browser.post('/api/o/acme/sign-out')).status).toBe(200);
    return browser;
  }

  it('lets the member in from a browser they signed in on, while unknown browsers are locked', async () => {
    const own = await adasOwnBrowser();
    expect(await attack(10)).toEqual([...Array(3).fill(401), ...Array(7).fill(429)]);

    const unknown = await h.browser().signInWithPassword('acme', 'ada', PASSWORD);
    expect(unknown.status).toBe(429);
    expect(unknown.body.error).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 15 * 60 } });
    expect(unknown.headers['retry-after']).toBe(String(15 * 60));

    expect((await own.signInWithPassword('acme', 'ada', PASSWORD)).status).toBe(200);
  });

  it('gives a trusted browser its own budget: its failures do not lock unknown browsers', async () => {
    const own = await adasOwnBrowser();
    for (let i = 0; i < 3; i++)
      expect((await own.signInWithPassword('acme', 'ada', `typo ${i} password`)).status).toBe(401);
    expect((await own.signInWithPassword('acme', 'ada', PASSWORD)).status).toBe(429);
    expect((await h.browser().signInWithPassword('acme', 'ada', PASSWORD)).status).toBe(200);
  });

  it('a new password leaves only the browser that set it trusted: old ones share the unknown budget', async () => {
    // Someone who had the old password made browsers of their own trusted with it, each with a budget.
    const thiefs: Browser[] = [];
    for (let i = 0; i < 4; i++) thiefs.push(await adasOwnBrowser());
    const member = h.browser();
    expect((await member.signInWithPassword('acme', 'ada', PASSWORD)).status).toBe(200);
    expect((await member.put('/api/o/acme/me/password', { password: 'a brand new passphrase' })).status).toBe(200);
    const remaining = await h.deps.db
      .selectFrom('trusted_devices')
      .select('id')
      .where('user_id', '=', ada.id)
      .execute();
    expect(remaining).toHaveLength(1);

    // Their guesses at the new one now count against the one budget of unknown browsers: 3, then locked.
    const answers: number[] = [];
    for (const [i, thief] of thiefs.entries())
      for (let guess = 0; guess < 2; guess++)
        answers.push((await thief.signInWithPassword('acme', 'ada', `new guess ${i} ${guess}`)).status);
    expect(answers).toEqual([401, 401, 401, 429, 429, 429, 429, 429]);
    // The member's own browser is still trusted: the strangers' lock is not theirs.
    expect((await member.post('/api/o/acme/sign-out')).status).toBe(200);
    expect((await member.signInWithPassword('acme', 'ada', 'a brand new passphrase')).status).toBe(200);
  });

  it('a recovery that removes the password leaves no browser trusted', async () => {
    await adasOwnBrowser();
    const root = h.browser();
    expect((await root.signInWithPassword('acme', 'root', 'the admin password')).status).toBe(200);
    const recover = { passkeyIds: 'all', method: 'code', removePassword: true };
    expect((await root.post(`/api/o/acme/admin/users/${ada.id}/recover`, recover)).status).toBe(200);
    const remaining = await h.deps.db
      .selectFrom('trusted_devices')
      .select('id')
      .where('user_id', '=', ada.id)
      .execute();
    expect(remaining).toEqual([]);
  });

  it('backs off exponentially for unknown browsers, capped, and refused attempts do not extend the lock', async () => {
    const browser = h.browser();
    const retryAfter = async () => {
      const response = await browser.signInWithPassword('acme', 'ada', 'still guessing');
      expect(response.status).toBe(429);
      return response.body.error.details.retryAfterSeconds / 60;
    };
    for (let i = 0; i < 3; i++)
      expect((await browser.signInWithPassword('acme', 'ada', `guess ${i} password`)).status).toBe(401);
    expect(await retryAfter()).toBe(15);
    h.advance(10 * MINUTE);
    expect(await retryAfter()).toBe(5); // hammering while locked changed nothing
    const waits = [];
    for (const wait of [5, 30, 60, 60]) {
      h.advance(wait * MINUTE);
      expect((await browser.signInWithPassword('acme', 'ada', 'one more guess')).status).toBe(401);
      waits.push(await retryAfter());
    }
    expect(waits).toEqual([30, 60, 60, 60]);
    h.advance(60 * MINUTE);
    expect((await browser.signInWithPassword('acme', 'ada', PASSWORD)).status).toBe(200);
    // A success starts the count again.
    expect((await browser.signInWithPassword('acme', 'ada', 'a fresh typo')).status).toBe(401);
  });

  it("treats a forged device cookie, or another member's, as an unknown browser; only hashes are stored", async () => {
    const bobs = h.browser();
    expect((await bobs.signInWithPassword('acme', 'bob', 'another good password')).status).toBe(200);
    const token = bobs.cookies.get('lk_device_acme')!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await h.deps.db.selectFrom('trusted_devices').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0]!.token_hash).toBe(sha256(token));

    expect(await attack(5)).toEqual([401, 401, 401, 429, 429]);
    expect((await bobs.signInWithPassword('acme', 'ada', PASSWORD)).status).toBe(429);
    const forged = h.browser();
    forged.cookies.set('lk_device_acme', 'A'.repeat(43));
    expect((await forged.signInWithPassword('acme', 'ada', PASSWORD)).status).toBe(429);
  });

  it('knows each member of a shared computer, wherever their token stands in its cookie', async () => {
    for (const name of ['cy', 'dee', 'eve']) await h.user({ org, username: name, password: `${name} password here` });
    const shared = h.browser();
    for (const [name, password] of [
      ['ada', PASSWORD],
      ['bob', 'another good password'],
      ...['cy', 'dee', 'eve'].map((name) => [name, `${name} password here`]),
    ]) {
      expect((await shared.signInWithPassword('acme', name!, password!)).status).toBe(200);
      expect((await shared.post('/api/o/acme/sign-out')).status).toBe(200);
    }
    expect(shared.cookies.get('lk_device_acme')!.split('.')).toHaveLength(5); // ada's token last of five
    expect(await attack(5)).toEqual([401, 401, 401, 429, 429]);
    expect((await shared.signInWithPassword('acme', 'ada', PASSWORD)).status).toBe(200);
    // Her record was found and renewed, not made again.
    const adas = await h.deps.db.selectFrom('trusted_devices').select('id').where('user_id', '=', ada.id).execute();
    expect(adas).toHaveLength(1);
  });

  it('a known browser keeps its cookie; one whose record expired gets a new token, its old record gone', async () => {
    const browser = h.browser();
    expect((await browser.signInWithPassword('acme', 'ada', PASSWORD)).status).toBe(200);
    const first = browser.cookies.get('lk_device_acme')!;
    await browser.post('/api/o/acme/sign-out');
    expect((await browser.signInWithPassword('acme', 'ada', PASSWORD)).status).toBe(200);
    expect(browser.cookies.get('lk_device_acme')).toBe(first);
    await browser.post('/api/o/acme/sign-out');
    h.advance(181 * 24 * 60 * MINUTE); // trusted for 180 days after the last sign-in
    expect((await browser.signInWithPassword('acme', 'ada', PASSWORD)).status).toBe(200);
    const [added, kept, ...more] = browser.cookies.get('lk_device_acme')!.split('.');
    expect([kept, more]).toEqual([first, []]);
    const adas = await h.deps.db.selectFrom('trusted_devices').select('token_hash').where('user_id', '=', ada.id);
    expect(await adas.execute()).toEqual([{ token_hash: sha256(added!) }]);
  });

  it("a sign-in's transaction that fails leaves no failure unhandled behind the browser's tokens", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      // A write refused before the browser is remembered: on PostgreSQL its statements, sent after, fail too.
      const refusedWrite = precompiledWrite((db, v: { id: string }) =>
        db.updateTable('users').set({ display_name: 'nobody' }).where('id', '=', v.id),
      );
      const signIn = inTransaction(h.deps, async (tx) => {
        await refusedWrite.queue(tx, { id: 'no-such-user' }, () => new Error('refused'));
        await rememberDevice(tx, { user: ada, tokens: [] });
      });
      await expect(signIn).rejects.toThrow('refused');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('a signed-in session re-verifies and approves device links whatever strangers do, on its own budget', async () => {
    const phone = h.browser();
    const tablet = h.browser();
    await phone.signInWithPassword('acme', 'ada', PASSWORD);
    await tablet.signInWithPassword('acme', 'ada', PASSWORD);
    await attack(10);

    expect((await phone.post('/api/o/acme/me/reverify/password', { password: PASSWORD })).status).toBe(200);
    const laptop = h.browser();
    const link = await laptop.post('/api/o/acme/device-link', { identifier: 'ada' });
    expect(
      (await tablet.post(`/api/o/acme/me/device-links/${link.body.id}/approve`, { password: PASSWORD })).status,
    ).toBe(200);

    // The session's own budget: someone at the phone guessing is slowed down there only.
    const guesses = await Promise.all(
      Array.from({ length: 6 }, () => phone.post('/api/o/acme/me/reverify/password', { password: 'not it at all' })),
    );
    expect(guesses.map((g) => g.body.error.code).sort()).toEqual([
      ...Array(3).fill('PASSWORD_INCORRECT'),
      ...Array(3).fill('RATE_LIMITED'),
    ]);
    expect(
      (await phone.post('/api/o/acme/me/reverify/password', { password: PASSWORD })).body.error.details
        .retryAfterSeconds,
    ).toBe(15 * 60);
    expect((await tablet.post('/api/o/acme/me/reverify/password', { password: PASSWORD })).status).toBe(200);
  });

  it('counts attempts on every instance against the same limit', async () => {
    const second = await h.secondInstance();
    expect(await attack(12, [h.app, second])).toEqual([...Array(3).fill(401), ...Array(9).fill(429)]);
    expect((await new Browser(second).signInWithPassword('acme', 'ada', PASSWORD)).status).toBe(429);
  });

  it('hiding who has an account: an email locked does not lock its username, known account or not', async () => {
    const admin = h.browser();
    await admin.signInWithPassword('acme', 'root', 'the admin password');
    expect((await admin.put('/api/o/acme/admin/settings/passkeys', { hideAccountExistence: true })).status).toBe(200);
    const guess = (identifier: string, i: number) =>
      new Browser(h.app).post(
        '/api/o/acme/sign-in/password',
        { identifier, password: `guess number ${i}` },
        { 'x-forwarded-for': `198.51.100.${i + 1}` },
      );
    for (const email of ['ada@example.com', 'zed@example.com']) {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await guess(email, i)).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
    }
    // Were the account's budget shared, ada's username would now be locked and the unknown one's not: one answer.
    expect((await guess('ada', 10)).status).toBe(401);
    expect((await guess('zed', 10)).status).toBe(401);
    // The admin still sees the lock, on whichever the member types.
    const locked = (await admin.get(`/api/o/acme/admin/users/${ada.id}`)).body.user.passwordLockedUntil;
    expect(locked).toBeGreaterThan(h.deps.clock());
  });

  it("shows admins the lock on the user's page, and records it in the audit log without the passwords", async () => {
    const admin = h.browser();
    await admin.signInWithPassword('acme', 'root', 'the admin password');
    const page = () => admin.get(`/api/o/acme/admin/users/${ada.id}`);
    expect((await page()).body.user.passwordLockedUntil).toBeNull();

    await attack(10);
    expect((await page()).body.user.passwordLockedUntil).toBe(h.deps.clock() + 15 * MINUTE);
    const locked = await h.deps.db
      .selectFrom('audit_events')
      .selectAll()
      .where('type', '=', 'sign_in.password_locked')
      .execute();
    expect(locked).toHaveLength(1);
    expect(locked[0]).toMatchObject({ user_id: ada.id, ip: expect.stringMatching(/^203\.0\.113\./) });
    expect(JSON.parse(locked[0]!.details)).toEqual({ scope: 'unknown_browsers', until: h.deps.clock() + 15 * MINUTE });
    const all = await h.deps.db.selectFrom('audit_events').select('details').execute();
    expect(JSON.stringify(all)).not.toContain('guess number');

    h.advance(15 * MINUTE);
    expect((await page()).body.user.passwordLockedUntil).toBeNull();
  });
});
