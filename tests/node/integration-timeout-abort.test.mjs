// Timeouts and aborts over real TCP: the call settles promptly, whatever the server does, and the
// underlying fetch is cancelled. A timeout is never retried (the server may have acted), and every
// error says how far the call got. (resilience-*.test.mjs: totalTimeoutMs, aborts during a backoff
// or a pending getToken.)
import assert from 'node:assert/strict';
import net from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, test } from 'node:test';

import * as rri from '../../pkg/node.js';
import {
  SEED, TOKEN, HEX, useMock, apiRequests, rejectsWith, timed, assertRainbowError, fetchSpy, deafFetch, sleep,
  assertFacts, correlationOf,
} from './helpers/env.mjs';

const ctx = useMock();

const body = { scenario: 'video-conference', emails: ['slow.guest@example.com'] };
const CALLS = ['sendUsersJoinRoomInvitation', 'sendUserRoomInvitationCancelation'];
const SERVER_DELAY = 2000;
const PROMPT = 800; // "well under the server delay"

// A fetch that answers only once the signal it was given is aborted (or after the server delay):
// it shows whether the client aborts the request it started.
const untilAborted = () =>
  fetchSpy(async (call) => {
    await new Promise((resolve) => {
      if (call.signal.aborted) resolve();
      call.signal.addEventListener('abort', resolve, { once: true });
      setTimeout(resolve, SERVER_DELAY).unref();
    });
    return okAnswer;
  });
const okAnswer = { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ data: { scenario: 'video-conference', status: 'ok', guestEmails: [], invalidUsers: [] } }) };

describe('timeouts', () => {
  for (const fn of CALLS) {
    test(`${fn}: no response headers within timeoutMs → RainbowTimeoutError, promptly`, async () => {
      const { mock } = ctx;
      mock.script({ ...okAnswer, delayMs: SERVER_DELAY });
      const [outcome, ms] = await timed(() => rri[fn](SEED.roomId, body, { baseUrl: mock.url, token: TOKEN, timeoutMs: 200 }));
      const err = assertRainbowError(outcome.error, 'RainbowTimeoutError');
      assert.equal(err.timeoutMs, 200);
      assert.ok(err.message.includes('200'), `message gives the timeout: ${err.message}`);
      assert.ok(ms >= 180, `not before the timeout (${ms} ms)`);
      assert.ok(ms < PROMPT, `settled in ${ms} ms, well under the server's ${SERVER_DELAY} ms`);
      assert.equal(err.totalTimeoutMs, undefined, 'an attempt timed out, not the whole call');
      assert.equal(apiRequests(mock).length, 1, 'sent once, never retried');
      assertFacts(err, { attempts: 1, delivered: true, correlationId: correlationOf(apiRequests(mock)[0]) });
    });

    test(`${fn}: headers in time but the body stalls → RainbowTimeoutError (the timeout covers the body)`, async () => {
      const { mock } = ctx;
      mock.script({ ...okAnswer, stallBodyMs: SERVER_DELAY });
      const [outcome, ms] = await timed(() => rri[fn](SEED.roomId, body, { baseUrl: mock.url, token: TOKEN, timeoutMs: 200 }));
      const err = assertRainbowError(outcome.error, 'RainbowTimeoutError');
      assert.equal(err.timeoutMs, 200);
      assert.ok(ms < PROMPT, `settled in ${ms} ms, well under the server's ${SERVER_DELAY} ms stall`);
      assert.equal(apiRequests(mock).length, 1, 'sent once, never retried');
      assertFacts(err, { attempts: 1, delivered: true });
    });
  }

  test('a slow answer within timeoutMs succeeds', async () => {
    const { mock } = ctx;
    mock.script({ ...okAnswer, delayMs: 150 });
    const res = await rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, timeoutMs: 3000 });
    assert.equal(res.data.status, 'ok');
  });

  test('the largest timeoutMs (2147483647) does not fire at once', async () => {
    const { mock } = ctx;
    mock.script({ ...okAnswer, delayMs: 150 });
    const res = await rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, timeoutMs: 2147483647 });
    assert.equal(res.data.status, 'ok');
  });

  test('a fetch option that never settles and ignores its signal is still bounded by timeoutMs', async () => {
    const f = deafFetch();
    const [outcome, ms] = await timed(() => rri.sendUsersJoinRoomInvitation(HEX.a, body, { baseUrl: 'https://sandbox.openrainbow.com', token: TOKEN, timeoutMs: 200, fetch: f }));
    const err = assertRainbowError(outcome.error, 'RainbowTimeoutError');
    assert.equal(err.timeoutMs, 200);
    assert.equal(f.calls.length, 1);
    assert.ok(ms < PROMPT, `settled in ${ms} ms`);
    assertFacts(err, { attempts: 1, delivered: true });
  });

  test('on timeout, the signal given to fetch is aborted (the request is cancelled, not left running)', async () => {
    const spy = untilAborted();
    await rejectsWith(rri.sendUsersJoinRoomInvitation(HEX.a, body, { baseUrl: 'https://sandbox.openrainbow.com', timeoutMs: 200, fetch: spy }), 'RainbowTimeoutError');
    assert.equal(spy.calls.length, 1);
    assert.ok(spy.calls[0].signal.aborted, 'fetch was handed a signal that the timeout aborted');
  });
});

// Abort reasons: what the caller passes to controller.abort(...)
const REASONS = [
  ['no reason (undefined)', undefined],
  ['an Error', new Error('the user closed the dialog')],
  ['a string', 'navigated away'],
];

describe('aborts', () => {
  for (const fn of CALLS) {
    for (const [what, reason] of REASONS) {
      test(`${fn}: signal already aborted with ${what} → RainbowAbortError at once, nothing sent`, async () => {
        const { mock } = ctx;
        const controller = new AbortController();
        controller.abort(reason);
        const [outcome, ms] = await timed(() => rri[fn](SEED.roomId, body, { baseUrl: mock.url, token: TOKEN, signal: controller.signal }));
        const err = assertRainbowError(outcome.error, 'RainbowAbortError');
        assert.ok(Object.is(err.reason, controller.signal.reason), `reason is the signal's reason: ${String(err.reason)}`);
        if (reason !== undefined) assert.ok(Object.is(err.reason, reason));
        assert.match(err.message, /abort/i);
        assert.ok(ms < 200, `settled in ${ms} ms`);
        await sleep(100);
        assert.equal(apiRequests(mock).length, 0, 'nothing was sent');
        assertFacts(err, { attempts: 0, delivered: false });
      });

      test(`${fn}: aborted with ${what} while waiting for the server → RainbowAbortError promptly`, async () => {
        const { mock } = ctx;
        mock.script({ ...okAnswer, delayMs: SERVER_DELAY });
        const controller = new AbortController();
        const pending = rri[fn](SEED.roomId, body, { baseUrl: mock.url, token: TOKEN, signal: controller.signal });
        await sleep(150);
        const t0 = performance.now();
        controller.abort(reason);
        const [outcome] = await timed(() => pending);
        const ms = performance.now() - t0;
        const err = assertRainbowError(outcome.error, 'RainbowAbortError');
        assert.ok(Object.is(err.reason, controller.signal.reason), `reason is the signal's reason: ${String(err.reason)}`);
        assert.ok(ms < 300, `settled ${ms} ms after the abort`);
        assert.equal(apiRequests(mock).length, 1, 'sent once, never retried');
        assertFacts(err, { attempts: 1, delivered: true, correlationId: correlationOf(apiRequests(mock)[0]) });
      });
    }

    test(`${fn}: aborted while the response body stalls → RainbowAbortError promptly`, async () => {
      const { mock } = ctx;
      mock.script({ ...okAnswer, stallBodyMs: SERVER_DELAY });
      const controller = new AbortController();
      const pending = rri[fn](SEED.roomId, body, { baseUrl: mock.url, signal: controller.signal, timeoutMs: 10000 });
      await sleep(250);
      const t0 = performance.now();
      controller.abort(new Error('stop reading'));
      const [outcome] = await timed(() => pending);
      const ms = performance.now() - t0;
      const err = assertRainbowError(outcome.error, 'RainbowAbortError');
      assert.equal(err.reason.message, 'stop reading');
      assert.ok(ms < 300, `settled ${ms} ms after the abort`);
      assertFacts(err, { attempts: 1, delivered: true });
    });
  }

  test('an abort wins over a later timeout; a timeout wins over a later abort', async () => {
    const { mock } = ctx;
    mock.script({ ...okAnswer, delayMs: SERVER_DELAY });
    const c1 = new AbortController();
    setTimeout(() => c1.abort('first'), 100);
    await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, signal: c1.signal, timeoutMs: 1000 }), 'RainbowAbortError');

    mock.reset();
    mock.script({ ...okAnswer, delayMs: SERVER_DELAY });
    const c2 = new AbortController();
    const t = setTimeout(() => c2.abort('too late'), 600);
    const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, signal: c2.signal, timeoutMs: 200 }), 'RainbowTimeoutError');
    assert.equal(err.timeoutMs, 200);
    clearTimeout(t);
  });

  test('aborting after the call resolved changes nothing', async () => {
    const { mock } = ctx;
    const controller = new AbortController();
    const res = await rri.sendUsersJoinRoomInvitation(SEED.roomId, { scenario: 'chat', emails: ['done@example.com'] }, { baseUrl: mock.url, signal: controller.signal });
    controller.abort(new Error('late'));
    await sleep(50);
    assert.equal(res.data.scenario, 'chat');
  });

  test('a fetch option that ignores its signal: aborting still rejects at once', async () => {
    const f = deafFetch();
    const controller = new AbortController();
    const pending = rri.sendUsersJoinRoomInvitation(HEX.a, body, { baseUrl: 'https://sandbox.openrainbow.com', signal: controller.signal, fetch: f });
    await sleep(50);
    const t0 = performance.now();
    controller.abort('leave');
    const [outcome] = await timed(() => pending);
    const err = assertRainbowError(outcome.error, 'RainbowAbortError');
    assert.equal(err.reason, 'leave');
    assert.ok(performance.now() - t0 < 200);
    assert.equal(f.calls.length, 1);
  });

  test('on abort, the signal given to fetch is aborted too', async () => {
    const spy = untilAborted();
    const controller = new AbortController();
    const pending = rri.sendUsersJoinRoomInvitation(HEX.a, body, { baseUrl: 'https://sandbox.openrainbow.com', signal: controller.signal, fetch: spy });
    await sleep(50);
    controller.abort();
    await rejectsWith(pending, 'RainbowAbortError');
    assert.equal(spy.calls.length, 1);
    assert.ok(spy.calls[0].signal.aborted, 'fetch was handed a signal that the abort aborted');
  });
});

// With Node's own fetch, the request itself ends too: a server that never answers sees the client
// close the connection. (Were fetch handed no signal, the call would still reject on time, but the
// request would stay open until the server answered or undici's own 300 s header timeout, and a
// script whose last call timed out could not exit: see the README's Performance.)
describe("Node's own fetch: a timed-out or aborted request is closed on the wire", () => {
  const silentServer = async () => {
    const sockets = [];
    const server = net.createServer((socket) => {
      const entry = { socket };
      entry.closing = new Promise((resolve) => socket.on('close', () => resolve(true)));
      socket.on('data', () => {}); // reads the request, never answers
      sockets.push(entry);
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    // Closing ends whatever the client left open, so that a failure can't hang the run.
    const close = () => new Promise((r) => server.close(r) && sockets.forEach((e) => e.socket.destroy()));
    return { url: `http://127.0.0.1:${server.address().port}`, sockets, close };
  };
  // Long enough that only a client closing its end can explain a close.
  const closedWithin = (entry, ms) => Promise.race([entry.closing, sleep(ms).then(() => false)]);

  test('on timeout', async () => {
    const server = await silentServer();
    try {
      await rejectsWith(rri.sendUsersJoinRoomInvitation(HEX.a, body, { baseUrl: server.url, timeoutMs: 150 }), 'RainbowTimeoutError');
      assert.equal(server.sockets.length, 1, 'one connection');
      assert.equal(await closedWithin(server.sockets[0], 5000), true, 'the client closed the connection of the request it gave up on');
    } finally {
      await server.close();
    }
  });

  test("on the caller's abort", async () => {
    const server = await silentServer();
    try {
      const controller = new AbortController();
      const pending = rri.sendUserRoomInvitationCancelation(HEX.a, body, { baseUrl: server.url, signal: controller.signal });
      while (server.sockets.length === 0) await sleep(10);
      controller.abort();
      await rejectsWith(pending, 'RainbowAbortError');
      assert.equal(await closedWithin(server.sockets[0], 5000), true, 'the client closed the connection of the aborted request');
    } finally {
      await server.close();
    }
  });
});

// Node's fetch reaches its body through its request's own controller, which it holds weakly: once
// a garbage collection took that, aborting no longer ends `text()` or a stream's read. The call
// must end at its timeout, or at the caller's abort, all the same.
describe("Node's own fetch: a garbage collection while the body is read doesn't keep the call from ending", () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  // Half the body (its length known, or chunked), then nothing.
  const stalling = async (head) => {
    const sockets = new Set();
    const server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.once('data', () => socket.write(head));
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    // Its connections destroyed too, so that a call left pending can't keep the run alive.
    const close = () => {
      server.close();
      for (const socket of sockets) socket.destroy();
    };
    return { url: `http://127.0.0.1:${server.address().port}`, close };
  };
  // How the call ended, or `pending` after 4 s (the bug this guards against never ends it).
  const within = (pending) => Promise.race([pending.then((value) => ({ value }), (error) => ({ error })), sleep(4000).then(() => ({ pending: true }))]);
  const HEADS = {
    'read whole': 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 52\r\n\r\n{"data":{"guestEmails":[],',
    streamed: 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n1a\r\n{"data":{"guestEmails":[],\r\n',
  };
  for (const [how, head] of Object.entries(HEADS)) {
    test(`a body ${how}: the timeout ends it`, async () => {
      const server = await stalling(head);
      try {
        const pending = rri.sendUsersJoinRoomInvitation(HEX.a, body, { baseUrl: server.url, timeoutMs: 500, maxRetries: 0 });
        setTimeout(() => gc(), 100);
        const outcome = await within(pending);
        assert.ok(!outcome.pending, 'still pending 4 s later');
        assertRainbowError(outcome.error, 'RainbowTimeoutError');
      } finally {
        server.close();
      }
    });

    test(`a body ${how}: the caller's abort ends it`, async () => {
      const server = await stalling(head);
      try {
        const controller = new AbortController();
        const pending = rri.sendUsersJoinRoomInvitation(HEX.a, body, { baseUrl: server.url, signal: controller.signal, maxRetries: 0 });
        setTimeout(() => gc(), 100);
        setTimeout(() => controller.abort(), 300);
        const outcome = await within(pending);
        assert.ok(!outcome.pending, 'still pending 4 s later');
        assertRainbowError(outcome.error, 'RainbowAbortError');
      } finally {
        server.close();
      }
    });
  }
});
