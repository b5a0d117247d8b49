import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Harness } from '../support/harness.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

const tokenOf = (link: string) => new URL(link).hash.slice('#token='.length);

describe.each(DIALECTS)("no code or link in the server's log (%s)", (dialect) => {
  let smtp: TestSmtpServer;
  let h: Harness;
  const logs: string[] = [];
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(() => smtp.stop());
  afterEach(() => h.close());

  it('logs requests, refusals and deliveries at debug level without a code, token or email text', async () => {
    logs.length = 0;
    h = await createHarness(dialect, { SMTP_URL: smtp.url }, { logs });
    const acme = await h.org();
    const ada = await h.user({ org: acme, username: 'ada', role: 'admin' });
    const bob = await h.user({ org: acme, username: 'bob', email: 'bob@acme.example' });
    const cy = await h.user({ org: acme, username: 'cy', email: 'cy@acme.example' });
    const { browser: admin } = await redeemSetupLink(h, acme, ada);
    const secrets: string[] = [];

    // A code: entered wrong, then right; then a recovery code.
    const { code } = (await admin.post(`/api/o/acme/admin/users/${bob.id}/enrollment-code`)).body;
    secrets.push(code, code.replace(/-/g, ''));
    await h
      .browser()
      .post('/api/o/acme/enroll', { username: 'bob', code: `${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}` });
    const member = h.browser();
    expect((await member.post('/api/o/acme/enroll', { username: 'bob', code })).status).toBe(200);
    expect((await member.addPasskey('acme')).status).toBe(200);
    const recovered = await admin.post(`/api/o/acme/admin/users/${bob.id}/recover`, {
      passkeyIds: 'all',
      method: 'code',
    });
    secrets.push(recovered.body.code.code, recovered.body.code.code.replace(/-/g, ''));
    // Bob is told of the recovery by email: the notice carries no code.
    const notice = await smtp.nextMessage();
    expect(notice.text).toContain('recovered your account');
    expect(notice.text).not.toContain(recovered.body.code.code.replace(/-/g, '').slice(0, 4));

    // An email delivered, one refused by the server; the links they carry.
    expect((await admin.post(`/api/o/acme/admin/users/${cy.id}/enrollment-email`, {})).body.email.state).toBe('sent');
    const mail = await smtp.nextMessage();
    const link = /(http:\/\/\S+#token=\S+)/.exec(mail.text)![1]!;
    secrets.push(tokenOf(link));
    expect((await h.browser().post('/api/o/acme/setup', { token: tokenOf(link) })).status).toBe(200);
    expect((await h.browser().post('/api/o/acme/setup', { token: tokenOf(link) })).status).toBe(400);
    const dee = await h.user({ org: acme, username: 'dee', email: 'dee@acme.example' });
    smtp.refuseRecipient('dee@acme.example');
    expect((await admin.post(`/api/o/acme/admin/users/${dee.id}/enrollment-email`, {})).body.email.state).toBe(
      'failed',
    );

    // A "sign in from another device" code: shown on the new device, entered on the signed-in one (wrong, then right).
    const requested = await h.browser().post('/api/o/acme/device-link', { identifier: 'ada' });
    const deviceCode = requested.body.code as string;
    secrets.push(deviceCode, deviceCode.replace(/-/g, ''));
    await admin.post('/api/o/acme/me/device-links/lookup', {
      code: deviceCode.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
    });
    expect((await admin.post('/api/o/acme/me/device-links/lookup', { code: deviceCode })).status).toBe(200);

    // An app's sign-out carries the ID token in its query; a search, a member's address.
    const idToken = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJib2IifQ.c2lnbmF0dXJl';
    await h.browser().get(`/o/acme/oidc/session/end?id_token_hint=${idToken}&state=s1`);
    secrets.push(idToken);
    expect((await admin.get('/api/o/acme/admin/users?q=dee%40acme.example')).status).toBe(200);
    secrets.push('dee%40acme.example');

    const logged = logs.join('\n');
    // It did log: one line per request, each with its path and status (the refused setup link's 400 too).
    const requests = logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((l) => l.msg === 'request');
    expect(requests.length).toBeGreaterThanOrEqual(10);
    expect(requests).toContainEqual(expect.objectContaining({ url: '/api/o/acme/enroll', status: 200 }));
    expect(requests).toContainEqual(expect.objectContaining({ url: '/api/o/acme/setup', status: 400 }));
    expect(requests).toContainEqual(expect.objectContaining({ url: '/o/acme/oidc/session/end?id_token_hint&state' }));
    expect(requests).toContainEqual(expect.objectContaining({ url: '/api/o/acme/admin/users?q', status: 200 }));
    expect(logged).toContain('/enroll');
    for (const secret of secrets) expect(logged, 'a code or token was logged').not.toContain(secret);
    expect(logged).not.toContain('Hello');
    expect(logged).not.toMatch(/token=/);
  });
});
