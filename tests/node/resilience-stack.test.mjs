// The failure modes of the crate stack (../shared/reference/card-stack.md: gloo-net 0.6 traps or
// leaves a Promise pending on each of these): each call settles with its typed error, and the module
// keeps working after it (the next call succeeds).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { rri, SEED, TOKEN, useMock, rejectsWith, apiRequests, sleep } from './helpers/env.mjs';

const open = useMock();
const body = { scenario: 'chat', emails: ['ada@example.com'] };

/** The module still works: a normal call to the mock succeeds. */
async function stillWorks() {
  const res = await rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: open.mock.url });
  assert.equal(res.data.scenario, 'chat');
}

const REASONS = [
  ['a string', () => 'stop'],
  ['a number', () => 42],
  ['a plain object', () => ({ why: 'object' })],
  ['no reason', undefined],
  ['null', () => null],
  ['a Symbol', () => Symbol('why')],
];

describe('a signal aborted with any kind of reason', () => {
  for (const [what, make] of REASONS) {
    test(`${what}, before the call and while the platform's fetch waits`, async () => {
      const { mock } = open;
      const before = new AbortController();
      if (make) before.abort(make());
      else before.abort();
      const e1 = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, signal: before.signal }), 'RainbowAbortError');
      assert.ok(Object.is(e1.reason, before.signal.reason));

      mock.script({ status: 200, body: '{}', delayMs: 2000 });
      const during = new AbortController();
      const pending = rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, signal: during.signal });
      await sleep(50);
      if (make) during.abort(make());
      else during.abort();
      const e2 = await rejectsWith(pending, 'RainbowAbortError');
      assert.ok(Object.is(e2.reason, during.signal.reason));
      assert.equal(e2.attempts, 1);
      await stillWorks();
    });
  }
});

describe('headers and tokens that fetch would throw on', () => {
  test('a header name with a space: a validation error, nothing sent', async () => {
    const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: open.mock.url, headers: { 'X Bad': '1' } }), 'RainbowValidationError');
    assert.equal(err.errors[0].path, 'options.headers.X Bad');
    assert.equal(apiRequests(open.mock).length, 0);
    await stillWorks();
  });

  test('a token holding a line break, given or from getToken: a validation error, nothing sent', async () => {
    await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: open.mock.url, token: `${TOKEN}\n` }), 'RainbowValidationError');
    await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: open.mock.url, getToken: () => `${TOKEN}\nX-Injected: 1` }), 'RainbowValidationError');
    assert.equal(apiRequests(open.mock).length, 0);
    await stillWorks();
  });
});

describe('a custom fetch that misbehaves', () => {
  for (const [what, value] of [['undefined', undefined], ['a number', 200], ['a string', 'ok'], ['a plain object', { ok: true }], ['null', null]]) {
    test(`resolves to ${what}, not a Response: RainbowNetworkError`, async () => {
      const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: open.mock.url, fetch: async () => value }), 'RainbowNetworkError');
      assert.match(err.message, /not a Response/);
      assert.equal(err.mayHaveBeenDelivered, true);
      assert.ok(Object.is(err.cause, value), `cause: ${String(err.cause)}`);
      await stillWorks();
    });
  }

  for (const [what, make] of [['a string', () => 'nope'], ['a number', () => 7], ['a plain object', () => ({ code: 'X' })], ['undefined', () => undefined], ['a Symbol', () => Symbol('s')]]) {
    test(`rejects with ${what}, not an Error: RainbowNetworkError with it as cause`, async () => {
      const reason = make();
      const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: open.mock.url, fetch: () => Promise.reject(reason) }), 'RainbowNetworkError');
      assert.ok(Object.is(err.cause, reason), `cause: ${String(err.cause)}`);
      await stillWorks();
    });
  }

  // fuzz-js seed 1187355986 case 540: the Proxy itself as the cause made util.inspect(error)
  // throw, as undici's inspection of a Response reads its status again.
  test('a Proxy of a Response whose status getter throws: RainbowNetworkError, what it threw as cause', async () => {
    const util = await import('node:util');
    const trap = new Error('trap');
    const fetch = (url, init) => globalThis.fetch(url, init).then((r) => new Proxy(r, {
      get(t, p) { if (p === 'status') throw trap; const v = Reflect.get(t, p); return typeof v == 'function' ? v.bind(t) : v; },
    }));
    const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: open.mock.url, fetch }), 'RainbowNetworkError');
    assert.match(err.message, /not a Response/);
    assert.equal(err.cause, trap);
    assert.match(util.inspect(err, { depth: Infinity, showHidden: true }), /trap/);
    await stillWorks();
  });

  test('a Response whose body stream errors with a non-Error: RainbowNetworkError', async () => {
    const fetch = async () => new Response(new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('{"data":')); c.error('broken'); } }), { status: 200 });
    const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: open.mock.url, fetch }), 'RainbowNetworkError');
    assert.equal(err.cause, 'broken');
    await stillWorks();
  });
});

// A test environment such as Vitest's jsdom puts another realm's globals (its `Uint8Array`) beside
// Node's fetch, whose body chunks are Node's own: `instanceof` fails across realms.
describe('body chunks of another realm', () => {
  const ok = JSON.stringify({ data: { scenario: 'chat', status: 'Invitations successfully sent', guestEmails: ['ada@example.com'], invalidUsers: [] } });

  test("a custom fetch's stream of another realm's Uint8Array is read", async () => {
    const vm = await import('node:vm');
    const foreign = vm.runInNewContext('(bytes) => new Uint8Array(bytes)');
    const bytes = [...new TextEncoder().encode(ok)];
    const fetch = async () => new Response(new ReadableStream({ start(c) { c.enqueue(foreign(bytes.slice(0, 9))); c.enqueue(foreign(bytes.slice(9))); c.close(); } }), { status: 200 });
    const res = await rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: 'https://rainbow.example', fetch });
    assert.deepEqual(res.data.guestEmails, ['ada@example.com']);
  });

  test("Node's own fetch with another realm's Uint8Array as the global (jsdom) reads the body", async () => {
    const vm = await import('node:vm');
    const http = await import('node:http');
    // Streamed (no Content-Length), so that the body is read chunk by chunk.
    const server = http.createServer((req, res) => { req.resume(); res.writeHead(200, { 'content-type': 'application/json' }); res.write(ok.slice(0, 9)); res.end(ok.slice(9)); });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const own = globalThis.Uint8Array;
    globalThis.Uint8Array = vm.runInNewContext('Uint8Array');
    let res;
    try {
      res = await rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: `http://127.0.0.1:${server.address().port}` });
    } finally {
      globalThis.Uint8Array = own;
      server.close();
    }
    assert.deepEqual(res.data.guestEmails, ['ada@example.com']);
    await stillWorks();
  });
});
