/**
 * Issue 15: a member does everything with the keyboard only (Tab, Shift+Tab, Enter, Space, typing), and focus is
 * where a keyboard or screen-reader user needs it after each step: the new step, the error, back on the opener.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  chromiumAvailable,
  cli,
  expectAccessible,
  newDevice,
  withServerAndBrowser,
  withoutAutofill,
} from './support.js';

/** What has the keyboard focus: its role or tag, and its accessible name as a person hears it. */
async function focused(page: Page): Promise<{ tag: string; role: string | null; name: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { tag: 'body', role: null, name: '' };
    const label = el instanceof HTMLInputElement ? el.labels?.[0]?.textContent : null;
    const name = el.getAttribute('aria-label') ?? label ?? el.textContent ?? '';
    return { tag: el.tagName.toLowerCase(), role: el.getAttribute('role'), name: name.trim() };
  });
}

/** Presses Tab (or Shift+Tab) until the focused element's name matches, as a keyboard user would. */
async function tabTo(page: Page, name: string | RegExp, { back = false, max = 40 } = {}): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const { name: current } = await focused(page);
    if (typeof name === 'string' ? current === name : name.test(current)) return;
  }
  throw new Error(`${name} was not reached with ${back ? 'Shift+Tab' : 'Tab'}`);
}

/** Waits until focus is on an element named `name` (focus moves after the answer arrives). */
async function expectFocus(page: Page, name: string | RegExp, tag?: string): Promise<void> {
  const deadline = Date.now() + 5000;
  let now = await focused(page);
  const matches = () =>
    (typeof name === 'string' ? now.name === name : name.test(now.name)) && (!tag || now.tag === tag);
  while (!matches() && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    now = await focused(page);
  }
  expect(now.name).toMatch(typeof name === 'string' ? new RegExp(`^${name.replace(/[()]/g, '\\$&')}$`) : name);
  if (tag) expect(now.tag).toBe(tag);
}

describe.skipIf(!chromiumAvailable)('keyboard-only journey in Chromium', () => {
  const env = withServerAndBrowser();

  it(
    'a member signs in, creates, renames and deletes a passkey, and signs out without a mouse',
    {
      timeout: 120_000,
    },
    async () => {
      cli(
        env.server,
        ['user', 'create', '--org', 'demo', '--username', 'mia', '--display-name', 'Mia', '--password-stdin'],
        'mia password 1\n',
      );
      const device = await newDevice(env.browser);
      const { page } = device;
      await withoutAutofill(page);

      // Sign in: the username field has focus on arrival; Enter continues to the password (Mia has no passkey).
      await page.goto(`${env.server.origin}/o/demo/sign-in`);
      await page.getByLabel('Username or email').waitFor();
      await expectAccessible(page);
      await expectFocus(page, 'Username or email', 'input');
      await page.keyboard.type('mia');
      await page.keyboard.press('Enter');
      await page.getByLabel('Password', { exact: true }).waitFor();
      await expectAccessible(page);
      await expectFocus(page, 'Password', 'input');

      // A wrong password: focus goes to the error; Tab goes on to the password field.
      await page.keyboard.type('not her password');
      await page.keyboard.press('Enter');
      await page.getByRole('alert').filter({ hasText: 'incorrect' }).waitFor();
      await expectAccessible(page);
      await expectFocus(page, /username or password is incorrect/);
      expect((await focused(page)).role).toBe('alert');
      await tabTo(page, 'Password');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('mia password 1');
      await page.keyboard.press('Enter');

      // The organisation offers passkeys: "Create a passkey" asks first; Enter on Continue creates it.
      await page.getByRole('heading', { name: 'Create a passkey', level: 1 }).waitFor();
      await expectAccessible(page);
      await tabTo(page, 'Continue');
      await page.keyboard.press('Enter');
      // "Name this passkey": the name field has focus, filled in; Enter keeps it.
      await page.getByRole('heading', { name: 'Name this passkey' }).waitFor();
      await expectAccessible(page);
      await expectFocus(page, 'Passkey name', 'input');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Signed in as Mia' }).waitFor();
      await page.getByRole('status').filter({ hasText: 'Passkey created' }).waitFor();
      await expectAccessible(page);
      expect(await device.credentials()).toHaveLength(1);
      // A new page starts at its heading, as a page load would (the Continue pressed is gone).
      await expectFocus(page, 'Signed in as Mia', 'h1');

      // Settings › Passkeys through the navigation (above the heading); focus moves on to the new page's heading.
      // Then a second passkey from another authenticator (another device).
      await tabTo(page, 'Settings › Passkeys', { back: true });
      await page.keyboard.press('Enter');
      await page.getByRole('list', { name: 'Your passkeys' }).waitFor();
      await expectFocus(page, 'Passkeys', 'h1');
      await expectAccessible(page);
      const first = device.authenticatorId;
      await device.cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: first });
      const second = await device.addAuthenticator();
      await tabTo(page, 'Add passkey');
      await page.keyboard.press('Enter');
      await page.getByRole('status').filter({ hasText: 'Passkey added' }).waitFor();
      // "Name this passkey" takes the focus from the busy button (aria-disabled kept it until then);
      // Enter keeps the name.
      await page.getByRole('heading', { name: 'Name this passkey' }).waitFor();
      await expectFocus(page, 'Passkey name', 'input');
      await page.keyboard.press('Enter');
      await page.getByText('Chrome on Linux (2)').waitFor();
      await expectAccessible(page);
      expect(await device.credentials(second)).toHaveLength(1);

      // Rename: the name field takes focus; after saving, focus is back on this passkey's Rename.
      await tabTo(page, 'Rename Chrome on Linux (2)');
      await page.keyboard.press('Enter');
      await expectFocus(page, 'Passkey name', 'input');
      await expectAccessible(page);
      await page.keyboard.press('Control+A');
      await page.keyboard.type('Work laptop');
      await page.keyboard.press('Enter');
      await page.getByRole('status').filter({ hasText: 'Passkey renamed' }).waitFor();
      await expectFocus(page, 'Rename Work laptop', 'button');

      // Delete: the dialog opens on Cancel; cancelling returns to the Delete button that opened it.
      await tabTo(page, 'Delete Work laptop');
      await page.keyboard.press('Space');
      await page.getByRole('dialog').waitFor();
      await expectAccessible(page);
      await expectFocus(page, 'Cancel', 'button');
      await page.keyboard.press('Enter');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      await expectFocus(page, 'Delete Work laptop', 'button');

      // Delete for real (Shift+Tab to the dialog's "Delete passkey"): focus goes to the list, where the item was.
      await page.keyboard.press('Space');
      await page.getByRole('dialog').waitFor();
      await tabTo(page, 'Delete passkey', { back: true, max: 3 });
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: 'Rename Work laptop' }).waitFor({ state: 'detached' });
      await page.getByRole('status').filter({ hasText: 'Passkey deleted' }).waitFor();
      await expectFocus(page, 'Your passkeys', 'ul');
      await expectAccessible(page);

      // Sign out, back on the sign-in page with the username field focused.
      await tabTo(page, 'Sign out', { back: true });
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.pathname.endsWith('/sign-in'), { waitUntil: 'load' });
      await page.getByLabel('Username or email').waitFor();
      await expectFocus(page, 'Username or email', 'input');
    },
  );
});
