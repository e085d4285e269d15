// The hostile-input suite of cases.mjs in headless Chromium: the package's browser entry
// (/pkg/browser.js, served by the mock server) in a page of the mock's origin, cases.mjs loaded
// from a blob: URL. The cases that can freeze the event loop or wear the module out run in a
// module Worker, terminated if it hangs. Ends with a normal call from the page to the mock.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { launchChromium } from '../helpers/chromium.mjs';

import { startMockServer, SEED } from '../../www/mock-server.mjs';
import { POSITIONS, LOOP_CASES } from './cases.mjs';

const CASES_SOURCE = fs.readFileSync(new URL('./cases.mjs', import.meta.url), 'utf8');

let mock;
let browser;
let page;
let results;
const pageErrors = [];

before(async () => {
  mock = await startMockServer({ port: 0, host: '127.0.0.1', quiet: true });
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  // Any page of the mock's origin: a 404 runs no script of its own.
  await page.goto(`${mock.url}/__hostile__/`);
  await page.evaluate(async (source) => {
    window.__uncaught = [];
    window.addEventListener('error', (e) => { window.__uncaught.push(e.error ?? e.message); e.preventDefault(); });
    window.addEventListener('unhandledrejection', (e) => { window.__uncaught.push(e.reason); e.preventDefault(); });
    window.__casesUrl = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    window.__cases = await import(window.__casesUrl);
    window.__lib = await import('/pkg/browser.js');
    await window.__lib.ready();
  }, CASES_SOURCE);
  results = await page.evaluate(async () => {
    const { runMatrix, runCallbacks, readCounts } = window.__cases;
    const lib = window.__lib;
    const matrix = await runMatrix({ lib, uncaught: window.__uncaught });
    const callbacks = await runCallbacks({ lib, uncaught: window.__uncaught });
    const counts = await readCounts(lib);
    return { matrix, callbacks, counts };
  });
  console.log(`# hostile input in Chromium: ${results.matrix.calls} calls in ${results.matrix.ms} ms`);
});

after(async () => {
  await browser?.close();
  await mock?.close();
});

const report = (list) => `${list.length} problem(s):\n  ${list.slice(0, 60).join('\n  ')}${list.length > 60 ? `\n  … and ${list.length - 60} more` : ''}`;

for (const { name } of POSITIONS) {
  test(`Chromium: every hostile value as ${name} settles with a result or a typed error`, () => {
    const list = results.matrix.failures[name];
    assert.ok(list, `position ${name} did not run`);
    assert.ok(list.length === 0, report(list));
  });
}

test('Chromium: calls made from inside getters settle too', () => {
  const list = results.matrix.failures['re-entrant calls'];
  assert.ok(list.length === 0, report(list));
});

test('Chromium: no log line of the whole run carries the token', () => {
  assert.ok(results.matrix.logLines > 100);
  assert.deepEqual(results.matrix.logLeaks, []);
});

test('Chromium: misbehaving fetch, getToken, signal and logger callbacks settle typed, in time', () => {
  assert.ok(results.callbacks.length === 0, report(results.callbacks));
});

test('Chromium: each property of the body and of the options is read once per call', () => {
  const twice = [];
  for (const [fn, reads] of Object.entries(results.counts)) {
    for (const [key, n] of Object.entries(reads)) if (n > 1) twice.push(`${fn}: ${key} read ${n} times`);
  }
  assert.ok(twice.length === 0, report(twice));
});

/** Runs a case in a module Worker of the page; { hung: true } when it had to be terminated. */
const inWorker = (kind, name) =>
  page.evaluate(async ({ kind, name }) => {
    const source = `
      self.onmessage = async ({ data }) => {
        self.addEventListener('error', (e) => e.preventDefault());
        self.addEventListener('unhandledrejection', (e) => e.preventDefault());
        const lib = await import(data.lib);
        await lib.ready();
        const c = await import(data.cases);
        const r = data.kind === 'loop' ? await c.runLoopCase(lib, data.name) : data.kind === 'stall' ? await c.runStallCase(lib) : c.runWearCase(lib);
        self.postMessage(r);
      };`;
    const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })), { type: 'module' });
    const result = await new Promise((resolve) => {
      const t = setTimeout(() => resolve({ hung: true }), 4000);
      worker.onmessage = (e) => { clearTimeout(t); resolve(e.data); };
      worker.onerror = (e) => { clearTimeout(t); resolve({ crashed: String(e.message) }); };
      worker.postMessage({ kind, name, lib: new URL('/pkg/browser.js', location.href).href, cases: window.__casesUrl });
    });
    worker.terminate();
    return result;
  }, { kind, name });

for (const name of Object.keys(LOOP_CASES)) {
  test(`Chromium: fetch with ${name}: the call ends by its timeout, the event loop is not frozen`, async () => {
    const r = await inWorker('loop', name);
    assert.ok(!r.hung, 'the worker froze (no timer could fire) and was terminated after 4 s');
    assert.equal(r.problem, '', `settled wrongly: ${JSON.stringify(r)}`);
    assert.ok(r.ms < 2000, `took ${r.ms} ms with timeoutMs 300`);
  });
}

test('Chromium: a call that fails inside the module does not stall the calls started with it', async () => {
  const r = await inWorker('stall');
  assert.ok(!r.hung && !r.crashed, JSON.stringify(r));
  assert.equal(r.othersPending, 0, `${r.othersPending} of 5 ordinary calls started in the same tick never settled`);
  assert.ok(r.hostileSettled, 'the hostile call itself never settled');
});

test('Chromium: 10,000 refused hostile inputs in a row do not wear the module out', async () => {
  const r = await inWorker('wear');
  assert.ok(!r.hung && !r.crashed, JSON.stringify(r));
  assert.equal(r.thrown, 0, `${r.thrown} calls threw instead of returning a ValidationResult`);
  assert.equal(r.after, 'valid');
});

test('Chromium: afterwards, a normal call to the mock server succeeds', async () => {
  const r = await page.evaluate(async (roomId) => {
    const lib = window.__lib;
    const v = lib.validateJoinInvitation(roomId, { scenario: 'chat', emails: ['a@example.com'] });
    const data = await lib.sendUsersJoinRoomInvitation(roomId, { scenario: 'chat', emails: ['after.hostile@example.com'] }, { token: 'tok-after', timeoutMs: 5000 });
    return { valid: v.valid, guests: data.data.guestEmails };
  }, SEED.roomId);
  assert.equal(r.valid, true);
  assert.ok(r.guests.includes('after.hostile@example.com'), JSON.stringify(r));
});
