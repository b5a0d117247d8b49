import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible } from './support.js';

const accountNav = (page: Page) => page.getByRole('navigation', { name: 'Account' });

/** At 1,280 px the account's links sit on one row (issue 15: the admin nav wrapped into several). */
export async function expectNavOnOneRow(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 800 });
  const links = accountNav(page).getByRole('link');
  await links.first().waitFor();
  expect(await page.getByRole('button', { name: 'Menu' }).count()).toBe(0);
  const tops = new Set<number>();
  for (const link of await links.all()) tops.add(Math.round((await link.boundingBox())!.y));
  expect(tops.size, 'the nav links are on one row').toBe(1);
  // Nothing scrolls sideways either.
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
}

/**
 * At 390 px (a phone) a "Menu" button discloses every link (aria-expanded), each one visible and focusable;
 * Escape closes the menu and gives focus back to its button. Leaves the window at 1,280 px.
 */
export async function expectNavReachableOnPhone(page: Page, names: string[]): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
  const menu = page.getByRole('button', { name: 'Menu' });
  await menu.waitFor();
  expect(await menu.getAttribute('aria-expanded')).toBe('false');
  expect(await accountNav(page).isVisible()).toBe(false);
  await expectAccessible(page);
  await menu.click();
  expect(await menu.getAttribute('aria-expanded')).toBe('true');
  for (const name of names) {
    const link = accountNav(page).getByRole('link', { name, exact: true });
    expect(await link.isVisible(), name).toBe(true);
    const box = (await link.boundingBox())!;
    expect(box.x >= 0 && box.x + box.width <= 390, `${name} fits the screen`).toBe(true);
  }
  await expectAccessible(page);
  // The keyboard reaches the links from the button, and Escape brings it back.
  await menu.focus();
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(names[0]);
  await page.keyboard.press('Escape');
  expect(await menu.getAttribute('aria-expanded')).toBe('false');
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Menu');
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await page.setViewportSize({ width: 1280, height: 800 });
}

export const ADMIN_LINKS = [
  'Home',
  'Settings › Passkeys',
  'Admin home',
  'Org Settings',
  'Users',
  'Activity',
  'Email templates',
  'Apps',
];
