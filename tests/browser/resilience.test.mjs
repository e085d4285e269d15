// The retry and abort cases of tests/node/resilience-*.test.mjs in headless Chromium: the package's
// browser entry (/pkg/browser.js, served by the mock server) in a page of the mock's origin,
// calling the mock over real TCP. The server counts the deliveries and times the gaps between them;
// the page times how long a call takes to reject after an abort.
//
//   node --test --test-concurrency=1 tests/browser/
import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../helpers/chromium.mjs';

import { startMockServer, SEED } from '../../www/mock-server.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PKG_DIR = path.resolve(process.env.RRI_PKG_DIR || path.join(REPO, 'pkg'));
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.SECRET-TOKEN-7f3a9c1e5b.sig-Qw3rTy';
const TOKEN_MARK = 'SECRET-TOKEN-7f3a9c1e5b';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const PROMPT_MS = 100;
const T = { timeout: 15_000 };

let mock; // the page's origin and the API
let other; // an API on another origin (CORS)
let browser;
let page;
const outside = []; // requests the page made off this machine
const pageErrors = [];

const okScript = (extra = {}) => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ data: { scenario: 'chat', status: 'Invitations successfully sent', guestEmails: ['ok@example.com'], invalidUsers: [] } }),
  ...extra,
});
const api = (m) => m.requests.filter((r) => r.path.startsWith('/api/'));
const gaps = (m) => { const t = api(m).map((r) => r.receivedAtMs); return t.slice(1).map((v, i) => v - t[i]); };
const within = (ms, lo, hi, what) => assert.ok(ms >= lo && ms <= hi, `${what}: ${Math.round(ms)} ms, expected ${lo}–${hi} ms`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function closedPort() {
  const srv = net.createServer();
  await new Promise((resolve, reject) => srv.listen(0, '127.0.0.1', resolve).on('error', reject));
  const { port } = srv.address();
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

before(async () => {
  assert.ok(fs.existsSync(path.join(PKG_DIR, 'browser.js')), `${PKG_DIR}/browser.js is missing: run \`make build\` first`);
  mock = await startMockServer({ port: 0, host: '127.0.0.1', quiet: true, token: TOKEN, pkgDir: PKG_DIR });
  other = await startMockServer({ port: 0, host: '127.0.0.1', quiet: true, token: TOKEN, pkgDir: PKG_DIR });
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.hostname !== '127.0.0.1') outside.push(r.url());
  });
  // Any page of the mock's origin: a 404 runs no script of its own.
  await page.goto(`${mock.url}/__resilience__/`);
  await page.evaluate(async (token) => {
    const lib = await import('/pkg/browser.js');
    await lib.ready();
    window.lib = lib;
    window.TOKEN = token;
    // An error as plain data, with what the Node side checks.
    window.describe = (e, signal) => {
      const own = {};
      for (const k of Object.getOwnPropertyNames(e ?? {})) {
        const v = e[k];
        own[k] = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v == null ? v : String(v);
      }
      let json;
      try { json = JSON.stringify(e); } catch (x) { json = `<${x}>`; }
      return {
        name: e?.name, code: e?.code, message: e?.message, stack: e?.stack, own, json,
        isRainbowError: e instanceof lib.RainbowError, isItsClass: typeof lib[e?.name] === 'function' && e instanceof lib[e.name],
        attempts: e?.attempts, mayHaveBeenDelivered: e?.mayHaveBeenDelivered, correlationId: e?.correlationId,
        status: e?.status, retryAfterMs: e?.retryAfterMs, timeoutMs: e?.timeoutMs,
        reasonIsSignals: signal ? Object.is(e?.reason, signal.reason) : undefined,
        reasonName: e?.reason?.name, reasonType: typeof e?.reason,
      };
    };
    // Every call logs everything, alternately to a function and to a console-like object.
    window.lines = [];
    let flip = false;
    const log = () => ({
      logLevel: 'debug',
      logger: (flip = !flip) ? (level, line) => window.lines.push(line) : { log: (line) => window.lines.push(line), error: (line) => window.lines.push(line) },
    });
    window.send = (options = {}) => lib.sendUsersJoinRoomInvitation('56f42c1914e2a8a91b99e595', { scenario: 'chat', emails: ['browser.guest@example.com'] }, { token, ...log(), ...options });
    window.sendInfo = (options = {}) => new lib.RoomsInvitationApi({ token, ...log() }).sendUsersJoinRoomInvitationWithHttpInfo('56f42c1914e2a8a91b99e595', { scenario: 'chat', emails: ['browser.guest@example.com'] }, options);
    window.settle = async (p, signal) => {
      const t0 = performance.now();
      try {
        const value = await p;
        return { value, ms: performance.now() - t0 };
      } catch (e) {
        return { error: window.describe(e, signal), ms: performance.now() - t0 };
      }
    };
  }, TOKEN);
});

after(async () => {
  await browser?.close();
  await mock?.close();
  await other?.close();
});

beforeEach(() => {
  mock.reset();
  other.reset();
  // A fresh connection for each test: what a failed connection means must not depend on reuse.
  mock.server.closeIdleConnections();
  other.server.closeIdleConnections();
});

/** Checks an error described in the page: its class, the token nowhere, the call facts. */
function assertError(e, name, { attempts, delivered } = {}) {
  assert.ok(e, 'the call rejected');
  assert.equal(e.name, name, `${e.name}: ${e.message}`);
  assert.ok(e.isRainbowError && e.isItsClass, 'instanceof RainbowError and its own class');
  for (const where of ['message', 'stack', 'json']) {
    assert.ok(!String(e[where]).includes(TOKEN_MARK), `the token leaked into ${where}`);
  }
  for (const [k, v] of Object.entries(e.own)) assert.ok(!String(v).includes(TOKEN_MARK), `the token leaked into error.${k}`);
  if (attempts !== undefined) assert.equal(e.attempts, attempts, 'attempts');
  if (delivered !== undefined) assert.equal(e.mayHaveBeenDelivered, delivered, 'mayHaveBeenDelivered');
  return e;
}

/** The requests all carried the same body and correlation id. */
function sameCall(m, n) {
  const reqs = api(m);
  assert.equal(reqs.length, n, `${n} deliveries, got ${reqs.length}`);
  const ids = new Set(reqs.map((r) => r.headers['x-rainbow-correlation-id']));
  assert.equal(ids.size, 1, `one correlation id: ${[...ids]}`);
  assert.equal(new Set(reqs.map((r) => r.body)).size, 1);
  assert.ok(reqs.every((r) => r.headers.authorization === `Bearer ${TOKEN}`));
  const [id] = ids;
  assert.match(id, UUID);
  return id;
}

describe('retries in Chromium', () => {
  test('429 (retry-after-ms 300), 429 (Retry-After: 1), 200 → 3 deliveries, success, the waits asked for', T, async () => {
    mock.script({ status: 429, headers: { 'retry-after-ms': '300' }, body: '' });
    mock.script({ status: 429, headers: { 'retry-after': '1' }, body: 'Too Many Requests' });
    mock.script(okScript());
    const r = await page.evaluate(() => window.settle(window.sendInfo()));
    assert.ok(r.value, r.error?.message);
    assert.equal(r.value.attempts, 3);
    assert.equal(r.value.status, 200);
    assert.deepEqual(r.value.data.data.guestEmails, ['ok@example.com']);
    assert.equal(sameCall(mock, 3), r.value.correlationId);
    const [g1, g2] = gaps(mock);
    within(g1, 295, 500, 'wait after the first 429');
    within(g2, 995, 1250, 'wait after the second 429');
  });

  test('429 with an HTTP-date Retry-After, then 200 → 2 deliveries, the retry at that date', T, async () => {
    const at = Math.ceil((Date.now() + 200) / 1000) * 1000;
    mock.script({ status: 429, headers: { 'retry-after': new Date(at).toUTCString() }, body: '' });
    mock.script(okScript());
    const r = await page.evaluate(() => window.settle(window.send()));
    assert.ok(r.value, r.error?.message);
    sameCall(mock, 2);
    within(api(mock)[1].receivedAtMs - at, -5, 250, 'the retry came at the date');
  });

  test('429 without a wait → backoff 0.5 s × 75–100 %, then success', T, async () => {
    mock.script({ status: 429, body: '' });
    mock.script(okScript());
    const r = await page.evaluate(() => window.settle(window.send()));
    assert.ok(r.value, r.error?.message);
    sameCall(mock, 2);
    within(gaps(mock)[0], 370, 650, 'the backoff');
  });

  test('429 with Retry-After: 120 → 1 delivery, RainbowApiError with retryAfterMs, at once', T, async () => {
    mock.script({ status: 429, headers: { 'retry-after': '120' }, body: '' });
    const r = await page.evaluate(() => window.settle(window.send()));
    const e = assertError(r.error, 'RainbowApiError', { attempts: 1, delivered: false });
    assert.equal(e.retryAfterMs, 120000);
    assert.ok(r.ms < 500, `${Math.round(r.ms)} ms`);
    sameCall(mock, 1);
  });

  test('500 → exactly 1 delivery, may have been delivered', T, async () => {
    mock.script({ status: 500, body: '' });
    mock.script(okScript());
    const r = await page.evaluate(() => window.settle(window.send()));
    const e = assertError(r.error, 'RainbowApiError', { attempts: 1, delivered: true });
    assert.equal(e.status, 500);
    await sleep(100);
    assert.equal(api(mock).length, 1);
    assert.equal(e.correlationId, api(mock)[0].headers['x-rainbow-correlation-id']);
  });

  test('503 without Retry-After → 1 delivery; with Retry-After: 0 → retried', T, async () => {
    mock.script({ status: 503, body: '' });
    const r = await page.evaluate(() => window.settle(window.send()));
    assertError(r.error, 'RainbowApiError', { attempts: 1, delivered: true });
    assert.equal(api(mock).length, 1);
    mock.reset();
    mock.script({ status: 503, headers: { 'retry-after': '0' }, body: '' });
    const r2 = await page.evaluate(() => window.settle(window.sendInfo()));
    assert.equal(r2.value?.attempts, 2, r2.error?.message);
    sameCall(mock, 2);
  });

  test('a timeout after the server read the request → exactly 1 delivery', T, async () => {
    mock.script(okScript({ delayMs: 3000 }));
    const r = await page.evaluate(() => window.settle(window.send({ timeoutMs: 300 })));
    const e = assertError(r.error, 'RainbowTimeoutError', { attempts: 1, delivered: true });
    assert.equal(e.timeoutMs, 300);
    within(r.ms, 290, 800, 'the timeout');
    await sleep(100);
    assert.equal(api(mock).length, 1);
    assert.ok(api(mock)[0].body.length > 0, 'the server had read the request');
  });

  test('a browser network error is never retried (it can\'t tell a refused connection from a lost answer)', T, async () => {
    const port = await closedPort();
    const r = await page.evaluate((url) => window.settle(window.send({ baseUrl: url })), `http://127.0.0.1:${port}`);
    assertError(r.error, 'RainbowNetworkError', { attempts: 1, delivered: true });
    assert.ok(r.ms < 1000, `${Math.round(r.ms)} ms: no backoff`);
  });

  test('the connection closed after the request was read → exactly 1 delivery, may have been delivered', T, async () => {
    mock.script({ destroy: 'after-read' });
    mock.script(okScript());
    const r = await page.evaluate(() => window.settle(window.send()));
    assertError(r.error, 'RainbowNetworkError', { attempts: 1, delivered: true });
    await sleep(100);
    assert.equal(api(mock).length, 1, `deliveries: ${api(mock).length}`);
  });

  // Chromium itself (not the client) sends a request again when a kept-alive connection it reused
  // turns out closed before any answer (net::HttpNetworkTransaction "ShouldResendRequest"), POST
  // included. The client can't see or stop that; what it can do is send the same correlation id,
  // so the server can tell the copy from a new call.
  test('a reused connection closed without an answer: Chromium may resend the POST itself; both copies carry one correlation id', T, async () => {
    mock.script(okScript()); // opens the connection that the next call reuses
    mock.script({ destroy: 'after-read' });
    mock.script(okScript());
    const r = await page.evaluate(async () => {
      await window.send();
      return window.settle(window.sendInfo());
    });
    const second = api(mock).slice(1);
    assert.ok(second.length === 1 || second.length === 2, `${second.length} deliveries`);
    if (second.length === 2) {
      assert.equal(second[0].headers['x-rainbow-correlation-id'], second[1].headers['x-rainbow-correlation-id'], 'the resent copy has the same correlation id');
      assert.equal(r.value?.attempts, 1, 'the client made one attempt; the browser resent it');
      assert.equal(r.value.correlationId, second[0].headers['x-rainbow-correlation-id']);
    } else {
      assertError(r.error, 'RainbowNetworkError', { attempts: 1, delivered: true });
    }
  });

  test('401 "jwt expired" with getToken → renewed once in the browser too', T, async () => {
    mock.script({ status: 401, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ errorCode: 401, errorMsg: 'Unauthorized', errorDetails: 'jwt expired', errorDetailsCode: 401500 }) });
    const r = await page.evaluate(async () => {
      let n = 0;
      const out = await window.settle(window.lib.sendUsersJoinRoomInvitation('56f42c1914e2a8a91b99e595', { scenario: 'chat', emails: ['b@example.com'] },
        { getToken: async () => (n += 1) === 1 ? 'old.expired.jwt' : window.TOKEN }));
      return { ...out, n };
    });
    assert.ok(r.value, r.error?.message);
    assert.equal(r.n, 2);
    const reqs = api(mock);
    assert.deepEqual(reqs.map((q) => q.headers.authorization), ['Bearer old.expired.jwt', `Bearer ${TOKEN}`]);
  });

  test('cross-origin: Retry-After and retry-after-ms are readable through CORS and honoured', T, async () => {
    other.script({ status: 429, headers: { 'retry-after': '1' }, body: '' });
    other.script({ status: 429, headers: { 'retry-after-ms': '200' }, body: '' });
    const r = await page.evaluate((url) => window.settle(window.sendInfo({ baseUrl: url })), other.url);
    assert.ok(r.value, r.error?.message);
    assert.equal(r.value.attempts, 3);
    sameCall(other, 3);
    assert.ok(other.preflights.length >= 1, 'a preflight was made (Authorization, x-rainbow-correlation-id)');
    const [g1, g2] = gaps(other);
    // Unreadable headers would fall back to the backoff: 375–500 ms, then 750–1000 ms.
    within(g1, 995, 1300, 'wait after Retry-After: 1');
    within(g2, 195, 360, 'wait after retry-after-ms: 200');
  });

  test('a body over maxResponseBytes is refused while it streams in', T, async () => {
    mock.script({ status: 200, streamBytes: 50 * 1024 * 1024, chunkBytes: 256 * 1024, chunkDelayMs: 10, chunked: true });
    const r = await page.evaluate(() => window.settle(window.send({ maxResponseBytes: 1024 * 1024 })));
    assertError(r.error, 'RainbowResponseError', { attempts: 1, delivered: true });
    assert.ok(r.ms < 1500, `${Math.round(r.ms)} ms`);
    await sleep(300);
    const rec = api(mock)[0];
    const sent = rec.bytesSent;
    await sleep(200);
    assert.equal(rec.bytesSent, sent, 'the server stopped writing');
    assert.ok(sent < 16 * 1024 * 1024, `${(sent / 1048576).toFixed(1)} MB of 50 written`);
  });
});

const REASONS = [
  ['an Error', 'error'],
  ['a DOMException', 'dom'],
  ['a string', 'string'],
  ['no reason', 'none'],
];

const PHASES = [
  { name: 'before the call (signal already aborted)', abortAt: 'before', setup: () => {}, attempts: 0, delivered: false, sent: 0 },
  { name: 'while waiting for the response headers', abortAt: 100, setup: () => mock.script(okScript({ delayMs: 3000 })), attempts: 1, delivered: true, sent: 1 },
  { name: 'in the middle of a stalled body', abortAt: 100, setup: () => mock.script(okScript({ stallBodyMs: 3000 })), attempts: 1, delivered: true, sent: 1 },
  { name: 'during the wait after a 429 (Retry-After: 5)', abortAt: 100, setup: () => mock.script({ status: 429, headers: { 'retry-after': '5' }, body: '' }), attempts: 1, delivered: false, sent: 1 },
  { name: 'while an async getToken is pending', abortAt: 80, setup: () => {}, getToken: true, attempts: 0, delivered: false, sent: 0 },
];

describe('aborts in Chromium → RainbowAbortError within 100 ms', () => {
  for (const phase of PHASES) {
    for (const [what, kind] of REASONS) {
      test(`${phase.name}, with ${what}`, T, async () => {
        phase.setup();
        const r = await page.evaluate(async ({ abortAt, kind, getToken }) => {
          const reason = { error: new Error('user left'), dom: new DOMException('gave up', 'AbortError'), string: 'cancelled', none: undefined }[kind];
          const controller = new AbortController();
          if (abortAt === 'before') controller.abort(reason);
          const options = { signal: controller.signal };
          if (getToken) Object.assign(options, { token: undefined, getToken: () => new Promise(() => {}) });
          let t0 = performance.now();
          const pending = window.send(options);
          if (abortAt !== 'before') {
            await new Promise((res) => setTimeout(res, abortAt));
            t0 = performance.now();
            controller.abort(reason);
          }
          const out = await window.settle(pending, controller.signal);
          return { ...out, sinceAbort: performance.now() - t0, same: reason === undefined || Object.is(controller.signal.reason, reason) };
        }, { abortAt: phase.abortAt, kind, getToken: phase.getToken });
        const e = assertError(r.error, 'RainbowAbortError', { attempts: phase.attempts, delivered: phase.delivered });
        assert.ok(r.sinceAbort < PROMPT_MS, `rejected ${Math.round(r.sinceAbort)} ms after the abort`);
        assert.equal(e.reasonIsSignals, true, 'reason is the signal\'s reason');
        assert.ok(r.same, 'the very reason given');
        if (kind === 'none') assert.equal(e.reasonName, 'AbortError');
        if (kind === 'dom') assert.equal(e.reasonName, 'AbortError');
        if (kind === 'string') assert.equal(e.reasonType, 'string');
        await sleep(50);
        assert.equal(api(mock).length, phase.sent, 'deliveries');
      });
    }
  }

  test('no retry after an abort during a wait', T, async () => {
    mock.script({ status: 429, headers: { 'retry-after-ms': '300' }, body: '' });
    const r = await page.evaluate(async () => {
      const c = new AbortController();
      const p = window.send({ signal: c.signal });
      setTimeout(() => c.abort(), 100);
      return window.settle(p, c.signal);
    });
    assertError(r.error, 'RainbowAbortError', { attempts: 1, delivered: false });
    await sleep(400);
    assert.equal(api(mock).length, 1);
  });

  for (const [what, kind] of [['AbortSignal.timeout()', 'timeout'], ['AbortSignal.any([user, timeout])', 'any']]) {
    test(`a signal that times out (${what}) → RainbowTimeoutError, reason the signal's TimeoutError`, T, async () => {
      mock.script(okScript({ delayMs: 3000 }));
      const r = await page.evaluate((kind) => {
        const timeout = AbortSignal.timeout(150);
        const signal = kind === 'timeout' ? timeout : AbortSignal.any([new AbortController().signal, timeout]);
        return window.settle(window.send({ signal }), signal);
      }, kind);
      const e = assertError(r.error, 'RainbowTimeoutError', { attempts: 1, delivered: true });
      assert.equal(e.reasonIsSignals, true, 'reason is the signal\'s reason');
      assert.equal(e.reasonName, 'TimeoutError');
    });
  }
});

test('once loaded, a call reads its arguments when it is made: what the caller changes afterwards is not sent', T, async () => {
  mock.script(okScript());
  mock.script(okScript());
  const outcome = await page.evaluate(async (token) => {
    const batch = ['first@example.com'];
    const body = { scenario: 'chat', emails: batch };
    const options = { token, correlationId: 'before' };
    const pending = [window.lib.sendUsersJoinRoomInvitation('56f42c1914e2a8a91b99e595', body, options)];
    // The batching loop of an app: the list emptied and refilled, the options changed.
    batch.length = 0;
    batch.push('second@example.com');
    body.scenario = 'video-conference';
    options.correlationId = 'after';
    pending.push(window.lib.sendUsersJoinRoomInvitation('56f42c1914e2a8a91b99e595', body, options));
    return Promise.all(pending.map((p) => window.settle(p)));
  }, TOKEN);
  assert.ok(outcome.every((o) => o.value), JSON.stringify(outcome));
  const sent = api(mock).map((r) => [JSON.parse(r.body), r.headers['x-rainbow-correlation-id']]);
  assert.deepEqual(sent, [
    [{ scenario: 'chat', emails: ['first@example.com'], lang: 'en' }, 'before'],
    [{ scenario: 'video-conference', emails: ['second@example.com'], lang: 'en' }, 'after'],
  ]);
});

test('no log line of any call of this file holds the token', async () => {
  const lines = await page.evaluate(() => window.lines);
  assert.ok(lines.length > 50, `${lines.length} lines`);
  assert.ok(lines.some((l) => /Authorization: Bearer \[redacted\]/.test(l)), 'the attempt lines show the header, redacted');
  for (const l of lines) assert.ok(!l.includes(TOKEN_MARK), `the token leaked into a log line: ${l}`);
});

test('the page made no request off this machine, and threw nothing', () => {
  assert.deepEqual(outside, []);
  assert.deepEqual(pageErrors, []);
});
