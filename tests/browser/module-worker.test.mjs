// The browser entry inside a module Web Worker (`new Worker(url, { type: 'module' })`) in headless
// Chromium: the worker (fixtures/worker/) imports the built package as it is, served by the mock
// server at /pkg/, loads the .wasm from beside it, validates, and calls the mock on its own origin
// (the default baseUrl) and on another origin (CORS).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../helpers/chromium.mjs';

import { startMockServer, SEED } from '../../www/mock-server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PKG_DIR = path.resolve(process.env.RRI_PKG_DIR || path.join(HERE, '../..', 'pkg'));

let mock; // serves the page, the worker and the package, and is the worker's own origin's API
let other; // an API on another origin
let browser;

before(async () => {
  assert.ok(fs.existsSync(path.join(PKG_DIR, 'browser.js')), `${PKG_DIR}/browser.js is missing: run \`make build\` first`);
  mock = await startMockServer({ port: 0, host: '127.0.0.1', quiet: true, root: path.join(HERE, 'fixtures/worker'), pkgDir: PKG_DIR });
  other = await startMockServer({ port: 0, host: '127.0.0.1', quiet: true });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await mock?.close();
  await other?.close();
});

test('a module worker loads the package, validates, and calls the mock (its own origin by default, and another)', async () => {
  const page = await browser.newPage();
  try {
    const problems = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    const loaded = [];
    page.on('response', (r) => loaded.push(`${r.status()} ${new URL(r.url()).pathname} ${r.headers()['content-type'] || ''}`));
    const origin = mock.url.replace(/\/$/, '');
    await page.goto(`${origin}/index.html?${new URLSearchParams({ room: SEED.roomId, other: other.url })}`);
    await page.waitForFunction(() => document.querySelector('#report').textContent !== '', null, { timeout: 30_000 });
    const report = JSON.parse(await page.textContent('#report'));
    assert.equal(report.failed, undefined, report.failed);
    assert.deepEqual(problems, []);

    assert.equal(report.isWorker, true, 'the code ran in a worker');
    assert.equal(report.origin, origin);
    assert.deepEqual(report.beforeReady, { name: 'RainbowNotReadyError', code: 'ERR_NOT_READY', attempts: 0, isRainbowError: true, isValidation: false });
    assert.ok(report.joined.includes('worker.guest@example.com'), report.joined.join());
    assert.deepEqual(report.validation, { valid: false, errors: ['email:unknown_field', 'emails:no_recipients'] });
    assert.deepEqual(report.refused, { name: 'RainbowValidationError', code: 'ERR_VALIDATION', attempts: 0, isRainbowError: true, isValidation: true });
    assert.equal(report.cancelled.status, 200);
    assert.ok(!report.cancelled.guests.includes('guest2@mycompany'));

    // The .wasm came from beside browser.js, once, as application/wasm.
    assert.deepEqual(loaded.filter((l) => l.includes('.wasm')), ['200 /pkg/rainbow_room_invitations_bg.wasm application/wasm']);
    // The default baseUrl is the worker's origin: the invitation went to the mock that served it.
    assert.deepEqual(mock.requests.filter((q) => q.path.startsWith('/api/')).map((q) => `${q.method} ${q.path}`), [
      `POST /api/rainbow/enduser/v1.0/rooms/${SEED.roomId}/invitations`,
    ]);
    assert.deepEqual(mock.requests.filter((q) => q.path.startsWith('/api/'))[0].json.emails, ['worker.guest@example.com']);
    // The cancellation went cross-origin, with a preflight.
    assert.deepEqual(other.requests.map((q) => `${q.method} ${q.path}`), [`POST /api/rainbow/enduser/v1.0/rooms/${SEED.roomId}/invitations/cancel`]);
    assert.equal(other.requests[0].headers.origin, origin);
    assert.ok(other.preflights.length >= 1);
  } finally {
    await page.close();
  }
});
