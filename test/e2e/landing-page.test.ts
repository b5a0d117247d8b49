/** "/": the organisation's short name leads to its sign-in page; its full name is explained, not sent on. */
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, expectAccessible, newDevice, withServerAndBrowser } from './support.js';

describe.skipIf(!chromiumAvailable)('the start page, in Chromium', () => {
  const env = withServerAndBrowser();

  it('asks for the short name, as in the sign-in address', { timeout: 60_000 }, async () => {
    const { origin } = env.server;
    const { page, context } = await newDevice(env.browser);
    await page.goto(`${origin}/`);
    const field = page.getByLabel('Organisation');
    await page.getByText("The short name in your organisation's sign-in address: acme in …/o/acme/sign-in.").waitFor();
    // The organisation's full name, as the browser's autofill offers it.
    await field.fill('Demo Corp');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: "Enter your organisation's short name, not its full name" })
      .waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await expectAccessible(page);
    await field.fill(' Demo ');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${origin}/o/demo/sign-in`);
    await context.close();
  });
});
