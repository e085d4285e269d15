// Success values: the mock's real answers, the tolerant reading of every documented shape (scripted),
// 2xx bodies that are not the success model, the RoomsInvitationApi class and the WithHttpInfo methods.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import * as rri from '../../pkg/node.js';
import {
  SEED, TOKEN, HEX, useMock, onlyRequest, apiRequests, jsonOf, invitePath, cancelPath, fetchSpy,
  rejectsWith, assertRainbowError, assertFacts, correlationOf, UUID,
} from './helpers/env.mjs';

const ctx = useMock();
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

/** Scripts the next API answer as JSON. */
function scriptJson(mock, body, { status = 200, headers = {} } = {}) {
  mock.script({ status, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) });
}

const CALLS = [
  ['sendUsersJoinRoomInvitation', { scenario: 'pstn-conference', users: [HEX.a], emails: ['g@example.com'] }, invitePath],
  ['sendUserRoomInvitationCancelation', { scenario: 'pstn-conference', users: [HEX.a], emails: ['g@example.com'] }, cancelPath],
];

describe('success from the mock server\'s own semantics', () => {
  test('chat invitation: a seeded user\'s e-mail is not a guest, an unknown e-mail is', async () => {
    const { mock } = ctx;
    const [user] = SEED.users;
    const res = await rri.sendUsersJoinRoomInvitation(SEED.roomId, { scenario: 'chat', emails: [user.email, 'stranger@example.com'] }, { baseUrl: mock.url, token: TOKEN });
    assert.equal(res.data.scenario, 'chat');
    assert.equal(typeof res.data.status, 'string');
    assert.ok(res.data.status.length > 0);
    assert.ok(res.data.guestEmails.includes('stranger@example.com'), JSON.stringify(res.data));
    assert.ok(!res.data.guestEmails.includes(user.email), JSON.stringify(res.data));
    assert.ok(Array.isArray(res.data.invalidUsers));
    onlyRequest(mock);
  });

  test('cancelation (default pstn-conference) resolves to the documented shape', async () => {
    const { mock } = ctx;
    const res = await rri.sendUserRoomInvitationCancelation(SEED.roomId, { emails: ['guest2@mycompany'] }, { baseUrl: mock.url, token: TOKEN });
    assert.equal(res.data.scenario, 'pstn-conference');
    assert.equal(typeof res.data.status, 'string');
    assert.ok(Array.isArray(res.data.guestEmails) && res.data.guestEmails.every((e) => typeof e === 'string'));
    assert.ok(Array.isArray(res.data.invalidUsers) && res.data.invalidUsers.every((e) => typeof e === 'string'));
    assert.equal(onlyRequest(mock).path, cancelPath(SEED.roomId));
  });
});

describe('tolerant reading of success bodies (scripted)', () => {
  for (const [fn, body, pathOf] of CALLS) {
    describe(fn, () => {
      const call = (mock) => rri[fn](SEED.roomId, body, { baseUrl: mock.url, token: TOKEN });

      test('the documented shape, invalidUsers as an array', async () => {
        const { mock } = ctx;
        scriptJson(mock, { data: { scenario: 'pstn-conference', status: 'Invitations successfully sent', guestEmails: ['g@example.com'], invalidUsers: [HEX.a, HEX.b] } });
        const res = await call(mock);
        assert.deepEqual(res, { data: { scenario: 'pstn-conference', status: 'Invitations successfully sent', guestEmails: ['g@example.com'], invalidUsers: [HEX.a, HEX.b] } });
        assert.equal(onlyRequest(mock).path, pathOf(SEED.roomId));
      });

      test('invalidUsers as a string (the schema\'s type) becomes a one-element array', async () => {
        const { mock } = ctx;
        scriptJson(mock, { data: { scenario: 'pstn-conference', status: 'Invitations successfully sent', guestEmails: [], invalidUsers: HEX.a } });
        const res = await call(mock);
        assert.deepEqual(res.data.invalidUsers, [HEX.a]);
        assert.deepEqual(res.data.guestEmails, []);
      });

      test('invalidUsers as an empty string means none', async () => {
        const { mock } = ctx;
        scriptJson(mock, { data: { scenario: 'pstn-conference', status: 'Invitations successfully sent', guestEmails: [], invalidUsers: '' } });
        const res = await call(mock);
        assert.deepEqual(res.data.invalidUsers, []);
      });

      test('invalidUsers under data.failed.invalidUsers (the spec\'s example)', async () => {
        const { mock } = ctx;
        scriptJson(mock, { data: { scenario: 'pstn-conference', status: 'Invitations successfully sent', guestEmails: ['g@example.com'], failed: { invalidUsers: [HEX.b] } } });
        const res = await call(mock);
        assert.deepEqual(res.data.invalidUsers, [HEX.b]);
        assert.deepEqual(res.data.guestEmails, ['g@example.com']);
        assert.equal(res.data.scenario, 'pstn-conference');
      });

      test('a body without the data wrapper (the spec\'s cancel example) is wrapped', async () => {
        const { mock } = ctx;
        scriptJson(mock, { scenario: 'chat', status: 'Cancellation successfully sent', guestEmails: ['left@example.com'] });
        const res = await call(mock);
        assert.deepEqual(res, { data: { scenario: 'chat', status: 'Cancellation successfully sent', guestEmails: ['left@example.com'], invalidUsers: [] } });
      });

      test('missing guestEmails and invalidUsers read as empty arrays', async () => {
        const { mock } = ctx;
        scriptJson(mock, { data: { scenario: 'video-conference', status: 'Invitations successfully sent' } });
        const res = await call(mock);
        assert.deepEqual(res, { data: { scenario: 'video-conference', status: 'Invitations successfully sent', guestEmails: [], invalidUsers: [] } });
      });

      test('unknown fields are kept with their values', async () => {
        const { mock } = ctx;
        const confEndPoint = { confEndPointId: HEX.c, phoneNumbers: [{ number: '+33 1 23 45 67 89', country: 'FRA' }], passCodes: { participant: '123456' } };
        const attendees = [{ id: HEX.a, role: 'member' }];
        scriptJson(mock, { data: { scenario: 'pstn-conference', status: 'Invitations successfully sent', guestEmails: [], invalidUsers: [], confEndPoint, attendees, futureField: { nested: [1, 'two', null, true] }, count: 3 } });
        const res = await call(mock);
        assert.deepEqual(res.data.confEndPoint, confEndPoint);
        assert.deepEqual(res.data.attendees, attendees);
        assert.deepEqual(res.data.futureField, { nested: [1, 'two', null, true] });
        assert.equal(res.data.count, 3);
      });

      test('any 2xx status is a success (201)', async () => {
        const { mock } = ctx;
        scriptJson(mock, { data: { scenario: 'chat', status: 'created', guestEmails: ['n@example.com'], invalidUsers: [] } }, { status: 201 });
        const res = await call(mock);
        assert.deepEqual(res.data.guestEmails, ['n@example.com']);
      });

      for (const [what, script, expectBody] of [
        ['a non-JSON body (text)', { status: 200, headers: { 'content-type': 'text/plain', 'x-rainbow-request-id': 'req-text-1' }, body: 'Invitations sent, have a nice day' }, 'Invitations sent, have a nice day'],
        ['a non-JSON body labelled application/json', { status: 200, headers: { 'content-type': 'application/json', 'x-rainbow-request-id': 'req-text-2' }, body: '{"data": {"scenario": "chat",' }, '{"data": {"scenario": "chat",'],
        ['an XML body', { status: 200, headers: { 'content-type': 'text/xml', 'x-rainbow-request-id': 'req-xml-1' }, body: '<data><scenario>chat</scenario></data>' }, '<data><scenario>chat</scenario></data>'],
        ['an empty body', { status: 200, headers: { 'x-rainbow-request-id': 'req-empty-1' }, body: '' }, ''],
        ['a JSON number', { status: 200, headers: { ...JSON_HEADERS, 'x-rainbow-request-id': 'req-num-1' }, body: '42' }, '42'],
        ['a JSON array', { status: 200, headers: { ...JSON_HEADERS, 'x-rainbow-request-id': 'req-arr-1' }, body: '["chat"]' }, '["chat"]'],
      ]) {
        test(`a 2xx with ${what} rejects with RainbowResponseError (status, body, requestId)`, async () => {
          const { mock } = ctx;
          mock.script(script);
          const err = await rejectsWith(call(mock), 'RainbowResponseError');
          assert.equal(err.status, 200);
          assert.equal(err.body, expectBody);
          assert.equal(err.requestId, script.headers['x-rainbow-request-id']);
          assert.match(err.message, /200/, 'the message gives the status');
          assert.equal(apiRequests(mock).length, 1, 'sent once, never retried');
          assertFacts(err, { attempts: 1, delivered: true, correlationId: correlationOf(onlyRequest(mock)) });
        });
      }
    });
  }
});

describe('RoomsInvitationApi (the seed\'s generated-client style)', () => {
  test('new RoomsInvitationApi() with no options exposes the four methods and answers through .then', async () => {
    const api = new rri.RoomsInvitationApi();
    for (const m of ['sendUsersJoinRoomInvitation', 'sendUserRoomInvitationCancelation', 'sendUsersJoinRoomInvitationWithHttpInfo', 'sendUserRoomInvitationCancelationWithHttpInfo']) {
      assert.equal(typeof api[m], 'function', m);
    }
    // As in the seed: apiInstance.method(roomId, body).then(ok, fail). roomId_example is not an id.
    const outcome = await api.sendUsersJoinRoomInvitation('roomId_example', {}).then(
      (data) => ({ data }),
      (error) => ({ error }),
    );
    assert.ok(outcome.error, `expected a rejection, got ${JSON.stringify(outcome.data)}`);
    assertRainbowError(outcome.error, 'RainbowValidationError');
    assert.ok(outcome.error.errors.some((i) => i.path === 'roomId' && i.code === 'invalid_id'), JSON.stringify(outcome.error.errors));
  });

  test('new RoomsInvitationApi() defaults to http://localhost (seen through a fetch option)', async () => {
    const spy = fetchSpy();
    const api = new rri.RoomsInvitationApi({ fetch: spy });
    await api.sendUserRoomInvitationCancelation(HEX.c, { scenario: 'chat', emails: ['guest2@mycompany'] });
    assert.equal(spy.calls.length, 1);
    assert.equal(spy.calls[0].url, `http://localhost${cancelPath(HEX.c)}`);
  });

  test('the README example: the calls are bound to the options and answer through .then', async () => {
    const { mock } = ctx;
    const api = new rri.RoomsInvitationApi({ baseUrl: mock.url, token: TOKEN });
    const data = await api.sendUserRoomInvitationCancelation(SEED.roomId, { scenario: 'chat', emails: ['guest2@mycompany'] })
      .then((d) => d, (error) => assert.fail(`${error.name} ${error.code} ${error.message}`));
    assert.equal(data.data.scenario, 'chat');
    const req = onlyRequest(mock);
    assert.equal(req.path, cancelPath(SEED.roomId));
    assert.equal(req.headers.authorization, `Bearer ${TOKEN}`);
    assert.deepEqual(jsonOf(req), { scenario: 'chat', emails: ['guest2@mycompany'] });
  });

  test('the calls are bound to the options: detached from the instance they still work', async () => {
    const { mock } = ctx;
    const api = new rri.RoomsInvitationApi({ baseUrl: mock.url, token: TOKEN });
    const { sendUsersJoinRoomInvitation, sendUserRoomInvitationCancelationWithHttpInfo } = api;
    const res = await sendUsersJoinRoomInvitation(SEED.roomId, { scenario: 'chat', emails: ['detached@example.com'] });
    assert.equal(res.data.scenario, 'chat');
    assert.equal(onlyRequest(mock).headers.authorization, `Bearer ${TOKEN}`);
    mock.reset();
    const info = await sendUserRoomInvitationCancelationWithHttpInfo(SEED.roomId, { scenario: 'chat', emails: ['guest2@mycompany'] });
    assert.equal(info.status, 200);
    assert.equal(onlyRequest(mock).headers.authorization, `Bearer ${TOKEN}`);
  });

  test('the same class rejects through .then with the typed errors (404 unknown room)', async () => {
    const { mock } = ctx;
    const api = new rri.RoomsInvitationApi({ baseUrl: mock.url, token: TOKEN });
    const err = await rejectsWith(api.sendUsersJoinRoomInvitation(SEED.unknownRoomId, { scenario: 'chat', emails: ['x@example.com'] }), 'RainbowApiError');
    assert.equal(err.status, 404);
  });

  for (const [plain, info, body, pathOf] of [
    ['sendUsersJoinRoomInvitation', 'sendUsersJoinRoomInvitationWithHttpInfo', { scenario: 'video-conference', emails: ['w@example.com'] }, invitePath],
    ['sendUserRoomInvitationCancelation', 'sendUserRoomInvitationCancelationWithHttpInfo', { scenario: 'video-conference', emails: ['w@example.com'] }, cancelPath],
  ]) {
    test(`${info} resolves to { data, status, headers, requestId, correlationId, attempts }`, async () => {
      const { mock } = ctx;
      const api = new rri.RoomsInvitationApi({ baseUrl: mock.url, token: TOKEN });
      const answer = { data: { scenario: 'video-conference', status: 'done', guestEmails: ['w@example.com'], invalidUsers: HEX.a, extra: { kept: true } } };
      const script = { status: 201, headers: { ...JSON_HEADERS, 'X-Rainbow-Request-Id': 'req-info-77', 'X-Custom-Thing': 'custom-value' }, body: JSON.stringify(answer) };
      mock.script(script);
      const result = await api[info](SEED.roomId, body);
      assert.deepEqual(Object.keys(result).sort(), ['attempts', 'correlationId', 'data', 'headers', 'requestId', 'status']);
      assert.equal(result.status, 201);
      assert.equal(result.requestId, 'req-info-77');
      assert.equal(result.attempts, 1);
      assert.match(result.correlationId, UUID, 'a fresh random correlation id');
      assert.equal(result.correlationId, correlationOf(onlyRequest(mock)), 'the correlation id that was sent');
      assert.ok(result.headers && typeof result.headers === 'object', 'headers is an object');
      const proto = Object.getPrototypeOf(result.headers);
      assert.ok(proto === Object.prototype || proto === null, 'headers is a plain object');
      for (const k of Object.keys(result.headers)) assert.equal(k, k.toLowerCase(), `header name ${k} is lower-case`);
      assert.equal(result.headers['x-rainbow-request-id'], 'req-info-77');
      assert.equal(result.headers['x-custom-thing'], 'custom-value');
      assert.match(result.headers['content-type'], /^application\/json/);
      assert.deepEqual(result.data, { data: { scenario: 'video-conference', status: 'done', guestEmails: ['w@example.com'], invalidUsers: [HEX.a], extra: { kept: true } } });
      assert.equal(onlyRequest(mock).path, pathOf(SEED.roomId));
      // data is exactly what the plain call resolves to for the same answer.
      mock.reset();
      mock.script(script);
      assert.deepEqual(await api[plain](SEED.roomId, body), result.data);
    });

    test(`${info} after a 429: attempts 2, one correlation id for both, and null ids when there are none`, async () => {
      const { mock } = ctx;
      const api = new rri.RoomsInvitationApi({ baseUrl: mock.url, token: TOKEN });
      mock.script({ status: 429, headers: { 'retry-after-ms': '20' }, body: '' });
      mock.script({ status: 200, headers: { ...JSON_HEADERS, 'x-rainbow-request-id': null }, body: JSON.stringify({ data: { scenario: 'video-conference', status: 'ok' } }) });
      const result = await api[info](SEED.roomId, body, { correlationId: false });
      assert.equal(result.attempts, 2);
      assert.equal(result.correlationId, null, 'correlationId: false → null');
      assert.equal(result.requestId, null, 'no x-rainbow-request-id → null');
      const reqs = apiRequests(mock);
      assert.equal(reqs.length, 2);
      assert.ok(reqs.every((r) => correlationOf(r) === undefined), 'no correlation header was sent');
      mock.reset();
      const given = await api[info](SEED.roomId, body, { correlationId: 'trace-info-1' });
      assert.equal(given.correlationId, 'trace-info-1');
      assert.equal(correlationOf(onlyRequest(mock)), 'trace-info-1');
    });

    test(`${info} rejects with the same typed errors (403 forbidden room)`, async () => {
      const { mock } = ctx;
      const api = new rri.RoomsInvitationApi({ baseUrl: mock.url, token: TOKEN });
      const err = await rejectsWith(api[info](SEED.forbiddenRoomId, body), 'RainbowApiError');
      assert.equal(err.status, 403);
      assert.equal(onlyRequest(mock).path, pathOf(SEED.forbiddenRoomId));
      assertFacts(err, { attempts: 1, delivered: false, correlationId: correlationOf(onlyRequest(mock)) });
    });
  }
});

describe('ready()', () => {
  test('resolves in Node, and the synchronous validators work right after import', async () => {
    assert.equal(typeof rri.ready, 'function');
    const p = rri.ready();
    assert.equal(typeof p.then, 'function');
    assert.equal(await p, undefined);
    const v = rri.validateJoinInvitation(HEX.a, { scenario: 'chat', emails: ['r@example.com'] });
    assert.equal(v.valid, true);
  });
});
