import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CANCELS_PER_ADDRESS } from '../../src/device-link/cancel-device-link.js';
import type { Organisation } from '../../src/orgs/organisations.js';
import { DIALECTS } from '../support/databases.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

const PASSWORD = 'correct horse battery';
const CODE = /^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{4}-[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{4}$/;

describe.each(DIALECTS)('sign in to another device with a code (%s)', (dialect) => {
  let h: Harness;
  let org: Organisation;
  let phone: Browser; // signed in, with a passkey
  let laptop: Browser; // the new device
  beforeEach(async () => {
    h = await createHarness(dialect);
    org = await h.org();
    await h.user({ org, username: 'ada', password: PASSWORD });
    await h.user({ org, username: 'eve', password: 'eve has a password' });
    phone = h.browser();
    phone.userAgent =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 ' +
      '(KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';
    await phone.signInWithPassword('acme', 'ada', PASSWORD);
    await phone.addPasskey('acme');
    laptop = h.browser();
  });
  afterEach(() => h.close());

  async function approveWithPasskey(approver: Browser, id: string) {
    const options = await approver.post(`/api/o/acme/me/device-links/${id}/approve/options`);
    const response = await approver.authenticator.authenticate(options.body.options);
    return approver.post(`/api/o/acme/me/device-links/${id}/approve`, { response });
  }

  it('signs the new device in after approval with the passkey, recorded in the audit log of both', async () => {
    const started = await laptop.post('/api/o/acme/device-link', { identifier: 'ada' });
    expect(started.body.code).toMatch(CODE);
    expect(started.body.expiresAt).toBe(h.deps.clock() + 5 * 60 * 1000);
    expect((await laptop.get(`/api/o/acme/device-link/${started.body.id}`)).body.state).toBe('pending');
    expect((await laptop.post(`/api/o/acme/device-link/${started.body.id}/complete`)).body.error.code).toBe(
      'DEVICE_LINK_NOT_APPROVED',
    );

    // Typed on the phone in lower case without the dash.
    const lookup = await phone.post('/api/o/acme/me/device-links/lookup', {
      code: started.body.code.replace('-', '').toLowerCase(),
    });
    expect(lookup.body.request).toMatchObject({
      id: started.body.id,
      userAgentLabel: 'Chrome on Linux',
      ip: '127.0.0.1',
      createdAt: h.deps.clock(),
    });
    expect((await approveWithPasskey(phone, started.body.id)).status).toBe(200);

    expect((await laptop.get(`/api/o/acme/device-link/${started.body.id}`)).body.state).toBe('approved');
    const completed = await laptop.post(`/api/o/acme/device-link/${started.body.id}/complete`);
    expect(completed.body.user.username).toBe('ada');
    const me = await laptop.get('/api/o/acme/me');
    expect(me.body.session.method).toBe('device-link');
    // Freshly verified, so the new device can create its own passkey at once.
    expect(me.body.session.reverifyRequired).toBe(false);
    expect((await laptop.addPasskey('acme')).status).toBe(200);
    expect((await laptop.get('/api/o/acme/me/passkeys')).body.passkeys.map((p: { name: string }) => p.name)).toEqual([
      'Safari on iOS',
      'Chrome on Linux',
    ]);

    const phoneSession = (await phone.get('/api/o/acme/me')).body.session.id;
    const events = await h.deps.db
      .selectFrom('audit_events')
      .select(['type', 'details'])
      .where('type', 'in', ['device_link.approved', 'sign_in.succeeded'])
      .orderBy('created_at')
      .execute();
    const approved = events.find((e) => e.type === 'device_link.approved')!;
    const signIn = events
      .filter((e) => e.type === 'sign_in.succeeded')
      .map((e) => JSON.parse(e.details))
      .find((d) => d.method === 'device-link');
    expect(JSON.parse(approved.details)).toMatchObject({
      requestId: started.body.id,
      approvingSessionId: phoneSession,
    });
    expect(signIn).toMatchObject({ approvedBySessionId: phoneSession, requestId: started.body.id });
    // The state after use, and a second collection, give nothing more.
    expect((await laptop.get(`/api/o/acme/device-link/${started.body.id}`)).body.state).toBe('completed');
    expect((await laptop.post(`/api/o/acme/device-link/${started.body.id}/complete`)).body.error.code).toBe(
      'DEVICE_LINK_NOT_APPROVED',
    );
  });

  it('is collected once: completions racing each other get one session between them', async () => {
    const started = await laptop.post('/api/o/acme/device-link', { identifier: 'ada' });
    expect((await phone.post('/api/o/acme/me/device-links/lookup', { code: started.body.code })).status).toBe(200);
    expect((await approveWithPasskey(phone, started.body.id)).status).toBe(200);
    const complete = () => laptop.post(`/api/o/acme/device-link/${started.body.id}/complete`);
    const answers = await Promise.all([complete(), complete(), complete()]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409, 409]);
    const sessions = await h.deps.db.selectFrom('sessions').select('id').where('method', '=', 'device-link').execute();
    expect(sessions).toHaveLength(1);
  });

  it('stores only a hash of the code', async () => {
    const started = await laptop.post('/api/o/acme/device-link', { identifier: 'ada' });
    const rows = await h.deps.db.selectFrom('device_links').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(started.body.code.replace('-', ''));
    const audit = await h.deps.db.selectFrom('audit_events').selectAll().execute();
    expect(JSON.stringify(audit)).not.toContain(started.body.code.replace('-', ''));
  });

  it('refuses an expired code', async () => {
    const started = await laptop.post('/api/o/acme/device-link', { identifier: 'ada' });
    h.advance(5 * 60 * 1000);
    expect((await phone.post('/api/o/acme/me/device-links/lookup', { code: started.body.code })).body.error.code).toBe(
      'DEVICE_CODE_INVALID',
    );
    expect((await laptop.get(`/api/o/acme/device-link/${started.body.id}`)).body.state).toBe('expired');
  });

  it('refuses a code that was already used', async () => {
    const started = await laptop.post('/api/o/acme/device-link', { identifier: 'ada' });
    await phone.post('/api/o/acme/me/device-links/lookup', { code: started.body.code });
    await approveWithPasskey(phone, started.body.id);
    expect((await phone.post('/api/o/acme/me/device-links/lookup', { code: started.body.code })).body.error.code).toBe(
      'DEVICE_CODE_INVALID',
    );
    expect((await approveWithPasskey(phone, started.body.id)).body.error.code).toBe('DEVICE_LINK_NOT_FOUND');
  });

  it('refuses approval from another account, with no detail, and voids the code after repeated tries', async () => {
    const started = await laptop.post('/api/o/acme/device-link', { identifier: 'ada' });
    const eve = h.browser();
    await eve.signInWithPassword('acme', 'eve', 'eve has a password');
    const attempt = await eve.post('/api/o/acme/me/device-links/lookup', { code: started.body.code });
    expect(attempt.status).toBe(400);
    expect(attempt.body.error).toEqual({ code: 'DEVICE_CODE_INVALID', message: expect.any(String) });
    expect(JSON.stringify(attempt.body)).not.toMatch(/ada/i);
    // Even knowing the id, Eve cannot approve or deny Ada's request.
    expect(
      (await eve.post(`/api/o/acme/me/device-links/${started.body.id}/approve`, { password: 'eve has a password' }))
        .body.error.code,
    ).toBe('DEVICE_LINK_NOT_FOUND');
    expect((await eve.post(`/api/o/acme/me/device-links/${started.body.id}/deny`)).body.error.code).toBe(
      'DEVICE_LINK_NOT_FOUND',
    );
    await eve.post('/api/o/acme/me/device-links/lookup', { code: started.body.code });
    await eve.post('/api/o/acme/me/device-links/lookup', { code: started.body.code });
    expect((await phone.post('/api/o/acme/me/device-links/lookup', { code: started.body.code })).body.error.code).toBe(
      'DEVICE_CODE_INVALID',
    );
    expect((await laptop.get(`/api/o/acme/device-link/${started.body.id}`)).body.state).toBe('expired');
  });

  it('gives a code for an unknown account that never works, exactly like a real one', async () => {
    const started = await laptop.post('/api/o/acme/device-link', { identifier: 'nobody' });
    expect(started.body.code).toMatch(CODE);
    expect((await phone.post('/api/o/acme/me/device-links/lookup', { code: started.body.code })).body.error.code).toBe(
      'DEVICE_CODE_INVALID',
    );
  });

  it('lets the signed-in device deny', async () => {
    const started = await laptop.post('/api/o/acme/device-link', { identifier: 'ada' });
    await phone.post('/api/o/acme/me/device-links/lookup', { code: started.body.code });
    expect((await phone.post(`/api/o/acme/me/device-links/${started.body.id}/deny`)).status).toBe(200);
    expect((await laptop.get(`/api/o/acme/device-link/${started.body.id}`)).body.state).toBe('denied');
    expect((await laptop.post(`/api/o/acme/device-link/${started.body.id}/complete`)).body.error.code).toBe(
      'DEVICE_LINK_NOT_APPROVED',
    );
  });

  it('asks for the passkey, not just the session, to approve', async () => {
    const started = await laptop.post('/api/o/acme/device-link', { identifier: 'ada' });
    expect((await phone.post(`/api/o/acme/me/device-links/${started.body.id}/approve`, {})).body.error.code).toBe(
      'CHALLENGE_INVALID',
    );
    expect(
      (await phone.post(`/api/o/acme/me/device-links/${started.body.id}/approve`, { password: PASSWORD })).body.error
        .code,
    ).toBe('CHALLENGE_INVALID');
    phone.authenticator.userVerified = false;
    expect((await approveWithPasskey(phone, started.body.id)).body.error.code).toBe('PASSKEY_RESPONSE_INVALID');
    expect((await laptop.get(`/api/o/acme/device-link/${started.body.id}`)).body.state).toBe('pending');
  });

  it('limits code entries to 5 per member per 15 minutes', async () => {
    const started = await laptop.post('/api/o/acme/device-link', { identifier: 'ada' });
    for (let i = 0; i < 5; i++)
      expect((await phone.post('/api/o/acme/me/device-links/lookup', { code: 'AAAA-AAAA' })).status).toBe(400);
    const limited = await phone.post('/api/o/acme/me/device-links/lookup', { code: started.body.code });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    h.advance(15 * 60 * 1000);
    const fresh = await laptop.post('/api/o/acme/device-link', { identifier: 'ada' });
    expect((await phone.post('/api/o/acme/me/device-links/lookup', { code: fresh.body.code })).status).toBe(200);
  });

  it("limits entries per member, not per session: no member's sessions can fail another's right code", async () => {
    // Passkey sign-in has no limit, so Eve can open as many sessions as she likes.
    const eve = h.browser();
    await eve.signInWithPassword('acme', 'eve', 'eve has a password');
    expect((await eve.addPasskey('acme')).status).toBe(200);
    const statuses: number[] = [];
    for (let session = 0; session < 45; session++) {
      expect((await eve.signInWithPasskey('acme')).status).toBe(200);
      const entries = await Promise.all(
        Array.from({ length: 5 }, () => eve.post('/api/o/acme/me/device-links/lookup', { code: 'AAAA-AAAA' })),
      );
      statuses.push(...entries.map((r) => r.status));
    }
    const started = await laptop.post('/api/o/acme/device-link', { identifier: 'ada' });
    expect((await phone.post('/api/o/acme/me/device-links/lookup', { code: started.body.code })).status).toBe(200);
    expect(statuses.filter((s) => s === 400)).toHaveLength(5);
  });

  it('holds the limit against parallel guesses', async () => {
    const results = await Promise.all(
      Array.from({ length: 30 }, () => phone.post('/api/o/acme/me/device-links/lookup', { code: 'AAAA-AAAA' })),
    );
    expect(results.filter((r) => r.status === 400)).toHaveLength(5);
    expect(results.filter((r) => r.status === 429)).toHaveLength(25);
  });

  it('tells a polling browser other than the requester nothing', async () => {
    const started = await laptop.post('/api/o/acme/device-link', { identifier: 'ada' });
    const stranger = h.browser();
    await stranger.post('/api/o/acme/device-link', { identifier: 'eve' }); // has a ceremony cookie of its own
    const poll = await stranger.get(`/api/o/acme/device-link/${started.body.id}`);
    expect(poll.status).toBe(404);
    expect(poll.body.error.code).toBe('DEVICE_LINK_NOT_FOUND');
    expect((await h.browser().get(`/api/o/acme/device-link/${started.body.id}`)).body.error.code).toBe(
      'DEVICE_LINK_NOT_FOUND',
    );
    await phone.post('/api/o/acme/me/device-links/lookup', { code: started.body.code });
    await approveWithPasskey(phone, started.body.id);
    expect((await stranger.post(`/api/o/acme/device-link/${started.body.id}/complete`)).body.error.code).toBe(
      'DEVICE_LINK_NOT_APPROVED',
    );
  });

  it("Cancel on the new device: the code stops working at once, even approved; only the asking browser's", async () => {
    const started = await laptop.post('/api/o/acme/device-link', { identifier: 'ada' });
    const cancel = (browser: Browser) => browser.post(`/api/o/acme/device-link/${started.body.id}/cancel`);
    const voided = () =>
      h.deps.db.selectFrom('audit_events').select(['details', 'user_id']).where('type', '=', 'device_link.voided');
    // Another browser (a ceremony cookie of its own, or none) cancels nothing.
    const stranger = h.browser();
    await stranger.post('/api/o/acme/device-link', { identifier: 'eve' });
    expect((await cancel(stranger)).body).toEqual({ ok: true });
    expect((await cancel(h.browser())).body.error.code).toBe('DEVICE_LINK_NOT_FOUND');
    expect((await laptop.get(`/api/o/acme/device-link/${started.body.id}`)).body.state).toBe('pending');
    expect(await voided().execute()).toEqual([]);

    expect((await cancel(laptop)).body).toEqual({ ok: true });
    expect((await phone.post('/api/o/acme/me/device-links/lookup', { code: started.body.code })).body.error.code).toBe(
      'DEVICE_CODE_INVALID',
    );
    expect((await approveWithPasskey(phone, started.body.id)).body.error.code).toBe('DEVICE_LINK_NOT_FOUND');
    expect((await laptop.get(`/api/o/acme/device-link/${started.body.id}`)).body.state).toBe('expired');
    // Again: the same answer, recorded once. A request for an unknown account is cancelled unrecorded, as it was made.
    expect((await cancel(laptop)).body).toEqual({ ok: true });
    const ghost = h.browser();
    const unknown = await ghost.post('/api/o/acme/device-link', { identifier: 'nobody' });
    expect((await ghost.post(`/api/o/acme/device-link/${unknown.body.id}/cancel`)).body).toEqual({ ok: true });
    expect((await ghost.get(`/api/o/acme/device-link/${unknown.body.id}`)).body.state).toBe('expired');
    const ada = await h.deps.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'ada')
      .executeTakeFirstOrThrow();
    expect((await voided().execute()).map((e) => ({ ...e, details: JSON.parse(e.details) }))).toEqual([
      {
        user_id: ada.id,
        details: { count: 1, reason: 'cancelled_on_new_device', requestId: started.body.id },
      },
    ]);

    // Approved on the phone, then cancelled before it was collected: nothing to collect.
    const second = await laptop.post('/api/o/acme/device-link', { identifier: 'ada' });
    await phone.post('/api/o/acme/me/device-links/lookup', { code: second.body.code });
    expect((await approveWithPasskey(phone, second.body.id)).status).toBe(200);
    await laptop.post(`/api/o/acme/device-link/${second.body.id}/cancel`);
    expect((await laptop.post(`/api/o/acme/device-link/${second.body.id}/complete`)).body.error.code).toBe(
      'DEVICE_LINK_NOT_APPROVED',
    );
    expect((await laptop.get('/api/o/acme/me')).status).toBe(401);
  });

  it('limits cancels per address', async () => {
    const started = await laptop.post('/api/o/acme/device-link', { identifier: 'ada' });
    const cancel = () => laptop.post(`/api/o/acme/device-link/${started.body.id}/cancel`);
    for (let i = 0; i < CANCELS_PER_ADDRESS; i++) expect((await cancel()).status).toBe(200);
    const refused = await cancel();
    expect([refused.status, refused.body.error.code]).toEqual([429, 'RATE_LIMITED']);
  });

  it('rate-limits polling', async () => {
    const started = await laptop.post('/api/o/acme/device-link', { identifier: 'ada' });
    let last = 200;
    for (let i = 0; i < 151; i++) last = (await laptop.get(`/api/o/acme/device-link/${started.body.id}`)).status;
    expect(last).toBe(429);
  });

  it('works across two instances sharing the database: approved on B, seen and collected on A', async () => {
    const instanceB = await h.secondInstance();
    const phoneOnB = h.browser();
    phoneOnB.app = instanceB;
    for (const [k, v] of phone.cookies) phoneOnB.cookies.set(k, v);
    phoneOnB.authenticator.credentials.push(...phone.authenticator.credentials);
    const started = await laptop.post('/api/o/acme/device-link', { identifier: 'ada' });
    expect((await phoneOnB.post('/api/o/acme/me/device-links/lookup', { code: started.body.code })).status).toBe(200);
    expect((await approveWithPasskey(phoneOnB, started.body.id)).status).toBe(200);
    // The new device polls instance A once a second; the very next poll sees the approval.
    expect((await laptop.get(`/api/o/acme/device-link/${started.body.id}`)).body.state).toBe('approved');
    expect((await laptop.post(`/api/o/acme/device-link/${started.body.id}/complete`)).status).toBe(200);
    // Wrong-code limits are shared too: 3 wrong entries on A and 2 on B use up the session's 5.
    for (let i = 0; i < 3; i++) await phone.post('/api/o/acme/me/device-links/lookup', { code: 'AAAA-AAAA' });
    for (let i = 0; i < 2; i++) await phoneOnB.post('/api/o/acme/me/device-links/lookup', { code: 'AAAA-AAAA' });
    expect((await phone.post('/api/o/acme/me/device-links/lookup', { code: 'AAAA-AAAA' })).status).toBe(429);
  });
});
