import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { generateEnrollmentCode, normaliseEnrollmentCode } from '../../src/enrollment/enrollment-code.js';
import { issueEnrollmentCode } from '../../src/enrollment/enrollment-codes.js';
import type { Organisation } from '../../src/orgs/organisations.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

/** A code of the same shape that is not this one. */
const wrongCode = (code: string) => (code.startsWith('A') ? `B${code.slice(1)}` : `A${code.slice(1)}`);

describe('9-character enrollment codes', () => {
  it('are 9 characters of an alphabet without look-alikes, grouped for reading out', () => {
    for (let i = 0; i < 200; i++) {
      const code = generateEnrollmentCode();
      expect(code).toMatch(/^[A-HJKMNP-Z2-9]{3}-[A-HJKMNP-Z2-9]{3}-[A-HJKMNP-Z2-9]{3}$/);
      expect(code).not.toMatch(/[01OIL]/);
    }
  });

  it('are read back however they are typed, and anything else is not a code', () => {
    expect(normaliseEnrollmentCode(' abc-def ghj ')).toBe('ABCDEFGHJ');
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (input) => {
        const code = normaliseEnrollmentCode(input);
        return code === null || /^[A-HJKMNP-Z2-9]{9}$/.test(code);
      }),
    );
    for (const bad of ['ABCDEFGH', 'ABCDEFGHJK', 'ABCDEFGH0', 'ABCDEFGHI', 'ABCDEFGHL'])
      expect(normaliseEnrollmentCode(bad)).toBeNull();
  });
});

describe.each(DIALECTS)('enrollment by 9-character code (%s)', (dialect) => {
  let h: Harness;
  let acme: Organisation;
  let admin: Browser;
  let adminUser: User;
  let bob: User;
  const generate = async (userId = bob.id) => admin.post(`/api/o/acme/admin/users/${userId}/enrollment-code`);
  const enter = (browser: Browser, code: string, username = 'bob') =>
    browser.post('/api/o/acme/enroll', { username, code });

  beforeEach(async () => {
    h = await createHarness(dialect);
    acme = await h.org();
    adminUser = await h.user({ org: acme, username: 'ada', role: 'admin' });
    bob = await h.user({ org: acme, username: 'bob', displayName: 'Bob', email: 'bob@acme.example' });
    ({ browser: admin } = await redeemSetupLink(h, acme, adminUser));
  });
  afterEach(() => h.close());

  it('shows the code once, stores only its hash; the member enrolls with it: Pending becomes Enrolled', async () => {
    const issued = await generate();
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ validForSeconds: 60, expiresAt: h.deps.clock() + 60_000 });
    // Its id is the one its events name (codeId): the admin's page follows what happens to this code, not another.
    const [row] = await h.deps.db.selectFrom('enrollment_codes').select('id').execute();
    expect(issued.body.id).toBe(row!.id);
    const created = await h.deps.db
      .selectFrom('audit_events')
      .select('details')
      .where('type', '=', 'enrollment_code.created')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(created.details)).toMatchObject({ codeId: row!.id });
    const { code } = issued.body;
    expect(code).toMatch(/^[A-Z2-9]{3}-[A-Z2-9]{3}-[A-Z2-9]{3}$/);
    const everything = JSON.stringify([
      await h.deps.db.selectFrom('enrollment_codes').selectAll().execute(),
      await h.deps.db.selectFrom('audit_events').selectAll().execute(),
      (await admin.get(`/api/o/acme/admin/users/${bob.id}`)).body,
    ]);
    expect(everything).not.toContain(code);
    expect(everything).not.toContain(code.replace(/-/g, ''));
    expect((await admin.get(`/api/o/acme/admin/users/${bob.id}`)).body.enrollmentCode).toEqual({
      expiresAt: issued.body.expiresAt,
    });
    expect(
      (await admin.get('/api/o/acme/admin/users?status=pending')).body.users.map((u: User) => u.username),
    ).toContain('bob');

    const member = h.browser();
    const redeemed = await enter(member, code.toLowerCase().replace(/-/g, ' '));
    expect(redeemed.status).toBe(200);
    expect(redeemed.body).toMatchObject({ user: { username: 'bob', passkeyCount: 0 }, passkeysOffered: true });
    expect((await member.addPasskey('acme')).status).toBe(200);
    expect((await member.get('/api/o/acme/me')).body.user.passkeyCount).toBe(1);
    const listed = (await admin.get('/api/o/acme/admin/users?status=enrolled')).body.users;
    expect(listed).toEqual([expect.objectContaining({ username: 'bob', enrollment: 'enrolled' })]);
    // The new passkey signs in.
    const later = h.browser();
    (later as { authenticator: unknown }).authenticator = member.authenticator;
    expect((await later.signInWithPasskey('acme')).status).toBe(200);

    const types = await h.deps.db
      .selectFrom('audit_events')
      .select(['type', 'actor_id'])
      .where('user_id', '=', bob.id)
      .execute();
    expect(types).toEqual(
      expect.arrayContaining([
        { type: 'enrollment_code.created', actor_id: adminUser.id },
        { type: 'enrollment_code.redeemed', actor_id: bob.id },
      ]),
    );
    const signIn = await h.deps.db
      .selectFrom('audit_events')
      .selectAll()
      .where('type', '=', 'sign_in.succeeded')
      .where('user_id', '=', bob.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(signIn.details).method).toBe('enrollment-code');
  });

  it('works once', async () => {
    const { code } = (await generate()).body;
    const results = await Promise.all([1, 2, 3].map(() => enter(h.browser(), code)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 400, 400]);
    expect((await enter(h.browser(), code)).body.error.code).toBe('ENROLLMENT_CODE_INVALID');
  });

  it('expires after 60 seconds by the injected clock, and the validity is set per organisation', async () => {
    const { code } = (await generate()).body;
    h.advance(59_999);
    const inTime = await generate(); // a new code replaces the old one
    expect((await enter(h.browser(), code)).body.error.code).toBe('ENROLLMENT_CODE_INVALID');
    h.advance(60_000);
    expect((await enter(h.browser(), inTime.body.code)).body.error.code).toBe('ENROLLMENT_CODE_INVALID');

    const lastMoment = (await generate()).body.code;
    h.advance(59_999);
    expect((await enter(h.browser(), lastMoment)).status).toBe(200);

    const changed = await admin.put('/api/o/acme/admin/settings/enrollment', { codeSeconds: 120 });
    expect(changed.body).toEqual({ codeSeconds: 120, linkDays: 7 });
    const longer = (await generate()).body;
    expect(longer.validForSeconds).toBe(120);
    h.advance(100_000);
    expect((await enter(h.browser(), longer.code)).status).toBe(200);
    for (const body of [
      { codeSeconds: 5 },
      { codeSeconds: 601 },
      { linkDays: 0 },
      { linkDays: 31 },
      { codeSeconds: '60' },
      { other: 1 },
    ]) {
      expect(
        (await admin.put('/api/o/acme/admin/settings/enrollment', body)).body.error.code,
        JSON.stringify(body),
      ).toBe('VALIDATION_FAILED');
    }
    expect((await admin.get('/api/o/acme/admin/settings/enrollment')).body).toEqual({ codeSeconds: 120, linkDays: 7 });
  });

  it('allows 5 wrong entries, then is void even for the right code', async () => {
    // Four wrong, then the right one: it still works.
    const { code } = (await generate()).body;
    for (let i = 0; i < 4; i++)
      expect((await enter(h.browser(), wrongCode(code))).body.error.code).toBe('ENROLLMENT_CODE_INVALID');
    expect((await enter(h.browser(), code)).status).toBe(200);
    // Five wrong: void.
    const fresh = (await generate()).body.code;
    for (let i = 0; i < 5; i++) await enter(h.browser(), wrongCode(fresh));
    expect((await enter(h.browser(), fresh)).body.error.code).toBe('ENROLLMENT_CODE_INVALID');
    const row = await h.deps.db
      .selectFrom('enrollment_codes')
      .selectAll()
      .where('used_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(row.voided_at).not.toBeNull();
    const failed = await h.deps.db
      .selectFrom('audit_events')
      .select('details')
      .where('type', '=', 'enrollment_code.failed')
      .execute();
    expect(failed.map((f) => JSON.parse(f.details).voided)).toContain(true);
    expect(JSON.stringify(failed)).not.toContain(fresh.replace(/-/g, ''));
  });

  it('counts racing wrong entries exactly, and refuses the right code once 5 entries are counted', async () => {
    const { code } = (await generate()).body;
    await Promise.all(Array.from({ length: 12 }, () => enter(h.browser(), wrongCode(code))));
    const row = await h.deps.db.selectFrom('enrollment_codes').selectAll().executeTakeFirstOrThrow();
    // Counted without lost updates (entries after the code became void find nothing to count).
    expect(row.failed_attempts).toBeGreaterThanOrEqual(5);
    expect(row.voided_at).not.toBeNull();
    expect((await enter(h.browser(), code)).body.error.code).toBe('ENROLLMENT_CODE_INVALID');

    // Five wrong entries counted but the code not yet marked void (they are still racing): the right one is refused.
    const next = (await generate()).body.code;
    await h.deps.db
      .updateTable('enrollment_codes')
      .set({ failed_attempts: 5 })
      .where('used_at', 'is', null)
      .where('voided_at', 'is', null)
      .execute();
    expect((await enter(h.browser(), next)).body.error.code).toBe('ENROLLMENT_CODE_INVALID');
  });

  it('lets the right code through when it races with fewer than 5 wrong ones, 50 rounds in a row', async () => {
    // Two instances (two connection pools on PostgreSQL), so the entries really run in parallel.
    const second = await h.secondInstance();
    const onEither = (i: number) => Object.assign(h.browser(), { app: i % 2 ? second : h.app });
    for (let round = 0; round < 50; round++) {
      h.advance(15 * 60 * 1000); // a fresh window for the per-address limit
      const { code } = await issueEnrollmentCode(h.deps, {
        org: acme,
        user: bob,
        actor: {
          actorId: adminUser.id,
          context: { ip: null, userAgent: null },
        },
      });
      const right = round % 5; // the right entry sent first, last and in between
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) => enter(onEither(i + round), i === right ? code : wrongCode(code))),
      );
      expect(
        results.map((r) => r.status),
        `round ${round}`,
      ).toEqual(Array.from({ length: 5 }, (_, i) => (i === right ? 200 : 400)));
    }
  });

  it("is only for Pending users, and only within the admin's authority", async () => {
    const { browser } = await redeemSetupLink(h, acme, bob);
    expect((await browser.addPasskey('acme')).status).toBe(200);
    expect(await generate()).toMatchObject({ status: 409, body: { error: { code: 'USER_ALREADY_ENROLLED' } } });
    expect((await admin.post(`/api/o/acme/admin/users/${bob.id}/enrollment-email`, {})).body.error.code).toBe(
      'USER_ALREADY_ENROLLED',
    );
    expect(await h.deps.db.selectFrom('enrollment_codes').select('id').execute()).toEqual([]);
  });

  it('answers unknown usernames, wrong usernames and malformed codes alike; limits entries per address', async () => {
    const { code } = (await generate()).body;
    expect((await enter(h.browser(), code, 'nobody-at-all')).body.error.code).toBe('ENROLLMENT_CODE_INVALID');
    const unknown = await h.deps.db
      .selectFrom('audit_events')
      .selectAll()
      .where('type', '=', 'enrollment_code.failed')
      .executeTakeFirstOrThrow();
    expect(unknown).toMatchObject({ user_id: null, details: JSON.stringify({ reason: 'unknown_user' }) });
    expect(JSON.stringify(unknown)).not.toContain('nobody-at-all');
    expect((await enter(h.browser(), code, 'ada')).body.error.code).toBe('ENROLLMENT_CODE_INVALID');
    for (const body of [
      { username: 'bob' },
      { code },
      { username: 'bob', code: '<script>' },
      { username: 'bob', code: 'A'.repeat(21) },
      { username: '', code },
      { username: 'bob', code, extra: 1 },
    ]) {
      const response = await h.browser().post('/api/o/acme/enroll', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await enter(h.browser(), code)).status).toBe(200);
    let limited = false;
    for (let i = 0; i < 35 && !limited; i++)
      limited = (await enter(h.browser(), 'AAA-AAA-AAA', 'nobody')).status === 429;
    expect(limited).toBe(true);
  });

  it('asks the admin to confirm it is them when their last verification is over 5 minutes old', async () => {
    const carl = await h.user({ org: acme, username: 'carl', role: 'admin', password: 'carl the admin' });
    const carlBrowser = h.browser();
    expect((await carlBrowser.signInWithPassword('acme', 'carl', 'carl the admin')).status).toBe(200);
    h.advance(5 * 60 * 1000);
    for (const [url, body] of [
      [`/api/o/acme/admin/users/${bob.id}/enrollment-code`, {}],
      [`/api/o/acme/admin/users/${bob.id}/enrollment-email`, {}],
      [`/api/o/acme/admin/users/${bob.id}/recover`, { passkeyIds: 'all', method: 'code' }],
    ] as const) {
      expect(await carlBrowser.post(url, body), url).toMatchObject({
        status: 403,
        body: { error: { code: 'REVERIFY_REQUIRED' } },
      });
    }
    expect(await h.deps.db.selectFrom('enrollment_codes').select('id').execute()).toEqual([]);
    expect((await carlBrowser.post('/api/o/acme/me/reverify/password', { password: 'carl the admin' })).status).toBe(
      200,
    );
    expect((await carlBrowser.post(`/api/o/acme/admin/users/${bob.id}/enrollment-code`)).status).toBe(200);
    expect(carl.role).toBe('admin');
  });

  it('refuses codes beside a password where passkeys are not offered, and for unknown users', async () => {
    await h.deps.db.updateTable('organisations').set({ rollout: 'admins' }).where('id', '=', acme.id).execute();
    await h.deps.db.updateTable('users').set({ password_hash: 'x' }).where('id', '=', bob.id).execute();
    const refused = await generate();
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'USER_HAS_PASSWORD' } } });
    expect(await h.deps.db.selectFrom('enrollment_codes').select('id').execute()).toEqual([]);
    expect((await generate('00000000-0000-4000-8000-000000000000')).body.error.code).toBe('USER_NOT_FOUND');
  });
});
