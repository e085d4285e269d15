// Shared by tests/package/*.test.mjs: the package as users get it (`npm pack` of pkg/, or PKG_DIR,
// installed offline from the tarball into a fresh project), one headless Chromium, and the check
// of the one-page app of fixtures/vite-app against the mock server, whatever built it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SEED } from '../../www/mock-server.mjs';
import { packRuntimeDeps } from '../helpers/runtime-deps.mjs';
import { launchChromium } from '../helpers/chromium.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '../..');
export const PKG = path.resolve(process.env.PKG_DIR || path.join(REPO, 'pkg'));
const ROOM = SEED.roomId;

/** Runs npm with a cache of the run's own (under `tmp`); returns its standard output. */
export function npm(args, cwd, tmp) {
  const r = spawnSync('npm', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_cache: path.join(tmp, 'npm-cache'), npm_config_update_notifier: 'false' },
  });
  assert.equal(r.status, 0, `npm ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/**
 * Packs the built package and installs the tarball, offline, into a fresh project
 * `<tmp>/consumer`. Returns { tmp, project, packed } (`packed`: npm pack's report).
 */
export function installPackage(prefix) {
  for (const f of ['package.json', 'rainbow_room_invitations.js', 'rainbow_room_invitations_bg.wasm']) {
    assert.ok(fs.existsSync(path.join(PKG, f)), `${PKG}/${f} is missing: run \`make build\` first`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', tmp], PKG, tmp))[0];
  const project = path.join(tmp, 'consumer');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  const deps = packRuntimeDeps(PKG, tmp, { ...process.env, npm_config_cache: path.join(tmp, 'npm-cache') });
  npm(['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', path.join(tmp, packed.filename), ...deps], project, tmp);
  return { tmp, project, packed };
}

let browser; // one Chromium per test file
export async function chromiumBrowser() {
  if (!browser) {
      browser = await launchChromium();
  }
  return browser;
}

export async function closeChromium() {
  if (browser) await browser.close();
  browser = undefined;
}

/** A copy of fixtures/vite-app (index.html, main.js) at `<project>/<name>`. */
export function copyApp(project, name) {
  const app = path.join(project, name);
  fs.cpSync(path.join(HERE, 'fixtures/vite-app'), app, { recursive: true });
  return app;
}

/**
 * Opens the app of fixtures/vite-app (however it was built) at `siteUrl` against `mock` and
 * checks what it shows, what it loaded and what the mock received. Returns the URL the .wasm was
 * loaded from.
 */
export async function checkApp(mock, siteUrl) {
  const page = await (await chromiumBrowser()).newPage();
  try {
    const problems = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // The 404 of the unknown-room call is expected; Chromium logs every failed fetch.
      if (m.type() === 'error' && !(m.location().url || '').includes(SEED.unknownRoomId)) problems.push(`console: ${m.text()} (${m.location().url})`);
    });
    const loaded = [];
    page.on('response', (r) => loaded.push({ url: r.url(), status: r.status(), type: r.headers()['content-type'] }));
    // (No page.route(): Playwright's interception would answer CORS preflights itself.)
    const requested = [];
    page.on('request', (r) => requested.push(r.url()));

    mock.reset();
    const query = new URLSearchParams({ api: mock.url, room: ROOM, unknownRoom: SEED.unknownRoomId });
    await page.goto(`${siteUrl}/?${query}`);
    await page.waitForFunction(() => document.querySelector('#report').textContent !== '', null, { timeout: 30_000 });
    const report = JSON.parse(await page.textContent('#report'));
    assert.equal(report.failed, undefined, `the page failed: ${report.failed}`);
    assert.deepEqual(problems, []);

    // What the page shows.
    assert.equal(await page.textContent('#before-ready'), 'validate before ready: ERR_NOT_READY');
    assert.match(await page.textContent('#joined'), /^invited: Invitations successfully sent; guests: .*browser\.guest@example\.com/);
    assert.equal(await page.textContent('#validation'), 'validate after load: valid=false email:unknown_field emails:no_recipients');
    const cancelled = await page.textContent('#cancelled');
    assert.match(cancelled, /^cancelled: Cancellation successfully sent; guests: /);
    assert.ok(!cancelled.includes('guest2@mycompany'), cancelled);
    assert.equal(await page.textContent('#api-error'), 'unknown room: RainbowApiError 404');

    // What the page's code saw.
    assert.equal(report.beforeReady.name, 'RainbowNotReadyError');
    assert.equal(report.beforeReady.isNotReady, true);
    assert.equal(report.beforeReady.isRainbowError, true);
    assert.equal(report.apiError.isApiError, true);
    assert.equal(report.apiError.errorDetailsCode, 404001);
    assert.match(report.validation.suggestion, /emails/, 'the unknown_field message suggests the real name');
    assert.equal(report.done, true);

    // The page talked only to the two local servers.
    assert.deepEqual(requested.filter((u) => !u.startsWith(siteUrl) && !u.startsWith(mock.url)), []);

    // The .wasm came from the app's server, once, as application/wasm.
    const wasmLoads = loaded.filter((r) => new URL(r.url).pathname.endsWith('.wasm'));
    assert.equal(wasmLoads.length, 1, JSON.stringify(wasmLoads));
    assert.equal(wasmLoads[0].status, 200);
    assert.match(wasmLoads[0].type, /^application\/wasm/);

    // What the mock received: three cross-origin POSTs from the page, none for the invalid call.
    assert.deepEqual(
      mock.requests.map((q) => `${q.method} ${q.path}`),
      [
        `POST /api/rainbow/enduser/v1.0/rooms/${ROOM}/invitations`,
        `POST /api/rainbow/enduser/v1.0/rooms/${ROOM}/invitations/cancel`,
        `POST /api/rainbow/enduser/v1.0/rooms/${SEED.unknownRoomId}/invitations`,
      ],
    );
    for (const q of mock.requests) {
      assert.equal(q.headers.origin, siteUrl);
      assert.match(q.headers['content-type'], /^application\/json/);
    }
    assert.deepEqual(mock.requests[0].json.emails, ['browser.guest@example.com']);
    assert.deepEqual(mock.requests[1].json, { scenario: 'chat', emails: ['guest2@mycompany'] });
    assert.ok(mock.preflights.length >= 1, 'a cross-origin JSON POST needs a CORS preflight');
    return wasmLoads[0].url;
  } finally {
    await page.close();
  }
}
