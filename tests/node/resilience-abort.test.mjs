// An abort in each phase of a call rejects with RainbowAbortError within 100 ms, whatever reason the
// signal carries, says how far the call got, and sends nothing more. A call that has settled
// keeps no timer alive (the Node process can exit at once).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { spawn } from 'node:child_process';
import { getEventListeners, setMaxListeners } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import * as rri from '../../pkg/node.js';
import {
  SEED, TOKEN, useMock, apiRequests, assertRainbowError, assertFacts, correlationOf, closedPort, sleep, timed,
  assertNoToken,
} from './helpers/env.mjs';
import { debugLog, guardLogs, countingFetch, okScript, expiredScript, deferred } from './helpers/resilience.mjs';

const ctx = useMock({ token: TOKEN });
guardLogs();

const body = { scenario: 'chat', emails: ['abort.guest@example.com'] };
const T = { timeout: 10_000 };
const PROMPT_MS = 100;

const REASONS = [
  ['an Error', () => new Error('user left the page')],
  ['a DOMException', () => new DOMException('gave up', 'AbortError')],
  ['a string', () => 'cancelled by the user'],
  ['no reason', () => undefined],
];

/**
 * Each phase: how to set the server (and options) up, when to abort (ms after the call starts, or
 * 'sync' for the same tick), and what the error must say about the call.
 */
const PHASES = [
  {
    name: 'before the call (signal already aborted)',
    abortAt: 'before',
    setup: () => ({}),
    attempts: 0, delivered: false, sent: 0,
  },
  {
    name: 'in the same tick as the call',
    abortAt: 'sync',
    setup: () => ({}),
    attempts: 0, delivered: false, sent: 0,
  },
  {
    name: 'while waiting for the response headers',
    abortAt: 80,
    setup: (mock) => { mock.script(okScript({ delayMs: 3000 })); return {}; },
    attempts: 1, delivered: true, sent: 1,
  },
  {
    name: 'in the middle of a stalled body',
    abortAt: 80,
    setup: (mock) => { mock.script(okScript({ stallBodyMs: 3000 })); return {}; },
    attempts: 1, delivered: true, sent: 1,
  },
  {
    name: 'during the wait after a 429 (Retry-After: 5)',
    abortAt: 80,
    setup: (mock) => { mock.script({ status: 429, headers: { 'retry-after': '5' }, body: '' }); return {}; },
    attempts: 1, delivered: false, sent: 1,
  },
  {
    name: 'during the backoff after a 429 without Retry-After',
    abortAt: 80,
    setup: (mock) => { mock.script({ status: 429, body: '' }); return {}; },
    attempts: 1, delivered: false, sent: 1,
  },
  {
    name: 'while an async getToken is pending (before the first attempt)',
    abortAt: 80,
    setup: () => ({ token: undefined, getToken: () => new Promise(() => {}) }),
    attempts: 0, delivered: false, sent: 0,
  },
  {
    name: 'while getToken renews an expired token (after a 401)',
    abortAt: 80,
    setup: (mock) => {
      mock.script(expiredScript());
      let n = 0;
      return { token: undefined, getToken: () => (n += 1) === 1 ? TOKEN : new Promise(() => {}) };
    },
    attempts: 1, delivered: false, sent: 1,
  },
];

describe('an abort in each phase → RainbowAbortError within 100 ms', () => {
  for (const phase of PHASES) {
    for (const [what, makeReason] of REASONS) {
      test(`${phase.name}, with ${what}`, T, async () => {
        const { mock } = ctx;
        const extra = phase.setup(mock);
        const controller = new AbortController();
        const reason = makeReason();
        if (phase.abortAt === 'before') controller.abort(reason);
        let t0 = performance.now();
        const pending = rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, token: TOKEN, signal: controller.signal, ...debugLog(), ...extra });
        if (phase.abortAt === 'sync') controller.abort(reason);
        if (typeof phase.abortAt === 'number') {
          await sleep(phase.abortAt);
          t0 = performance.now();
          controller.abort(reason);
        }
        const [outcome] = await timed(() => pending);
        const ms = performance.now() - t0;
        const err = assertRainbowError(outcome.error, 'RainbowAbortError');
        assert.ok(ms < PROMPT_MS, `rejected ${Math.round(ms)} ms after the abort`);
        assert.ok(Object.is(err.reason, controller.signal.reason), `reason is the signal's reason: ${String(err.reason)}`);
        if (reason !== undefined) assert.ok(Object.is(err.reason, reason), 'the very reason given');
        else assert.equal(err.reason?.name, 'AbortError', 'abort() without a reason: the signal\'s own AbortError');
        assert.match(err.message, /abort/i);
        await sleep(50);
        const reqs = apiRequests(mock);
        assert.equal(reqs.length, phase.sent, `${phase.sent} request(s) reached the server, no more`);
        assertFacts(err, { attempts: phase.attempts, delivered: phase.delivered, correlationId: reqs[0] ? correlationOf(reqs[0]) : undefined });
      });
    }
  }

  test('during the backoff after a refused connection → within 100 ms, 1 attempt, not delivered', T, async () => {
    const port = await closedPort();
    const f = countingFetch();
    const controller = new AbortController();
    const pending = rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: `http://127.0.0.1:${port}`, token: TOKEN, fetch: f, signal: controller.signal, ...debugLog() });
    await sleep(150);
    assert.equal(f.calls.length, 1, 'the first attempt was refused, the backoff is running');
    const t0 = performance.now();
    controller.abort('stop');
    const [outcome] = await timed(() => pending);
    assert.ok(performance.now() - t0 < PROMPT_MS);
    const err = assertRainbowError(outcome.error, 'RainbowAbortError');
    assert.equal(err.reason, 'stop');
    assertFacts(err, { attempts: 1, delivered: false });
    await sleep(600);
    assert.equal(f.calls.length, 1, 'no attempt after the abort');
  });

  test('no attempt after an abort during a wait: the retry that was due never comes', T, async () => {
    const { mock } = ctx;
    mock.script({ status: 429, headers: { 'retry-after-ms': '300' }, body: '' });
    const controller = new AbortController();
    const pending = rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, token: TOKEN, signal: controller.signal, ...debugLog() });
    await sleep(100);
    controller.abort();
    const [outcome] = await timed(() => pending);
    assertRainbowError(outcome.error, 'RainbowAbortError');
    await sleep(400);
    assert.equal(apiRequests(mock).length, 1);
  });

  test('AbortSignal.timeout() as the signal → RainbowTimeoutError that names the signal, reason a TimeoutError', T, async () => {
    const { mock } = ctx;
    mock.script(okScript({ delayMs: 3000 }));
    const signal = AbortSignal.timeout(150);
    const [outcome, ms] = await timed(() => rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, token: TOKEN, signal, ...debugLog() }));
    const err = assertRainbowError(outcome.error, 'RainbowTimeoutError');
    assert.ok(ms < 150 + PROMPT_MS, `${Math.round(ms)} ms`);
    assert.equal(err.reason?.name, 'TimeoutError');
    assert.match(err.message, /AbortSignal\.timeout/);
    assert.match(err.message, /may still have acted/);
    assert.equal(err.mayHaveBeenDelivered, true);
  });

  test('a timeout before anything was sent (a getToken that never answers) says the server did not act', T, async () => {
    const { mock } = ctx;
    for (const [options, field] of [[{ timeoutMs: 100 }, 'timeoutMs'], [{ totalTimeoutMs: 100 }, 'totalTimeoutMs'], [{ signal: AbortSignal.timeout(100) }, undefined]]) {
      const pending = rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, getToken: () => new Promise(() => {}), ...options, ...debugLog() });
      const [outcome] = await timed(() => pending);
      const err = assertRainbowError(outcome.error, 'RainbowTimeoutError');
      assert.match(err.message, /The server did not act on the request: send it again/);
      assert.doesNotMatch(err.message, /may still have acted/);
      if (field) assert.equal(err[field], 100);
      assertFacts(err, { attempts: 0, delivered: false });
    }
    assert.equal(apiRequests(mock).length, 0);
  });

  test('any signal whose reason is a TimeoutError (AbortSignal.any with a timeout, abort(TimeoutError)) → RainbowTimeoutError', T, async () => {
    const { mock } = ctx;
    const signals = {
      'AbortSignal.any([user, timeout])': () => AbortSignal.any([new AbortController().signal, AbortSignal.timeout(150)]),
      'abort(new DOMException(…, "TimeoutError"))': () => {
        const c = new AbortController();
        setTimeout(() => c.abort(new DOMException('gave up', 'TimeoutError')), 150);
        return c.signal;
      },
    };
    for (const [name, make] of Object.entries(signals)) {
      mock.reset();
      mock.script(okScript({ delayMs: 3000 }));
      const signal = make();
      const [outcome] = await timed(() => rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, token: TOKEN, signal }));
      const err = assertRainbowError(outcome.error, 'RainbowTimeoutError');
      assert.ok(Object.is(err.reason, signal.reason), `${name}: reason is the signal's`);
      assert.equal(err.reason.name, 'TimeoutError', name);
      assert.equal(err.mayHaveBeenDelivered, true, name);
    }
  });

  test('an abort during a getToken that resolves later: the late token is never used', T, async () => {
    const { mock } = ctx;
    const token = deferred();
    const controller = new AbortController();
    const pending = rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, getToken: () => token.promise, signal: controller.signal, ...debugLog() });
    await sleep(50);
    controller.abort();
    const [outcome] = await timed(() => pending);
    assertRainbowError(outcome.error, 'RainbowAbortError');
    token.resolve(TOKEN);
    await sleep(100);
    assert.equal(apiRequests(mock).length, 0);
  });

  test('one signal shared by 50 concurrent calls: aborting it rejects them all promptly', T, async () => {
    const { mock } = ctx;
    for (let i = 0; i < 50; i += 1) mock.script(okScript({ delayMs: 3000 }));
    const controller = new AbortController();
    const calls = Array.from({ length: 50 }, () => rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, token: TOKEN, signal: controller.signal }));
    await sleep(150);
    const t0 = performance.now();
    controller.abort('all of them');
    const settled = await Promise.allSettled(calls);
    assert.ok(performance.now() - t0 < PROMPT_MS, `${Math.round(performance.now() - t0)} ms`);
    for (const s of settled) {
      assert.equal(s.status, 'rejected');
      assert.equal(assertRainbowError(s.reason, 'RainbowAbortError').reason, 'all of them');
    }
  });

  test("one signal shared by 50 calls in flight: with the README's setMaxListeners, no warning", T, async () => {
    const { mock } = ctx;
    const warnings = [];
    const onWarning = (w) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const signal = new AbortController().signal;
      setMaxListeners(1000, signal);
      await Promise.all(Array.from({ length: 50 }, () => rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, token: TOKEN, signal })));
      await sleep(10); // warnings are emitted on a later tick
      assert.deepEqual(warnings.map((w) => w.name), []);
      assert.equal(getEventListeners(signal, 'abort').length, 0);
    } finally {
      process.off('warning', onWarning);
    }
  });

  test('a signal used by many calls keeps no listener once they have settled', T, async () => {
    const { mock } = ctx;
    const controller = new AbortController();
    mock.script({ status: 429, headers: { 'retry-after-ms': '10' }, body: '' });
    mock.script({ status: 500, body: '' });
    for (let i = 0; i < 20; i += 1) {
      await rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, token: TOKEN, signal: controller.signal }).catch(assertNoToken);
    }
    await rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, token: TOKEN, signal: controller.signal, timeoutMs: 50, fetch: () => new Promise(() => {}) }).catch(assertNoToken);
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0, 'every call removed its abort listener');
  });

  test('aborting one call leaves another call on the same server alone', T, async () => {
    const { mock } = ctx;
    mock.script(okScript({ delayMs: 300 }));
    mock.script(okScript({ delayMs: 300 }));
    const c1 = new AbortController();
    const a = rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, token: TOKEN, signal: c1.signal, ...debugLog() });
    const b = rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, token: TOKEN, signal: new AbortController().signal, ...debugLog() });
    await sleep(100);
    c1.abort();
    const [ra, rb] = await Promise.allSettled([a, b]);
    assert.equal(ra.status, 'rejected');
    assertRainbowError(ra.reason, 'RainbowAbortError');
    assert.equal(rb.status, 'fulfilled', String(rb.reason));
    assert.equal(rb.value.data.status, 'Invitations successfully sent');
  });
});

describe('a settled call keeps nothing alive', () => {
  const PKG = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../pkg/node.js');

  /** Runs `code` (an ES module body with `rri` imported) in a fresh Node; resolves to { code, stdout, ms }. */
  async function runNode(code) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rri-exit-'));
    const file = path.join(dir, 'main.mjs');
    fs.writeFileSync(file, `import * as rri from ${JSON.stringify(PKG)};\n${code}\n`);
    const t0 = performance.now();
    try {
      return await new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => { stdout += d; });
        child.stderr.on('data', (d) => { stderr += d; });
        const kill = setTimeout(() => child.kill('SIGKILL'), 8000);
        child.on('error', reject);
        child.on('exit', (exitCode) => { clearTimeout(kill); resolve({ code: exitCode, stdout: stdout.trim(), stderr, ms: performance.now() - t0 }); });
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  // A fetch with no network: 429 asking for 30 s, or a success. Long timers everywhere (timeoutMs,
  // totalTimeoutMs, the Retry-After wait): the process exits at once only if the call cleared them.
  const PRELUDE = `
const answer = (status, headers, text) => new Response(text, { status, headers: { 'content-type': 'application/json', ...headers } });
const ok = () => answer(200, {}, JSON.stringify({ data: { scenario: 'chat', status: 'ok', guestEmails: [], invalidUsers: [] } }));
const base = { baseUrl: 'https://sandbox.openrainbow.com', token: 't', timeoutMs: 60000, totalTimeoutMs: 120000 };
const body = { scenario: 'chat', emails: ['exit@example.com'] };
`;

  for (const [title, code] of [
    ['after a success', `const r = await rri.sendUsersJoinRoomInvitation('${SEED.roomId}', body, { ...base, fetch: async () => ok() }); console.log(r.data.status);`],
    ['after an abort during a 30 s Retry-After wait', `
const c = new AbortController();
setTimeout(() => c.abort(), 50);
await rri.sendUsersJoinRoomInvitation('${SEED.roomId}', body, { ...base, signal: c.signal, fetch: async () => answer(429, { 'retry-after': '30' }, '') })
  .catch((e) => console.log(e.name));`],
    ['after a 429 with a too-long Retry-After', `
await rri.sendUsersJoinRoomInvitation('${SEED.roomId}', body, { ...base, fetch: async () => answer(429, { 'retry-after': '3600' }, '') }).catch((e) => console.log(e.name));`],
    ['after a timeout of a fetch that never answers', `
await rri.sendUsersJoinRoomInvitation('${SEED.roomId}', body, { ...base, timeoutMs: 50, fetch: () => new Promise(() => {}) }).catch((e) => console.log(e.name));`],
  ]) {
    test(`the Node process exits at once ${title}`, T, async () => {
      const r = await runNode(PRELUDE + code);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^(ok|RainbowAbortError|RainbowApiError|RainbowTimeoutError)$/);
      assert.ok(r.ms < 3000, `the process took ${Math.round(r.ms)} ms: a timer of the call kept it alive`);
    });
  }
});
