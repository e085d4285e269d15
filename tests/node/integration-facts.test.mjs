// Errors that tell the truth: input that validation used to accept but fetch refuses before
// sending is a validation error (nothing sent, attempts 0); input too large for the module is a
// validation error naming the limit; a broken ApiClient or per-call options give typed errors; a
// bad token from getToken's renewal doesn't claim that nothing was sent.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { rri, SEED, TOKEN, useMock, rejectsWith, assertFacts, fetchSpy, apiRequests } from './helpers/env.mjs';

const open = useMock();
const body = { scenario: 'chat', emails: ['ada@example.com'] };

/** Rejects with RainbowValidationError having an error at `path`, nothing sent; returns that error. */
async function refused(call, path, spy) {
  const err = await rejectsWith(call, 'RainbowValidationError');
  assert.ok(err.errors.some((i) => i.path === path), `expected an error at ${path}: ${JSON.stringify(err.errors)}`);
  assertFacts(err, { attempts: 0, delivered: false });
  if (spy) assert.equal(spy.calls.length, 0, 'nothing reached fetch');
  return err;
}

describe('what fetch would refuse before sending is a validation error', () => {
  for (const baseUrl of ['http://127.0.0.1:99999', 'http://[::1:8080', 'http://[1:2:3]:80', 'http://256.1.1.1']) {
    test(`baseUrl ${baseUrl}`, async () => {
      const spy = fetchSpy();
      await refused(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl, fetch: spy }), 'options.baseUrl', spy);
      // With Node's own fetch as well: the request is never made.
      await refused(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl }), 'options.baseUrl');
    });
  }

  for (const name of ['Transfer-Encoding', 'Connection', 'Keep-Alive', 'Upgrade', 'Expect']) {
    test(`the hop-by-hop header ${name}`, async () => {
      const { mock } = open;
      await refused(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, headers: { [name]: 'x' } }), `options.headers.${name}`);
      assert.equal(apiRequests(mock).length, 0);
    });
  }
});

describe('input too large for the module', () => {
  test('an enormous string (300 million characters) is a validation error naming the limit', async () => {
    const huge = 'x'.repeat(300_000_000);
    const spy = fetchSpy();
    const err = await refused(
      rri.sendUsersJoinRoomInvitation(SEED.roomId, { scenario: 'video-conference', emails: ['ada@example.com'], instantMessage: huge }, { baseUrl: open.mock.url, fetch: spy }),
      'instantMessage',
      spy,
    );
    assert.match(err.errors[0].message, /1000000 characters/);
    assert.equal(rri.validateJoinInvitation(SEED.roomId, { scenario: 'chat', emails: [huge] }).errors[0].path, 'emails[0]');
  });

  test('many long strings together: the request-wide limit', () => {
    const long = `${'y'.repeat(900_000)}@example.com`;
    const report = rri.validateJoinInvitation(SEED.roomId, { scenario: 'chat', emails: Array(20).fill(long) });
    assert.equal(report.valid, false);
    assert.ok(report.errors.some((i) => i.code === 'invalid_string' && /16000000 in all/.test(i.message)), JSON.stringify(report.errors.map((i) => i.message)));
  });
});

describe('the generated-client compatibility layer', () => {
  test('an ApiClient whose getter throws: a typed error, not a raw one', async () => {
    const client = { basePath: 'http://127.0.0.1:1', authentications: {}, get defaultHeaders() { throw new Error('getter broke'); } };
    const err = await rejectsWith(new rri.RoomsInvitationApi(client).sendUsersJoinRoomInvitation(SEED.roomId, body), 'RainbowValidationError');
    assert.equal(err.errors[0].path, 'apiClient');
    assert.equal(err.cause.message, 'getter broke');
  });

  test('an ApiClient behind a Proxy whose traps throw: a typed error', async () => {
    const client = new Proxy({ basePath: 'x', authentications: {} }, { get() { throw new Error('trap'); } });
    await rejectsWith(new rri.RoomsInvitationApi(client).sendUserRoomInvitationCancelation(SEED.roomId, body), 'RainbowValidationError');
  });

  test('a node-style callback as the per-call options is refused, and never called', async () => {
    let called = false;
    const api = new rri.RoomsInvitationApi({ baseUrl: open.mock.url });
    const err = await refused(api.sendUsersJoinRoomInvitation(SEED.roomId, body, () => { called = true; }), 'options');
    assert.match(err.message, /Promise.*no callback/);
    assert.equal(called, false);
    assert.equal(apiRequests(open.mock).length, 0);
  });

  test("options written with the generated client's basePath are options: refused, naming it, and nothing sent", async () => {
    const { mock } = open;
    for (const options of [{ basePath: mock.url, token: TOKEN }, { basePath: mock.url, accessToken: TOKEN }]) {
      const err = await refused(new rri.RoomsInvitationApi(options).sendUsersJoinRoomInvitation(SEED.roomId, body), 'options.basePath');
      assert.match(err.message, /baseUrl/);
    }
    assert.equal(apiRequests(mock).length, 0);
  });

  test('new RoomsInvitationApi(null) uses ApiClient.instance, as the generated client did', () => {
    assert.equal(new rri.RoomsInvitationApi(null).apiClient, rri.ApiClient.instance);
  });

  test('a number as the per-call options is refused', async () => {
    const api = new rri.RoomsInvitationApi({ baseUrl: open.mock.url });
    await refused(api.sendUserRoomInvitationCancelationWithHttpInfo(SEED.roomId, body, 5), 'options');
    await refused(new rri.RoomsInvitationApi(5).sendUsersJoinRoomInvitation(SEED.roomId, body, { timeoutMs: 100 }), 'options');
  });
});

test('getToken giving a non-string on the renewal: the message says the request was sent once', async () => {
  const { mock } = open;
  mock.script({ status: 401, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ errorCode: 401, errorMsg: 'Unauthorized', errorDetails: 'jwt expired' }) });
  let calls = 0;
  const getToken = () => (++calls === 1 ? TOKEN : 42);
  const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, getToken }), 'RainbowValidationError');
  assert.equal(err.attempts, 1);
  assert.doesNotMatch(err.message, /nothing was sent/);
  assert.match(err.message, /sent 1 time before, and not again/);
  assert.equal(err.errors[0].path, 'options.getToken');
});
