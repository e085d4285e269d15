// What a call tells the people running it: the x-rainbow-correlation-id (fresh per call, the same
// on every attempt of one call, none with `correlationId: false`, the caller's own when given), and
// the log lines at each level, to a function or a console-like object, with the token redacted.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import * as rri from '../../pkg/node.js';
import {
  SEED, TOKEN, TOKEN_MARK, useMock, apiRequests, onlyRequest, rejectsWith, assertFacts, correlationOf, UUID, sleep,
  assertNoToken,
} from './helpers/env.mjs';
import { LOG, debugLog, guardLogs, okScript } from './helpers/resilience.mjs';

const ctx = useMock({ token: TOKEN });
guardLogs();

const body = { scenario: 'chat', emails: ['obs.guest@example.com'] };
const T = { timeout: 10_000 };
const PREFIX = '[rainbow-room-invitations] ';
const call = (options = {}) => rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: ctx.mock.url, token: TOKEN, ...options });
const info = (options = {}) => new rri.RoomsInvitationApi({ baseUrl: ctx.mock.url, token: TOKEN }).sendUsersJoinRoomInvitationWithHttpInfo(SEED.roomId, body, options);

describe('x-rainbow-correlation-id', () => {
  test('fresh per call: five calls, five different random ids, each reported back', T, async () => {
    const { mock } = ctx;
    const reported = [];
    for (let i = 0; i < 5; i += 1) reported.push((await info({ ...debugLog() })).correlationId);
    const sent = apiRequests(mock).map(correlationOf);
    assert.deepEqual(sent, reported, 'the id reported is the id sent');
    assert.equal(new Set(sent).size, 5, `all different: ${sent}`);
    for (const id of sent) assert.match(id, UUID);
  });

  test('the same on every attempt of one call (429, 429, 200), and on the error of a failed call', T, async () => {
    const { mock } = ctx;
    mock.script({ status: 429, headers: { 'retry-after-ms': '10' }, body: '' });
    mock.script({ status: 429, headers: { 'retry-after-ms': '10' }, body: '' });
    const ok = await info({ ...debugLog() });
    const ids = apiRequests(mock).map(correlationOf);
    assert.equal(ids.length, 3);
    assert.deepEqual(ids, [ok.correlationId, ok.correlationId, ok.correlationId]);
    mock.reset();
    for (let i = 0; i < 3; i += 1) mock.script({ status: 429, headers: { 'retry-after-ms': '10' }, body: '' });
    const err = await rejectsWith(call({ ...debugLog() }), 'RainbowApiError');
    const failedIds = apiRequests(mock).map(correlationOf);
    assert.equal(new Set(failedIds).size, 1);
    assert.notEqual(failedIds[0], ok.correlationId, 'another call, another id');
    assertFacts(err, { attempts: 3, correlationId: failedIds[0] });
  });

  test('correlationId: false sends none, on any attempt, and reports none', T, async () => {
    const { mock } = ctx;
    mock.script({ status: 429, headers: { 'retry-after-ms': '10' }, body: '' });
    const ok = await info({ correlationId: false, ...debugLog() });
    assert.equal(ok.correlationId, null);
    assert.equal(apiRequests(mock).length, 2);
    for (const r of apiRequests(mock)) assert.ok(!('x-rainbow-correlation-id' in r.headers), 'no header');
    mock.reset();
    mock.script({ status: 500, body: '' });
    const err = await rejectsWith(call({ correlationId: false, ...debugLog() }), 'RainbowApiError');
    assertFacts(err, { attempts: 1, correlationId: null });
    assert.ok(!('x-rainbow-correlation-id' in onlyRequest(mock).headers));
  });

  test('a given string is sent as given, on every attempt, and reported on the result and the error', T, async () => {
    const { mock } = ctx;
    const id = 'order-4711/retry-safe:ÄÖ'; // Latin-1 is a valid header value
    mock.script({ status: 503, headers: { 'retry-after-ms': '10' }, body: '' });
    const ok = await info({ correlationId: id, ...debugLog() });
    assert.equal(ok.correlationId, id);
    assert.deepEqual(apiRequests(mock).map((r) => Buffer.from(correlationOf(r), 'latin1').toString('latin1')), [id, id]);
    mock.reset();
    const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.unknownRoomId, body, { baseUrl: mock.url, token: TOKEN, correlationId: 'trace-2', ...debugLog() }), 'RainbowApiError');
    assertFacts(err, { attempts: 1, correlationId: 'trace-2' });
    assert.equal(correlationOf(onlyRequest(mock)), 'trace-2');
  });

  test("a caller's x-rainbow-correlation-id header is the id sent, and the one reported", T, async () => {
    const { mock } = ctx;
    for (const correlationId of [undefined, true, false, 'not-sent']) {
      mock.reset();
      const headers = { 'X-Rainbow-Correlation-Id': 'my-trace-42' };
      const ok = await info({ headers, ...(correlationId === undefined ? {} : { correlationId }), ...debugLog() });
      assert.equal(ok.correlationId, 'my-trace-42');
      assert.equal(correlationOf(onlyRequest(mock)), 'my-trace-42');
      mock.reset();
      const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.unknownRoomId, body, { baseUrl: mock.url, token: TOKEN, headers, correlationId, ...debugLog() }), 'RainbowApiError');
      assertFacts(err, { attempts: 1, correlationId: 'my-trace-42' });
      assert.equal(correlationOf(onlyRequest(mock)), 'my-trace-42');
    }
  });

  test('a correlation id that is not a safe header value is refused before sending', T, async () => {
    const { mock } = ctx;
    for (const correlationId of ['a\r\nx-evil: 1', '', '\u2603']) {
      const err = await rejectsWith(call({ correlationId }), 'RainbowValidationError');
      assert.ok(err.errors.some((i) => i.path === 'options.correlationId'), JSON.stringify(err.errors));
    }
    assert.equal(apiRequests(mock).length, 0);
  });
});

/** Runs `fn` and returns the log lines it added to a fresh capture. */
async function capture(level, fn, { form = 'function' } = {}) {
  const lines = [];
  const logger = form === 'function'
    ? (lvl, line) => { lines.push({ level: lvl, line }); LOG.push([lvl, line]); }
    : Object.fromEntries(['debug', 'info', 'warn', 'error', 'log'].map((m) => [m, (...a) => {
      assert.equal(a.length, 1, 'one argument: the line');
      lines.push({ level: m, line: a[0] });
      LOG.push([m, a[0]]);
    }]));
  const outcome = await fn({ logger, logLevel: level }).then((value) => ({ value }), (error) => ({ error }));
  if (outcome.error) assertNoToken(outcome.error);
  return { lines, outcome };
}

// One scenario with something for every level: a warning (a duplicate e-mail), two 429s (two
// retries), then a 500 (a failed call). Three attempts.
const noisy = (mock) => {
  mock.script({ status: 429, headers: { 'retry-after-ms': '10' }, body: '' });
  mock.script({ status: 429, headers: { 'retry-after-ms': '10' }, body: '' });
  mock.script({ status: 500, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ errorCode: 500, errorMsg: 'Internal Server Error', errorDetails: `crashed on Bearer ${TOKEN}` }) });
};
const noisyCall = (mock, options) => rri.sendUsersJoinRoomInvitation(SEED.roomId, { scenario: 'chat', emails: ['dup@example.com', 'DUP@example.com'] }, { baseUrl: mock.url, token: TOKEN, ...options });

const isAttempt = (l) => /POST \S+ attempt \d+ of \d+/.test(l.line);
const isRetry = (l) => /retrying in \d+ ms/.test(l.line);
const isWarning = (l) => /emails\[1\]/.test(l.line);
const isFailure = (l) => /Rainbow answered 500/.test(l.line);

describe('logging', () => {
  for (const form of ['function', 'console-like object']) {
    describe(`to a ${form}`, () => {
      test('debug: one line per attempt (its headers, Authorization redacted), the retries, the warning, the failure', T, async () => {
        const { mock } = ctx;
        noisy(mock);
        const { lines, outcome } = await capture('debug', (o) => noisyCall(mock, o), { form });
        assert.equal(outcome.error?.name, 'RainbowApiError');
        const attempts = lines.filter(isAttempt);
        assert.equal(attempts.length, 3, `one line per attempt:\n${lines.map((l) => l.line).join('\n')}`);
        attempts.forEach((l, i) => {
          assert.equal(l.level, 'debug');
          assert.ok(l.line.includes(`attempt ${i + 1} of 3`), l.line);
          assert.ok(l.line.includes(`${mock.url}/api/rainbow/enduser/v1.0/rooms/${SEED.roomId}/invitations`), l.line);
          assert.match(l.line, /Authorization: Bearer \[redacted\]/);
          assert.ok(l.line.includes(`x-rainbow-correlation-id: ${outcome.error.correlationId}`), `the attempt line names the correlation id: ${l.line}`);
        });
        assert.deepEqual(lines.filter(isRetry).map((l) => l.level), ['info', 'info']);
        assert.deepEqual(lines.filter(isWarning).map((l) => l.level), ['warn']);
        assert.deepEqual(lines.filter(isFailure).map((l) => l.level), ['error']);
        for (const l of lines) {
          assert.ok(l.line.startsWith(PREFIX), `every line says where it comes from: ${l.line}`);
          assert.ok(!l.line.includes(TOKEN) && !l.line.includes(TOKEN_MARK), `no token: ${l.line}`);
          assert.ok(['debug', 'info', 'warn', 'error'].includes(l.level), l.level);
        }
        const known = lines.filter((l) => isAttempt(l) || isRetry(l) || isWarning(l) || isFailure(l));
        assert.ok(lines.length - known.length <= 3, `at most one more line per attempt (the answer): ${lines.map((l) => l.line).join('\n')}`);
      });

      test('info: the retries, the warning and the failure; no attempt lines', T, async () => {
        const { mock } = ctx;
        noisy(mock);
        const { lines } = await capture('info', (o) => noisyCall(mock, o), { form });
        assert.equal(lines.filter(isRetry).length, 2, lines.map((l) => l.line).join('\n'));
        assert.equal(lines.filter(isWarning).length, 1);
        assert.equal(lines.filter(isFailure).length, 1);
        assert.equal(lines.length, 4, `nothing else: ${lines.map((l) => l.line).join('\n')}`);
        assert.ok(lines.every((l) => l.level !== 'debug'));
        const retry = lines.find(isRetry);
        assert.match(retry.line, /attempt 1 of 3 failed \(status 429\); retrying in 10 ms/);
      });

      test('warn (the default): the warning and the failure', T, async () => {
        const { mock } = ctx;
        noisy(mock);
        const { lines } = await capture(undefined, (o) => noisyCall(mock, o), { form });
        assert.deepEqual(lines.map((l) => l.level), ['warn', 'error'], lines.map((l) => l.line).join('\n'));
        assert.ok(isWarning(lines[0]) && isFailure(lines[1]));
        assert.ok(!lines[1].line.includes(TOKEN_MARK), 'the server\'s echo of the token is redacted');
        assert.match(lines[1].line, /\[redacted\]/);
      });

      test('error: only the failure', T, async () => {
        const { mock } = ctx;
        noisy(mock);
        const { lines } = await capture('error', (o) => noisyCall(mock, o), { form });
        assert.deepEqual(lines.map((l) => l.level), ['error']);
        assert.ok(isFailure(lines[0]));
      });

      test('off: nothing, even for a failed call', T, async () => {
        const { mock } = ctx;
        noisy(mock);
        const { lines, outcome } = await capture('off', (o) => noisyCall(mock, o), { form });
        assert.equal(outcome.error?.name, 'RainbowApiError');
        assert.deepEqual(lines, []);
      });

      test('a successful call logs nothing at warn, one attempt line at debug', T, async () => {
        const { mock } = ctx;
        let { lines } = await capture('warn', (o) => call(o), { form });
        assert.deepEqual(lines, []);
        ({ lines } = await capture('debug', (o) => call(o), { form }));
        assert.equal(lines.filter(isAttempt).length, 1);
        assert.ok(lines.every((l) => l.level === 'debug'), lines.map((l) => l.line).join('\n'));
        assert.equal(apiRequests(mock).length, 2);
      });
    });
  }

  test('a console-like object with only log() gets every line through log()', T, async () => {
    const { mock } = ctx;
    noisy(mock);
    const got = [];
    await noisyCall(mock, { logger: { log: (line) => { got.push(line); LOG.push(['log', line]); } }, logLevel: 'debug' }).catch(assertNoToken);
    assert.equal(got.filter((l) => isAttempt({ line: l })).length, 3);
    assert.equal(got.filter((l) => isRetry({ line: l })).length, 2);
    assert.equal(got.filter((l) => isFailure({ line: l })).length, 1);
  });

  test('a console-like object with log() and error() only: failures to error(), the rest to log()', T, async () => {
    const { mock } = ctx;
    noisy(mock);
    const got = [];
    const logger = { log: (line) => { got.push(['log', line]); LOG.push(['log', line]); }, error: (line) => { got.push(['error', line]); LOG.push(['error', line]); } };
    await noisyCall(mock, { logger, logLevel: 'info' }).catch(assertNoToken);
    assert.deepEqual(got.filter(([, l]) => isFailure({ line: l })).map(([m]) => m), ['error']);
    assert.deepEqual(got.filter(([, l]) => isRetry({ line: l })).map(([m]) => m), ['log', 'log']);
  });

  test('the console methods are called on the console (this is kept)', T, async () => {
    const { mock } = ctx;
    const seen = [];
    class Sink { constructor() { this.name = 'sink'; } log(line) { seen.push([this?.name, line]); LOG.push(['log', line]); } }
    await call({ logger: new Sink(), logLevel: 'debug' });
    assert.ok(seen.length >= 1);
    assert.ok(seen.every(([name]) => name === 'sink'), 'called as a method');
    assert.equal(apiRequests(mock).length, 1);
  });

  test('a logger that throws does not break the call', T, async () => {
    const { mock } = ctx;
    mock.script({ status: 429, headers: { 'retry-after-ms': '10' }, body: '' });
    let n = 0;
    const res = await call({ logger: () => { n += 1; throw new Error('disk full'); }, logLevel: 'debug' });
    assert.equal(res.data.scenario, 'chat');
    assert.ok(n >= 3, `the logger was still called (${n} times)`);
    const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.unknownRoomId, body, { baseUrl: mock.url, token: TOKEN, logger: { log() { throw new Error('x'); }, error() { throw new Error('y'); } } }), 'RainbowApiError');
    assert.equal(err.status, 404, 'the call\'s own error, not the logger\'s');
  });

  test('nothing is logged without a logger, whatever the level (no console output)', T, async () => {
    const { mock } = ctx;
    const original = { ...console };
    const used = [];
    for (const m of ['log', 'debug', 'info', 'warn', 'error']) console[m] = (...a) => used.push([m, ...a]);
    try {
      mock.script({ status: 429, headers: { 'retry-after-ms': '10' }, body: '' });
      await call({ logLevel: 'debug' });
      await call({ baseUrl: mock.url, correlationId: false }).catch(assertNoToken);
      await sleep(20);
    } finally {
      Object.assign(console, original);
    }
    assert.deepEqual(used, []);
  });

  test('getToken\'s token is redacted from the attempt lines too', T, async () => {
    const { mock } = ctx;
    const { lines } = await capture('debug', (o) => rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, getToken: async () => TOKEN, ...o }));
    assert.equal(onlyRequest(mock).headers.authorization, `Bearer ${TOKEN}`);
    assert.ok(lines.some((l) => /Authorization: Bearer \[redacted\]/.test(l.line)), lines.map((l) => l.line).join('\n'));
  });
});
