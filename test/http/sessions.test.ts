import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { createHarness, type Harness } from '../support/harness.js';

describe.each(DIALECTS)('sessions (%s)', (dialect) => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness(dialect, { SESSION_IDLE_MINUTES: '60', SESSION_MAX_DAYS: '1' });
    const org = await h.org();
    await h.user({ org, username: 'ada', password: 'correct horse battery' });
    await h.user({ org, username: 'eve', password: 'eve has a password' });
  });
  afterEach(() => h.close());

  it('asks to re-verify before signing out other sessions: a stolen phone cannot sign the owner out', async () => {
    const laptop = h.browser();
    const phone = h.browser();
    await laptop.signInWithPassword('acme', 'ada', 'correct horse battery');
    await phone.signInWithPassword('acme', 'ada', 'correct horse battery');
    h.advance(5 * 60 * 1000 + 1);
    const { sessions } = (await phone.get('/api/o/acme/me/sessions')).body;
    const laptopSession = sessions.find((s: { current: boolean }) => !s.current);
    for (const refused of [
      await phone.delete(`/api/o/acme/me/sessions/${laptopSession.id}`),
      await phone.post('/api/o/acme/me/sessions/revoke-others'),
    ]) {
      expect([refused.status, refused.body.error.code]).toEqual([403, 'REVERIFY_REQUIRED']);
    }
    expect((await laptop.get('/api/o/acme/me')).status).toBe(200);
    const audited = await h.deps.db.selectFrom('audit_events').select('type').where('type', '=', 'session.revoked');
    expect(await audited.execute()).toEqual([]);

    // Ada on her laptop confirms it is her, then signs the phone out.
    expect((await laptop.post('/api/o/acme/me/reverify/password', { password: 'correct horse battery' })).status).toBe(
      200,
    );
    expect((await laptop.post('/api/o/acme/me/sessions/revoke-others')).body).toEqual({ revoked: 1 });
    expect((await phone.get('/api/o/acme/me')).status).toBe(401);
  });

  it('lists active sessions with the current one marked, and signs one out', async () => {
    const laptop = h.browser();
    const phone = h.browser();
    phone.userAgent =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 ' +
      '(KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';
    await laptop.signInWithPassword('acme', 'ada', 'correct horse battery');
    await phone.signInWithPassword('acme', 'ada', 'correct horse battery');
    const { sessions } = (await laptop.get('/api/o/acme/me/sessions')).body;
    expect(sessions).toHaveLength(2);
    const current = sessions.find((s: { current: boolean }) => s.current);
    const other = sessions.find((s: { current: boolean }) => !s.current);
    expect(current.userAgentLabel).toBe('Chrome on Linux');
    expect(other.userAgentLabel).toBe('Safari on iOS');
    expect(other.method).toBe('password');
    expect((await laptop.delete(`/api/o/acme/me/sessions/${other.id}`)).status).toBe(200);
    expect((await phone.get('/api/o/acme/me')).status).toBe(401);
    expect((await laptop.get('/api/o/acme/me')).status).toBe(200);
    const revoked = await h.deps.db
      .selectFrom('audit_events')
      .selectAll()
      .where('type', '=', 'session.revoked')
      .execute();
    expect(revoked).toHaveLength(1);
  });

  it('names the passkey a session signed in with, and no passkey for one that only created it', async () => {
    const laptop = h.browser();
    await laptop.signInWithPassword('acme', 'ada', 'correct horse battery');
    expect((await laptop.addPasskey('acme', 'Work laptop')).status).toBe(200);
    const kiosk = h.browser();
    kiosk.authenticator.credentials.push(...laptop.authenticator.credentials);
    expect((await kiosk.signInWithPasskey('acme')).status).toBe(200);
    const { sessions } = (await laptop.get('/api/o/acme/me/sessions')).body;
    const named = (current: boolean) => sessions.find((s: { current: boolean }) => s.current === current);
    expect(named(false)).toMatchObject({ method: 'passkey', passkeyName: 'Work laptop' });
    expect(named(true)).toMatchObject({ method: 'password', passkeyName: null });
  });

  it('signs out all other sessions', async () => {
    const browsers = [h.browser(), h.browser(), h.browser()];
    for (const b of browsers) await b.signInWithPassword('acme', 'ada', 'correct horse battery');
    const result = await browsers[0]!.post('/api/o/acme/me/sessions/revoke-others');
    expect(result.body.revoked).toBe(2);
    expect((await browsers[1]!.get('/api/o/acme/me')).status).toBe(401);
    expect((await browsers[0]!.get('/api/o/acme/me')).status).toBe(200);
  });

  it("cannot sign out another user's session", async () => {
    const ada = h.browser();
    const eve = h.browser();
    await ada.signInWithPassword('acme', 'ada', 'correct horse battery');
    await eve.signInWithPassword('acme', 'eve', 'eve has a password');
    const [adaSession] = (await ada.get('/api/o/acme/me/sessions')).body.sessions;
    const attempt = await eve.delete(`/api/o/acme/me/sessions/${adaSession.id}`);
    expect(attempt.status).toBe(404);
    expect(attempt.body.error.code).toBe('SESSION_NOT_FOUND');
    expect((await ada.get('/api/o/acme/me')).status).toBe(200);
  });

  it('ends a session after the idle limit and after the maximum age', async () => {
    const browser = h.browser();
    await browser.signInWithPassword('acme', 'ada', 'correct horse battery');
    h.advance(59 * 60 * 1000);
    expect((await browser.get('/api/o/acme/me')).status).toBe(200); // activity extends it
    h.advance(59 * 60 * 1000);
    expect((await browser.get('/api/o/acme/me')).status).toBe(200);
    h.advance(61 * 60 * 1000);
    expect((await browser.get('/api/o/acme/me')).status).toBe(401);

    await browser.signInWithPassword('acme', 'ada', 'correct horse battery');
    for (let i = 0; i < 25; i++) {
      h.advance(59 * 60 * 1000);
      await browser.get('/api/o/acme/me');
    }
    expect((await browser.get('/api/o/acme/me')).status).toBe(401);
  });

  it('stores only a hash of the session token', async () => {
    const browser = h.browser();
    await browser.signInWithPassword('acme', 'ada', 'correct horse battery');
    const token = browser.cookies.get('lk_session_acme')!;
    const rows = await h.deps.db.selectFrom('sessions').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);
  });
});
