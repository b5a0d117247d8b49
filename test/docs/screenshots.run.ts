/**
 * `npm run docs:screenshots`: the pictures in docs/images/, taken from the real product. It builds
 * the front end (the npm script runs `npm run build` first), starts the server on a fresh SQLite
 * database, seeds a small organisation, and walks Chromium through the journeys the seeds describe.
 *
 * Deterministic on purpose, so a picture changes only when the page does: the server runs
 * in-process with a clock that stands still except where this script moves it, every browser shows
 * that same time in UTC, and codes and the port (random by nature) are shown as the docs' examples.
 * Not part of the test suite (it writes files); test/docs-images.test.ts checks what it produced.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createSetupLink } from '../../src/enrollment/setup-links.js';
import { startOutboxWorker } from '../../src/mail/worker.js';
import { createOrganisation } from '../../src/orgs/organisations.js';
import { updatePasskeyPolicy } from '../../src/policy/update-policy.js';
import { openDeps } from '../../src/runtime.js';
import type { Deps } from '../../src/shared/deps.js';
import { createUser } from '../../src/users/users.js';
import { freePort } from '../support/free-port.js';
import { chromiumAvailable, launchBrowser, newDevice, withoutAutofill } from '../e2e/support.js';
import { DESKTOP, PHONE, SHOTS, type ShotName } from './shots.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const IMAGES = path.join(ROOT, 'docs', 'images');
const ORG = 'northwind';
/** Monday 2 March 2026, 09:00 UTC: the time every picture shows, moved on a little per step. */
const START = Date.UTC(2026, 2, 2, 9, 0, 0);
/** The docs' example codes, shown instead of the random ones. */
const EXAMPLE_ENROLLMENT_CODE = 'ABC-DEF-GHJ';
const EXAMPLE_SIGN_IN_CODE = 'K7QM-3XPA';
const DOCS_ORIGIN = 'http://localhost:3000';
/** Pixels kept around a page's main column. */
const MARGIN = 24;
const IPHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_3 like Mac OS X) AppleWebKit/605.1.15 ' +
  '(KHTML, like Gecko) Version/18.3 Mobile/15E148 Safari/604.1';
const MAC_CHROME_UA =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 ' +
  '(KHTML, like Gecko) Chrome/134.0.0.0 Safari/537.36';

let now = START;
const contexts: BrowserContext[] = [];
const taken = new Set<ShotName>();

/** Moves the server's and every browser's clock on by `seconds`, so events keep their order. */
async function advance(seconds = 10) {
  now += seconds * 1000;
  await Promise.all(contexts.map((context) => context.clock.setFixedTime(now)));
}

/** A person's device (test/e2e/support.ts): its own viewport and user agent, the clock standing still, UTC. */
async function device(browser: Browser, kind: 'laptop' | 'phone') {
  const { context, page } = await newDevice(browser, {
    viewport: kind === 'phone' ? PHONE : DESKTOP,
    userAgent: kind === 'phone' ? IPHONE_UA : MAC_CHROME_UA,
    locale: 'en-GB',
    timezoneId: 'UTC',
    deviceScaleFactor: 1,
  });
  await context.clock.setFixedTime(now);
  contexts.push(context);
  await withoutAutofill(page);
  return page;
}

/** Shows the docs' example codes and address instead of this run's random ones. */
async function normalise(page: Page, origin: string) {
  await page.evaluate(
    ({ origin, docsOrigin, enrollmentCode, signInCode }) => {
      for (const [testId, example] of [
        ['enrollment-code', enrollmentCode],
        ['sign-in-code', signInCode],
      ] as const)
        for (const element of document.querySelectorAll(`[data-testid="${testId}"]`)) element.textContent = example;
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode())
        if (node.textContent?.includes(origin)) node.textContent = node.textContent.replaceAll(origin, docsOrigin);
      for (const input of document.querySelectorAll('input, textarea'))
        if ((input as HTMLInputElement).value.includes(origin))
          (input as HTMLInputElement).value = (input as HTMLInputElement).value.replaceAll(origin, docsOrigin);
    },
    {
      origin,
      docsOrigin: DOCS_ORIGIN,
      enrollmentCode: EXAMPLE_ENROLLMENT_CODE,
      signInCode: EXAMPLE_SIGN_IN_CODE,
    },
  );
}

/**
 * Writes docs/images/<name>.png: a section with a margin around it, or a page's main column (the
 * header's content lines up with it) from the top; never more than one screen.
 */
async function shoot(name: ShotName, target: Page | Locator, origin: string) {
  const section = 'page' in target ? target : undefined;
  const page = section?.page() ?? (target as Page);
  await page.evaluate(() => document.fonts.ready);
  await normalise(page, origin);
  // No caret, focus ring or hover state that depends on where the last click happened.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.mouse.move(0, 0);
  await section?.scrollIntoViewIfNeeded();
  // Lets late answers (option lists, counts) settle: otherwise a border may land a pixel apart between runs.
  await page.waitForTimeout(300);
  const box = (await (section ?? page.locator('main').first()).boundingBox())!;
  const viewport = page.viewportSize()!;
  const x = Math.max(0, Math.floor(box.x) - MARGIN);
  const y = section ? Math.max(0, Math.floor(box.y) - MARGIN) : 0;
  const right = Math.min(viewport.width, Math.ceil(box.x + box.width) + MARGIN);
  const bottom = Math.min(viewport.height, Math.ceil(box.y + box.height) + MARGIN);
  await page.screenshot({
    path: path.join(IMAGES, `${name}.png`),
    animations: 'disabled',
    caret: 'hide',
    clip: { x, y, width: right - x, height: bottom - y },
  });
  taken.add(name);
}

async function setUpFromLink(page: Page, link: string, password: string) {
  await page.goto(link);
  await page.getByRole('button', { name: 'Get started' }).click();
  await page.getByRole('button', { name: 'Create a passkey' }).click();
  await keepPasskeyName(page);
  await page.getByLabel('New password').fill(password);
  await page.getByRole('button', { name: 'Save password' }).click();
  await page.getByText("You're all set").waitFor();
}

/** "Name this passkey" after creating one: the given name, or the one it came with. */
async function keepPasskeyName(page: Page, name?: string) {
  await page.getByRole('heading', { name: 'Name this passkey' }).waitFor();
  if (name) await page.getByLabel('Passkey name').fill(name);
  await page.getByRole('button', { name: 'Save name' }).click();
}

async function openUser(page: Page, origin: string, name: string) {
  await page.goto(`${origin}/o/${ORG}/admin/users`);
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
}

/** "Confirm it's you" if the server asks for it (the admin last proved it over 5 minutes ago). */
async function confirmIfAsked(region: Locator, done: Locator) {
  const confirm = region.getByRole('button', { name: 'Confirm with passkey' });
  await confirm.or(done).first().waitFor();
  if (await confirm.isVisible()) await confirm.click();
  await done.waitFor();
}

describe.skipIf(!chromiumAvailable)('docs screenshots', () => {
  let deps: Deps;
  let origin: string;
  let browser: Browser;
  let stop: () => Promise<void>;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-docs-'));

  beforeAll(async () => {
    const port = await freePort();
    origin = `http://localhost:${port}`;
    const config = loadConfig(
      {
        PORT: String(port),
        PUBLIC_URL: origin,
        DATABASE_URL: `sqlite:${path.join(dir, 'docs.db')}`,
        LOG_LEVEL: 'silent',
        WEB_ROOT: path.join(ROOT, 'dist', 'web'),
      },
      dir,
    );
    if (!fs.existsSync(path.join(config.webRoot, 'index.html'))) throw new Error('Run `npm run build` first.');
    const runtime = await openDeps(config, { clock: () => now });
    deps = runtime.deps;
    const app = await buildApp(deps);
    const outbox = startOutboxWorker(deps, { log: () => {} });
    await app.listen({ host: '127.0.0.1', port });
    browser = await launchBrowser();
    stop = async () => {
      await browser.close();
      await app.close();
      await outbox.stop();
      await runtime.close();
      fs.rmSync(dir, { recursive: true, force: true });
    };
    fs.mkdirSync(IMAGES, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await stop?.();
  });

  it('takes every picture the docs show', { timeout: 600_000 }, async () => {
    // The platform organisation, then Northwind Care with its first admin, Priya.
    await createOrganisation(deps, { slug: 'platform', name: 'Latchkey Platform', passkeysAvailable: true });
    const org = await createOrganisation(deps, { slug: ORG, name: 'Northwind Care' });
    await updatePasskeyPolicy(deps, {
      org,
      changes: { passkeysAvailable: true, passkeysEnabled: true, rollout: 'everyone' },
      actor: { actorId: null, via: 'cli' },
    });
    const member = (username: string, displayName: string, password: string | null = null) =>
      createUser(deps, { org, username, displayName, email: `${username}@northwind.example`, password });

    const priya = await device(browser, 'laptop');
    const admin = await createUser(deps, {
      org,
      username: 'priya',
      displayName: 'Priya Shah',
      email: 'priya.shah@northwind.example',
      role: 'admin',
    });
    await setUpFromLink(
      priya,
      (await createSetupLink(deps, { org, user: admin, createdBy: null })).url,
      'priya demo password',
    );
    await advance();

    // Members who already have a passkey, members still Pending.
    for (const [username, name] of [
      ['amara', 'Amara Okafor'],
      ['sam', 'Sam Patel'],
    ] as const) {
      const link = await createSetupLink(deps, { org, user: await member(username, name), createdBy: null });
      await setUpFromLink(await device(browser, 'laptop'), link.url, `${username} demo password`);
      await advance();
    }
    await member('tom', 'Tom Becker', 'tom demo password');
    await member('jonas', 'Jonas Berg');
    await member('chloe', 'Chloé Martin');
    await member('lena', 'Lena Fischer', 'lena demo password');
    await advance(60);

    // Tom signs in on his phone with his password and is invited to create a passkey.
    const phone = await device(browser, 'phone');
    await phone.goto(`${origin}/o/${ORG}/sign-in`);
    await phone.getByLabel('Username or email').waitFor();
    await shoot('sign-in-phone', phone, origin);
    await phone.getByLabel('Username or email').fill('tom');
    await phone.getByRole('button', { name: 'Continue' }).click();
    await phone.getByLabel('Password', { exact: true }).fill('tom demo password');
    await phone.getByRole('button', { name: 'Sign in', exact: true }).click();
    await phone.getByRole('heading', { name: 'Create a passkey' }).waitFor();
    await phone.getByRole('button', { name: 'Continue' }).click();
    await keepPasskeyName(phone, "Tom's iPhone");
    await phone.getByRole('heading', { name: /Signed in as/ }).waitFor();
    await advance();

    // On his laptop, the passkey is on the phone: "Sign in from another device".
    const laptop = await device(browser, 'laptop');
    await laptop.goto(`${origin}/o/${ORG}/sign-in`);
    await laptop.getByLabel('Username or email').waitFor();
    await shoot('sign-in', laptop, origin);
    await laptop.getByLabel('Username or email').fill('tom');
    await laptop.getByRole('button', { name: 'Continue' }).click();
    await laptop.getByText('Your account is protected by a passkey.').waitFor();
    await shoot('sign-in-passkey', laptop, origin);
    await laptop.getByRole('button', { name: 'Sign in from another device' }).click();
    const codeElement = laptop.getByTestId('sign-in-code');
    await codeElement.waitFor();
    const code = (await codeElement.textContent())!.trim();
    await shoot('device-link-code', laptop, origin);

    // The phone approves it from Settings › Passkeys › Sign in to another device.
    await phone.goto(`${origin}/o/${ORG}/settings/passkeys`);
    await phone.getByRole('button', { name: 'Sign in to another device' }).click();
    await phone.getByLabel('Code', { exact: true }).fill(code);
    await phone.getByRole('button', { name: 'Verify code' }).click();
    const approve = phone.getByRole('button', { name: 'Approve' });
    await approve.waitFor();
    await approve.scrollIntoViewIfNeeded();
    await shoot('device-link-approve', phone, origin);
    await approve.click();
    await phone.getByRole('status').filter({ hasText: 'Approved' }).waitFor();
    await advance();

    // The laptop is signed in and offers a passkey of its own.
    await laptop.getByRole('heading', { name: 'Create a passkey' }).waitFor({ timeout: 15_000 });
    await shoot('create-passkey-prompt', laptop, origin);
    await laptop.getByRole('button', { name: 'Continue' }).click();
    await laptop.getByRole('heading', { name: 'Name this passkey' }).waitFor();
    await laptop.getByLabel('Passkey name').fill('Work laptop');
    await shoot('name-passkey', laptop, origin);
    await keepPasskeyName(laptop);
    await laptop.getByRole('heading', { name: /Signed in as/ }).waitFor();
    await advance();

    // Settings › Passkeys, with the names he gave them (This device: the laptop's).
    await laptop.goto(`${origin}/o/${ORG}/settings/passkeys`);
    await laptop.getByRole('heading', { name: 'Passkeys', level: 1 }).waitFor();
    await laptop.getByRole('button', { name: "Rename Tom's iPhone" }).waitFor();
    await laptop.getByRole('button', { name: 'Rename Work laptop' }).waitFor();
    await shoot('settings-passkeys', laptop, origin);
    await advance(60);

    // The admin: home, Org Settings › Passkeys, Users.
    await priya.goto(`${origin}/o/${ORG}/admin`);
    await priya
      .getByRole('region', { name: 'Passkey rollout' })
      .getByText(/members enrolled/)
      .waitFor();
    await priya.getByRole('img', { name: 'Members enrolled over time, in percent' }).waitFor();
    await shoot('admin-home', priya, origin);
    await priya.goto(`${origin}/o/${ORG}/admin/settings/passkeys`);
    await priya.getByLabel('Enable passkeys').waitFor();
    await shoot('org-settings-passkeys', priya, origin);
    await priya.goto(`${origin}/o/${ORG}/admin/users`);
    await priya.getByRole('row', { name: /Tom Becker/ }).waitFor();
    await shoot('users', priya, origin);
    await advance();

    // Enroll a Passkey for Jonas with a 9-character code, which he types on his laptop.
    await openUser(priya, origin, 'Jonas Berg');
    const enroll = priya.getByRole('region', { name: 'Enroll a Passkey' });
    await enroll.getByRole('button', { name: 'Enroll a Passkey' }).click();
    await enroll.getByRole('radio', { name: 'Generate 9-character code' }).check();
    await enroll.getByRole('button', { name: 'Generate 9-character code' }).click();
    const enrollmentCode = (await enroll.getByTestId('enrollment-code').textContent())!.trim();
    await enroll.getByRole('timer').waitFor();
    await shoot('enroll-code', enroll, origin);
    const jonas = await device(browser, 'laptop');
    await jonas.goto(`${origin}/o/${ORG}/enroll`);
    await jonas.getByLabel('Enrollment code').fill(EXAMPLE_ENROLLMENT_CODE);
    await jonas.getByLabel('Username or email').fill('jonas');
    await shoot('enroll-with-code', jonas, origin);
    await jonas.getByLabel('Enrollment code').fill(enrollmentCode);
    await jonas.getByRole('button', { name: 'Continue' }).click();
    await jonas.getByRole('button', { name: 'Create a passkey' }).click();
    await keepPasskeyName(jonas);
    await jonas.getByRole('button', { name: 'Skip' }).click();
    await jonas.getByRole('heading', { name: 'Signed in as Jonas Berg' }).waitFor();
    await enroll.getByRole('status').filter({ hasText: 'has created a passkey' }).waitFor({ timeout: 15_000 });
    await advance();

    // Enroll a Passkey for Chloé by email: the form, before it is sent.
    await openUser(priya, origin, 'Chloé Martin');
    await enroll.getByRole('button', { name: 'Enroll a Passkey' }).click();
    await enroll.getByRole('radio', { name: 'Send enrollment email' }).check();
    await enroll.getByLabel('Email template').locator('option').first().waitFor({ state: 'attached' });
    await shoot('enroll-email', enroll, origin);
    await advance();

    // Sam lost his phone: Recover account, with a new code.
    await openUser(priya, origin, 'Sam Patel');
    const recovery = priya.getByRole('region', { name: 'Lost or replaced device' });
    await recovery.getByRole('button', { name: 'Recover account' }).click();
    await recovery.getByRole('radio', { name: 'Generate 9-character code' }).check();
    await shoot('recover-account', recovery, origin);
    await recovery.getByRole('button', { name: 'Recover account' }).click();
    await confirmIfAsked(recovery, recovery.getByTestId('enrollment-code'));
    await advance();

    // Activity, newest first. Events of one step share a time: order them as they happened.
    await sql`update audit_events set created_at = created_at + rowid`.execute(deps.db);
    await priya.goto(`${origin}/o/${ORG}/admin/activity`);
    await priya.getByRole('cell', { name: 'Account recovery' }).first().waitFor();
    await shoot('activity', priya, origin);

    expect([...taken].sort()).toEqual(Object.keys(SHOTS).sort());
  });
});
