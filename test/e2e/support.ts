/**
 * Browser journeys: the real server (bin/latchkey.js start) on a free port with a fresh SQLite
 * database, driven by Debian's Chromium through playwright-core, with CDP virtual authenticators.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, expect } from 'vitest';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type CDPSession,
  type Locator,
  type Page,
} from 'playwright-core';
import { freePort } from '../support/free-port.js';
import { checkEveryPage, expectAccessible } from './accessibility.js';

export { expectAccessible } from './accessibility.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumAvailable = fs.existsSync(CHROMIUM);
if (!chromiumAvailable && process.env.CI)
  throw new Error(`Browser tests need Chromium at ${CHROMIUM}; .ci/run installs Debian's chromium`);

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface RunningServer {
  origin: string;
  /** What the server printed at first start: org → one-time setup link. */
  setupLinks: Record<string, string>;
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startServer(extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-e2e-'));
  const origin = `http://localhost:${port}`;
  const env = {
    ...process.env,
    PORT: String(port),
    PUBLIC_URL: origin,
    DATABASE_URL: `sqlite:${path.join(dir, 'e2e.db')}`,
    REDIS_URL: '',
    LOG_LEVEL: 'warn',
    ...extraEnv,
  } as Record<string, string>;
  const child: ChildProcess = spawn(
    process.execPath,
    [path.resolve(import.meta.dirname, '../../bin/latchkey.js'), 'start'],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  // Generous: on a loaded machine (shared CI cores) a first start takes tens of seconds.
  const deadline = Date.now() + 60_000;
  while (!output.includes('Latchkey is listening')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const setupLinks: Record<string, string> = {};
  for (const match of output.matchAll(/(http:\/\/\S+\/o\/([a-z0-9-]+)\/setup#token=\S+)/g))
    setupLinks[match[2]!] = match[1]!;
  return {
    origin,
    setupLinks,
    env,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Chromium, with axe-core run on every page its contexts visit (./accessibility.ts). */
export async function launchBrowser(): Promise<Browser> {
  return checkEveryPage(await chromium.launch({ executablePath: CHROMIUM, args: FLAGS }));
}

/** A "device": its own browser context and a virtual platform authenticator with user verification. */
export interface Device {
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  authenticatorId: string;
  addAuthenticator(): Promise<string>;
  credentials(
    authenticatorId?: string,
  ): Promise<Array<{ credentialId: string; signCount: number; isResidentCredential: boolean }>>;
}

/** `options`: the browser's own settings for this device, e.g. `{ locale: 'de-DE' }` for a German browser. */
export async function newDevice(browser: Browser, options: BrowserContextOptions = {}): Promise<Device> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const addAuthenticator = async () => {
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    return authenticatorId;
  };
  const device: Device = {
    context,
    page,
    cdp,
    authenticatorId: await addAuthenticator(),
    addAuthenticator,
    async credentials(authenticatorId = device.authenticatorId) {
      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      return credentials;
    },
  };
  return device;
}

/** Makes this page behave like a browser without passkey autofill, so the modal flows can be driven. */
export async function withoutAutofill(page: Page): Promise<void> {
  await page.addInitScript(() => {
    if (window.PublicKeyCredential)
      Object.defineProperty(PublicKeyCredential, 'isConditionalMediationAvailable', { value: async () => false });
  });
}

/**
 * Focus is on this element or inside it (an error, a new panel's heading or first field), where keyboard and
 * screen-reader users continue from, rather than on the page body.
 */
export async function expectFocused(target: Locator): Promise<void> {
  await target.waitFor();
  const focused = async () =>
    target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement));
  for (const deadline = Date.now() + 3000; !(await focused());) {
    if (Date.now() > deadline) {
      const where = await target.page().evaluate(() => document.activeElement?.outerHTML.slice(0, 200) ?? 'nothing');
      throw new Error(`focus is not on ${String(target)} but on ${where}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs the CLI against the running server's database. */
export function cli(server: RunningServer, args: string[], input?: string): string {
  const result = spawnSync(process.execPath, [path.resolve(import.meta.dirname, '../../bin/latchkey.js'), ...args], {
    env: server.env,
    input,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`latchkey ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/**
 * Moves every session's last verification 10 minutes back in the server's SQLite database, past the reverify
 * window, so the next sensitive change asks "Confirm it's you".
 */
export function ageVerifications(server: RunningServer): void {
  const db = new SqliteDatabase(server.env.DATABASE_URL!.slice('sqlite:'.length));
  try {
    db.prepare('update sessions set verified_at = verified_at - 600000').run();
  } finally {
    db.close();
  }
}

/** Opens a one-time setup link and does what a new user does: create a passkey, keep its name, choose a password. */
export async function completeSetup(
  page: Page,
  link: string,
  password: string,
  { reloadEachStep = false }: { reloadEachStep?: boolean } = {},
): Promise<void> {
  await page.goto(link);
  await page.getByRole('button', { name: 'Get started' }).waitFor();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Get started' }).click();
  await page.getByRole('button', { name: 'Create a passkey' }).waitFor();
  // A reload once the link is used (it has left the address) goes on with the setup, not "link not complete".
  if (reloadEachStep) await page.reload();
  await page.getByRole('button', { name: 'Create a passkey' }).waitFor();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Create a passkey' }).click();
  await keepPasskeyName(page);
  await page.getByLabel('New password').waitFor();
  if (reloadEachStep) await page.reload();
  await page.getByLabel('New password').waitFor();
  // "Passkey added" was the naming step's: on the password step it would read as the password form's answer.
  expect(await page.getByText('Passkey added').count()).toBe(0);
  await expectAccessible(page);
  await page.getByLabel('New password').fill(password);
  await page.getByRole('button', { name: 'Save password' }).click();
  await page.getByText("You're all set").waitFor();
  await expectAccessible(page);
}

/** "Name this passkey" after creating one: keeps the name it was given. */
/**
 * Signs in with a password from the sign-in page (identifier first; "Use password" when passkeys are offered too).
 * `checkAccessible`: axe looks at the sign-in page and at its password step on the way.
 */
export async function signInWithPassword(
  page: Page,
  { origin, org, username, password, checkAccessible = false }: SignInWithPassword,
): Promise<void> {
  await page.goto(`${origin}/o/${org}/sign-in`);
  await page.getByLabel('Username or email').waitFor();
  if (checkAccessible) await expectAccessible(page);
  await page.getByLabel('Username or email').fill(username);
  await page.getByRole('button', { name: 'Continue' }).click();
  const passwordField = page.getByLabel('Password', { exact: true });
  const usePassword = page.getByRole('button', { name: 'Use password' });
  await passwordField.or(usePassword).first().waitFor();
  if (checkAccessible) await expectAccessible(page);
  if (await usePassword.isVisible()) await usePassword.click();
  await passwordField.fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

interface SignInWithPassword {
  origin: string;
  org: string;
  username: string;
  password: string;
  checkAccessible?: boolean;
}

/**
 * Signs out with the page's "Sign out" button (`button`: another one, where a page has more than one) and waits for the
 * full page load of the sign-in page that sign-out ends with, not an earlier render.
 */
export async function signOut(
  page: Page,
  button = page.getByRole('button', { name: 'Sign out', exact: true }),
): Promise<void> {
  await button.click();
  await page.waitForURL((url) => url.pathname.endsWith('/sign-in') && url.search === '', { waitUntil: 'load' });
  await page.getByLabel('Username or email').waitFor();
}

export async function keepPasskeyName(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'Name this passkey' }).waitFor();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Save name' }).click();
}

/**
 * For a describe block: one fresh server and one Chromium, started before its tests and stopped after.
 * `env`: extra environment for the server, worked out when it starts (e.g. the port of a test SMTP server).
 */
export function withServerAndBrowser({
  env: extraEnv,
}: { env?: () => Promise<Record<string, string>> | Record<string, string> } = {}): {
  server: RunningServer;
  browser: Browser;
} {
  const env = {} as { server: RunningServer; browser: Browser };
  beforeAll(async () => {
    const serverEnv = (await extraEnv?.()) ?? {};
    [env.server, env.browser] = await Promise.all([startServer(serverEnv), launchBrowser()]);
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

/** A stacked table on a phone: no cell narrower than most of the screen (none squeezed to a letter a line). */
export async function expectStackedOnPhone(table: Locator): Promise<void> {
  await table.locator('tbody td').first().waitFor();
  const widths = await table
    .locator('tbody td:not(:empty)')
    .evaluateAll((cells) => cells.map((cell) => cell.getBoundingClientRect().width));
  expect(Math.min(...widths)).toBeGreaterThan(300);
}
