import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { createHarness, type Harness } from '../support/harness.js';

describe.each(DIALECTS)('password sign-in (%s)', (dialect) => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness(dialect, { PASSWORD_ATTEMPTS_PER_ACCOUNT: '3', PASSWORD_ATTEMPTS_PER_IP: '6' });
    const org = await h.org();
    await h.user({ org, username: 'ada', email: 'ada@example.com', password: 'correct horse battery' });
    await h.user({ org, username: 'bob', password: 'another good password' });
  });
  afterEach(() => h.close());

  it('signs in by username or email, case-insensitively, with an HttpOnly SameSite=Lax cookie', async () => {
    const browser = h.browser();
    const response = await browser.request('POST', '/api/o/acme/sign-in/password', {
      identifier: 'ADA@Example.com',
      password: 'correct horse battery',
    });
    expect(response.status).toBe(200);
    expect(response.body.user).toMatchObject({ username: 'ada', hasPassword: true, passkeyCount: 0 });
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/lk_session_acme=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const me = await browser.get('/api/o/acme/me');
    expect(me.body.session.method).toBe('password');
  });

  it('marks the cookie Secure (and __Host-) when PUBLIC_URL is https', async () => {
    const secure = await createHarness(dialect, { PUBLIC_URL: 'https://id.example.com' });
    try {
      const org = await secure.org();
      await secure.user({ org, username: 'ada', password: 'correct horse battery' });
      const response = await secure.browser().signInWithPassword('acme', 'ada', 'correct horse battery');
      const cookie = String(response.headers['set-cookie']);
      expect(cookie).toMatch(/__Host-lk_session_acme=.*Secure/);
    } finally {
      await secure.close();
    }
  });

  it('gives the same coded error for a wrong password and an unknown account', async () => {
    const wrong = await h.browser().signInWithPassword('acme', 'ada', 'wrong password!');
    const unknown = await h.browser().signInWithPassword('acme', 'nobody', 'wrong password!');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    const failures = await h.deps.db
      .selectFrom('audit_events')
      .selectAll()
      .where('type', '=', 'sign_in.failed')
      .execute();
    expect(failures).toHaveLength(2);
    expect(failures.map((f) => f.details).join()).not.toContain('wrong password');
  });

  it('limits attempts per account, then answers 429 even for the right password', async () => {
    const browser = h.browser();
    for (let i = 0; i < 3; i++)
      expect((await browser.signInWithPassword('acme', 'ada', `wrong-${i}-password`)).status).toBe(401);
    const limited = await browser.signInWithPassword('acme', 'ada', 'correct horse battery');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(limited.headers['retry-after']).toBeDefined();
    // Another account from the same address is still fine, and the window passes.
    expect((await browser.signInWithPassword('acme', 'bob', 'another good password')).status).toBe(200);
    h.advance(15 * 60 * 1000);
    expect((await browser.signInWithPassword('acme', 'ada', 'correct horse battery')).status).toBe(200);
  });

  it('limits attempts per IP address across accounts', async () => {
    const browser = h.browser();
    for (let i = 0; i < 6; i++) await browser.signInWithPassword('acme', `user${i}`, 'whatever password');
    expect((await browser.signInWithPassword('acme', 'bob', 'another good password')).status).toBe(429);
  });

  it('counts attempts atomically under concurrency', async () => {
    const browser = h.browser();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => browser.signInWithPassword('acme', 'ada', 'not the password')),
    );
    expect(results.filter((r) => r.status === 401)).toHaveLength(3);
    expect(results.filter((r) => r.status === 429)).toHaveLength(5);
  });

  it('signs out: the cookie is cleared and the session revoked', async () => {
    const browser = h.browser();
    await browser.signInWithPassword('acme', 'ada', 'correct horse battery');
    const token = [...browser.cookies.values()][0]!;
    expect((await browser.post('/api/o/acme/sign-out')).status).toBe(200);
    expect((await browser.get('/api/o/acme/me')).status).toBe(401);
    const replay = h.browser();
    replay.cookies.set('lk_session_acme', token);
    expect((await replay.get('/api/o/acme/me')).body.error.code).toBe('UNAUTHENTICATED');
  });
});
