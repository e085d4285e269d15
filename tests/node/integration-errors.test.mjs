// Error mapping over real TCP: non-2xx answers (the mock's own semantics and scripted bodies),
// refused and reset connections, and the error classes themselves.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import * as rri from '../../pkg/node.js';
import {
  SEED, TOKEN, TOKEN_MARK, HEX, useMock, onlyRequest, apiRequests, invitePath, cancelPath, closedPort,
  rejectsWith, timed, assertRainbowError, causeChain, ERROR_CLASSES,
} from './helpers/env.mjs';

const open = useMock(); // no authentication required
const authed = useMock({ token: TOKEN }); // Bearer TOKEN required

const chatBody = { scenario: 'chat', emails: ['err.guest@example.com'] };
const CALLS = [
  ['sendUsersJoinRoomInvitation', invitePath],
  ['sendUserRoomInvitationCancelation', cancelPath],
];

/** The checks every RainbowApiError gets: fields typed, message gives the status and what the server said. */
function assertApiError(err, { status, errorCode, errorMsg, errorDetails, errorDetailsCode, requestId, body }) {
  assert.equal(err.status, status, 'status');
  if (errorCode !== undefined) assert.equal(err.errorCode, errorCode, 'errorCode');
  if (errorMsg !== undefined) assert.equal(err.errorMsg, errorMsg, 'errorMsg');
  if (errorDetails !== undefined) assert.deepEqual(err.errorDetails, errorDetails, 'errorDetails');
  if (errorDetailsCode !== undefined) assert.equal(err.errorDetailsCode, errorDetailsCode, 'errorDetailsCode');
  if (requestId !== undefined) assert.equal(err.requestId, requestId, 'requestId');
  if (body !== undefined) assert.equal(err.body, body, 'body');
  assert.ok(err.message.includes(String(status)), `message gives the status ${status}: ${err.message}`);
  if (typeof err.errorDetails === 'string' && err.errorDetails.trim()) {
    assert.ok(err.message.includes(err.errorDetails), `message gives the server's details "${err.errorDetails}": ${err.message}`);
  }
}

describe('API errors from the mock server\'s own semantics', () => {
  for (const [fn, pathOf] of CALLS) {
    test(`${fn}: unknown room → 404, errorDetailsCode 404001`, async () => {
      const { mock } = open;
      const err = await rejectsWith(rri[fn](SEED.unknownRoomId, chatBody, { baseUrl: mock.url, token: TOKEN }), 'RainbowApiError');
      assertApiError(err, { status: 404, errorCode: 404, errorDetailsCode: 404001 });
      assert.equal(typeof err.errorMsg, 'string');
      assert.equal(typeof err.errorDetails, 'string');
      assert.ok(err.errorDetails.includes(SEED.unknownRoomId), `details name the room: ${err.errorDetails}`);
      const req = onlyRequest(mock);
      assert.equal(req.path, pathOf(SEED.unknownRoomId));
      assert.equal(typeof req.requestId, 'string', 'the mock exposes the x-rainbow-request-id it sent');
      assert.equal(err.requestId, req.requestId, 'requestId is the x-rainbow-request-id header');
    });

    test(`${fn}: a room the caller is not a member of → 403, errorDetailsCode 403000`, async () => {
      const { mock } = open;
      const err = await rejectsWith(rri[fn](SEED.forbiddenRoomId, chatBody, { baseUrl: mock.url, token: TOKEN }), 'RainbowApiError');
      assertApiError(err, { status: 403, errorCode: 403, errorDetailsCode: 403000 });
      const req = onlyRequest(mock);
      assert.equal(req.path, pathOf(SEED.forbiddenRoomId));
      assert.equal(err.requestId, req.requestId, 'requestId is the x-rainbow-request-id header');
    });

    test(`${fn}: no token where one is required → 401, message points at the token`, async () => {
      const { mock } = authed;
      const err = await rejectsWith(rri[fn](SEED.roomId, chatBody, { baseUrl: mock.url }), 'RainbowApiError');
      assertApiError(err, { status: 401, errorCode: 401 });
      assert.match(err.message, /token|auth/i, 'a 401 message says to check the token');
      const req = onlyRequest(mock);
      assert.equal(req.headers.authorization, undefined);
      assert.equal(err.requestId, req.requestId, 'requestId is the x-rainbow-request-id header');
    });

    test(`${fn}: a wrong token → 401, and the wrong token does not leak either`, async () => {
      const { mock } = authed;
      const wrong = `WRONG-${TOKEN_MARK}-x`; // assertRainbowError looks for TOKEN_MARK everywhere
      const err = await rejectsWith(rri[fn](SEED.roomId, chatBody, { baseUrl: mock.url, token: wrong }), 'RainbowApiError');
      assertApiError(err, { status: 401, errorCode: 401 });
      assert.equal(onlyRequest(mock).headers.authorization, `Bearer ${wrong}`);
    });

    test(`${fn}: the right token where one is required → success`, async () => {
      const { mock } = authed;
      const res = await rri[fn](SEED.roomId, chatBody, { baseUrl: mock.url, token: TOKEN });
      assert.equal(res.data.scenario, 'chat');
      assert.equal(onlyRequest(mock).headers.authorization, `Bearer ${TOKEN}`);
    });
  }
});

// Scripted answers: [title, script, expected fields]
const SCRIPTED = [
  ['400 with a string errorDetails', {
    status: 400, headers: { 'content-type': 'application/json', 'x-rainbow-request-id': 'req-400-a' },
    body: JSON.stringify({ errorCode: 400, errorMsg: 'Bad Request', errorDetails: 'identifier must be alpha-numeric and have a length of 24 chars', errorDetailsCode: 400000 }),
  }, { status: 400, errorCode: 400, errorMsg: 'Bad Request', errorDetails: 'identifier must be alpha-numeric and have a length of 24 chars', errorDetailsCode: 400000, requestId: 'req-400-a' }],
  ['400 with an array errorDetails', {
    status: 400, headers: { 'content-type': 'application/json', 'x-rainbow-request-id': 'req-400-b' },
    body: JSON.stringify({ errorCode: 400, errorMsg: 'Bad Request', errorDetails: [{ param: 'emails', msg: 'Invalid value' }, { param: 'lang', msg: 'Invalid value' }], errorDetailsCode: 400000 }),
  }, { status: 400, errorCode: 400, errorMsg: 'Bad Request', errorDetails: [{ param: 'emails', msg: 'Invalid value' }, { param: 'lang', msg: 'Invalid value' }], errorDetailsCode: 400000, requestId: 'req-400-b' }],
  ['401 jwt expired', {
    status: 401, headers: { 'content-type': 'application/json', 'x-rainbow-request-id': 'req-401' },
    body: JSON.stringify({ errorCode: 401, errorMsg: 'Unauthorized', errorDetails: 'jwt expired', errorDetailsCode: 401500 }),
  }, { status: 401, errorCode: 401, errorMsg: 'Unauthorized', errorDetails: 'jwt expired', errorDetailsCode: 401500, requestId: 'req-401' }],
  ['403 quota with an object errorDetails', {
    status: 403, headers: { 'content-type': 'application/json', 'x-rainbow-request-id': 'req-403q' },
    body: JSON.stringify({ errorCode: 403, errorMsg: 'Forbidden', errorDetails: { errorMsg: 'Quota exceeded', feature: 'BUBBLE_PARTICIPANT_COUNT', maxValue: 20, currentValue: 20, unit: 'number' }, errorDetailsCode: 403621 }),
  }, { status: 403, errorCode: 403, errorMsg: 'Forbidden', errorDetails: { errorMsg: 'Quota exceeded', feature: 'BUBBLE_PARTICIPANT_COUNT', maxValue: 20, currentValue: 20, unit: 'number' }, errorDetailsCode: 403621, requestId: 'req-403q' }],
  ['404 conference endpoint not found', {
    status: 404, headers: { 'content-type': 'application/json', 'x-rainbow-request-id': 'req-404c' },
    body: JSON.stringify({ errorCode: 404, errorMsg: 'Resource Not Found', errorDetails: 'conference endpoint not found', errorDetailsCode: 404000 }),
  }, { status: 404, errorCode: 404, errorMsg: 'Resource Not Found', errorDetails: 'conference endpoint not found', errorDetailsCode: 404000, requestId: 'req-404c' }],
  ['413 payload too large', {
    status: 413, headers: { 'content-type': 'application/json', 'x-rainbow-request-id': 'req-413' },
    body: JSON.stringify({ errorCode: 413, errorMsg: 'Payload Too Large', errorDetails: 'too many recipients', errorDetailsCode: 413000 }),
  }, { status: 413, errorCode: 413, errorMsg: 'Payload Too Large', errorDetails: 'too many recipients', errorDetailsCode: 413000, requestId: 'req-413' }],
  ['500 with an empty errorDetails', {
    status: 500, headers: { 'content-type': 'application/json', 'x-rainbow-request-id': 'req-500' },
    body: JSON.stringify({ errorCode: 500, errorMsg: 'Internal Server Error', errorDetails: '' }),
  }, { status: 500, errorCode: 500, errorMsg: 'Internal Server Error', errorDetails: '', requestId: 'req-500' }],
];

describe('API errors, scripted bodies', () => {
  for (const [fn, pathOf] of CALLS) {
    describe(fn, () => {
      for (const [title, script, expected] of SCRIPTED) {
        test(`${title} → RainbowApiError with every field, sent once`, async () => {
          const { mock } = open;
          mock.script(script);
          const err = await rejectsWith(rri[fn](SEED.roomId, chatBody, { baseUrl: mock.url, token: TOKEN }), 'RainbowApiError');
          assertApiError(err, expected);
          assert.equal(onlyRequest(mock).path, pathOf(SEED.roomId), 'never retried');
        });
      }

      test('409 with no body → RainbowApiError with status 409, no server fields', async () => {
        const { mock } = open;
        mock.script({ status: 409, headers: { 'x-rainbow-request-id': 'req-409' }, body: '' });
        const err = await rejectsWith(rri[fn](SEED.roomId, chatBody, { baseUrl: mock.url, token: TOKEN }), 'RainbowApiError');
        assertApiError(err, { status: 409, requestId: 'req-409' });
        assert.ok([undefined, null, 409].includes(err.errorCode), `errorCode ${err.errorCode}`);
        assert.ok([undefined, null].includes(err.errorMsg) || typeof err.errorMsg === 'string', `errorMsg ${err.errorMsg}`);
        assert.ok([undefined, null, ''].includes(err.errorDetails), `errorDetails ${JSON.stringify(err.errorDetails)}`);
        assert.ok([undefined, null].includes(err.errorDetailsCode), `errorDetailsCode ${err.errorDetailsCode}`);
        assert.ok([undefined, null, ''].includes(err.body), `body ${JSON.stringify(err.body)}`);
        onlyRequest(mock);
      });

      test('502 with an HTML body from a proxy → RainbowApiError with the raw body', async () => {
        const { mock } = open;
        const html = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
        mock.script({ status: 502, headers: { 'content-type': 'text/html', 'x-rainbow-request-id': 'req-502' }, body: html });
        const err = await rejectsWith(rri[fn](SEED.roomId, chatBody, { baseUrl: mock.url, token: TOKEN }), 'RainbowApiError');
        assertApiError(err, { status: 502, requestId: 'req-502', body: html });
        assert.ok([undefined, null, 502].includes(err.errorCode), `errorCode ${err.errorCode}`);
        assert.ok([undefined, null].includes(err.errorDetailsCode), `errorDetailsCode ${err.errorDetailsCode}`);
        onlyRequest(mock);
      });

      test('429 with Retry-After and a text body → RainbowApiError at once, never retried', async () => {
        const { mock } = open;
        mock.script({ status: 429, headers: { 'content-type': 'text/plain', 'retry-after': '10', 'x-rainbow-request-id': 'req-429' }, body: 'Too Many Requests' });
        const [outcome, ms] = await timed(() => rri[fn](SEED.roomId, chatBody, { baseUrl: mock.url, token: TOKEN }));
        const err = assertRainbowError(outcome.error, 'RainbowApiError');
        assertApiError(err, { status: 429, requestId: 'req-429', body: 'Too Many Requests' });
        assert.ok(ms < 2000, `settled in ${ms} ms: it must not wait for Retry-After`);
        await new Promise((r) => setTimeout(r, 200));
        onlyRequest(mock);
      });
    });
  }
});

describe('network errors', () => {
  for (const [fn] of CALLS) {
    test(`${fn}: refused connection → RainbowNetworkError with cause, promptly`, async () => {
      const port = await closedPort();
      const [outcome, ms] = await timed(() => rri[fn](SEED.roomId, chatBody, { baseUrl: `http://127.0.0.1:${port}`, token: TOKEN }));
      const err = assertRainbowError(outcome.error, 'RainbowNetworkError');
      assert.ok(err.cause !== undefined && err.cause !== null, 'cause is set');
      const codes = causeChain(err).map((e) => e?.code);
      assert.ok(codes.includes('ECONNREFUSED') || /ECONNREFUSED/.test(String(causeChain(err).map((e) => e?.message).join(' '))),
        `the cause chain shows ECONNREFUSED: ${JSON.stringify(codes)}`);
      assert.ok(err.message.includes(`127.0.0.1:${port}`), `message names the server it could not reach: ${err.message}`);
      assert.ok(ms < 2000, `settled in ${ms} ms`);
    });

    test(`${fn}: connection destroyed before the request is read → RainbowNetworkError`, async () => {
      const { mock } = open;
      mock.script({ destroy: 'before-read' });
      const err = await rejectsWith(rri[fn](SEED.roomId, chatBody, { baseUrl: mock.url, token: TOKEN }), 'RainbowNetworkError');
      assert.ok(err.cause != null, 'cause is set');
      assert.ok(apiRequests(mock).length <= 1, 'never retried');
    });

    test(`${fn}: connection destroyed after the request was read → RainbowNetworkError, sent once`, async () => {
      const { mock } = open;
      mock.script({ destroy: 'after-read' });
      const err = await rejectsWith(rri[fn](SEED.roomId, chatBody, { baseUrl: mock.url, token: TOKEN }), 'RainbowNetworkError');
      assert.ok(err.cause != null, 'cause is set');
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(apiRequests(mock).length, 1, 'never retried');
    });
  }

  test('a fetch option that throws → RainbowNetworkError whose cause chain holds the thrown error', async () => {
    const inner = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' });
    const thrown = new TypeError('fetch failed', { cause: inner });
    const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(HEX.a, chatBody, { baseUrl: 'https://sandbox.openrainbow.com', token: TOKEN, fetch: async () => { throw thrown; } }), 'RainbowNetworkError');
    assert.ok(causeChain(err).includes(thrown), 'cause is the fetch error');
  });
});

describe('error classes', () => {
  test('every class is exported, extends RainbowError and Error, and instanceof checks the name', () => {
    assert.equal(typeof rri.RainbowError, 'function');
    for (const [name, code] of ERROR_CLASSES) {
      const C = rri[name];
      assert.equal(typeof C, 'function', `${name} exported`);
      assert.ok(Object.prototype.isPrototypeOf.call(rri.RainbowError.prototype, C.prototype), `${name} extends RainbowError`);
      assert.ok(Object.prototype.isPrototypeOf.call(Error.prototype, C.prototype), `${name} extends Error`);
      // A copy from another bundle: same name and code, different class.
      const foreign = Object.assign(new Error('from another copy'), { name, code });
      assert.ok(foreign instanceof C, `foreign ${name} instanceof ${name}`);
      assert.ok(foreign instanceof rri.RainbowError, `foreign ${name} instanceof RainbowError`);
      for (const [other] of ERROR_CLASSES) {
        if (other !== name) assert.ok(!(foreign instanceof rri[other]), `foreign ${name} is not instanceof ${other}`);
      }
    }
    assert.ok(!(new Error('plain') instanceof rri.RainbowError), 'a plain Error is not a RainbowError');
    assert.ok(!(new TypeError('x') instanceof rri.RainbowApiError));
    assert.ok(!(null instanceof rri.RainbowError));
  });
});
