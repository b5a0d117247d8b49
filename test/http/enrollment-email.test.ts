import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliverDue, MAX_ATTEMPTS, retryDelay } from '../../src/mail/outbox.js';
import type { Organisation } from '../../src/orgs/organisations.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

const linkIn = (text: string) => /(http:\/\/localhost:3000\/o\/acme\/setup#token=[A-Za-z0-9_-]+)/.exec(text)?.[1];
const tokenOf = (link: string) => new URL(link).hash.slice('#token='.length);

describe.each(DIALECTS)('enrollment emails through the outbox (%s)', (dialect) => {
  let smtp: TestSmtpServer;
  let h: Harness;
  let acme: Organisation;
  let admin: Browser;
  let adminUser: User;
  let bob: User;
  const send = (body: object = {}, userId = bob.id) =>
    admin.post(`/api/o/acme/admin/users/${userId}/enrollment-email`, body);
  const outbox = () => h.deps.db.selectFrom('outbox').selectAll().orderBy('created_at').execute();

  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(() => smtp.stop());
  beforeEach(async () => {
    h = await createHarness(dialect, { SMTP_URL: smtp.url, MAIL_FROM: 'Acme sign-in <signin@acme.example>' });
    acme = await h.org();
    adminUser = await h.user({ org: acme, username: 'ada', role: 'admin' });
    bob = await h.user({ org: acme, username: 'bob', displayName: 'Bob Builder', email: 'bob@acme.example' });
    ({ browser: admin } = await redeemSetupLink(h, acme, adminUser));
    smtp.clear();
  });
  afterEach(() => h.close());

  it('to a member the rollout has not reached: the built-in password email, whatever the template', async () => {
    await h.deps.db.updateTable('organisations').set({ rollout: 'admins' }).where('id', '=', acme.id).execute();
    const template = await admin.post('/api/o/acme/admin/email-templates', {
      name: 'Passkeys',
      subject: 'Your {{organisation}} passkey',
      body: 'Create your passkey: {{link}}',
    });
    expect((await send({ templateId: template.body.template.id })).body.email.subject).toBe(
      'Set up your account for Acme',
    );
    const mail = await smtp.nextMessage();
    expect(mail.text).toContain('Open this link to choose the password you sign in to Acme with:');
    expect(mail.text).not.toMatch(/passkey/i);
    const member = h.browser();
    const setup = await member.post('/api/o/acme/setup', { token: tokenOf(linkIn(mail.text)!) });
    expect(setup.body).toMatchObject({ passkeysOffered: false, user: { hasPassword: false } });
    expect((await member.put('/api/o/acme/me/password', { password: 'bob chose a password' })).status).toBe(200);
  });

  it('sends the chosen template over SMTP; the link in the mail opens passkey creation once', async () => {
    const template = await admin.post('/api/o/acme/admin/email-templates', {
      name: 'Welcome',
      subject: 'Welcome to {{organisation}}, {{name}}',
      body: 'Hi {{name}} ({{username}}), create your passkey: {{link}} before {{expires}}.',
    });
    expect(template.status).toBe(200);
    const sent = await send({ templateId: template.body.template.id });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({
      link: null,
      email: {
        state: 'sent',
        to: 'bob@acme.example',
        subject: 'Welcome to Acme, Bob Builder',
        attempts: 1,
        lastError: null,
      },
    });
    const mail = await smtp.nextMessage();
    expect(mail.subject).toBe('Welcome to Acme, Bob Builder');
    expect(mail.to).toContain('bob@acme.example');
    expect(mail.text).toMatch(
      new RegExp(
        /^Hi Bob Builder \(bob\), create your passkey: http:\/\/localhost:3000\/o\/acme\/setup#token=\S+/.source +
          / before \d{1,2} \w+ 2026, \d\d:\d\d UTC\.$/.source,
      ),
    );
    const link = linkIn(mail.text)!;

    // Delivered: the link is gone from the database, the audit and the admin's view.
    const [row] = await outbox();
    expect(row).toMatchObject({ status: 'sent', text_body: null });
    const stored = JSON.stringify([
      await outbox(),
      await h.deps.db.selectFrom('audit_events').selectAll().execute(),
      await h.deps.db.selectFrom('enrollment_links').selectAll().execute(),
      (await admin.get(`/api/o/acme/admin/users/${bob.id}`)).body,
    ]);
    expect(stored).not.toContain(tokenOf(link));

    const member = h.browser();
    const opened = await member.post('/api/o/acme/setup', { token: tokenOf(link) });
    expect(opened.status).toBe(200);
    expect(opened.body.user.username).toBe('bob');
    expect((await member.addPasskey('acme')).status).toBe(200);
    expect((await admin.get(`/api/o/acme/admin/users/${bob.id}`)).body.user.enrollment).toBe('enrolled');
    expect((await h.browser().post('/api/o/acme/setup', { token: tokenOf(link) })).body.error.code).toBe(
      'SETUP_LINK_INVALID',
    );
    const events = (
      await h.deps.db.selectFrom('audit_events').select(['type', 'actor_id']).where('user_id', '=', bob.id).execute()
    ).map((e) => e.type);
    expect(events).toEqual(
      expect.arrayContaining([
        'enrollment_email.queued',
        'enrollment_email.sent',
        'setup_link.redeemed',
        'passkey.added',
      ]),
    );
  });

  it('uses the default template (built-in, or the one chosen) and the link validity of the organisation', async () => {
    const builtIn = await send();
    expect(builtIn.body.email.subject).toBe('Set up your passkey for Acme');
    expect(builtIn.body.expiresAt).toBe(h.deps.clock() + 7 * 24 * 60 * 60 * 1000);
    expect((await smtp.nextMessage()).text).toContain('Hello Bob Builder,');

    const custom = await admin.post('/api/o/acme/admin/email-templates', {
      name: 'Short',
      subject: 'Your {{organisation}} passkey',
      body: '{{link}}',
    });
    expect(
      (await admin.put('/api/o/acme/admin/email-templates/default', { templateId: custom.body.template.id })).status,
    ).toBe(200);
    await admin.put('/api/o/acme/admin/settings/enrollment', { linkDays: 2 });
    const chosen = await send();
    expect(chosen.body.email.subject).toBe('Your Acme passkey');
    expect(chosen.body.expiresAt).toBe(h.deps.clock() + 2 * 24 * 60 * 60 * 1000);
    const link = linkIn((await smtp.nextMessage()).text)!;
    // null names the built-in template even when another is the default.
    expect((await send({ templateId: null })).body.email.subject).toBe('Set up your passkey for Acme');
    await smtp.nextMessage();
    h.advance(2 * 24 * 60 * 60 * 1000);
    expect((await h.browser().post('/api/o/acme/setup', { token: tokenOf(link) })).body.error.code).toBe(
      'SETUP_LINK_INVALID',
    );
  });

  it('keeps the mail queued through an SMTP outage and delivers it when the server is back', async () => {
    await smtp.stop();
    try {
      const queued = await send();
      expect(queued.status).toBe(200);
      expect(queued.body.email).toMatchObject({
        state: 'queued',
        attempts: 1,
        lastError: 'The mail server refused the connection',
      });
      expect(queued.body.email.nextAttemptAt).toBe(h.deps.clock() + retryDelay(1));
      // Not due yet: nothing is tried.
      h.advance(retryDelay(1) - 1);
      await deliverDue(h.deps);
      expect((await outbox())[0]).toMatchObject({ status: 'queued', attempts: 1 });
      h.advance(1);
      await deliverDue(h.deps);
      expect((await outbox())[0]).toMatchObject({ status: 'queued', attempts: 2 });
      expect((await outbox())[0]!.next_attempt_at).toBe(h.deps.clock() + retryDelay(2));
      const listed = await admin.get('/api/o/acme/admin/emails');
      expect(listed.body).toMatchObject({
        smtpConfigured: true,
        emails: [{ state: 'queued', attempts: 2, lastError: 'The mail server refused the connection' }],
      });
      expect(JSON.stringify(listed.body)).not.toContain('token=');
    } finally {
      await smtp.start();
    }
    h.advance(retryDelay(2));
    expect(await deliverDue(h.deps)).toBe(1);
    const mail = await smtp.nextMessage();
    expect(mail.subject).toBe('Set up your passkey for Acme');
    expect((await outbox())[0]).toMatchObject({ status: 'sent', attempts: 3, text_body: null });
    expect((await h.browser().post('/api/o/acme/setup', { token: tokenOf(linkIn(mail.text)!) })).status).toBe(200);
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts or once the link has expired, and says why`, async () => {
    await smtp.stop();
    try {
      await send();
      for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
        h.advance(retryDelay(attempt - 1));
        await deliverDue(h.deps);
      }
      expect((await outbox())[0]).toMatchObject({
        status: 'failed',
        attempts: MAX_ATTEMPTS,
        text_body: null,
        last_error: 'The mail server refused the connection',
      });
      ({ browser: admin } = await redeemSetupLink(h, acme, adminUser)); // hours later: the admin signs in afresh
      await send();
      h.advance(8 * 24 * 60 * 60 * 1000);
      await deliverDue(h.deps);
      expect((await outbox())[1]).toMatchObject({
        status: 'failed',
        text_body: null,
        last_error: 'The link expired before the email could be delivered',
      });
      const failed = await h.deps.db
        .selectFrom('audit_events')
        .select('details')
        .where('type', '=', 'enrollment_email.failed')
        .execute();
      expect(failed).toHaveLength(2);
    } finally {
      await smtp.start();
    }
  });

  it('gives up at once when the server refuses the mailbox (550), and says so', async () => {
    smtp.refuseRecipient('bob@acme.example');
    const refused = await send();
    expect(refused.body.email).toMatchObject({
      state: 'failed',
      attempts: 1,
      nextAttemptAt: null,
      lastError: expect.stringMatching(/^The mail server answered 550: .*No such mailbox/),
    });
    expect((await outbox())[0]!.text_body).toBeNull();
    expect(smtp.messages).toEqual([]);
  });

  it('a recovery cancels a mail still waiting for the server: it is never sent afterwards', async () => {
    await smtp.stop();
    try {
      expect((await send()).body.email.state).toBe('queued');
      const { browser: member } = await redeemSetupLink(h, acme, bob);
      await member.addPasskey('acme');
      const recovered = await admin.post(`/api/o/acme/admin/users/${bob.id}/recover`, {
        passkeyIds: 'all',
        method: 'code',
      });
      expect(recovered.status).toBe(200);
    } finally {
      await smtp.start();
    }
    h.advance(retryDelay(1));
    // What goes out afterwards is only the recovery's own notice to the member (test/http/recovery-notice.test.ts),
    // queued after the cancellation: never the mail that was waiting, nor any link.
    const notice = `Your ${acme.name} account was recovered`;
    expect(await deliverDue(h.deps)).toBe(1);
    const mails = await outbox();
    expect(mails.filter((mail) => mail.subject !== notice)).toEqual([
      expect.objectContaining({
        status: 'failed',
        text_body: null,
        last_error: 'Cancelled: the account was recovered',
      }),
    ]);
    expect(mails.filter((mail) => mail.subject === notice)).toEqual([expect.objectContaining({ status: 'sent' })]);
    expect(smtp.messages.map((mail) => mail.subject)).toEqual([notice]);
    expect(smtp.messages[0]!.text).not.toMatch(/#token=/);
  });

  it('refuses users without an email and unknown templates, writing nothing', async () => {
    const noEmail = await h.user({ org: acme, username: 'cy' });
    expect(await send({}, noEmail.id)).toMatchObject({ status: 409, body: { error: { code: 'USER_HAS_NO_EMAIL' } } });
    expect((await send({ templateId: '00000000-0000-4000-8000-000000000000' })).body.error.code).toBe(
      'TEMPLATE_NOT_FOUND',
    );
    expect((await send({ templateId: 'nope' })).body.error.code).toBe('VALIDATION_FAILED');
    expect((await send({ other: true })).body.error.code).toBe('VALIDATION_FAILED');
    expect(await outbox()).toEqual([]);
    expect(await h.deps.db.selectFrom('enrollment_links').select('id').where('user_id', '=', bob.id).execute()).toEqual(
      [],
    );
  });
});

describe.each(DIALECTS)('enrollment emails without SMTP (%s)', (dialect) => {
  let h: Harness;
  afterEach(() => h.close());

  it('hands the admin the link once, as a handover (not failed, not queued); no working link is stored', async () => {
    h = await createHarness(dialect);
    const acme = await h.org();
    const ada = await h.user({ org: acme, username: 'ada', role: 'admin' });
    const bob = await h.user({ org: acme, username: 'bob', email: 'bob@acme.example' });
    const { browser: admin } = await redeemSetupLink(h, acme, ada);
    const sent = await admin.post(`/api/o/acme/admin/users/${bob.id}/enrollment-email`, {});
    expect(sent.body).toMatchObject({ email: { state: 'handed_over', attempts: 0, lastError: null } });
    expect(sent.body.link).toMatch(/^http:\/\/localhost:3000\/o\/acme\/setup#token=/);
    const page = await admin.get(`/api/o/acme/admin/users/${bob.id}`);
    expect(page.body.smtpConfigured).toBe(false);
    expect(page.body.emails).toEqual([expect.objectContaining({ state: 'handed_over', to: 'bob@acme.example' })]);
    // The same fact in Activity and its export: a handover, never "queued" or "failed".
    const activity = await admin.get(`/api/o/acme/admin/activity?userId=${bob.id}`);
    const types = activity.body.events.map((e: { type: string }) => e.type);
    expect(types).toContain('enrollment_email.handed_over');
    expect(types.filter((t: string) => /^enrollment_email\.(queued|failed)$/.test(t))).toEqual([]);
    const exported = await admin.send('GET', `/api/o/acme/admin/activity/export?format=csv&userId=${bob.id}`);
    expect(exported.body).toContain('"enrollment_email.handed_over"');
    const stored = JSON.stringify([
      page.body,
      await h.deps.db.selectFrom('outbox').selectAll().execute(),
      await h.deps.db.selectFrom('audit_events').selectAll().execute(),
    ]);
    expect(stored).not.toContain(tokenOf(sent.body.link));
    expect(await deliverDue(h.deps)).toBe(0);
    expect((await h.browser().post('/api/o/acme/setup', { token: tokenOf(sent.body.link) })).status).toBe(200);
  });
});
