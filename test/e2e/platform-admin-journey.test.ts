import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  chromiumAvailable,
  cli,
  completeSetup,
  expectAccessible,
  newDevice,
  withoutAutofill,
  withServerAndBrowser,
} from './support.js';

const OPERATORS_ONLY = 'Only a platform operator can change these settings';

/**
 * The `platform` organisation's sign-in settings decide how operators sign in and get back in: its admins see them,
 * only operators change them (the server answers its admins FORBIDDEN). The console shows an admin no form to save.
 */
describe.skipIf(!chromiumAvailable)("platform admin journey: the operators' sign-in settings, read-only", () => {
  const env = withServerAndBrowser();
  const open = async (page: Page, path: string, ready: string) => {
    await page.goto(`${env.server.origin}/o/platform/admin/${path}`);
    await page.getByRole('heading', { level: 1, name: ready }).waitFor();
  };

  it(
    'shows a platform admin the settings with the sentence and nothing to save, an operator the forms',
    { timeout: 120_000 },
    async () => {
      cli(env.server, ['user', 'create', '--org', 'platform', '--username', 'padmin', '--role', 'admin']);
      const link = cli(env.server, ['enroll-link', '--org', 'platform', '--username', 'padmin']).split('\n')[0]!;
      const admin = await newDevice(env.browser);
      await withoutAutofill(admin.page);
      await completeSetup(admin.page, link, 'platform admin password');
      const page = admin.page;
      const note = page.getByText(OPERATORS_ONLY);
      const button = (name: string) => page.getByRole('button', { name, exact: true });

      await open(page, 'settings/passkeys', 'Passkey settings');
      await note.waitFor();
      await page.getByRole('checkbox', { name: 'Enable passkeys' }).waitFor();
      for (const name of ['Save settings', 'Add to pilot group', 'Save enrollment settings'])
        expect([name, await button(name).isDisabled()]).toEqual([name, true]);
      // The organisation's language decides no one's way in: still the admin's to change.
      expect(await button('Save language').isEnabled()).toBe(true);
      await expectAccessible(page);

      await open(page, 'settings/mobile-apps', 'Mobile apps');
      await note.waitFor();
      expect(await button('Save mobile apps').isDisabled()).toBe(true);
      await expectAccessible(page);

      await open(page, 'email-templates', 'Email templates');
      await note.waitFor();
      await page.getByText('Show text').first().waitFor();
      expect(await button('New template').count()).toBe(0);
      await expectAccessible(page);

      await open(page, 'apps', 'Apps');
      await note.waitFor();
      expect(await button('Add app').count()).toBe(0);
      await expectAccessible(page);

      // The operator's own page is not the admin's to open either.
      await open(page, 'users', 'Users');
      await page.getByRole('link', { name: 'Platform operator' }).click();
      await page.getByText("Only a platform operator can open an operator's account.").waitFor();
      await expectAccessible(page);

      const operator = await newDevice(env.browser);
      await withoutAutofill(operator.page);
      await completeSetup(operator.page, env.server.setupLinks.platform!, 'operator password');
      await open(operator.page, 'email-templates', 'Email templates');
      await operator.page.getByRole('button', { name: 'New template', exact: true }).waitFor();
      await open(operator.page, 'settings/passkeys', 'Passkey settings');
      await operator.page.getByRole('checkbox', { name: 'Enable passkeys' }).waitFor();
      expect(await operator.page.getByRole('button', { name: 'Save enrollment settings' }).isEnabled()).toBe(true);
      expect(await operator.page.getByText(OPERATORS_ONLY).count()).toBe(0);
    },
  );
});
