// Cold start in headless Chromium: the cold-start app (see apps/cold/main.js) served from
// 127.0.0.1 with caching off, each visit in a fresh browser context (its own empty HTTP cache, so
// the .wasm is downloaded and compiled again). Visits alternate package and baseline.
import fs from 'node:fs';
import path from 'node:path';
import { serveStatic } from '../../tests/helpers/serve-static.mjs';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function coldStartChromium(dist, { visits = 7 } = {}) {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (set CHROMIUM= or run \`make setup-browser\`)`);
  const site = await serveStatic(path.resolve(dist), { 'cache-control': 'no-store' });
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 60_000 });
  const visit = async (client) => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const problems = [];
      page.on('pageerror', (e) => problems.push(e.message));
      await page.goto(`${site.url}/?client=${client}`, { timeout: 30_000 });
      await page.waitForFunction(() => window.__bench, null, { timeout: 30_000 });
      const r = await page.evaluate(() => window.__bench);
      if (r.error || problems.length) throw new Error(`the ${client} cold-start page failed: ${r.error || problems.join('; ')}`);
      return r;
    } finally {
      await context.close();
    }
  };
  try {
    await visit('baseline'); // warm the browser process itself; not counted
    await visit('package');
    const out = { package: [], baseline: [] };
    for (let i = 0; i < visits; i++) {
      for (const client of i % 2 ? ['package', 'baseline'] : ['baseline', 'package']) out[client].push(await visit(client));
    }
    return { version: browser.version(), ...out };
  } finally {
    await browser.close();
    await site.close();
  }
}
