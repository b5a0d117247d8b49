/**
 * axe-core, and a check of the layout, on every page a journey visits. Each browser context made by
 * launchBrowser's browser is watched: when a page's main frame navigates (a load, or the single-page app's own
 * route change), the page is checked once it has settled, and the journey's next action on that page (goto,
 * click, fill…) waits for the check and fails with what it found. Whatever no later action reported fails the
 * test after it (afterEach). expectAccessible stays for what changes without navigating: a new step, a dialog,
 * a message.
 */
import axe from 'axe-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterEach } from 'vitest';

/** axe-core's rules for WCAG 2.0, 2.1 and 2.2 at levels A and AA. */
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** A page that went away (navigated again, or closed) while it was checked: its next page gets its own check. */
const GONE = new RegExp(
  [
    'Execution context was destroyed',
    'Target page, context or browser has been closed',
    'Target closed',
    'frame was detached',
    'Cannot find context',
    'navigat',
  ].join('|'),
  'i',
);

interface Watch {
  /** The checks of this page, one after another (axe refuses to run twice at once). */
  queue: Promise<void>;
  /** Violations found by an automatic check and not yet reported to the journey. */
  unreported: string[];
}

const watches = new Map<Page, Watch>();

/** Runs axe-core on the page as it is now; the violations as one message, or null. */
async function violationsOf(page: Page): Promise<string | null> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const violations = await page.evaluate(async (tags) => {
    const { violations } = await (
      window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ violations: AxeViolation[] }> } }
    ).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target) }));
  }, WCAG_AA);
  const faults = [
    ...(violations.length > 0 ? [`fails WCAG 2.2 AA:\n${JSON.stringify(violations, null, 2)}`] : []),
    ...(await layoutFaultsOf(page)),
  ];
  return faults.length > 0 ? `${page.url()} ${faults.join('\n')}` : null;
}

/** The window's width from which a data table must show all its columns without scrolling sideways. */
const DESKTOP_PX = 1024;

/**
 * What axe-core does not see: the page scrolling sideways (WCAG 1.4.10 Reflow), and on a desktop window a table
 * whose columns are out of sight until its box is scrolled sideways (a long email or web address that does not
 * wrap).
 */
async function layoutFaultsOf(page: Page): Promise<string[]> {
  return page.evaluate((desktopPx) => {
    const faults: string[] = [];
    const { scrollWidth, clientWidth } = document.documentElement;
    if (scrollWidth > clientWidth)
      faults.push(`scrolls sideways: ${scrollWidth} px wide in a ${clientWidth} px window`);
    if (clientWidth >= desktopPx)
      for (const table of Array.from(document.querySelectorAll('table'))) {
        const box = table.parentElement!;
        if (box.scrollWidth > box.clientWidth)
          faults.push(
            `hides columns of the table "${table.caption?.textContent ?? ''}" in a ${clientWidth} px window: ` +
              `${box.scrollWidth} px wide in a ${box.clientWidth} px box`,
          );
      }
    return faults;
  }, DESKTOP_PX);
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown }>;
}

/** Waits until the page has loaded and its DOM has been still for a moment (the app has rendered its data). */
async function settled(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const QUIET_MS = 300;
        let timer: ReturnType<typeof setTimeout> | undefined;
        const observer = new MutationObserver(() => {
          clearTimeout(timer);
          timer = setTimeout(done, QUIET_MS);
        });
        function done() {
          observer.disconnect();
          resolve();
        }
        // A page that never stops changing (a countdown every second still leaves quiet moments) is checked anyway.
        setTimeout(done, 5000);
        const start = () => {
          observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
          timer = setTimeout(done, QUIET_MS);
        };
        if (document.readyState === 'complete') start();
        else addEventListener('load', start, { once: true });
      }),
  );
}

function watchOf(page: Page): Watch {
  let watch = watches.get(page);
  if (!watch) {
    watch = { queue: Promise.resolve(), unreported: [] };
    watches.set(page, watch);
  }
  return watch;
}

/** Queues a check of the page after the ones already queued; what it found is returned, never thrown. */
function queueCheck(page: Page, settle: boolean): Promise<string | null> {
  const watch = watchOf(page);
  const result = watch.queue.then(async () => {
    try {
      if (settle) await settled(page);
      // A file the server sends as it is (the FAQ as text/plain) is the browser's own view of it, not a page.
      if ((await page.evaluate(() => document.contentType)) !== 'text/html') return null;
      return await violationsOf(page);
    } catch (err) {
      if (page.isClosed() || GONE.test(String((err as Error)?.message))) return null;
      return `${page.url()}: the accessibility check failed: ${String(err)}`;
    }
  });
  watch.queue = result.then(() => undefined);
  return result;
}

/** Waits for the page's automatic checks; throws what they found that the journey has not been told yet. */
async function reportChecks(page: Page): Promise<void> {
  const watch = watches.get(page);
  if (!watch) return;
  await watch.queue;
  const found = watch.unreported.splice(0);
  if (found.length > 0) throw new Error(found.join('\n'));
}

/**
 * Runs axe-core on the page as it is now and fails listing every WCAG 2.2 AA violation (rule, impact, the
 * elements). Evaluated through the DevTools protocol, so the page's Content Security Policy stays as served.
 */
export async function expectAccessible(page: Page): Promise<void> {
  await reportChecks(page);
  const found = await queueCheck(page, false);
  if (found) throw new Error(found);
}

function watchPage(page: Page): void {
  patchActions(page);
  page.on('framenavigated', (frame) => {
    if (frame !== page.mainFrame() || !/^https?:/.test(frame.url())) return;
    void queueCheck(page, true).then((found) => {
      if (found) watchOf(page).unreported.push(found);
    });
  });
  page.on('close', () => watches.delete(page));
}

// What a person does on a page: each waits for the page's checks first, so a violation stops the journey there.
const PAGE_ACTIONS = ['goto', 'reload', 'goBack', 'goForward', 'click', 'fill', 'press', 'check', 'selectOption'];
const LOCATOR_ACTIONS = [
  ...['click', 'dblclick', 'tap', 'fill', 'clear', 'press', 'pressSequentially', 'type'],
  ...['check', 'uncheck', 'setChecked', 'selectOption', 'setInputFiles', 'dragTo'],
];
let patched = false;

/** Makes the actions of every Page and Locator wait for the page's checks (playwright-core's client classes). */
function patchActions(page: Page): void {
  if (patched) return;
  patched = true;
  const wrap = (prototype: Record<string, unknown>, names: string[], pageOf: (self: never) => Page) => {
    for (const name of names) {
      const action = prototype[name] as (...args: unknown[]) => Promise<unknown>;
      prototype[name] = async function (this: never, ...args: unknown[]) {
        await reportChecks(pageOf(this));
        return action.apply(this, args);
      };
    }
  };
  wrap(Object.getPrototypeOf(page), PAGE_ACTIONS, (self: Page) => self);
  wrap(Object.getPrototypeOf(page.locator('html')), LOCATOR_ACTIONS, (self: Locator) => self.page());
}

/** Watches every page of every context this browser makes. */
export function checkEveryPage(browser: Browser): Browser {
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args: Parameters<Browser['newContext']>): Promise<BrowserContext> => {
    const context = await newContext(...args);
    context.on('page', watchPage);
    return context;
  };
  return browser;
}

// A violation on the last page a test visited, with no action after it to report it, fails that test.
afterEach(async () => {
  const found: string[] = [];
  for (const page of [...watches.keys()])
    await reportChecks(page).catch((err: Error) => {
      found.push(err.message);
    });
  if (found.length > 0) throw new Error(found.join('\n'));
});
