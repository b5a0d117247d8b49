import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliverDue, retryDelay } from '../../src/mail/outbox.js';
import type { Organisation } from '../../src/orgs/organisations.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

// A recovery by code signs whoever holds the code in as the member: the member hears of it by email, so a recovery
// they did not ask for (a malicious or mistaken admin) does not go unnoticed.
describe.each(DIALECTS)('the member is told of a recovery (%s)', (dialect) => {
  let smtp: TestSmtpServer;
  let h: Harness;
  let acme: Organisation;
  let admin: Browser;
  let bob: User;
  const recover = (body: object, userId = bob.id) => admin.post(`/api/o/acme/admin/users/${userId}/recover`, body);
  const startedDetails = async () => {
    const rows = await h.deps.db
      .selectFrom('audit_events')
      .select('details')
      .where('type', '=', 'recovery.started')
      .execute();
    return rows.map((row) => JSON.parse(row.details) as Record<string, unknown>);
  };

  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(() => smtp.stop());
  beforeEach(async () => {
    h = await createHarness(dialect, { SMTP_URL: smtp.url });
    acme = await h.org();
    const adminUser = await h.user({ org: acme, username: 'ada', displayName: 'Ada Admin', role: 'admin' });
    bob = await h.user({ org: acme, username: 'bob', displayName: 'Bob Builder', email: 'bob@acme.example' });
    ({ browser: admin } = await redeemSetupLink(h, acme, adminUser));
    const { browser: phone } = await redeemSetupLink(h, acme, bob);
    expect((await phone.addPasskey('acme', 'Lost phone')).status).toBe(200);
    smtp.clear();
  });
  afterEach(() => h.close());

  it('by code: an email says who recovered the account, when and what it removed, and holds no code', async () => {
    const result = await recover({ passkeyIds: 'all', method: 'code' });
    expect(result.status).toBe(200);
    const mail = await smtp.nextMessage();
    expect(mail.to).toContain('bob@acme.example');
    expect(mail.subject).toBe(`Your ${acme.name} account was recovered`);
    expect(mail.text).toContain('Hello Bob Builder,');
    expect(mail.text).toContain(`Ada Admin, an administrator of ${acme.name}, recovered your account on`);
    expect(mail.text).toContain('you were signed out everywhere, passkeys removed: 1,');
    expect(mail.text).toContain('tell your security team at once');
    const code = result.body.code.code as string;
    expect(mail.text).not.toContain(code);
    expect(mail.text).not.toContain(code.replace(/-/g, ''));
    expect(await startedDetails()).toEqual([expect.objectContaining({ memberNotified: true })]);
  });

  it('by email: only the link email goes, which tells the member itself', async () => {
    expect((await recover({ passkeyIds: 'all', method: 'email' })).status).toBe(200);
    const mail = await smtp.nextMessage();
    expect(mail.text).toMatch(/#token=/);
    const outbox = await h.deps.db.selectFrom('outbox').select('subject').execute();
    expect(outbox).toHaveLength(1);
    expect(await startedDetails()).toEqual([expect.objectContaining({ memberNotified: false })]);
  });

  it('a member without an email address is told nothing, and the audit event says so', async () => {
    const cy = await h.user({ org: acme, username: 'cy' });
    const { browser } = await redeemSetupLink(h, acme, cy);
    expect((await browser.addPasskey('acme')).status).toBe(200);
    expect((await recover({ passkeyIds: 'all', method: 'code' }, cy.id)).status).toBe(200);
    expect(await h.deps.db.selectFrom('outbox').select('id').execute()).toEqual([]);
    expect(await startedDetails()).toEqual([expect.objectContaining({ memberNotified: false })]);
  });
  // An admin who moves the address elsewhere first would have the recovery notice go there: the old address hears.
  it('a changed email address is told to the old one, naming who changed it and the new address', async () => {
    const changed = await admin.patch(`/api/o/acme/admin/users/${bob.id}`, { email: 'bob@elsewhere.example' });
    expect(changed.status).toBe(200);
    const mail = await smtp.nextMessage();
    expect(mail.to).toBe('bob@acme.example');
    expect(mail.subject).toBe(`The email address of your ${acme.name} account was changed`);
    expect(mail.text).toContain(`Ada Admin, an administrator of ${acme.name}, changed the email address`);
    expect(mail.text).toContain('from bob@acme.example to bob@elsewhere.example');
    const updated = await h.deps.db.selectFrom('audit_events').select('details').where('type', '=', 'user.updated');
    expect(JSON.parse((await updated.executeTakeFirstOrThrow()).details)).toMatchObject({ oldAddressNotified: true });
  });

  it('the notice of a change outlives a recovery right after it, even while the mail server is down', async () => {
    await smtp.stop();
    try {
      expect((await admin.patch(`/api/o/acme/admin/users/${bob.id}`, { email: null })).status).toBe(200);
      expect((await recover({ passkeyIds: 'all', method: 'code' })).status).toBe(200);
    } finally {
      await smtp.start();
    }
    h.advance(retryDelay(1));
    expect(await deliverDue(h.deps)).toBe(1);
    const mail = await smtp.nextMessage();
    expect(mail.to).toBe('bob@acme.example');
    expect(mail.text).toContain('from bob@acme.example to —');
    // No address is left for the recovery notice: the change's notice was the member's warning.
    expect(await startedDetails()).toEqual([expect.objectContaining({ memberNotified: false })]);
  });
});
