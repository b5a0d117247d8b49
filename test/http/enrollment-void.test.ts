import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { issueEnrollmentCode } from '../../src/enrollment/enrollment-codes.js';
import { createSetupLink } from '../../src/enrollment/setup-links.js';
import type { Organisation } from '../../src/orgs/organisations.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

const tokenOf = (link: string) => new URL(link).hash.slice('#token='.length);

// A link or code is for getting a Pending member their first passkey. Once they have one, whatever
// is still outstanding would be a second way into their account, from any browser, for up to 30 days.
describe.each(DIALECTS)('enrollment links and codes are void once the member has a passkey (%s)', (dialect) => {
  let h: Harness;
  let acme: Organisation;
  let admin: Browser;
  let adminUser: User;
  let bob: User;
  const actor = () => ({ actorId: adminUser.id, context: { ip: null, userAgent: null } });
  const openLink = (link: string) => h.browser().post('/api/o/acme/setup', { token: tokenOf(link) });
  const sendEmail = async () =>
    (await admin.post(`/api/o/acme/admin/users/${bob.id}/enrollment-email`, {})).body.link as string;

  /** Bob enrolls with a fresh code on his own device, as an admin would have him do. */
  async function enrollWithCode() {
    const { code } = (await admin.post(`/api/o/acme/admin/users/${bob.id}/enrollment-code`)).body;
    const device = h.browser();
    expect((await device.post('/api/o/acme/enroll', { username: 'bob', code })).status).toBe(200);
    expect((await device.addPasskey('acme')).status).toBe(200);
  }

  /** A passkey row written without the registration path: what a registration racing a redemption leaves. */
  async function passkeyAppears() {
    h.advance(1);
    await h.deps.db
      .insertInto('passkeys')
      .values({
        id: randomUUID(),
        org_id: acme.id,
        user_id: bob.id,
        credential_id: randomUUID(),
        public_key: 'AA',
        counter: 0,
        transports: '[]',
        aaguid: '00000000-0000-0000-0000-000000000000',
        name: 'Raced',
        backup_eligible: 0,
        backed_up: 0,
        created_at: h.deps.clock(),
        created_user_agent: null,
        last_used_at: null,
        last_used_user_agent: null,
      })
      .execute();
  }

  beforeEach(async () => {
    h = await createHarness(dialect);
    acme = await h.org();
    adminUser = await h.user({ org: acme, username: 'ada', role: 'admin' });
    bob = await h.user({ org: acme, username: 'bob', email: 'bob@acme.example' });
    ({ browser: admin } = await redeemSetupLink(h, acme, adminUser));
  });
  afterEach(() => h.close());

  it('an enrollment email sent while Pending stops working when the member enrolls another way', async () => {
    const link = await sendEmail();
    await enrollWithCode();
    const opened = await openLink(link);
    expect(opened.status).toBe(400);
    expect(opened.body.error.code).toBe('SETUP_LINK_INVALID');
    const voided = await h.deps.db
      .selectFrom('audit_events')
      .select(['details', 'actor_id'])
      .where('type', '=', 'enrollment.voided')
      .executeTakeFirstOrThrow();
    expect(voided).toEqual({
      details: JSON.stringify({ links: 1, codes: 0, reason: 'passkey_added' }),
      actor_id: bob.id,
    });
  });

  it('a setup link from `latchkey enroll-link` for a Pending member is an enrollment link too', async () => {
    const link = await createSetupLink(h.deps, { org: acme, user: bob, createdBy: null });
    await enrollWithCode();
    expect((await openLink(link.url)).body.error.code).toBe('SETUP_LINK_INVALID');
  });

  it('is checked again when a link or code is used, not only when the passkey is registered', async () => {
    const link = await sendEmail();
    const { code } = await issueEnrollmentCode(h.deps, { org: acme, user: bob, actor: actor() });
    await passkeyAppears();
    expect((await openLink(link)).body.error.code).toBe('SETUP_LINK_INVALID');
    expect((await h.browser().post('/api/o/acme/enroll', { username: 'bob', code })).body.error.code).toBe(
      'ENROLLMENT_CODE_INVALID',
    );
    const reasons = await h.deps.db
      .selectFrom('audit_events')
      .select(['type', 'details'])
      .where('type', 'in', ['setup_link.refused', 'enrollment_code.failed'])
      .execute();
    expect(reasons.map((r) => [r.type, JSON.parse(r.details).reason])).toEqual(
      expect.arrayContaining([
        ['setup_link.refused', 'already_enrolled'],
        ['enrollment_code.failed', 'already_enrolled'],
      ]),
    );
    expect(JSON.stringify(reasons)).not.toContain(code.replace(/-/g, ''));
  });

  it("is not issued for someone who enrolled after the admin's check (checked again under the lock)", async () => {
    await passkeyAppears();
    await expect(issueEnrollmentCode(h.deps, { org: acme, user: bob, actor: actor() })).rejects.toMatchObject({
      code: 'USER_ALREADY_ENROLLED',
    });
    expect(await h.deps.db.selectFrom('enrollment_codes').select('id').execute()).toEqual([]);
  });

  it('a link the operator makes from the shell for someone already Enrolled still works once', async () => {
    await passkeyAppears();
    h.advance(1);
    const link = await createSetupLink(h.deps, { org: acme, user: bob, createdBy: null });
    expect((await openLink(link.url)).status).toBe(200);
    expect((await openLink(link.url)).body.error.code).toBe('SETUP_LINK_INVALID');
  });
});
