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

  test('a Response whose body stream errors with a non-Error: RainbowNetworkError', async () => {
    const fetch = async () => new Response(new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('{"data":')); c.error('broken'); } }), { status: 200 });
    const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: open.mock.url, fetch }), 'RainbowNetworkError');
    assert.equal(err.cause, 'broken');
    await stillWorks();
  });
});
