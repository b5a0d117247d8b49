/** Issue #14: "Send enrollment email" to the selected Pending users, through the outbox, as one audited action. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliverDue } from '../../src/mail/outbox.js';
import type { Organisation } from '../../src/orgs/organisations.js';
import { REVERIFY_WINDOW_MS } from '../../src/sessions/sessions.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

const tokenOf = (link: string) => new URL(link).hash.slice('#token='.length);

describe.each(DIALECTS)('bulk enrollment emails (%s)', (dialect) => {
  let smtp: TestSmtpServer;
  let h: Harness;
  let acme: Organisation;
  let ada: User;
  let admin: Browser;
  const send = (userIds: string[], browser = admin) =>
    browser.post('/api/o/acme/admin/users/enrollment-emails', { userIds });
  const events = async (type: string) =>
    (await h.deps.db.selectFrom('audit_events').selectAll().where('type', '=', type).execute()).map((e) => ({
      actorId: e.actor_id,
      details: JSON.parse(e.details),
    }));

  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(() => smtp.stop());
  afterEach(() => h.close());

  describe('with SMTP', () => {
    beforeEach(async () => {
      h = await createHarness(dialect, { SMTP_URL: smtp.url });
      acme = await h.org();
      ada = await h.user({ org: acme, username: 'ada', role: 'admin', email: 'ada@acme.example' });
      ({ browser: admin } = await redeemSetupLink(h, acme, ada));
      smtp.clear();
    });

    it('queues one mail per Pending user, lists the others with the reason, and records one event', async () => {
      const bob = await h.user({ org: acme, username: 'bob', email: 'bob@acme.example' });
      const cy = await h.user({ org: acme, username: 'cy', email: 'cy@acme.example' });
      const noMail = await h.user({ org: acme, username: 'dee' });
      const enrolled = await h.user({ org: acme, username: 'eve', email: 'eve@acme.example' });
      const { browser: eve } = await redeemSetupLink(h, acme, enrolled);
      expect((await eve.addPasskey('acme')).status).toBe(200);
      const gone = await h.user({ org: acme, username: 'fay', email: 'fay@acme.example' });
      await h.deps.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', gone.id).execute();
      const globex = await h.org('globex', 'Globex');
      const stranger = await h.user({ org: globex, username: 'gus', email: 'gus@globex.example' });

      const sent = await send([bob.id, cy.id, noMail.id, enrolled.id, gone.id, stranger.id, bob.id]);
      expect(sent.status).toBe(200);
      expect(
        sent.body.results.map((r: { username: string; outcome: string; reason: string }) => [
          r.username,
          r.outcome,
          r.reason,
        ]),
      ).toEqual([
        ['bob', 'sent', null],
        ['cy', 'sent', null],
        ['dee', 'skipped', 'no_email'],
        ['eve', 'skipped', 'already_enrolled'],
        ['fay', 'skipped', 'disabled'],
        [null, 'skipped', 'not_found'],
      ]);
      expect(sent.body.results[0].email).toMatchObject({ state: 'queued', link: null });
      expect(await events('enrollment_emails.queued')).toEqual([
        { actorId: ada.id, details: { count: 2, skipped: 4, template: 'Built-in: Set up your passkey' } },
      ]);
      expect(await events('enrollment_email.queued')).toEqual([]);

      // The worker delivers them; each link opens passkey creation for its user.
      expect(await deliverDue(h.deps)).toBe(2);
      const mails = [await smtp.nextMessage(), await smtp.nextMessage()];
      expect(mails.map((m) => m.to).sort()).toEqual(['bob@acme.example', 'cy@acme.example']);
      const link = /(http:\/\/\S+#token=\S+)/.exec(mails.find((m) => m.to === 'bob@acme.example')!.text)![1]!;
      const opened = await h.browser().post('/api/o/acme/setup', { token: tokenOf(link) });
      expect(opened).toMatchObject({ status: 200, body: { user: { username: 'bob' } } });
      const page = await admin.get(`/api/o/acme/admin/users/${bob.id}`);
      expect(page.body.emails).toEqual([expect.objectContaining({ state: 'sent' })]);
    });

    it('at Admins only: members without a way in get the password email; one with a password is skipped', async () => {
      await h.deps.db.updateTable('organisations').set({ rollout: 'admins' }).where('id', '=', acme.id).execute();
      const bob = await h.user({ org: acme, username: 'bob', email: 'bob@acme.example' });
      const cy = await h.user({ org: acme, username: 'cy', email: 'cy@acme.example', password: 'cy has a password' });
      const ann = await h.user({ org: acme, username: 'ann', email: 'ann@acme.example', role: 'admin' });
      const sent = await send([bob.id, cy.id, ann.id]);
      expect(sent.body.results.map((r: { outcome: string; reason: string }) => [r.outcome, r.reason])).toEqual([
        ['sent', null],
        ['skipped', 'has_password'],
        ['sent', null],
      ]);
      // The admin is told which link sets up a password (Bob is not reached by the rollout) and which a passkey.
      expect(sent.body.results.map((r: { setsUp: string | null }) => r.setsUp)).toEqual(['password', null, 'passkey']);
      const mails = await h.deps.db
        .selectFrom('outbox')
        .select(['to_address', 'subject'])
        .orderBy('to_address')
        .execute();
      expect(mails).toEqual([
        { to_address: 'ann@acme.example', subject: 'Set up your passkey for Acme' },
        { to_address: 'bob@acme.example', subject: 'Set up your account for Acme' },
      ]);
    });

    it('needs a recent verification and a known template, and then writes nothing', async () => {
      const bob = await h.user({ org: acme, username: 'bob', email: 'bob@acme.example' });
      expect(
        (
          await admin.post('/api/o/acme/admin/users/enrollment-emails', {
            userIds: [bob.id],
            templateId: '00000000-0000-4000-8000-000000000000',
          })
        ).body.error.code,
      ).toBe('TEMPLATE_NOT_FOUND');
      h.advance(REVERIFY_WINDOW_MS + 1);
      expect(await send([bob.id])).toMatchObject({ status: 403, body: { error: { code: 'REVERIFY_REQUIRED' } } });
      expect((await send([])).body.error.code).toBe('VALIDATION_FAILED');
      expect((await send(Array.from({ length: 201 }, () => bob.id))).body.error.code).toBe('VALIDATION_FAILED');
      expect(await h.deps.db.selectFrom('outbox').select('id').execute()).toEqual([]);
      expect(
        await h.deps.db.selectFrom('enrollment_links').select('id').where('user_id', '=', bob.id).execute(),
      ).toEqual([]);
    });

    it('skips users above the admin (an admin of the platform selecting an operator)', async () => {
      const platform = await h.org('platform', 'Platform');
      const pat = await h.user({ org: platform, username: 'pat', role: 'admin' });
      const olga = await h.user({ org: platform, username: 'olga', role: 'operator', email: 'olga@example.com' });
      const { browser } = await redeemSetupLink(h, platform, pat);
      const sent = await browser.post('/api/o/platform/admin/users/enrollment-emails', { userIds: [olga.id] });
      expect(sent.body.results).toEqual([
        { userId: olga.id, username: null, outcome: 'skipped', reason: 'forbidden', email: null, setsUp: null },
      ]);
    });
  });

  it('without SMTP, hands each link to the admin once: a handover in Emails, Activity and the export', async () => {
    h = await createHarness(dialect);
    acme = await h.org();
    ada = await h.user({ org: acme, username: 'ada', role: 'admin' });
    ({ browser: admin } = await redeemSetupLink(h, acme, ada));
    const bob = await h.user({ org: acme, username: 'bob', email: 'bob@acme.example' });
    const sent = await send([bob.id]);
    expect(sent.body.results[0]).toMatchObject({ outcome: 'sent', email: { state: 'handed_over' } });
    const link = sent.body.results[0].email.link as string;
    expect(link).toMatch(/^http:\/\/localhost:3000\/o\/acme\/setup#token=/);
    expect(await events('enrollment_emails.handed_over')).toEqual([
      { actorId: ada.id, details: { count: 1, skipped: 0, template: 'Built-in: Set up your passkey' } },
    ]);
    const page = await admin.get(`/api/o/acme/admin/users/${bob.id}`);
    expect(page.body.emails).toEqual([expect.objectContaining({ state: 'handed_over', lastError: null })]);
    const exported = await admin.send('GET', '/api/o/acme/admin/activity/export?format=csv');
    expect(exported.body).toContain('"enrollment_emails.handed_over"');
    expect(exported.body).not.toContain(tokenOf(link));
    expect((await h.browser().post('/api/o/acme/setup', { token: tokenOf(link) })).status).toBe(200);
  });
});
