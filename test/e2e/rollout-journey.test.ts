/**
 * Issue #14 in a real browser, a new organisation from the operator to its members: the operator creates
 * it with its first admin, who enters from the setup link, lands on the admin home and follows its next
 * steps, imports three users from a CSV file, enrolls one by code while the user's page turns Enrolled by itself, and
 * disables another, whose open session is refused at once.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  chromiumAvailable,
  completeSetup,
  expectAccessible,
  keepPasskeyName,
  newDevice,
  withoutAutofill,
  withServerAndBrowser,
  type Device,
} from './support.js';

const ORG = 'initrode';
const CODE_FORMAT = /^[A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]{3}$/;

const rolloutCard = (page: Page) => page.getByRole('region', { name: 'Passkey rollout' });
const accountNav = (page: Page) => page.getByRole('navigation', { name: 'Account' });

/** The setup page, from a link: a passkey if offered, a password if asked; then on to where the person lands. */
async function setUpFromLink(page: Page, link: string, password: string) {
  await page.goto(link);
  await page.getByRole('button', { name: 'Get started' }).click();
  const passwordField = page.getByLabel('New password');
  const passkey = page.getByRole('button', { name: 'Create a passkey' });
  const done = page.getByText("You're all set");
  await passwordField.or(passkey).first().waitFor();
  if (await passkey.isVisible()) {
    await passkey.click();
    await keepPasskeyName(page);
  }
  await passwordField.or(done).first().waitFor();
  if (await passwordField.isVisible()) {
    await passwordField.fill(password);
    await page.getByRole('button', { name: 'Save password' }).click();
  }
  await done.waitFor();
  await page.getByRole('link', { name: 'Continue' }).click();
}

/** Users › Import users: a CSV file, its preview, then the import (no enrollment emails yet). */
async function importUsers(page: Page, origin: string, csv: string, created: number) {
  await page.goto(`${origin}/o/${ORG}/admin/users`);
  await page.getByRole('button', { name: 'Import users' }).click();
  const panel = page.getByRole('region', { name: 'Import users' });
  await panel
    .getByLabel('CSV file')
    .setInputFiles({ name: 'users.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await panel.getByRole('button', { name: 'Preview' }).click();
  await panel
    .getByRole('status')
    .filter({ hasText: `${created} will be created, 0 with an error` })
    .waitFor();
  await expectAccessible(page);
  await panel.getByRole('button', { name: `Import ${created} users` }).click();
  await panel
    .getByRole('status')
    .filter({ hasText: `Imported ${created} users; 0 rows with an error` })
    .waitFor();
  await expectAccessible(page);
  await panel.getByRole('button', { name: 'Close' }).click();
}

describe.skipIf(!chromiumAvailable)('rollout journey: a new organisation from the operator to its members', () => {
  const env = withServerAndBrowser();

  it(
    'onboards an organisation, follows the admin home, enrolls a member by code and disables another',
    { timeout: 300_000 },
    async () => {
      const { origin } = env.server;
      // Operator: Create organisation with its first admin, and make passkeys available to it.
      const operator = await newDevice(env.browser);
      await withoutAutofill(operator.page);
      await completeSetup(operator.page, env.server.setupLinks.platform!, 'operator password');
      const op = operator.page;
      await op.goto(`${origin}/platform`);
      await op.getByLabel('Organisation name').fill('Initrode');
      await op.getByLabel("Admin's username").first().fill('milton');
      await op.getByLabel("Admin's email").first().fill('milton@initrode.example');
      await op.getByRole('button', { name: 'Create organisation' }).click();
      await op.getByRole('status').filter({ hasText: 'Created Initrode' }).waitFor();
      const link = await op
        .getByRole('group', { name: 'Setup link for milton' })
        .getByRole('textbox', { name: 'Setup link' })
        .inputValue();
      expect(link).toMatch(new RegExp(`/o/${ORG}/setup#token=`));
      await op.getByLabel('Passkeys available for Initrode').check();
      await op.getByRole('status').filter({ hasText: 'Passkeys are now available for Initrode' }).waitFor();

      // Milton enters from the link and lands on the admin home: passkeys are off, turn them on for admins.
      const milton: Device = await newDevice(env.browser);
      await withoutAutofill(milton.page);
      await milton.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
      const page = milton.page;
      await setUpFromLink(page, link, 'milton password');
      await page.waitForURL(`${origin}/o/${ORG}/admin`);
      await page.getByRole('heading', { name: 'Signed in as milton', level: 1 }).waitFor();
      let card = rolloutCard(page);
      await card.getByText('0 of 1 member enrolled (0 %)').waitFor();
      await card.getByRole('heading', { name: 'Next step: Turn on passkeys for admins first' }).waitFor();
      await expectAccessible(page);
      await card.getByRole('link', { name: 'Open the passkey settings' }).click();
      await page.getByLabel('Enable passkeys').check();
      await page.getByRole('radio', { name: 'Admins only' }).check();
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByRole('status').filter({ hasText: 'Settings saved' }).waitFor();

      // Try it yourself: passkeys now reach the admins, so the console offers Milton one on his way home.
      await accountNav(page).getByRole('link', { name: 'Admin home' }).click();
      await page.getByRole('heading', { name: 'Create a passkey' }).waitFor();
      await page.getByRole('button', { name: 'Continue' }).click();
      await keepPasskeyName(page);
      await page.waitForURL(`${origin}/o/${ORG}/admin`);
      await page.getByRole('status').filter({ hasText: 'Passkey created' }).waitFor();
      expect(await milton.credentials()).toHaveLength(1);
      card = rolloutCard(page);
      await card.getByText('1 of 1 member enrolled (100 %)').waitFor();
      await card.getByRole('heading', { name: 'Next step: Test with a small group' }).waitFor();
      const pilotText = await card.getByLabel('Suggested message to the pilot group').inputValue();
      expect(pilotText).toContain('Settings > Passkeys');
      await card.getByRole('button', { name: 'Copy' }).click();
      await card.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
      await expectAccessible(page);
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(pilotText);
      // One day of data is readable: one bar at 100 %.
      expect(
        await page.getByRole('img', { name: 'Members enrolled over time, in percent' }).locator('desc').textContent(),
      ).toMatch(/^On \d{4}-\d{2}-\d{2}, 1 of 1 \(100 %\) members enrolled\.$/);

      // The pilot went well (in this journey): everyone.
      await accountNav(page).getByRole('link', { name: 'Org Settings' }).click();
      await page.getByRole('radio', { name: 'Everyone' }).check();
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByRole('status').filter({ hasText: 'Settings saved' }).waitFor();

      // Three users imported from a CSV file; the card counts them Pending and links to them.
      await importUsers(
        page,
        origin,
        [
          'username,email,display name,role',
          'bob,bob@initrode.example,Bob Porter,member',
          'carol,carol@initrode.example,Carol Slydell,member',
          'dom,dom@initrode.example,Dom Portwood,member',
        ].join('\n'),
        3,
      );
      await accountNav(page).getByRole('link', { name: 'Admin home' }).click();
      await card.getByText('1 of 4 members enrolled (25 %)').waitFor();
      await card.getByRole('heading', { name: 'Next step: Remind the 3 Pending members' }).waitFor();
      await expectAccessible(page);
      expect(await card.getByLabel('Suggested announcement').inputValue()).toContain(
        'Your password still works as a backup.',
      );
      await card.getByRole('link', { name: 'Pending: 3 members' }).click();
      await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
      expect(await page.getByRole('radio', { name: /^Pending/ }).isChecked()).toBe(true);
      for (const name of ['Bob Porter', 'Carol Slydell', 'Dom Portwood'])
        await page.getByRole('row', { name: new RegExp(name) }).waitFor();
      expect(await page.getByRole('row', { name: /milton/ }).count()).toBe(0);
      await expectAccessible(page);

      // Bob enrolls by code on his own device; his page, still showing the code, turns Enrolled by itself.
      await page.getByRole('link', { name: 'Bob Porter', exact: true }).click();
      await page.getByRole('heading', { name: 'Bob Porter', level: 1 }).waitFor();
      const enroll = page.getByRole('region', { name: 'Enroll a Passkey' });
      await enroll.getByRole('button', { name: 'Enroll a Passkey' }).click();
      await enroll.getByRole('radio', { name: 'Generate 9-character code' }).check();
      await enroll.getByRole('button', { name: 'Generate 9-character code' }).click();
      const code = (await enroll.getByTestId('enrollment-code').textContent())?.trim() ?? '';
      expect(code).toMatch(CODE_FORMAT);
      await enroll.getByRole('timer').waitFor();
      await expectAccessible(page);
      const bob = await newDevice(env.browser);
      await withoutAutofill(bob.page);
      await bob.page.goto(`${origin}/o/${ORG}/enroll`);
      await bob.page.getByLabel('Enrollment code').fill(code);
      await bob.page.getByLabel('Username or email').fill('bob');
      await bob.page.getByRole('button', { name: 'Continue' }).click();
      await bob.page.getByRole('button', { name: 'Create a passkey' }).click();
      await keepPasskeyName(bob.page);
      await bob.page.getByRole('heading', { name: 'Choose a password' }).waitFor();
      await bob.page.getByRole('button', { name: 'Skip' }).click();
      await bob.page.getByRole('heading', { name: 'Signed in as Bob Porter' }).waitFor();
      await enroll
        .getByRole('status')
        .filter({ hasText: 'bob has created a passkey — Enrolled' })
        .waitFor({ timeout: 10_000 });
      expect(await page.getByRole('timer').count()).toBe(0);
      await page.getByText('Enrolled', { exact: true }).first().waitFor();
      await expectAccessible(page);

      // Carol has an open session (from an enrollment link handed to the admin: no email server here).
      await page.goto(`${origin}/o/${ORG}/admin/users`);
      await page.getByRole('link', { name: 'Carol Slydell', exact: true }).click();
      await page.getByRole('heading', { name: 'Carol Slydell', level: 1 }).waitFor();
      await enroll.getByRole('button', { name: 'Enroll a Passkey' }).click();
      await enroll.getByRole('radio', { name: 'Send enrollment email' }).check();
      await enroll.getByRole('button', { name: 'Proceed & send email' }).click();
      const carolLink = await enroll.getByRole('textbox', { name: 'Enrollment link' }).inputValue();
      await expectAccessible(page);
      const carol = await newDevice(env.browser);
      await withoutAutofill(carol.page);
      await setUpFromLink(carol.page, carolLink, 'carol password');
      await carol.page.getByRole('heading', { name: 'Signed in as Carol Slydell' }).waitFor();
      await enroll
        .getByRole('status')
        .filter({ hasText: 'carol has created a passkey — Enrolled' })
        .waitFor({ timeout: 10_000 });

      // Disable Carol: her open session is refused at once.
      const manage = page.getByRole('region', { name: 'Manage account' });
      await manage.getByRole('button', { name: 'Disable account' }).click();
      await manage.getByRole('heading', { name: "Disable Carol Slydell's account?" }).waitFor();
      await expectAccessible(page);
      await manage.getByRole('button', { name: 'Disable account' }).click();
      await manage
        .getByRole('status')
        .filter({ hasText: /account is disabled: signed out everywhere/ })
        .waitFor();
      await expectAccessible(page);
      await carol.page.reload();
      await carol.page.getByLabel('Username or email').waitFor();
      expect(new URL(carol.page.url()).pathname).toBe(`/o/${ORG}/sign-in`);

      // The card counts what happened: milton, bob and carol enrolled of four.
      await accountNav(page).getByRole('link', { name: 'Admin home' }).click();
      await card.getByText('3 of 4 members enrolled (75 %)').waitFor();
      await card.getByRole('heading', { name: 'Next step: Remind the 1 Pending member' }).waitFor();
      await expectAccessible(page);
      await Promise.all([operator.context.close(), milton.context.close(), bob.context.close(), carol.context.close()]);
    },
  );
});
