import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_LINKS, expectNavOnOneRow, expectNavReachableOnPhone } from './account-nav.js';
import {
  ageVerifications,
  chromiumAvailable,
  cli,
  completeSetup,
  expectFocused,
  expectAccessible,
  expectStackedOnPhone,
  newDevice,
  withoutAutofill,
  withServerAndBrowser,
  type Device,
} from './support.js';

const ORG = 'demo';
const FINGERPRINT = Array.from({ length: 32 }, (_, i) => (i * 7 + 3).toString(16).padStart(2, '0')).join(':');

describe.skipIf(!chromiumAvailable)('Org Settings › Mobile apps, and Apps', () => {
  const env = withServerAndBrowser();

  /** An app added from the server's shell, for the console to act on. */
  const createApp = (name: string, ...redirectUris: string[]) =>
    cli(env.server, [
      'client',
      'create',
      '--org',
      ORG,
      '--name',
      name,
      ...redirectUris.flatMap((uri) => ['--redirect-uri', uri]),
    ]);
  let admin: Device;
  const blocked: string[] = [];

  beforeAll(async () => {
    admin = await newDevice(env.browser);
    await withoutAutofill(admin.page);
    admin.page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });
    await completeSetup(admin.page, env.server.setupLinks[ORG]!, 'demo admin password');
  }, 60_000);

  afterEach(() => {
    expect(blocked).toEqual([]);
  });

  it(
    'lists an Android and an Apple app after "Confirm it\'s you", and publishes them in the well-known files',
    { timeout: 120_000 },
    async () => {
      const { page } = admin;
      const { origin } = env.server;
      await page.goto(`${origin}/o/${ORG}/admin/settings/passkeys`);
      await page.getByRole('heading', { name: 'Passkey settings', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Save language' }).waitFor();
      await expectAccessible(page);
      await expectNavOnOneRow(page);
      await expectNavReachableOnPhone(page, ADMIN_LINKS);
      await page.getByRole('navigation', { name: 'Org Settings' }).getByRole('link', { name: 'Mobile apps' }).click();
      await page.getByRole('heading', { name: 'Mobile apps', level: 1 }).waitFor();
      await page.getByText('No Android apps.').waitFor();
      await expectAccessible(page);

      // In French, the sentences keep their code (Trans under ICU), and English comes back when chosen.
      await page.getByLabel('Language').selectOption('fr');
      await page.getByRole('heading', { name: 'Applications mobiles', level: 1 }).waitFor();
      await page.getByText('Aucune application Android.').waitFor();
      expect(await page.locator('main p code').first().textContent()).toBe('localhost');
      expect(
        await page.locator('main p').filter({ hasText: 'Vos applications Android et iOS' }).textContent(),
      ).toContain('pour localhost. Indiquez-les ici');
      await expectAccessible(page);
      await page.getByLabel('Langue').selectOption('en');
      await page.getByRole('heading', { name: 'Mobile apps', level: 1 }).waitFor();

      await page.getByRole('button', { name: 'Add Android app' }).click();
      const android = page.getByRole('group', { name: 'Android app 1' });
      await android.getByLabel('Package name').fill('com.demo.app');
      await android.getByLabel('SHA-256 signing-certificate fingerprints').fill(FINGERPRINT);
      await page.getByRole('button', { name: 'Add Apple app' }).click();
      const apple = page.getByRole('group', { name: 'Apple app 1' });
      await apple.getByLabel('Team ID').fill('demo12345');
      await apple.getByLabel('Bundle ID').fill('com.demo.ios');

      // Refused, saying which field and why; the field is marked invalid.
      await page.getByRole('button', { name: 'Save mobile apps' }).click();
      await page
        .getByRole('alert')
        .filter({ hasText: 'Apple app 1, team ID: 10 capital letters or digits.' })
        .waitFor();
      expect(await apple.getByLabel('Team ID').getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(page);
      await apple.getByLabel('Team ID').fill('DEMO123456');

      // Away for a while: the admin confirms it is them before the apps are saved.
      ageVerifications(env.server);
      await page.getByRole('button', { name: 'Save mobile apps' }).click();
      await page.getByRole('heading', { name: "Confirm it's you" }).waitFor();
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Confirm with passkey' }).click();
      await page.getByRole('status').filter({ hasText: 'Mobile apps saved.' }).waitFor();
      await page.getByRole('heading', { name: 'Accepted passkey origins' }).waitFor();
      await page.getByText(/com\.demo\.app: android:apk-key-hash:/).waitFor();
      await expectAccessible(page);

      // Removing an app takes focus to its list's heading, not the page body.
      await page.getByRole('button', { name: 'Remove Apple app 1' }).click();
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Apple apps');
      await page.getByRole('button', { name: 'Add Apple app' }).click();
      const again = page.getByRole('group', { name: 'Apple app 1' });
      await again.getByLabel('Team ID').fill('DEMO123456');
      await again.getByLabel('Bundle ID').fill('com.demo.ios');
      expect(
        await page
          .getByRole('group', { name: 'Android app 1' })
          .getByLabel('SHA-256 signing-certificate fingerprints')
          .inputValue(),
      ).toBe(FINGERPRINT.toUpperCase());

      const links = await page.request.get(`${origin}/.well-known/assetlinks.json`);
      expect(links.headers()['content-type']).toBe('application/json');
      expect((await links.json())[0].target).toEqual({
        namespace: 'android_app',
        package_name: 'com.demo.app',
        sha256_cert_fingerprints: [FINGERPRINT.toUpperCase()],
      });
      expect(await (await page.request.get(`${origin}/.well-known/apple-app-site-association`)).json()).toEqual({
        webcredentials: { apps: ['DEMO123456.com.demo.ios'] },
      });
    },
  );

  it('rotates a secret only once the admin confirms, and shows the new one with a Copy button', async () => {
    const { page } = admin;
    createApp('Ledger', 'https://ledger.example/cb');
    await page.goto(`${env.server.origin}/o/${ORG}/admin/apps`);
    const rotate = page.getByRole('button', { name: 'Rotate secret of Ledger' });
    // The old secret stops working at once: the dialog says so, and Cancel changes nothing.
    await rotate.click();
    const dialog = page.getByRole('dialog', { name: 'Rotate the secret of Ledger?' });
    await dialog.getByText('The old secret stops working at once').waitFor();
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expectFocused(rotate);
    const shown = page.getByRole('group', { name: 'Client secret for Ledger' });
    expect(await shown.count()).toBe(0);

    await rotate.click();
    await dialog.getByRole('button', { name: 'Rotate secret', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Ledger has a new secret' }).waitFor();
    await expectFocused(shown);
    expect(await shown.getByLabel('Client secret').inputValue()).toMatch(/^[\w-]{40,}$/);
    await expectAccessible(page);
    // Copied, or (clipboard refused) selected for Ctrl+C: either way the page says which.
    await shown.getByRole('button', { name: 'Copy secret' }).click();
    await shown
      .getByRole('status')
      .filter({ hasText: /^(Secret copied|Press Ctrl\+C)/ })
      .waitFor();
    await shown.getByRole('button', { name: 'Done' }).click();
    expect(await shown.count()).toBe(0);
  });

  it('deletes an app after "Confirm it\'s you", asked on the page once the confirmation dialog is closed', async () => {
    const { page } = admin;
    createApp(
      'Doomed',
      'https://doomed.example/cb',
      // A long address wraps in its cell: the table's Actions stay in sight (the check of every page).
      'https://expenses-staging.finance.example-corporation.com/authentication/openid-connect/callback',
    );
    await page.goto(`${env.server.origin}/o/${ORG}/admin/apps`);
    await page.getByRole('rowheader', { name: 'Doomed', exact: true }).waitFor();
    // On a phone each app is a card: every cell a line as wide as the screen, the buttons in sight. So is Activity.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByRole('rowheader', { name: 'Doomed', exact: true }).waitFor();
    await expectStackedOnPhone(page.getByRole('table', { name: 'Apps' }));
    const deleteButton = await page.getByRole('button', { name: 'Delete Doomed' }).boundingBox();
    expect(deleteButton!.x + deleteButton!.width).toBeLessThanOrEqual(390);
    await page.goto(`${env.server.origin}/o/${ORG}/admin/activity`);
    await expectStackedOnPhone(page.getByRole('table', { name: 'Activity, newest first' }));
    await page.goto(`${env.server.origin}/o/${ORG}/admin/apps`);
    await page.setViewportSize({ width: 1280, height: 720 });

    // Away for a while: deleting the app asks the admin to confirm it is them, on the page, where focus goes.
    ageVerifications(env.server);
    await page.getByRole('button', { name: 'Delete Doomed' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete app' }).click();
    const confirmItsYou = page.getByRole('heading', { name: "Confirm it's you" });
    await confirmItsYou.waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    await expectFocused(confirmItsYou);
    await page.getByRole('button', { name: 'Confirm with passkey' }).click();
    await page.getByRole('status').filter({ hasText: 'Deleted Doomed' }).waitFor();
    expect(await page.getByRole('rowheader', { name: 'Doomed', exact: true }).count()).toBe(0);
  }, 60_000);

  it('edits an app, disables it (a member it sends is told so), enables it again; Activity says so', async () => {
    const { page } = admin;
    const { origin } = env.server;
    const { client_id: clientId } = JSON.parse(createApp('Payroll', 'https://payroll.example/cb')) as {
      client_id: string;
    };
    await page.goto(`${origin}/o/${ORG}/admin/apps`);
    await page.getByRole('button', { name: 'Edit Payroll' }).click();
    await expectFocused(page.getByRole('heading', { name: 'Edit Payroll' }));
    const redirects = page.getByLabel('Redirect URIs', { exact: true });
    expect(await redirects.inputValue()).toBe('https://payroll.example/cb');
    await redirects.fill('https://payroll.example/cb\nhttps://payroll.example/v2/cb');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved Payroll' }).waitFor();
    await page
      .getByRole('row', { name: /Payroll/ })
      .getByText('https://payroll.example/v2/cb')
      .waitFor();

    await page.getByRole('button', { name: 'Disable Payroll' }).click();
    const dialog = page.getByRole('dialog', { name: 'Disable Payroll?' });
    await dialog.getByText('Its client ID and settings stay').waitFor();
    await dialog.getByRole('button', { name: 'Disable app' }).click();
    await page.getByRole('status').filter({ hasText: 'Disabled Payroll' }).waitFor();
    await page.getByRole('rowheader', { name: /^Payroll ?Disabled$/ }).waitFor();
    await expectAccessible(page);

    // The app sends a member to sign in: the page says the app is disabled, and does not send them back to it.
    const authorize = new URL(`${origin}/o/${ORG}/oidc/auth`);
    for (const [name, value] of Object.entries({
      client_id: clientId,
      redirect_uri: 'https://payroll.example/v2/cb',
      response_type: 'code',
      scope: 'openid',
    }))
      authorize.searchParams.set(name, value);
    await page.goto(authorize.href);
    await page.getByText('Your administrator has disabled this app: it cannot sign you in.').waitFor();
    expect(new URL(page.url()).origin).toBe(origin);

    await page.goto(`${origin}/o/${ORG}/admin/apps`);
    await page.getByRole('button', { name: 'Enable Payroll' }).click();
    await page.getByRole('status').filter({ hasText: 'Enabled Payroll' }).waitFor();
    await page.getByRole('rowheader', { name: 'Payroll', exact: true }).waitFor();
    await page.goto(`${origin}/o/${ORG}/admin/activity`);
    await page.getByRole('cell', { name: 'App enabled', exact: true }).first().waitFor();
    // Which app, and what it ended: folded under the event's "Show details".
    const disabledRow = page
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: 'App disabled', exact: true }) })
      .first();
    await disabledRow.getByText('Show details').click();
    await disabledRow
      .getByRole('definition')
      .filter({ hasText: /^Payroll$/ })
      .waitFor();
    await disabledRow.getByRole('definition').filter({ hasText: clientId }).waitFor();
    await expectAccessible(page);
  }, 60_000);

  it('adds an app after "Confirm it\'s you", asked on the page below the form, and Activity says so', async () => {
    const { page } = admin;
    await page.goto(`${env.server.origin}/o/${ORG}/admin/apps`);
    await page.getByRole('button', { name: 'Add app' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Field Phone');
    await page.getByLabel('Browser or mobile app (no secret, PKCE)').check();
    await page.getByLabel('Redirect URIs', { exact: true }).fill('com.demo.field:/callback');

    // Away for a while: the app's addresses decide where members' codes go, so the admin confirms it is them.
    ageVerifications(env.server);
    await page.getByRole('button', { name: 'Add app' }).click();
    const confirmItsYou = page.getByRole('heading', { name: "Confirm it's you" });
    await confirmItsYou.waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    await expectFocused(confirmItsYou);
    await page.getByText("For your security, confirm it's you before adding an app.").waitFor();
    await expectAccessible(page);
    // A back-channel address over plain http off the loopback: the error names the field and the rule.
    await page.getByLabel('Back-channel logout URI (optional)').fill('http://field.example/logout');
    await page.getByRole('button', { name: 'Confirm with passkey' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Back-channel logout URI (optional): https:// (or http on the loopback), no fragment' })
      .waitFor();
    await page.getByLabel('Back-channel logout URI (optional)').fill('');
    await page.getByRole('button', { name: 'Add app' }).click();
    await page.getByRole('status').filter({ hasText: 'Added Field Phone' }).waitFor();
    await page.getByRole('rowheader', { name: 'Field Phone', exact: true }).waitFor();
    expect(await page.getByRole('heading', { name: "Confirm it's you" }).count()).toBe(0);

    await page.goto(`${env.server.origin}/o/${ORG}/admin/activity`);
    await page.getByRole('cell', { name: 'App added', exact: true }).first().waitFor();
  }, 60_000);
});
