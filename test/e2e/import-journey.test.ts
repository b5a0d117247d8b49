/**
 * Issue #14 in a real browser: an admin imports users from a CSV (preview with per-row errors, then
 * the import with enrollment links handed over, as there is no SMTP), opens one link as the new
 * member would, and sends enrollment email to a selected Pending user from Users.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  cli,
  completeSetup,
  expectAccessible,
  newDevice,
  withoutAutofill,
  withServerAndBrowser,
  type Device,
} from './support.js';

const ORG = 'demo';
const CSV = [
  'username,email,display name,role',
  'bob,bob@example.com,Bob Builder,member',
  'cy,not-an-email,Cy,member',
  'dee,dee@example.com,Dee,editor',
].join('\n');

describe.skipIf(!chromiumAvailable)('import users and bulk enrollment emails, without SMTP', () => {
  const env = withServerAndBrowser();
  let admin: Device;

  beforeAll(async () => {
    admin = await newDevice(env.browser);
    await withoutAutofill(admin.page);
    await completeSetup(admin.page, env.server.setupLinks[ORG]!, 'demo admin password');
  }, 60_000);

  it(
    'previews every row, imports the good ones with their links, and sends to the selected Pending user',
    { timeout: 180_000 },
    async () => {
      const { page } = admin;
      const { origin } = env.server;
      await page.goto(`${origin}/o/${ORG}/admin/users`);
      await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Import users' }).click();
      const panel = page.getByRole('region', { name: 'Import users' });
      await panel.getByLabel('CSV file').waitFor();
      await expectAccessible(page);
      await panel
        .getByLabel('CSV file')
        .setInputFiles({ name: 'users.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
      await panel.getByLabel('Send an enrollment email to each imported user').check();
      await panel.getByRole('button', { name: 'Preview' }).click();
      await panel
        .getByRole('status')
        .filter({ hasText: 'Preview: 3 rows, 2 will be created, 1 with an error' })
        .waitFor();
      await expect(panel.getByRole('row', { name: /cy .*Error Not one email address/ }).count()).resolves.toBe(1);
      await expect(panel.getByRole('row', { name: /bob .*Will create/ }).count()).resolves.toBe(1);
      await expectAccessible(page);

      await panel.getByRole('button', { name: 'Import 2 users' }).click();
      await panel
        .getByRole('status')
        .filter({ hasText: 'Imported 2 users; 1 row with an error was left out.' })
        .waitFor();
      const link = await panel.getByLabel('Enrollment link for bob').inputValue();
      expect(link).toMatch(new RegExp(`^${origin}/o/${ORG}/setup#token=`));
      // No email went out: the row says so, and its Copy button copies the link (or selects it to copy by hand).
      const bobRow = panel.getByRole('row', { name: /bob .*No email server: pass this link on/ });
      await bobRow.getByRole('button', { name: 'Copy link' }).click();
      await bobRow
        .getByRole('status')
        .filter({ hasText: /copied|Ctrl\+C/ })
        .waitFor();
      await expectAccessible(page);

      // Bob opens his link on his own device.
      const bob = await newDevice(env.browser);
      await bob.page.goto(link);
      await bob.page.getByRole('heading', { name: 'Set up your account' }).waitFor();
      await expectAccessible(bob.page);

      // Users › select Dee (Pending) › Send enrollment email: a new link, handed over.
      await panel.getByRole('button', { name: 'Close' }).click();
      await page.getByRole('checkbox', { name: 'Select Dee' }).check();
      await page.getByRole('button', { name: 'Send enrollment email (1 selected)' }).click();
      await page.getByRole('status').filter({ hasText: 'Link given to admin (no email server) for 1 user:' }).waitFor();
      expect(await page.getByLabel('Enrollment link for dee').inputValue()).toMatch(/#token=/);
      // The same wide field with Copy as the import's.
      const deeItem = page.getByRole('listitem').filter({ hasText: 'No email server: pass this link on' });
      await deeItem.getByRole('button', { name: 'Copy link' }).click();
      await deeItem
        .getByRole('status')
        .filter({ hasText: /copied|Ctrl\+C/ })
        .waitFor();
      await expectAccessible(page);

      // Dee's page: two handovers, neither a failure.
      await page.getByRole('link', { name: 'Dee', exact: true }).click();
      const emails = page.getByRole('list', { name: 'Emails' });
      await emails.getByText('Link given to admin (no email server)').first().waitFor();
      expect(await emails.getByText('Link given to admin (no email server)').count()).toBe(2);
      expect(await emails.getByText('Failed').count()).toBe(0);
      await expectAccessible(page);

      // On a phone (390 px wide) Users shows Status first, the role under the name, and the table fits the screen
      // (issue 15), even with a long name, username and email.
      cli(env.server, [
        ...['user', 'create', '--org', ORG, '--username', 'maximiliane.oberhuber-schmidtkowski'],
        ...['--display-name', 'Maximiliane Oberhuber-Schmidtkowski von Hohenlohe'],
      ]);
      cli(env.server, [
        ...['user', 'set', '--org', ORG, '--username', 'maximiliane.oberhuber-schmidtkowski', '--email'],
        'maximiliane.oberhuber-schmidtkowski@facilities-management.example-corporation.com',
      ]);
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${origin}/o/${ORG}/admin/users`);
      const table = page.getByRole('table', { name: 'Users and whether they have enrolled a passkey' });
      await table.getByRole('row', { name: /Dee/ }).waitFor();
      await table.getByRole('row', { name: /Maximiliane .* Member/ }).waitFor();
      expect(await table.getByRole('columnheader').allTextContents()).toEqual(['Select', 'Status', 'Name']);
      expect(await table.evaluate((t) => t.parentElement!.scrollWidth <= t.parentElement!.clientWidth)).toBe(true);
      await expectAccessible(page);

      // In French: the page, its counts and its status words come from the French catalog.
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.getByLabel('Language').selectOption('fr');
      await page.getByRole('heading', { name: 'Utilisateurs', level: 1 }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('fr');
      await page.getByRole('radio', { name: /^En attente \(\d+\)$/ }).waitFor();
      await page.getByRole('row', { name: /Dee .*En attente/ }).waitFor();
      await expectAccessible(page);
    },
  );
});
