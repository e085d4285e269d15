// What the demo page's end-to-end tests share: the mock server and Chromium (started once per
// file), a page opened on the demo, waits on its text, and `visit`, which checks a state of the
// page with axe-core (0 violations) and screenshots it at 1280 px and 375 px wide into
// tests/out/e2e/ (git-ignored), then puts the window back as it was.
import { before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../helpers/chromium.mjs';
import { startMockServer } from '../../www/mock-server.mjs';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PKG_DIR = path.resolve(process.env.RRI_PKG_DIR || path.join(REPO, 'pkg'));
export const OUT = path.join(REPO, 'tests/out/e2e');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const WIDTHS = [1280, 375];

/** The live objects of the running file: the mock, the browser, and the current test's page. */
export const env = { mock: null, browser: null, context: null, page: null, problems: [] };

/** Registers the hooks: one mock and one browser per file, a fresh mock state per test. */
export function useDemo() {
  before(async () => {
    assert.ok(fs.existsSync(path.join(PKG_DIR, 'browser.js')), `${PKG_DIR}/browser.js is missing: run \`make build\` first`);
    fs.mkdirSync(OUT, { recursive: true });
    env.mock = await startMockServer({ port: 0, host: '127.0.0.1', pkgDir: PKG_DIR });
    // launch() gives the browser a fresh temporary profile of its own.
    env.browser = await launchChromium();
  });
  after(async () => {
    await env.browser?.close();
    await env.mock?.close();
  });
  beforeEach(() => env.mock.reset());
  afterEach(async () => {
    await env.context?.close();
    env.context = undefined;
  });
}

/** Opens the demo page and waits until the package is loaded and the mock panel drawn. */
export async function open({ width = 1280, height = 900, guard = true } = {}) {
  env.context = await env.browser.newContext({ viewport: { width, height } });
  // Nothing may leave the machine: only 127.0.0.1 is reachable. (Playwright answers CORS
  // preflights itself while it intercepts requests, so the cross-origin tests turn the guard off:
  // their page talks to 127.0.0.1 servers only.)
  if (guard) {
    await env.context.route('**/*', (route) => {
      const u = new URL(route.request().url());
      return u.hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient');
    });
  }
  const page = await env.context.newPage();
  env.page = page;
  env.problems = [];
  page.on('pageerror', (e) => env.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') env.problems.push(`console: ${m.text()}`); });
  await page.goto(`${env.mock.url}/`);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });
  await page.waitForSelector('#guest-list');
  return page;
}

/** axe-core's violations on the page as it is now, as "rule: targets" lines. */
export async function axeViolations(page = env.page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(' | ')}`);
  });
  return found;
}

/**
 * A state of the page worth keeping: at each width, axe-core must find no violation, and a
 * full-page screenshot is written to tests/out/e2e/<name>-<width>.png.
 */
export async function visit(name, page = env.page) {
  const first = page.viewportSize();
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: first.height });
    // A frame, so that the page has seen the resize, as it would before a person acts.
    await page.evaluate(() => new Promise(requestAnimationFrame));
    assert.deepEqual(await axeViolations(page), [], `axe-core at ${width} px in state ${name}`);
    await page.screenshot({ path: path.join(OUT, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize(first);
}

export const text = (selector) => env.page.locator(selector).innerText();
export const waitFor = (fn, arg) => env.page.waitForFunction(fn, arg, { timeout: 10_000 });
export const waitText = (selector, needle) => waitFor(([s, t]) => (document.querySelector(s)?.textContent || '').includes(t), [selector, needle]);
export const waitNoText = (selector, needle) => waitFor(([s, t]) => !(document.querySelector(s)?.textContent || '').includes(t), [selector, needle]);
export const sendButton = () => env.page.getByRole('button', { name: /^Send/ });

/**
 * Presses Send whatever its state. Playwright counts an aria-disabled button as disabled and
 * would wait for it; a person can still press it, and the page then shows what is missing.
 */
export const pressSend = () => sendButton().click({ force: true });

/** Sends, then waits for the result and for the mock panel to show the new outbox. */
export async function sendAndWait() {
  await sendButton().click();
  await env.page.waitForSelector('#result[data-outcome]');
  // The mock panel is read again after each call; wait until it shows the new outbox size.
  await waitFor((n) => document.getElementById('outbox-count').textContent === `(${n.toLocaleString('en-US')})`, env.mock.state.outbox.length);
}

/** The JSON body of the preview's text (after the blank line that ends the headers). */
export function previewBody(previewText) {
  return JSON.parse(previewText.slice(previewText.indexOf('\n\n') + 2));
}

/** The page's errors of this test, less the console's lines for expected HTTP statuses. */
export const problems = (...statuses) => env.problems.filter((p) => !statuses.some((s) => p.includes(`status of ${s}`)));
