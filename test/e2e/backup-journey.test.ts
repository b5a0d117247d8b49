/**
 * Issue #15 items 1 and 2 in a real browser: members enrolled by a 9-character code name their passkey, are
 * offered a password as a backup, see which passkey is this device's, and are asked on the home page to add
 * a backup until they have two ways in.
 */
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  chromiumAvailable,
  cli,
  completeSetup,
  expectAccessible,
  keepPasskeyName,
  newDevice,
  withoutAutofill,
  withServerAndBrowser,
  type Device,
} from './support.js';

const ORG = 'demo';
const BACKUP_CARD = 'Add a backup: a passkey on another device or a password';

/** The admin: the user's page › Enroll a Passkey › Generate 9-character code. */
async function generateCode(page: Page, origin: string, name: string): Promise<string> {
  await page.goto(`${origin}/o/${ORG}/admin/users`);
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
  const section = page.getByRole('region', { name: 'Enroll a Passkey' });
  await section.getByRole('button', { name: 'Enroll a Passkey' }).click();
  await section.getByRole('radio', { name: 'Generate 9-character code' }).check();
  await section.getByRole('button', { name: 'Generate 9-character code' }).click();
  const code = (await section.getByTestId('enrollment-code').textContent())?.trim() ?? '';
  expect(code).toMatch(/^[A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]{3}$/);
  return code;
}

/** The member's device: the code and username, then "Create a passkey"; stops at "Name this passkey". */
async function enrollWithCode(origin: string, member: Device, code: string, username: string) {
  const { page } = member;
  await page.goto(`${origin}/o/${ORG}/enroll`);
  await page.getByLabel('Enrollment code').fill(code);
  await page.getByLabel('Username or email').fill(username);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Create a passkey' }).click();
  await page.getByRole('heading', { name: 'Name this passkey' }).waitFor();
  await expectAccessible(page);
}

/** A device with passkey autofill off, so the modal flows can be driven. */
async function memberDevice(browser: Browser): Promise<Device> {
  const device = await newDevice(browser);
  await withoutAutofill(device.page);
  return device;
}

describe.skipIf(!chromiumAvailable)('a backup for everyone, passkeys they can tell apart', () => {
  const env = withServerAndBrowser();

  it(
    'enrolled by code: "Work laptop", a password, "This device"; the backup card goes at two ways in',
    { timeout: 180_000 },
    async () => {
      const { origin } = env.server;
      const admin = await memberDevice(env.browser);
      await completeSetup(admin.page, env.server.setupLinks[ORG]!, 'demo admin password');
      cli(env.server, ['user', 'create', '--org', ORG, '--username', 'dave', '--display-name', 'Dave']);
      cli(env.server, ['user', 'create', '--org', ORG, '--username', 'erin', '--display-name', 'Erin']);

      // Dave: names his passkey, then chooses a password at the step after it.
      const dave = await memberDevice(env.browser);
      await enrollWithCode(origin, dave, await generateCode(admin.page, origin, 'Dave'), 'dave');
      const name = dave.page.getByLabel('Passkey name');
      expect(await name.inputValue()).toBe('Chrome on Linux');
      await name.fill('Work laptop');
      await dave.page.getByRole('button', { name: 'Save name' }).click();
      await dave.page.getByRole('heading', { name: 'Choose a password' }).waitFor();
      await expectAccessible(dave.page);
      await dave.page.getByText('A password is a backup for when you cannot use your passkey.').waitFor();
      await dave.page.getByLabel('New password').fill('dave backup password');
      await dave.page.getByRole('button', { name: 'Save password' }).click();
      await dave.page.getByRole('heading', { name: 'Signed in as Dave' }).waitFor();
      await expectAccessible(dave.page);
      await dave.page.getByRole('status').filter({ hasText: 'Passkey created' }).waitFor();
      // A passkey and a password: two ways in, no backup card.
      expect(await dave.page.getByRole('region', { name: /^Add a backup/ }).count()).toBe(0);
      await dave.page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Passkeys' }).click();
      const laptop = dave.page.getByRole('listitem').filter({ hasText: 'Work laptop' });
      await laptop.getByText('This device', { exact: true }).waitFor();
      await expectAccessible(dave.page);
      expect(await laptop.textContent()).toMatch(/Created .+ · Never used/);

      // Erin: keeps the name, skips the password: one way in, so home asks for a backup and says what counts.
      const erin = await memberDevice(env.browser);
      await enrollWithCode(origin, erin, await generateCode(admin.page, origin, 'Erin'), 'erin');
      await keepPasskeyName(erin.page);
      await erin.page.getByRole('heading', { name: 'Choose a password' }).waitFor();
      await expectAccessible(erin.page);
      await erin.page.getByRole('button', { name: 'Skip' }).click();
      await erin.page.getByRole('heading', { name: 'Signed in as Erin' }).waitFor();
      const card = erin.page.getByRole('region', { name: BACKUP_CARD });
      await card.getByText(/Two passkeys, or a passkey and a password, count as two ways in\./).waitFor();
      await expectAccessible(erin.page);
      await card.getByRole('link', { name: 'Add it in Settings › Passkeys' }).click();
      await erin.page.getByRole('heading', { name: 'Passkeys', level: 1 }).waitFor();
      await expectAccessible(erin.page);

      // A second passkey from another authenticator (a security key), named as she likes.
      await erin.cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: erin.authenticatorId });
      await erin.addAuthenticator();
      await erin.page.getByRole('button', { name: 'Add passkey' }).click();
      await erin.page.getByRole('heading', { name: 'Name this passkey' }).waitFor();
      await expectAccessible(erin.page);
      await erin.page.getByLabel('Passkey name').fill('Security key');
      await erin.page.getByRole('button', { name: 'Save name' }).click();
      const key = erin.page.getByRole('listitem').filter({ hasText: 'Security key' });
      await key.waitFor();
      // "This device" stays with the passkey that signed this session in.
      const first = erin.page.getByRole('listitem').filter({ hasText: 'Chrome on Linux' });
      await first.getByText('This device', { exact: true }).waitFor();
      await expectAccessible(erin.page);
      expect(await key.getByText('This device', { exact: true }).count()).toBe(0);

      // Two passkeys: two ways in, the card is gone.
      await erin.page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Home' }).click();
      await erin.page.getByRole('heading', { name: 'Signed in as Erin' }).waitFor();
      await expectAccessible(erin.page);
      expect(await erin.page.getByRole('region', { name: /^Add a backup/ }).count()).toBe(0);

      // A device link used to enrol a new device: its passkey is named, then a password is offered (she has none).
      const tablet = await newDevice(env.browser);
      await tablet.page.goto(`${origin}/o/${ORG}/sign-in`);
      await tablet.page.getByLabel('Username or email').fill('erin');
      await tablet.page.getByRole('button', { name: 'Continue' }).click();
      await tablet.page.getByRole('button', { name: 'Sign in from another device' }).click();
      const code = (await tablet.page.getByTestId('sign-in-code').textContent())!.trim();
      await erin.page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Passkeys' }).click();
      await erin.page.getByRole('button', { name: 'Sign in to another device' }).click();
      await erin.page.getByLabel('Code', { exact: true }).fill(code);
      await erin.page.getByRole('button', { name: 'Verify code' }).click();
      await erin.page.getByRole('button', { name: 'Approve' }).click();
      await erin.page.getByRole('status').filter({ hasText: 'Approved' }).waitFor();
      await tablet.page.getByRole('heading', { name: 'Create a passkey' }).waitFor({ timeout: 10_000 });
      await tablet.page.getByRole('button', { name: 'Continue' }).click();
      await keepPasskeyName(tablet.page);
      await tablet.page.getByRole('heading', { name: 'Choose a password' }).waitFor();
      await expectAccessible(tablet.page);
      await tablet.page.getByRole('button', { name: 'Skip' }).click();
      await tablet.page.getByRole('heading', { name: 'Signed in as Erin' }).waitFor();
      await expectAccessible(tablet.page);
      await Promise.all([admin.context.close(), dave.context.close(), erin.context.close(), tablet.context.close()]);
    },
  );
});
