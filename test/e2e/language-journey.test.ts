/**
 * Issue 15: the pages follow the browser's language, the footer's switcher changes it and is remembered, and a
 * coded error from the server is shown in the page's language. Each page passes axe's WCAG 2.2 AA checks.
 */
import { describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  cli,
  expectAccessible,
  newDevice,
  withServerAndBrowser,
  withoutAutofill,
} from './support.js';

describe.skipIf(!chromiumAvailable)('pages in the member’s language', () => {
  const env = withServerAndBrowser();

  it(
    'German from the browser, French from the switcher (remembered), errors in French',
    { timeout: 90_000 },
    async () => {
      cli(
        env.server,
        ['user', 'create', '--org', 'demo', '--username', 'lea', '--display-name', 'Léa', '--password-stdin'],
        'lea password 1\n',
      );
      const { page } = await newDevice(env.browser, { locale: 'de-DE' });
      await withoutAutofill(page);
      const lang = () => page.evaluate(() => document.documentElement.lang);

      // A German browser: the sign-in page in German, <html lang="de">.
      await page.goto(`${env.server.origin}/o/demo/sign-in`);
      await page.getByLabel('Benutzername oder E-Mail').waitFor();
      expect(await lang()).toBe('de');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Bei .+ anmelden$/);
      expect(await page.title()).toMatch(/anmelden · Latchkey$/);
      await expectAccessible(page);

      // The switcher in the footer: French at once, and still French after a reload.
      await page.getByLabel('Sprache').selectOption('fr');
      await page.getByLabel("Nom d'utilisateur ou e-mail").waitFor();
      expect(await lang()).toBe('fr');
      await expectAccessible(page);
      await page.reload();
      await page.getByLabel("Nom d'utilisateur ou e-mail").waitFor();
      expect(await lang()).toBe('fr');
      expect(await page.getByLabel('Langue').inputValue()).toBe('fr');

      // A coded error from the server (INVALID_CREDENTIALS), in French.
      await page.getByLabel("Nom d'utilisateur ou e-mail").fill('lea');
      await page.getByRole('button', { name: 'Continuer' }).click();
      await page.getByLabel('Mot de passe', { exact: true }).fill('pas le bon');
      await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
      await page
        .getByRole('alert')
        .filter({ hasText: "Le nom d'utilisateur ou le mot de passe est incorrect." })
        .waitFor();
      await expectAccessible(page);

      // Signed in: the next page (fetched on demand) is in French too.
      await page.getByLabel('Mot de passe', { exact: true }).fill('lea password 1');
      await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
      await page.getByRole('heading', { name: "Créer une clé d'accès", level: 1 }).waitFor();
      expect(await page.title()).toMatch(/^Créer une clé d'accès · /);
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Plus tard' }).click();
      await page.getByRole('heading', { name: 'Connecté en tant que Léa' }).waitFor();
      await page.getByRole('heading', { name: 'Sessions actives' }).waitFor();
      // The backup card, in French: one way in so far (her password), a passkey to add.
      await page.getByRole('heading', { name: "Ajoutez une solution de secours : une clé d'accès" }).waitFor();
      await page.getByRole('link', { name: "Ajoutez-la dans Paramètres › Clés d'accès" }).waitFor();
      await expectAccessible(page);
    },
  );
});
