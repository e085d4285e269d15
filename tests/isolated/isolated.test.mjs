// Never crash the host process: each case of cases.mjs runs in a Node process of its own
// (child.mjs), with no unhandledRejection listener, and must settle every call as documented and
// then exit by itself with code 0 (an unhandled rejection exits with 1; a leaked timer or socket
// keeps the process alive). The same cases run in headless Chromium, counting the page's
// `unhandledrejection` events, which must stay at 0.
//
//   node --test tests/isolated/
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../helpers/chromium.mjs';

import { CASES } from './cases.mjs';
import { startFlakyServer } from './flaky-server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PKG_DIR = path.resolve(process.env.RRI_PKG_DIR || path.join(HERE, '../../pkg'));
// Far beyond what any case needs (the slowest, a thousand calls, takes about 2 s): a child still
// running then has something keeping it alive.
const EXIT_WITHIN_MS = 20_000;

let server;
before(async () => {
  assert.ok(fs.existsSync(path.join(PKG_DIR, 'node.js')), `${PKG_DIR}/node.js is missing: run \`make build\` first`);
  server = await startFlakyServer({ pkgDir: PKG_DIR });
});
after(() => server?.close());

function runChild(name) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(HERE, 'child.mjs'), name, server.url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const killer = setTimeout(() => child.kill('SIGKILL'), EXIT_WITHIN_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describe('each case in a Node process of its own', { concurrency: 4 }, () => {
  for (const name of Object.keys(CASES)) {
    test(name, async () => {
      const { code, signal, stdout, stderr } = await runChild(name);
      const line = stdout.trim().split('\n').at(-1) || '{}';
      const result = JSON.parse(line);
      assert.equal(result.ok, true, `the case failed: ${result.error ?? `no result (exit code ${code}, signal ${signal})`}\n${stderr}`);
      assert.equal(signal, null, `the process did not exit by itself within ${EXIT_WITHIN_MS} ms (a leaked timer or socket?)`);
      assert.equal(code, 0, `the process exited with ${code} after the case passed: an unhandled rejection?\n${stderr}`);
      assert.equal(stderr, '', 'nothing on standard error');
    });
  }
});

describe('the same cases in headless Chromium', () => {
  let browser;
  let page;
  before(async () => {
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(`${server.url}/`);
    await page.evaluate(async () => {
      window.unhandled = [];
      window.addEventListener('unhandledrejection', (event) => window.unhandled.push(String(event.reason && (event.reason.stack || event.reason))));
      window.lib = await import('/pkg/browser.js');
      window.cases = (await import('/cases.mjs')).CASES;
      await window.lib.ready();
    });
  });
  after(() => browser?.close());

  test('every case settles as documented, and no rejection goes unhandled', { timeout: 60_000 }, async () => {
    const results = await page.evaluate(async (baseUrl) => {
      const out = {};
      for (const [name, run] of Object.entries(window.cases)) {
        try {
          out[name] = { ok: true, summary: await run(window.lib, baseUrl) };
        } catch (e) {
          out[name] = { ok: false, error: String(e && e.stack) };
        }
      }
      return out;
    }, server.url);
    assert.deepEqual(Object.keys(results), Object.keys(CASES), 'every case ran in the page');
    for (const [name, result] of Object.entries(results)) assert.equal(result.ok, true, `${name}: ${result.error}`);
    // Late rejections (a fetch aborted after its call settled) surface within a few hundred ms.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.deepEqual(await page.evaluate(() => window.unhandled), []);
  });
});
