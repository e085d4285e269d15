// Retries over real TCP, fault by fault: how many requests reached the server, what the caller
// got (the error's class, attempts, mayHaveBeenDelivered, correlationId), and the waits between
// the attempts as measured by the server. An invitation sent twice is a duplicate e-mail, so a POST
// is sent again only where the server provably did not act on it (README "Retries").
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import * as rri from '../../pkg/node.js';
import {
  SEED, TOKEN, useMock, apiRequests, onlyRequest, rejectsWith, timed, assertRainbowError, assertFacts, correlationOf,
  closedPort, startMockServer, sleep, UUID, invitePath,
} from './helpers/env.mjs';
import {
  debugLog, guardLogs, countingFetch, arrivalGaps, within, okScript, expiredScript,
} from './helpers/resilience.mjs';

const ctx = useMock({ token: TOKEN });
guardLogs();

const body = { scenario: 'chat', emails: ['retry.guest@example.com'] };
const send = (options = {}) => rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: ctx.mock.url, token: TOKEN, ...debugLog(), ...options });
const sendInfo = (options = {}) => new rri.RoomsInvitationApi({ baseUrl: ctx.mock.url, token: TOKEN, ...debugLog() })
  .sendUsersJoinRoomInvitationWithHttpInfo(SEED.roomId, body, options);
const T = { timeout: 15_000 };
// A call that settled sends nothing more; this short wait only catches a request still on its way.
const SETTLE = 100;

/** The requests all carried the same body and the same correlation id; returns that id. */
function sameCall(mock, n) {
  const reqs = apiRequests(mock);
  assert.equal(reqs.length, n, `${n} deliveries, got ${reqs.length}`);
  const ids = new Set(reqs.map(correlationOf));
  assert.equal(ids.size, 1, `one correlation id across the retries: ${[...ids]}`);
  assert.equal(new Set(reqs.map((r) => r.body)).size, 1, 'the same body each time');
  const [id] = ids;
  assert.match(id, UUID);
  return id;
}

describe('never retried: the server may have acted', () => {
  for (const status of [500, 502, 504, 408, 409]) {
    test(`${status} → exactly 1 delivery, RainbowApiError`, T, async () => {
      const { mock } = ctx;
      mock.script({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ errorCode: status, errorMsg: 'x', errorDetails: 'failed' }) });
      mock.script(okScript()); // what a retry would get
      const err = await rejectsWith(send(), 'RainbowApiError');
      assert.equal(err.status, status);
      await sleep(SETTLE);
      const req = onlyRequest(mock);
      assertFacts(err, { attempts: 1, delivered: status !== 409, correlationId: correlationOf(req) });
    });
  }

  test('500 even with Retry-After → exactly 1 delivery', T, async () => {
    const { mock } = ctx;
    mock.script({ status: 500, headers: { 'retry-after': '0' }, body: '' });
    const err = await rejectsWith(send(), 'RainbowApiError');
    await sleep(SETTLE);
    onlyRequest(mock);
    assertFacts(err, { attempts: 1, delivered: true });
  });

  test('a timeout after the server read the request → exactly 1 delivery, RainbowTimeoutError, may have been delivered', T, async () => {
    const { mock } = ctx;
    mock.script(okScript({ delayMs: 3000 }));
    const [outcome, ms] = await timed(() => send({ timeoutMs: 300 }));
    const err = assertRainbowError(outcome.error, 'RainbowTimeoutError');
    within(ms, 290, 700, 'the timeout');
    assert.equal(err.timeoutMs, 300);
    await sleep(SETTLE);
    const req = onlyRequest(mock);
    assert.equal(req.body, JSON.stringify({ scenario: 'chat', emails: ['retry.guest@example.com'], lang: 'en' }), 'the server had read the whole request');
    assertFacts(err, { attempts: 1, delivered: true, correlationId: correlationOf(req) });
  });

  test('the connection closed after the request was read → exactly 1 delivery, RainbowNetworkError, mayHaveBeenDelivered: true', T, async () => {
    const { mock } = ctx;
    mock.script({ destroy: 'after-read' });
    mock.script(okScript());
    const err = await rejectsWith(send(), 'RainbowNetworkError');
    await sleep(SETTLE);
    const req = onlyRequest(mock);
    assert.ok(req.body.length > 0, 'the server had read the request');
    assertFacts(err, { attempts: 1, delivered: true, correlationId: correlationOf(req) });
  });

  test('the connection closed before the request was read → exactly 1 delivery, mayHaveBeenDelivered: true (it was written)', T, async () => {
    const { mock } = ctx;
    mock.script({ destroy: 'before-read' });
    mock.script(okScript());
    const err = await rejectsWith(send(), 'RainbowNetworkError');
    await sleep(SETTLE);
    onlyRequest(mock);
    assertFacts(err, { attempts: 1, delivered: true });
  });

  test('a body stalled past timeoutMs → exactly 1 delivery', T, async () => {
    const { mock } = ctx;
    mock.script(okScript({ stallBodyMs: 3000 }));
    const err = await rejectsWith(send({ timeoutMs: 300 }), 'RainbowTimeoutError');
    await sleep(SETTLE);
    onlyRequest(mock);
    assertFacts(err, { attempts: 1, delivered: true });
  });
});

describe('connection refused: retried, never delivered', () => {
  test('nothing listening → 3 attempts (maxRetries 2) with backoff 0.5 s then 1 s, RainbowNetworkError, mayHaveBeenDelivered: false', T, async () => {
    const port = await closedPort();
    const f = countingFetch();
    const [outcome, ms] = await timed(() => rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: `http://127.0.0.1:${port}`, token: TOKEN, fetch: f, ...debugLog() }));
    const err = assertRainbowError(outcome.error, 'RainbowNetworkError');
    assert.equal(f.calls.length, 3, 'three attempts');
    assert.ok(f.calls.every((c) => c.error), 'each one refused');
    within(f.calls[1].at - f.calls[0].at, 370, 650, 'first backoff (0.5 s × 75–100 %)');
    within(f.calls[2].at - f.calls[1].at, 745, 1150, 'second backoff (1 s × 75–100 %)');
    within(ms, 1100, 2200, 'the whole call');
    assertFacts(err, { attempts: 3, delivered: false });
    const ids = new Set(f.calls.map((c) => c.init.headers['x-rainbow-correlation-id']));
    assert.equal(ids.size, 1, 'the same correlation id on each attempt');
    assert.equal(err.correlationId, [...ids][0]);
  });

  test('a server that starts listening after the first refusal gets exactly 1 delivery, and the call succeeds', T, async () => {
    const port = await closedPort();
    let late;
    const f = countingFetch(async (url, init) => {
      try {
        return await globalThis.fetch(url, init);
      } catch (e) {
        late ??= await startMockServer({ port, host: '127.0.0.1', quiet: true, token: TOKEN });
        throw e;
      }
    });
    try {
      const info = await new rri.RoomsInvitationApi({ baseUrl: `http://127.0.0.1:${port}`, token: TOKEN, fetch: f, ...debugLog() })
        .sendUsersJoinRoomInvitationWithHttpInfo(SEED.roomId, body);
      assert.ok(late, 'the first attempt was refused');
      assert.equal(f.calls.length, 2);
      assert.equal(info.attempts, 2);
      assert.equal(info.status, 200);
      assert.deepEqual(info.data.data.guestEmails.includes('retry.guest@example.com'), true);
      const req = onlyRequest(late);
      assert.equal(correlationOf(req), info.correlationId);
      assert.equal(req.headers.authorization, `Bearer ${TOKEN}`);
    } finally {
      await late?.close();
    }
  });

  // What Node's fetch reports (TypeError "fetch failed" whose cause has the code), and a fetch
  // option that throws the system error itself.
  for (const [code, retried] of [['ECONNREFUSED', true], ['ENOTFOUND', true], ['EAI_AGAIN', true], ['UND_ERR_CONNECT_TIMEOUT', true],
    ['ECONNRESET', false], ['UND_ERR_SOCKET', false], ['EPIPE', false], ['ETIMEDOUT', false], ['UND_ERR_HEADERS_TIMEOUT', false]]) {
    test(`a fetch failing with ${code} → ${retried ? 'retried (not sent)' : 'not retried (may have been sent)'}`, T, async () => {
      for (const shape of ['nested', 'flat']) {
        const system = Object.assign(new Error(`${code} on connect`), { code });
        const thrown = shape === 'nested' ? new TypeError('fetch failed', { cause: system }) : system;
        let calls = 0;
        const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, {
          baseUrl: 'https://sandbox.openrainbow.com', token: TOKEN, maxRetries: 1, fetch: async () => { calls += 1; throw thrown; }, ...debugLog(),
        }), 'RainbowNetworkError');
        assert.equal(calls, retried ? 2 : 1, `${shape}: attempts`);
        assertFacts(err, { attempts: calls, delivered: !retried });
        assert.ok(err.message.includes(code), `the message names ${code}: ${err.message}`);
      }
    });
  }

  test('maxRetries: 0 → refused once, no retry', T, async () => {
    const port = await closedPort();
    const f = countingFetch();
    const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: `http://127.0.0.1:${port}`, token: TOKEN, fetch: f, maxRetries: 0, ...debugLog() }), 'RainbowNetworkError');
    assert.equal(f.calls.length, 1);
    assertFacts(err, { attempts: 1, delivered: false });
  });
});

describe('429: the server refused before acting, so it is retried after the wait it asks for', () => {
  test('429, 429 (retry-after-ms 250, then 150), 200 → 3 deliveries, success, waits as asked', T, async () => {
    const { mock } = ctx;
    mock.script({ status: 429, headers: { 'retry-after-ms': '250' }, body: '' });
    mock.script({ status: 429, headers: { 'retry-after-ms': '150' }, body: '' });
    mock.script(okScript());
    const info = await sendInfo();
    assert.equal(info.attempts, 3);
    assert.equal(info.status, 200);
    assert.deepEqual(info.data.data.guestEmails, ['ok@example.com']);
    assert.equal(sameCall(mock, 3), info.correlationId);
    const [g1, g2] = arrivalGaps(mock);
    within(g1, 245, 450, 'wait after the first 429');
    within(g2, 145, 350, 'wait after the second 429');
  });

  test('429, 429 (Retry-After: 1 in seconds), 200 → 3 deliveries, success, 1 s each time', T, async () => {
    const { mock } = ctx;
    mock.script({ status: 429, headers: { 'retry-after': '1' }, body: '{"errorCode":429,"errorMsg":"Too Many Requests"}' });
    mock.script({ status: 429, headers: { 'retry-after': '1' }, body: 'Too Many Requests' });
    mock.script(okScript());
    const res = await send();
    assert.equal(res.data.status, 'Invitations successfully sent');
    sameCall(mock, 3);
    const [g1, g2] = arrivalGaps(mock);
    within(g1, 995, 1250, 'wait after the first 429');
    within(g2, 995, 1250, 'wait after the second 429');
  });

  test('429, 429 (Retry-After as HTTP dates), 200 → 3 deliveries, success, each retry at the date asked for', T, async () => {
    const { mock } = ctx;
    // HTTP dates have whole seconds: the next one at least 200 ms away, then one more second.
    const d1 = Math.ceil((Date.now() + 200) / 1000) * 1000;
    const d2 = d1 + 1000;
    mock.script({ status: 429, headers: { 'retry-after': new Date(d1).toUTCString() }, body: '' });
    mock.script({ status: 429, headers: { 'retry-after': new Date(d2).toUTCString() }, body: '' });
    mock.script(okScript());
    const res = await send();
    assert.equal(res.data.scenario, 'chat');
    sameCall(mock, 3);
    // The mock's arrival times are monotonic (performance.now()), the dates wall-clock times
    // (Date.now()): the two drift apart by tens of ms over a process's life. Back to the wall clock.
    const drift = performance.timeOrigin + performance.now() - Date.now();
    const [r1, r2, r3] = apiRequests(mock).map((r) => r.receivedAtMs - drift);
    within(r2 - d1, -5, 200, 'the second attempt came at the first date');
    within(r3 - d2, -5, 200, 'the third attempt came at the second date');
    assert.ok(r2 - r1 > 150, 'it did wait');
  });

  test('retry-after-ms wins over Retry-After', T, async () => {
    const { mock } = ctx;
    mock.script({ status: 429, headers: { 'retry-after-ms': '100', 'retry-after': '30' }, body: '' });
    mock.script(okScript());
    const [outcome, ms] = await timed(() => send());
    assert.ok(outcome.value, outcome.error?.message);
    sameCall(mock, 2);
    within(arrivalGaps(mock)[0], 95, 300, 'the wait');
    assert.ok(ms < 1000, `${ms} ms`);
  });

  test('429 without a wait → exponential backoff with jitter (0.5 s then 1 s, 75–100 %)', T, async () => {
    const { mock } = ctx;
    mock.script({ status: 429, body: '' });
    mock.script({ status: 429, body: '' });
    mock.script(okScript());
    await send();
    sameCall(mock, 3);
    const [g1, g2] = arrivalGaps(mock);
    within(g1, 370, 600, 'first backoff');
    within(g2, 745, 1100, 'second backoff');
  });

  test('429 with Retry-After: 120 → 1 delivery, RainbowApiError with retryAfterMs 120000, at once', T, async () => {
    const { mock } = ctx;
    mock.script({ status: 429, headers: { 'retry-after': '120', 'x-rainbow-request-id': 'req-slow-down' }, body: JSON.stringify({ errorCode: 429, errorMsg: 'Too Many Requests', errorDetails: 'rate limit' }) });
    const [outcome, ms] = await timed(() => send());
    const err = assertRainbowError(outcome.error, 'RainbowApiError');
    assert.ok(ms < 500, `at once (${ms} ms)`);
    assert.equal(err.status, 429);
    assert.equal(err.retryAfterMs, 120000);
    assert.equal(err.requestId, 'req-slow-down');
    assert.match(err.message, /120/);
    await sleep(100);
    assertFacts(err, { attempts: 1, delivered: false, correlationId: correlationOf(onlyRequest(mock)) });
  });

  test('the 60 s limit: retry-after-ms 60001 fails at once, an HTTP date 2 minutes ahead too', T, async () => {
    const { mock } = ctx;
    mock.script({ status: 429, headers: { 'retry-after-ms': '60001' }, body: '' });
    let err = await rejectsWith(send(), 'RainbowApiError');
    assert.equal(err.retryAfterMs, 60001);
    mock.reset();
    mock.script({ status: 429, headers: { 'retry-after': new Date(Date.now() + 120_000).toUTCString() }, body: '' });
    err = await rejectsWith(send(), 'RainbowApiError');
    within(err.retryAfterMs, 118_000, 120_000, 'retryAfterMs from the date');
    onlyRequest(mock);
  });

  test('429 three times with maxRetries 2 → 3 deliveries, the last 429 is the error (attempts 3, not delivered)', T, async () => {
    const { mock } = ctx;
    for (let i = 0; i < 4; i += 1) mock.script({ status: 429, headers: { 'retry-after-ms': '20', 'x-rainbow-request-id': `req-${i}` }, body: '' });
    const err = await rejectsWith(send(), 'RainbowApiError');
    assert.equal(err.status, 429);
    assert.equal(err.requestId, 'req-2', 'the last answer is reported');
    assert.equal(err.retryAfterMs, undefined, 'the wait was not too long, the retries ran out');
    await sleep(200);
    assertFacts(err, { attempts: 3, delivered: false, correlationId: sameCall(mock, 3) });
  });

  test('maxRetries: 0 → a 429 is not retried', T, async () => {
    const { mock } = ctx;
    mock.script({ status: 429, headers: { 'retry-after-ms': '10' }, body: '' });
    mock.script(okScript());
    const err = await rejectsWith(send({ maxRetries: 0 }), 'RainbowApiError');
    await sleep(200);
    onlyRequest(mock);
    assertFacts(err, { attempts: 1, delivered: false });
  });

  test('maxRetries: 5 → up to 6 deliveries', T, async () => {
    const { mock } = ctx;
    for (let i = 0; i < 5; i += 1) mock.script({ status: 429, headers: { 'retry-after-ms': '10' }, body: '' });
    mock.script(okScript());
    const info = await sendInfo({ maxRetries: 5 });
    assert.equal(info.attempts, 6);
    sameCall(mock, 6);
  });
});

describe('503: retried only when it says when to come back', () => {
  test('503 with Retry-After: 0 (come back now), then 200 → 2 deliveries, success', T, async () => {
    const { mock } = ctx;
    mock.script({ status: 503, headers: { 'retry-after': '0' }, body: 'maintenance' });
    mock.script(okScript());
    const info = await sendInfo();
    assert.equal(info.attempts, 2);
    sameCall(mock, 2);
    within(arrivalGaps(mock)[0], 0, 200, 'the wait');
  });

  test('503 with an HTTP-date Retry-After in the past → retried at once', T, async () => {
    const { mock } = ctx;
    mock.script({ status: 503, headers: { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' }, body: '' });
    mock.script(okScript());
    assert.equal((await sendInfo()).attempts, 2);
    within(arrivalGaps(mock)[0], 0, 200, 'the wait');
  });

  test('503 with retry-after-ms, twice → 3 deliveries, then RainbowApiError, not delivered', T, async () => {
    const { mock } = ctx;
    for (let i = 0; i < 3; i += 1) mock.script({ status: 503, headers: { 'retry-after-ms': '30' }, body: '' });
    const err = await rejectsWith(send(), 'RainbowApiError');
    assert.equal(err.status, 503);
    assertFacts(err, { attempts: 3, delivered: false });
    sameCall(mock, 3);
  });

  test('503 without Retry-After → exactly 1 delivery, mayHaveBeenDelivered: true', T, async () => {
    const { mock } = ctx;
    mock.script({ status: 503, body: 'Service Unavailable' });
    mock.script(okScript());
    const err = await rejectsWith(send(), 'RainbowApiError');
    assert.equal(err.status, 503);
    await sleep(SETTLE);
    onlyRequest(mock);
    assertFacts(err, { attempts: 1, delivered: true });
  });

  test('503 with Retry-After: 3600 → 1 delivery, retryAfterMs 3600000', T, async () => {
    const { mock } = ctx;
    mock.script({ status: 503, headers: { 'retry-after': '3600' }, body: '' });
    const err = await rejectsWith(send(), 'RainbowApiError');
    assert.equal(err.retryAfterMs, 3_600_000);
    onlyRequest(mock);
    assertFacts(err, { attempts: 1, delivered: false });
  });

  test('a 429 then a 500 → 2 deliveries, the 500 is the error and may have been delivered', T, async () => {
    const { mock } = ctx;
    mock.script({ status: 429, headers: { 'retry-after-ms': '10' }, body: '' });
    mock.script({ status: 500, body: '' });
    mock.script(okScript());
    const err = await rejectsWith(send(), 'RainbowApiError');
    assert.equal(err.status, 500);
    await sleep(SETTLE);
    sameCall(mock, 2);
    assertFacts(err, { attempts: 2, delivered: true });
  });
});

describe('401 "jwt expired": one renewal through getToken', () => {
  test('with getToken → renewed once: getToken called twice, the second request carries the new token, success', T, async () => {
    const { mock } = ctx;
    mock.script(expiredScript());
    // the second request reaches the mock's real processing, which checks the token
    const given = [];
    const tokens = ['expired.jwt.OLD', TOKEN];
    const getToken = async () => { const t = tokens[given.length]; given.push(t); return t; };
    const info = await new rri.RoomsInvitationApi({ baseUrl: mock.url, getToken, ...debugLog() }).sendUsersJoinRoomInvitationWithHttpInfo(SEED.roomId, body);
    assert.equal(given.length, 2, 'getToken called before the first attempt and once after the 401');
    assert.equal(info.attempts, 2);
    assert.equal(info.status, 200);
    const reqs = apiRequests(mock);
    assert.equal(reqs.length, 2);
    assert.equal(reqs[0].headers.authorization, 'Bearer expired.jwt.OLD');
    assert.equal(reqs[1].headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(correlationOf(reqs[0]), correlationOf(reqs[1]));
    assert.ok(arrivalGaps(mock)[0] < 200, 'no wait before the renewed attempt');
  });

  test('a synchronous getToken works the same', T, async () => {
    const { mock } = ctx;
    mock.script(expiredScript());
    let n = 0;
    const res = await rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, getToken: () => (n += 1, TOKEN), ...debugLog() });
    assert.equal(res.data.scenario, 'chat');
    assert.equal(n, 2);
    assert.equal(apiRequests(mock).length, 2);
  });

  test('expired twice → renewed only once: 2 deliveries, RainbowApiError 401, getToken called twice', T, async () => {
    const { mock } = ctx;
    mock.script(expiredScript());
    mock.script(expiredScript());
    mock.script(okScript());
    let n = 0;
    const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, getToken: () => { n += 1; return TOKEN; }, ...debugLog() }), 'RainbowApiError');
    assert.equal(err.status, 401);
    assert.equal(err.errorDetails, 'jwt expired');
    await sleep(SETTLE);
    assert.equal(n, 2);
    assertFacts(err, { attempts: 2, delivered: false, correlationId: sameCall(mock, 2) });
  });

  test('without getToken → no retry: 1 delivery, RainbowApiError 401', T, async () => {
    const { mock } = ctx;
    mock.script(expiredScript());
    mock.script(okScript());
    const err = await rejectsWith(send(), 'RainbowApiError');
    assert.equal(err.status, 401);
    await sleep(SETTLE);
    onlyRequest(mock);
    assertFacts(err, { attempts: 1, delivered: false });
  });

  test('a 401 that is not about expiry ("Invalid token") is not retried, even with getToken', T, async () => {
    const { mock } = ctx;
    let n = 0;
    const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, getToken: () => { n += 1; return 'not-the-right-token'; }, ...debugLog() }), 'RainbowApiError');
    assert.equal(err.status, 401);
    assert.equal(err.errorDetails, 'Invalid token');
    await sleep(SETTLE);
    onlyRequest(mock);
    assert.equal(n, 1);
  });

  test('with maxRetries: 0 the expired token is not renewed', T, async () => {
    const { mock } = ctx;
    mock.script(expiredScript());
    let n = 0;
    const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, getToken: () => { n += 1; return TOKEN; }, maxRetries: 0, ...debugLog() }), 'RainbowApiError');
    assert.equal(err.status, 401);
    onlyRequest(mock);
    assert.equal(n, 1);
  });

  test('getToken is asked before every attempt, a 429 retry included (README: called before each attempt)', T, async () => {
    const { mock } = ctx;
    mock.script({ status: 429, headers: { 'retry-after-ms': '10' }, body: '' });
    let n = 0;
    await rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, getToken: () => { n += 1; return TOKEN; }, ...debugLog() });
    assert.equal(apiRequests(mock).length, 2);
    assert.ok(apiRequests(mock).every((r) => r.headers.authorization === `Bearer ${TOKEN}`));
    assert.equal(n, 2);
  });

  test('a renewal that fails → RainbowValidationError (cause: what getToken threw), 1 delivery, not delivered', T, async () => {
    const { mock } = ctx;
    mock.script(expiredScript());
    const boom = new Error('refresh token revoked');
    let n = 0;
    const getToken = async () => { n += 1; if (n > 1) throw boom; return TOKEN; };
    const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, getToken, ...debugLog() }), 'RainbowValidationError');
    assert.equal(err.cause, boom);
    assert.ok(err.errors.some((i) => i.path === 'options.getToken'), JSON.stringify(err.errors));
    onlyRequest(mock);
    assertFacts(err, { attempts: 1, delivered: false, correlationId: correlationOf(onlyRequest(mock)) });
  });
});

describe('totalTimeoutMs bounds the whole call', () => {
  test('a server wait that outlasts what is left of totalTimeoutMs → RainbowApiError with retryAfterMs at once, not delivered', T, async () => {
    const { mock } = ctx;
    for (let i = 0; i < 3; i += 1) mock.script({ status: 429, headers: { 'retry-after-ms': '400' }, body: '' });
    const [outcome, ms] = await timed(() => send({ totalTimeoutMs: 600 }));
    const err = assertRainbowError(outcome.error, 'RainbowApiError');
    // The first wait fits (400 of 600 ms); the second does not (400 of the ~200 left): no sleep.
    within(ms, 390, 590, 'the call');
    assert.equal(err.status, 429);
    assert.equal(err.retryAfterMs, 400);
    assert.match(err.message, /totalTimeoutMs/);
    await sleep(400);
    assertFacts(err, { attempts: 2, delivered: false, correlationId: sameCall(mock, 2) });
  });

  test('a slow answer past totalTimeoutMs (shorter than timeoutMs) → RainbowTimeoutError with totalTimeoutMs, may have been delivered', T, async () => {
    const { mock } = ctx;
    mock.script(okScript({ delayMs: 3000 }));
    const [outcome, ms] = await timed(() => send({ totalTimeoutMs: 250, timeoutMs: 5000 }));
    const err = assertRainbowError(outcome.error, 'RainbowTimeoutError');
    within(ms, 240, 600, 'the call');
    assert.equal(err.totalTimeoutMs, 250);
    await sleep(SETTLE);
    onlyRequest(mock);
    assertFacts(err, { attempts: 1, delivered: true });
  });

  test('timeoutMs still bounds each attempt inside a larger totalTimeoutMs, and the timeout is not retried', T, async () => {
    const { mock } = ctx;
    mock.script({ status: 429, headers: { 'retry-after-ms': '10' }, body: '' });
    mock.script(okScript({ delayMs: 3000 }));
    const err = await rejectsWith(send({ totalTimeoutMs: 10_000, timeoutMs: 300 }), 'RainbowTimeoutError');
    assert.equal(err.timeoutMs, 300);
    assert.equal(err.totalTimeoutMs, undefined);
    await sleep(SETTLE);
    assertFacts(err, { attempts: 2, delivered: true, correlationId: sameCall(mock, 2) });
  });

  test('a getToken that never answers is bounded by timeoutMs, and by totalTimeoutMs; nothing is sent', T, async () => {
    const { mock } = ctx;
    const never = () => new Promise(() => {});
    let [outcome, ms] = await timed(() => rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, getToken: never, timeoutMs: 200, ...debugLog() }));
    let err = assertRainbowError(outcome.error, 'RainbowTimeoutError');
    within(ms, 190, 500, 'timeoutMs');
    assert.equal(err.timeoutMs, 200);
    assertFacts(err, { attempts: 0, delivered: false });
    [outcome, ms] = await timed(() => rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, getToken: never, totalTimeoutMs: 150, ...debugLog() }));
    err = assertRainbowError(outcome.error, 'RainbowTimeoutError');
    within(ms, 140, 450, 'totalTimeoutMs');
    assert.equal(err.totalTimeoutMs, 150);
    assertFacts(err, { attempts: 0, delivered: false });
    assert.equal(apiRequests(mock).length, 0);
  });

  test('a call within totalTimeoutMs succeeds after its retries', T, async () => {
    const { mock } = ctx;
    mock.script({ status: 429, headers: { 'retry-after-ms': '50' }, body: '' });
    mock.script(okScript());
    const info = await sendInfo({ totalTimeoutMs: 2000 });
    assert.equal(info.attempts, 2);
  });
});

describe('the cancel call follows the same rules', () => {
  test('sendUserRoomInvitationCancelation: 429 then 200 → 2 deliveries; 500 → 1', T, async () => {
    const { mock } = ctx;
    const cancel = (o = {}) => rri.sendUserRoomInvitationCancelation(SEED.roomId, { scenario: 'chat', emails: ['guest2@mycompany'] }, { baseUrl: mock.url, token: TOKEN, ...debugLog(), ...o });
    mock.script({ status: 429, headers: { 'retry-after-ms': '20' }, body: '' });
    const res = await cancel();
    assert.equal(res.data.scenario, 'chat');
    sameCall(mock, 2);
    assert.ok(apiRequests(mock).every((r) => r.path.endsWith('/invitations/cancel')));
    mock.reset();
    mock.script({ status: 500, body: '' });
    const err = await rejectsWith(cancel(), 'RainbowApiError');
    await sleep(SETTLE);
    onlyRequest(mock);
    assertFacts(err, { attempts: 1, delivered: true });
  });
});

test('the retried request is byte for byte the first one (path, headers, body)', T, async () => {
  const { mock } = ctx;
  mock.script({ status: 429, headers: { 'retry-after-ms': '10' }, body: '' });
  await send({ headers: { 'X-App': 'resilience' } });
  const [a, b] = apiRequests(mock);
  assert.equal(a.path, invitePath(SEED.roomId));
  assert.equal(b.path, a.path);
  assert.equal(b.body, a.body);
  for (const h of ['authorization', 'content-type', 'accept', 'x-app', 'x-rainbow-correlation-id']) assert.equal(b.headers[h], a.headers[h], h);
});
