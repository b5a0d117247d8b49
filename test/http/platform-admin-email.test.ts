/**
 * Issue #14: with SMTP, the operator's new admin gets their setup link by email (through the outbox),
 * not the operator.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

const linkIn = (text: string) => /(http:\/\/localhost:3000\/o\/[a-z]+\/setup#token=[A-Za-z0-9_-]+)/.exec(text)?.[1];

describe.each(DIALECTS)('operator: a new admin gets their setup link by email when SMTP is set (%s)', (dialect) => {
  let smtp: TestSmtpServer;
  let h: Harness;
  let operator: Browser;
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(() => smtp.stop());
  beforeEach(async () => {
    h = await createHarness(dialect, { SMTP_URL: smtp.url, MAIL_FROM: 'Latchkey <latchkey@example.com>' });
    const platform = await h.org('platform', 'Platform');
    const op = await h.user({ org: platform, username: 'op', role: 'operator' });
    ({ browser: operator } = await redeemSetupLink(h, platform, op));
  });
  afterEach(() => h.close());

  it('emails the first admin their link, shows the operator no link, and the link lets the admin in once', async () => {
    const created = await operator.post('/api/platform/orgs', {
      slug: 'initech',
      name: 'Initech',
      firstAdmin: { username: 'peter', email: 'peter@initech.example' },
    });
    expect(created.status).toBe(200);
    expect(created.body.firstAdmin).toEqual({
      username: 'peter',
      setupLink: null,
      email: { to: 'peter@initech.example', state: 'sent' },
    });
    const mail = await smtp.nextMessage(10_000);
    expect(mail.to).toContain('peter@initech.example');
    const link = linkIn(mail.text);
    expect(link).toMatch(/\/o\/initech\/setup#token=/);
    const token = new URL(link!).hash.slice('#token='.length);
    expect(JSON.stringify(created.body)).not.toContain(token);
    // Recorded as an enrollment email by the operator, without the link.
    const events = await h.deps.db
      .selectFrom('audit_events')
      .selectAll()
      .where('type', 'like', 'enrollment_email.%')
      .execute();
    expect(events.map((e) => e.type).sort()).toEqual(['enrollment_email.queued', 'enrollment_email.sent']);
    expect(JSON.stringify(events)).not.toContain(token);
    const admin = h.browser();
    expect((await admin.post('/api/o/initech/setup', { token })).body.user).toMatchObject({
      username: 'peter',
      role: 'admin',
    });
    expect((await admin.get('/api/o/initech/admin/home')).status).toBe(200);
    expect((await h.browser().post('/api/o/initech/setup', { token })).body.error.code).toBe('SETUP_LINK_INVALID');
  });

  it('still hands the link to the operator for an admin without an email address (Add administrator too)', async () => {
    expect((await operator.post('/api/platform/orgs', { slug: 'hooli', name: 'Hooli' })).status).toBe(200);
    const added = await operator.post('/api/platform/orgs/hooli/admins', { username: 'gavin' });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ username: 'gavin', email: null, setupLink: { url: expect.any(String) } });
    const emailed = await operator.post('/api/platform/orgs/hooli/admins', {
      username: 'monica',
      email: 'monica@hooli.example',
    });
    expect(emailed.body).toMatchObject({ username: 'monica', setupLink: null, email: { to: 'monica@hooli.example' } });
    expect((await smtp.nextMessage(10_000)).to).toContain('monica@hooli.example');
  });
});
