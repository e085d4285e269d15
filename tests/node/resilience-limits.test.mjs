// Limits: a response body over maxResponseBytes is refused while it is read (a huge one is not
// downloaded), a token is never sent over plain http to a remote host, and 1,000 concurrent calls
// against the mock (some of them retried) all settle correctly.
import assert from 'node:assert/strict';
import http from 'node:http';
import zlib from 'node:zlib';
import { describe, test } from 'node:test';

import * as rri from '../../pkg/node.js';
import {
  SEED, TOKEN, useMock, apiRequests, onlyRequest, rejectsWith, timed, assertRainbowError, assertFacts, correlationOf,
  fetchSpy, sleep, HEX, invitePath,
} from './helpers/env.mjs';
import { debugLog, guardLogs, within } from './helpers/resilience.mjs';

const ctx = useMock({ token: TOKEN });
guardLogs();

const body = { scenario: 'chat', emails: ['big.guest@example.com'] };
const send = (options = {}) => rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: ctx.mock.url, token: TOKEN, ...debugLog(), ...options });
const T = { timeout: 15_000 };
const MB = 1024 * 1024;
const DEFAULT_CAP = 10 * MB;

/** A success body of exactly `n` bytes. */
function successOfSize(n) {
  const head = '{"data":{"scenario":"chat","status":"ok","guestEmails":[],"invalidUsers":[],"pad":"';
  const tail = '"}}';
  const text = head + 'p'.repeat(n - head.length - tail.length) + tail;
  assert.equal(Buffer.byteLength(text), n);
  return text;
}

describe('maxResponseBytes', () => {
  test('a 50 MB body declared in Content-Length and written slowly → RainbowResponseError at once, almost nothing downloaded', T, async () => {
    const { mock } = ctx;
    mock.script({ status: 200, headers: { 'x-rainbow-request-id': 'req-huge' }, streamBytes: 50 * MB, chunkBytes: 64 * 1024, chunkDelayMs: 10 });
    const [outcome, ms] = await timed(() => send());
    const err = assertRainbowError(outcome.error, 'RainbowResponseError');
    assert.ok(ms < 500, `refused as soon as the headers came (${Math.round(ms)} ms)`);
    assert.equal(err.status, 200);
    assert.equal(err.requestId, 'req-huge');
    assert.equal(err.body, undefined, 'the body was not kept');
    assert.match(err.message, /10485760 bytes/);
    assert.match(err.message, /maxResponseBytes/);
    await sleep(300);
    const req = onlyRequest(mock);
    const sent = req.bytesSent;
    await sleep(200);
    assert.equal(req.bytesSent, sent, 'the server stopped writing: the client closed the connection');
    assert.equal(req.answerComplete, false);
    assert.ok(sent < 8 * MB, `only ${(sent / MB).toFixed(1)} MB of 50 were written`);
    assertFacts(err, { attempts: 1, delivered: true, correlationId: correlationOf(req) });
  });

  test('a 50 MB body without Content-Length (chunked) → refused once 10 MiB (the default) have been read, the rest never downloaded', T, async () => {
    const { mock } = ctx;
    mock.script({ status: 200, streamBytes: 50 * MB, chunkBytes: 256 * 1024, chunkDelayMs: 10, chunked: true });
    const [outcome, ms] = await timed(() => send());
    const err = assertRainbowError(outcome.error, 'RainbowResponseError');
    // 25 MB/s: 10 MiB take about 0.4 s; the whole body would take 2 s.
    assert.ok(ms < 1500, `the call ended in ${Math.round(ms)} ms`);
    await sleep(300);
    const req = onlyRequest(mock);
    const sent = req.bytesSent;
    await sleep(200);
    assert.equal(req.bytesSent, sent, 'the server stopped writing');
    assert.equal(req.answerComplete, false);
    assert.ok(sent >= DEFAULT_CAP, `at least the cap was sent (${(sent / MB).toFixed(1)} MB)`);
    assert.ok(sent < 20 * MB, `${(sent / MB).toFixed(1)} MB of 50 were written`);
    assertFacts(err, { attempts: 1, delivered: true });
  });

  test('a small cap: a chunked body one byte over is refused, one exactly at the cap is read', T, async () => {
    const { mock } = ctx;
    // stallBodyMs makes the mock send without Content-Length, in two parts: the cap is checked while streaming.
    mock.script({ status: 200, body: successOfSize(1001), stallBodyMs: 20 });
    let err = await rejectsWith(send({ maxResponseBytes: 1000 }), 'RainbowResponseError');
    assert.match(err.message, /1000 bytes/);
    mock.script({ status: 200, body: successOfSize(1000), stallBodyMs: 20 });
    const res = await send({ maxResponseBytes: 1000 });
    assert.equal(res.data.status, 'ok');
    // The same with Content-Length.
    mock.script({ status: 200, body: successOfSize(1001) });
    err = await rejectsWith(send({ maxResponseBytes: 1000 }), 'RainbowResponseError');
    mock.script({ status: 200, body: successOfSize(1000) });
    assert.equal((await send({ maxResponseBytes: 1000 })).data.status, 'ok');
  });

  test('an error status with a huge body is refused too (RainbowResponseError with that status), not retried', T, async () => {
    const { mock } = ctx;
    mock.script({ status: 500, streamBytes: 30 * MB, chunkBytes: 256 * 1024, chunkDelayMs: 5, chunked: true });
    const err = await rejectsWith(send({ maxResponseBytes: MB }), 'RainbowResponseError');
    assert.equal(err.status, 500);
    await sleep(100);
    onlyRequest(mock);
    assertFacts(err, { attempts: 1, delivered: true });
  });

  test('a body that is big but under the cap is read in full', T, async () => {
    const { mock } = ctx;
    mock.script({ status: 200, body: successOfSize(3 * MB) });
    const res = await send();
    assert.ok(res.data.pad.length > 3 * MB - 200, `the whole pad was read (${res.data.pad.length})`);
  });

  // Content-Length counts the compressed bytes; the cap counts what the platform decodes.
  test('a compressed body whose Content-Length is under the cap but whose text is over it → RainbowResponseError', T, async () => {
    const text = successOfSize(3 * MB);
    const zipped = zlib.gzipSync(text);
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': zipped.length });
        res.end(zipped);
      });
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const baseUrl = `http://127.0.0.1:${server.address().port}`;
      const err = await rejectsWith(send({ baseUrl, maxResponseBytes: MB }), 'RainbowResponseError');
      assert.ok(zipped.length < MB, `the compressed body (${zipped.length} bytes) is under the cap`);
      assert.equal(err.status, 200);
      assert.match(err.message, /1048576 bytes/);
      // Under a cap it fits, the same answer is read in full.
      const res = await send({ baseUrl, maxResponseBytes: 4 * MB });
      assert.ok(res.data.pad.length > 3 * MB - 200, `the whole pad was read (${res.data.pad.length})`);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('a huge body stalled before the cap is bounded by timeoutMs, not read forever', T, async () => {
    const { mock } = ctx;
    mock.script({ status: 200, streamBytes: 50 * MB, chunkBytes: 1024, chunkDelayMs: 50, chunked: true });
    const [outcome, ms] = await timed(() => send({ timeoutMs: 400 }));
    assertRainbowError(outcome.error, 'RainbowTimeoutError');
    within(ms, 390, 900, 'the call');
  });
});

describe('a token is never sent over plain http to a remote host', () => {
  const REMOTE = ['http://example.com', 'http://sandbox.openrainbow.com', 'http://10.0.0.1:8080', 'http://192.168.1.10',
    'http://localhost.example.com', 'http://127.0.0.1.nip.io', 'http://[::2]:80', 'http://0.0.0.0:8080', 'HTTP://EXAMPLE.COM/gw'];

  for (const baseUrl of REMOTE) {
    test(`${baseUrl}: refused, nothing fetched, getToken not even asked`, T, async () => {
      const spy = fetchSpy();
      const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(HEX.a, body, { baseUrl, token: TOKEN, fetch: spy, ...debugLog() }), 'RainbowValidationError');
      assert.ok(err.errors.some((i) => /token/i.test(i.message) && /http/i.test(i.message)), JSON.stringify(err.errors));
      assertFacts(err, { attempts: 0, delivered: false });
      let asked = 0;
      await rejectsWith(rri.sendUserRoomInvitationCancelation(HEX.a, body, { baseUrl, getToken: () => { asked += 1; return TOKEN; }, fetch: spy, ...debugLog() }), 'RainbowValidationError');
      assert.equal(asked, 0, 'getToken was not called');
      assert.equal(spy.calls.length, 0, 'nothing was fetched');
    });
  }

  test('allowed: https anywhere, http to loopback, http to a remote host with allowInsecureHttp: true, http without a token', T, async () => {
    for (const [baseUrl, extra] of [
      ['https://example.com', {}],
      ['http://localhost:8080', {}],
      ['http://127.0.0.1', {}],
      ['http://127.255.0.9:81', {}],
      ['http://[::1]:8080', {}],
      ['http://example.com', { allowInsecureHttp: true }],
    ]) {
      const spy = fetchSpy();
      await rri.sendUsersJoinRoomInvitation(HEX.a, body, { baseUrl, token: TOKEN, fetch: spy, ...debugLog(), ...extra });
      assert.equal(spy.calls.length, 1, baseUrl);
      assert.equal(spy.calls[0].headers.authorization, `Bearer ${TOKEN}`, baseUrl);
      assert.equal(new URL(spy.calls[0].url).pathname, invitePath(HEX.a));
    }
    const spy = fetchSpy();
    await rri.sendUsersJoinRoomInvitation(HEX.a, body, { baseUrl: 'http://example.com', fetch: spy });
    assert.equal(spy.calls.length, 1);
    assert.equal(spy.calls[0].headers.authorization, undefined);
  });
});

describe('1,000 concurrent calls against the mock', () => {
  test('every one settles with the right outcome; the first 300 requests get a 429 and are retried once', { timeout: 30_000 }, async () => {
    const { mock } = ctx;
    const N = 1000;
    const RETRIED = 300;
    // Scripts are taken by the requests in the order they arrive: the first 300 are 429s.
    for (let i = 0; i < RETRIED; i += 1) mock.script({ status: 429, headers: { 'retry-after-ms': '50' }, body: '' });
    const kinds = Array.from({ length: N }, (_, i) => (i % 4 === 3 ? 'unknown-room' : i % 4 === 2 ? 'cancel' : 'invite'));
    const t0 = performance.now();
    const settled = await Promise.allSettled(kinds.map((kind, i) => {
      const options = { baseUrl: mock.url, token: TOKEN, correlationId: `c-${i}`, timeoutMs: 20_000, ...(i % 50 === 0 ? debugLog() : {}) };
      if (kind === 'cancel') return rri.sendUserRoomInvitationCancelation(SEED.roomId, { scenario: 'chat', emails: [`g${i}@example.com`] }, options);
      if (kind === 'unknown-room') return rri.sendUsersJoinRoomInvitation(SEED.unknownRoomId, { scenario: 'chat', emails: [`g${i}@example.com`] }, options);
      return rri.sendUsersJoinRoomInvitation(SEED.roomId, { scenario: 'chat', emails: [`g${i}@example.com`] }, options);
    }));
    const ms = performance.now() - t0;

    settled.forEach((s, i) => {
      const kind = kinds[i];
      if (kind === 'unknown-room') {
        assert.equal(s.status, 'rejected', `call ${i} (${kind})`);
        const err = assertRainbowError(s.reason, 'RainbowApiError');
        assert.equal(err.status, 404, `call ${i}`);
        assert.equal(err.correlationId, `c-${i}`);
        assert.ok(err.attempts === 1 || err.attempts === 2, `call ${i}: ${err.attempts} attempts`);
        assert.equal(err.mayHaveBeenDelivered, false);
      } else {
        assert.equal(s.status, 'fulfilled', `call ${i} (${kind}): ${s.reason?.message}`);
        assert.equal(s.value.data.scenario, 'chat');
        if (kind === 'invite') assert.ok(s.value.data.guestEmails.includes(`g${i}@example.com`), `call ${i}: its guest was added`);
        else assert.ok(!s.value.data.guestEmails.includes(`g${i}@example.com`), `call ${i}: not a guest after the cancel`);
      }
    });

    const reqs = apiRequests(mock);
    assert.equal(reqs.length, N + RETRIED, `${N} calls + ${RETRIED} retries reached the server`);
    const perCall = new Map();
    for (const r of reqs) perCall.set(correlationOf(r), (perCall.get(correlationOf(r)) ?? 0) + 1);
    assert.equal(perCall.size, N, 'every call arrived, under its own correlation id');
    assert.equal([...perCall.values()].filter((n) => n === 2).length, RETRIED, 'each 429 was retried once');
    assert.ok([...perCall.values()].every((n) => n === 1 || n === 2));
    const invited = kinds.filter((k) => k === 'invite').length;
    const guests = mock.state.rooms.find((r) => r.id === SEED.roomId).guestEmails;
    assert.equal(guests.filter((g) => /^g\d+@example\.com$/.test(g)).length, invited, 'each invitation was acted on exactly once');
    assert.ok(ms < 20_000, `${Math.round(ms)} ms`);
  });
});
