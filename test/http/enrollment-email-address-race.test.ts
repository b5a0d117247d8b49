/**
 * An enrollment or recovery email while another admin corrects the member's address: the mail never goes to the
 * address that was just replaced (whose links the change voided).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Organisation } from '../../src/orgs/organisations.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

// Holds the next send once it read the member and their template, before its transaction.
const gate = vi.hoisted(() => ({ armed: false, reached: () => {}, release: Promise.resolve() }));
vi.mock('../../src/mail/template-store.js', async (original) => {
  const real = await original<typeof import('../../src/mail/template-store.js')>();
  return {
    ...real,
    templateFor: async (...args: Parameters<typeof real.templateFor>) => {
      const template = await real.templateFor(...args);
      if (gate.armed) {
        gate.armed = false;
        gate.reached();
        await gate.release;
      }
      return template;
    },
  };
});

describe.each(DIALECTS)("a mail sent while the member's address changes (%s)", (dialect) => {
  let smtp: TestSmtpServer;
  let h: Harness;
  let acme: Organisation;
  let bob: User;
  let ada: Browser;
  let cy: Browser;

  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(() => smtp.stop());
  beforeEach(async () => {
    h = await createHarness(dialect, { SMTP_URL: smtp.url });
    acme = await h.org();
    ({ browser: ada } = await redeemSetupLink(h, acme, await h.user({ org: acme, username: 'ada', role: 'admin' })));
    ({ browser: cy } = await redeemSetupLink(h, acme, await h.user({ org: acme, username: 'cy', role: 'admin' })));
    bob = await h.user({ org: acme, username: 'bob', email: 'stranger@elsewhere.example' });
    smtp.clear();
  });
  afterEach(async () => {
    gate.armed = false;
    await h.close();
  });

  const SENDS = {
    'an enrollment email': () => ada.post(`/api/o/acme/admin/users/${bob.id}/enrollment-email`, {}),
    'a recovery by email': () =>
      ada.post(`/api/o/acme/admin/users/${bob.id}/recover`, { passkeyIds: 'all', method: 'email' }),
  };
  for (const [what, send] of Object.entries(SENDS)) {
    it(`${what} goes nowhere when the address changed meanwhile: CONCURRENT_CHANGE`, async () => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (gate.reached = resolve));
      gate.release = new Promise<void>((resolve) => (release = resolve));
      gate.armed = true;
      const sending = send();
      await held;
      expect((await cy.patch(`/api/o/acme/admin/users/${bob.id}`, { email: 'bob@acme.example' })).status).toBe(200);
      release();
      expect((await sending).body.error?.code).toBe('CONCURRENT_CHANGE');
      const links = await h.deps.db.selectFrom('enrollment_links').select('id').where('user_id', '=', bob.id).execute();
      expect(links).toEqual([]);
      // Only the notice of the change reaches the old address: no link.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(smtp.messages.filter((m) => m.to.includes('stranger') && m.text.includes('#token='))).toEqual([]);
      // Sent again, it goes to the new address.
      expect((await send()).status).toBe(200);
    });
  }
});
