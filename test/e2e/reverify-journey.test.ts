/**
 * "Confirm it's you" for a member (useReverify): after the session's last verification is older than the reverify
 * window, Add passkey, Save password, Delete passkey and signing out other devices first ask the member to
 * confirm, then do what was asked.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ORG_CACHE_MS } from '../../src/orgs/org-cache.js';
import {
  ageVerifications,
  chromiumAvailable,
  cli,
  expectAccessible,
  expectFocused,
  keepPasskeyName,
  newDevice,
  signInWithPassword,
  signOut,
  withoutAutofill,
  withServerAndBrowser,
  type Device,
} from './support.js';

const ORG = 'demo';
const signedInHeading = (page: Page) => page.getByRole('heading', { name: 'Signed in as Rosa' });
const panelHeading = (page: Page) => page.getByRole('heading', { name: "Confirm it's you" });

describe.skipIf(!chromiumAvailable)(
  "a member confirms it's them before adding a passkey and changing the password",
  () => {
    const env = withServerAndBrowser();
    let member: Device;

    beforeAll(async () => {
      cli(
        env.server,
        ['user', 'create', '--org', ORG, '--username', 'rosa', '--display-name', 'Rosa', '--password-stdin'],
        'rosa password 1\n',
      );
      member = await newDevice(env.browser);
      await withoutAutofill(member.page);
      await signInWithPassword(member.page, {
        origin: env.server.origin,
        org: ORG,
        username: 'rosa',
        password: 'rosa password 1',
      });
      // The organisation offers passkeys: Rosa is asked to create one first, and leaves it for later.
      await member.page.getByRole('button', { name: 'Do this later' }).click();
      await signedInHeading(member.page).waitFor();
    }, 60_000);

    it(
      'Add passkey: Cancel gives focus back to the button; confirming creates the passkey',
      { timeout: 120_000 },
      async () => {
        const { page } = member;
        await page
          .getByRole('navigation', { name: 'Account' })
          .getByRole('link', { name: /Passkeys/ })
          .click();
        await page.getByRole('heading', { name: 'Passkeys', level: 1 }).waitFor();
        const addPasskey = page.getByRole('button', { name: 'Add passkey' });

        ageVerifications(env.server);
        await addPasskey.click();
        await panelHeading(page).waitFor();
        await page.getByText("For your security, confirm it's you before adding a passkey.").waitFor();
        // Keyboard and screen-reader users land on the panel; Rosa has no passkey yet, so her password confirms.
        await expectFocused(panelHeading(page));
        expect(await page.getByRole('button', { name: 'Confirm with passkey' }).count()).toBe(0);
        await expectAccessible(page);
        await page.getByRole('button', { name: 'Cancel' }).click();
        await panelHeading(page).waitFor({ state: 'detached' });
        await expectFocused(addPasskey);
        expect(await member.credentials()).toEqual([]);

        await addPasskey.click();
        await panelHeading(page).waitFor();
        // A wrong password keeps the panel open, saying why.
        await page.getByLabel('Password', { exact: true }).fill('not my password');
        await page.getByRole('button', { name: 'Confirm', exact: true }).click();
        await page.getByRole('alert').filter({ hasText: 'The password is incorrect.' }).waitFor();
        await expectAccessible(page);
        await page.getByLabel('Password', { exact: true }).fill('rosa password 1');
        await page.getByRole('button', { name: 'Confirm', exact: true }).click();
        // Confirmed: Add passkey goes on by itself to the device's prompt.
        await page.getByRole('status').filter({ hasText: 'Passkey added' }).waitFor();
        await keepPasskeyName(page);
        await page
          .getByRole('list', { name: 'Your passkeys' })
          .getByRole('button', { name: /^Rename / })
          .waitFor();
        expect(await member.credentials()).toHaveLength(1);
        expect(await panelHeading(page).count()).toBe(0);
        await expectAccessible(page);
      },
    );

    it(
      'Save password: confirming with the passkey saves it, and the new password signs in',
      { timeout: 120_000 },
      async () => {
        const { page } = member;
        const { origin } = env.server;
        ageVerifications(env.server);
        await page.getByRole('button', { name: 'Change password' }).click();
        await page.getByLabel('New password').fill('rosa password 2');
        await page.getByRole('button', { name: 'Save password' }).click();
        await panelHeading(page).waitFor();
        await page.getByText("For your security, confirm it's you before changing your password.").waitFor();
        await expectFocused(panelHeading(page));
        await expectAccessible(page);
        // Now that Rosa has a passkey, it confirms too.
        await page.getByRole('button', { name: 'Confirm with passkey' }).click();
        await page.getByRole('status').filter({ hasText: 'Password saved' }).waitFor();
        expect(await panelHeading(page).count()).toBe(0);
        await expectFocused(page.getByRole('button', { name: 'Change password' }));
        await expectAccessible(page);

        // The server has the new password: the old one is refused, the new one signs in.
        await signOut(page);
        await signInWithPassword(page, { origin, org: ORG, username: 'rosa', password: 'rosa password 1' });
        await page.getByRole('alert').filter({ hasText: 'The username or password is incorrect.' }).waitFor();
        await signInWithPassword(page, { origin, org: ORG, username: 'rosa', password: 'rosa password 2' });
        await signedInHeading(page).waitFor();
      },
    );

    it(
      'Delete passkey: asked once the confirmation dialog is closed, confirmed with the passkey, then deleted',
      { timeout: 120_000 },
      async () => {
        const { page } = member;
        // Passkey holders sign in with their passkey only: the panel offers no password that would be refused.
        cli(env.server, ['org', 'set', ORG, '--password-fallback', 'off']);
        // Another process's change reaches the server's kept organisation within ORG_CACHE_MS.
        await new Promise((resolve) => setTimeout(resolve, ORG_CACHE_MS));
        await page.goto(`${env.server.origin}/o/${ORG}/settings/passkeys`);
        const list = page.getByRole('list', { name: 'Your passkeys' });
        const remove = list.getByRole('button', { name: /^Delete / });
        await remove.waitFor();
        ageVerifications(env.server);
        // Adding another passkey: the same, only the passkey is offered.
        await page.getByRole('button', { name: 'Add passkey' }).click();
        await panelHeading(page).waitFor();
        await page.getByRole('button', { name: 'Confirm with passkey' }).waitFor();
        expect(await page.getByLabel('Password', { exact: true }).count()).toBe(0);
        await page.getByRole('button', { name: 'Cancel' }).click();
        await panelHeading(page).waitFor({ state: 'detached' });
        await remove.click();
        await page.getByRole('dialog').getByRole('button', { name: 'Delete passkey' }).click();
        await panelHeading(page).waitFor();
        await page.getByText("For your security, confirm it's you before deleting a passkey.").waitFor();
        expect(await page.getByRole('dialog').count()).toBe(0);
        await expectFocused(panelHeading(page));
        await expectAccessible(page);
        expect(await member.credentials()).toHaveLength(1);
        expect(await page.getByLabel('Password', { exact: true }).count()).toBe(0);

        // The passkey about to go confirms it is Rosa; then it is gone, from the server and the authenticator.
        await page.getByRole('button', { name: 'Confirm with passkey' }).click();
        await page.getByRole('status').filter({ hasText: 'Passkey deleted' }).waitFor();
        expect(await panelHeading(page).count()).toBe(0);
        await expectFocused(page.getByText('You have no passkeys yet.'));
        await expectAccessible(page);
        await expect.poll(() => member.credentials()).toEqual([]);
        cli(env.server, ['org', 'set', ORG, '--password-fallback', 'on']);
        await new Promise((resolve) => setTimeout(resolve, ORG_CACHE_MS));
      },
    );

    it(
      'Sign out all other sessions: asked on the Home page, confirmed with the password, then signed out',
      { timeout: 120_000 },
      async () => {
        const { page } = member;
        const { origin } = env.server;
        const other = await newDevice(env.browser);
        await signInWithPassword(other.page, { origin, org: ORG, username: 'rosa', password: 'rosa password 2' });
        await signedInHeading(other.page).waitFor();

        await page.goto(`${origin}/o/${ORG}/`);
        const signOutOthers = page.getByRole('button', { name: 'Sign out all other sessions' });
        await signOutOthers.waitFor();
        ageVerifications(env.server);
        await signOutOthers.click();
        await panelHeading(page).waitFor();
        await page.getByText("For your security, confirm it's you before signing out your other devices.").waitFor();
        await expectFocused(panelHeading(page));
        await expectAccessible(page);
        // Escape, as Cancel, closes it and gives the focus back to the button that opened it (not the page's start).
        await page.keyboard.press('Escape');
        await panelHeading(page).waitFor({ state: 'detached' });
        await expectFocused(signOutOthers);
        await signOutOthers.click();
        await panelHeading(page).waitFor();
        await page.getByLabel('Password', { exact: true }).fill('rosa password 2');
        await page.getByRole('button', { name: 'Confirm', exact: true }).click();
        await page.getByRole('status').filter({ hasText: 'Signed out 1 other session' }).waitFor();
        expect(await panelHeading(page).count()).toBe(0);
        await expectFocused(page.getByRole('heading', { name: 'Active sessions' }));

        await other.page.reload();
        await other.page.getByLabel('Username or email').waitFor();
        await other.context.close();
      },
    );
  },
);
