// Error mapping over real TCP: non-2xx answers (the mock's own semantics and scripted bodies),
// refused and reset connections, and the error classes themselves. Each error also says how many
// attempts were made, whether the server may have acted, and the call's correlation id
// (tests/node/resilience-*.test.mjs cover the retries themselves in depth).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import * as rri from '../../pkg/node.js';
import {
  SEED, TOKEN, TOKEN_MARK, HEX, useMock, onlyRequest, apiRequests, invitePath, cancelPath, closedPort,
  rejectsWith, timed, assertRainbowError, causeChain, ERROR_CLASSES, assertFacts, correlationOf, UUID, sleep,
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
      assert.match(correlationOf(req), UUID, 'a fresh correlation id was sent');
      assertFacts(err, { attempts: 1, delivered: false, correlationId: correlationOf(req) });
    });

    test(`${fn}: a room the caller is not a member of → 403, errorDetailsCode 403000`, async () => {
      const { mock } = open;
      const err = await rejectsWith(rri[fn](SEED.forbiddenRoomId, chatBody, { baseUrl: mock.url, token: TOKEN }), 'RainbowApiError');
      assertApiError(err, { status: 403, errorCode: 403, errorDetailsCode: 403000 });
      const req = onlyRequest(mock);
      assert.equal(req.path, pathOf(SEED.forbiddenRoomId));
      assert.equal(err.requestId, req.requestId, 'requestId is the x-rainbow-request-id header');
      assertFacts(err, { attempts: 1, delivered: false, correlationId: correlationOf(req) });
    });

    test(`${fn}: no token where one is required → 401, message points at the token`, async () => {
      const { mock } = authed;
      const err = await rejectsWith(rri[fn](SEED.roomId, chatBody, { baseUrl: mock.url }), 'RainbowApiError');
      assertApiError(err, { status: 401, errorCode: 401 });
      assert.match(err.message, /token|auth/i, 'a 401 message says to check the token');
      const req = onlyRequest(mock);
      assert.equal(req.headers.authorization, undefined);
      assert.equal(err.requestId, req.requestId, 'requestId is the x-rainbow-request-id header');
      assertFacts(err, { attempts: 1, delivered: false, correlationId: correlationOf(req) });
    });

    test(`${fn}: a wrong token → 401, and the wrong token does not leak either`, async () => {
      const { mock } = authed;
      const wrong = `WRONG-${TOKEN_MARK}-x`; // assertRainbowError looks for TOKEN_MARK everywhere
      const err = await rejectsWith(rri[fn](SEED.roomId, chatBody, { baseUrl: mock.url, token: wrong }), 'RainbowApiError');
      assertApiError(err, { status: 401, errorCode: 401 });
      assert.equal(onlyRequest(mock).headers.authorization, `Bearer ${wrong}`);
      assertFacts(err, { attempts: 1, delivered: false });
    });

    test(`${fn}: the right token where one is required → success`, async () => {
      const { mock } = authed;
      const res = await rri[fn](SEED.roomId, chatBody, { baseUrl: mock.url, token: TOKEN });
      assert.equal(res.data.scenario, 'chat');
      assert.equal(onlyRequest(mock).headers.authorization, `Bearer ${TOKEN}`);
    });
  }
});

// Scripted answers: [title, script, expected fields, may the server have acted?]. None is retried:
// a 4xx other than 429 (and 408) says the server refused, a 5xx proves nothing either way.
const SCRIPTED = [
  ['400 with a string errorDetails', {
    status: 400, headers: { 'content-type': 'application/json', 'x-rainbow-request-id': 'req-400-a' },
    body: JSON.stringify({ errorCode: 400, errorMsg: 'Bad Request', errorDetails: 'identifier must be alpha-numeric and have a length of 24 chars', errorDetailsCode: 400000 }),
  }, { status: 400, errorCode: 400, errorMsg: 'Bad Request', errorDetails: 'identifier must be alpha-numeric and have a length of 24 chars', errorDetailsCode: 400000, requestId: 'req-400-a' }, false],
  ['400 with an array errorDetails', {
    status: 400, headers: { 'content-type': 'application/json', 'x-rainbow-request-id': 'req-400-b' },
    body: JSON.stringify({ errorCode: 400, errorMsg: 'Bad Request', errorDetails: [{ param: 'emails', msg: 'Invalid value' }, { param: 'lang', msg: 'Invalid value' }], errorDetailsCode: 400000 }),
  }, { status: 400, errorCode: 400, errorMsg: 'Bad Request', errorDetails: [{ param: 'emails', msg: 'Invalid value' }, { param: 'lang', msg: 'Invalid value' }], errorDetailsCode: 400000, requestId: 'req-400-b' }, false],
  ['401 jwt expired', {
    status: 401, headers: { 'content-type': 'application/json', 'x-rainbow-request-id': 'req-401' },
    body: JSON.stringify({ errorCode: 401, errorMsg: 'Unauthorized', errorDetails: 'jwt expired', errorDetailsCode: 401500 }),
  }, { status: 401, errorCode: 401, errorMsg: 'Unauthorized', errorDetails: 'jwt expired', errorDetailsCode: 401500, requestId: 'req-401' }, false],
  ['403 quota with an object errorDetails', {
    status: 403, headers: { 'content-type': 'application/json', 'x-rainbow-request-id': 'req-403q' },
    body: JSON.stringify({ errorCode: 403, errorMsg: 'Forbidden', errorDetails: { errorMsg: 'Quota exceeded', feature: 'BUBBLE_PARTICIPANT_COUNT', maxValue: 20, currentValue: 20, unit: 'number' }, errorDetailsCode: 403621 }),
  }, { status: 403, errorCode: 403, errorMsg: 'Forbidden', errorDetails: { errorMsg: 'Quota exceeded', feature: 'BUBBLE_PARTICIPANT_COUNT', maxValue: 20, currentValue: 20, unit: 'number' }, errorDetailsCode: 403621, requestId: 'req-403q' }, false],
  ['404 conference endpoint not found', {
    status: 404, headers: { 'content-type': 'application/json', 'x-rainbow-request-id': 'req-404c' },
    body: JSON.stringify({ errorCode: 404, errorMsg: 'Resource Not Found', errorDetails: 'conference endpoint not found', errorDetailsCode: 404000 }),
  }, { status: 404, errorCode: 404, errorMsg: 'Resource Not Found', errorDetails: 'conference endpoint not found', errorDetailsCode: 404000, requestId: 'req-404c' }, false],
  ['413 payload too large', {
    status: 413, headers: { 'content-type': 'application/json', 'x-rainbow-request-id': 'req-413' },
    body: JSON.stringify({ errorCode: 413, errorMsg: 'Payload Too Large', errorDetails: 'too many recipients', errorDetailsCode: 413000 }),
  }, { status: 413, errorCode: 413, errorMsg: 'Payload Too Large', errorDetails: 'too many recipients', errorDetailsCode: 413000, requestId: 'req-413' }, false],
  ['500 with an empty errorDetails', {
    status: 500, headers: { 'content-type': 'application/json', 'x-rainbow-request-id': 'req-500' },
    body: JSON.stringify({ errorCode: 500, errorMsg: 'Internal Server Error', errorDetails: '' }),
  }, { status: 500, errorCode: 500, errorMsg: 'Internal Server Error', errorDetails: '', requestId: 'req-500' }, true],
];

describe('API errors, scripted bodies', () => {
  for (const [fn, pathOf] of CALLS) {
    describe(fn, () => {
      for (const [title, script, expected, delivered] of SCRIPTED) {
        test(`${title} → RainbowApiError with every field, sent once, mayHaveBeenDelivered ${delivered}`, async () => {
          const { mock } = open;
          mock.script(script);
          const err = await rejectsWith(rri[fn](SEED.roomId, chatBody, { baseUrl: mock.url, token: TOKEN }), 'RainbowApiError');
          assertApiError(err, expected);
          assert.equal(err.retryAfterMs, undefined, 'no retryAfterMs without a Retry-After');
          await sleep(100); // a retry would have come by now (a 401 renewal has no wait)
          const req = onlyRequest(mock);
          assert.equal(req.path, pathOf(SEED.roomId), 'never retried');
          assertFacts(err, { attempts: 1, delivered, correlationId: correlationOf(req) });
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
        await sleep(100);
        onlyRequest(mock);
        assertFacts(err, { attempts: 1, delivered: false });
      });

      test('502 with an HTML body from a proxy → RainbowApiError with the raw body', async () => {
        const { mock } = open;
        const html = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
        mock.script({ status: 502, headers: { 'content-type': 'text/html', 'x-rainbow-request-id': 'req-502' }, body: html });
        const err = await rejectsWith(rri[fn](SEED.roomId, chatBody, { baseUrl: mock.url, token: TOKEN }), 'RainbowApiError');
        assertApiError(err, { status: 502, requestId: 'req-502', body: html });
        assert.ok([undefined, null, 502].includes(err.errorCode), `errorCode ${err.errorCode}`);
        assert.ok([undefined, null].includes(err.errorDetailsCode), `errorDetailsCode ${err.errorDetailsCode}`);
        await sleep(100);
        onlyRequest(mock);
        assertFacts(err, { attempts: 1, delivered: true });
      });

      test('429 with a text body and Retry-After: 120 (too long to wait) → RainbowApiError at once with retryAfterMs, sent once', async () => {
        const { mock } = open;
        mock.script({ status: 429, headers: { 'content-type': 'text/plain', 'retry-after': '120', 'x-rainbow-request-id': 'req-429' }, body: 'Too Many Requests' });
        const [outcome, ms] = await timed(() => rri[fn](SEED.roomId, chatBody, { baseUrl: mock.url, token: TOKEN }));
        const err = assertRainbowError(outcome.error, 'RainbowApiError');
        assertApiError(err, { status: 429, requestId: 'req-429', body: 'Too Many Requests' });
        assert.equal(err.retryAfterMs, 120000);
        assert.match(err.message, /120 s/, `the message says how long the server asks to wait: ${err.message}`);
        assert.ok(ms < 1000, `settled in ${ms} ms: it must not wait for Retry-After`);
        await sleep(200);
        assertFacts(err, { attempts: 1, delivered: false, correlationId: correlationOf(onlyRequest(mock)) });
      });

      test('429 with a text body and Retry-After: 1, then the real answer → retried once after 1 s, success', async () => {
        const { mock } = open;
        mock.script({ status: 429, headers: { 'content-type': 'text/plain', 'retry-after': '1' }, body: 'Too Many Requests' });
        const [outcome, ms] = await timed(() => rri[fn](SEED.roomId, chatBody, { baseUrl: mock.url, token: TOKEN }));
        assert.ok(outcome.value, `resolved: ${outcome.error?.message}`);
        assert.equal(outcome.value.data.scenario, 'chat');
        assert.ok(ms >= 950 && ms < 2500, `the retry waited the 1 s asked for (${ms} ms in all)`);
        const reqs = apiRequests(mock);
        assert.equal(reqs.length, 2, 'sent twice');
        assert.equal(reqs[1].path, pathOf(SEED.roomId));
        assert.equal(reqs[1].body, reqs[0].body, 'the same body');
        assert.equal(correlationOf(reqs[1]), correlationOf(reqs[0]), 'the same correlation id');
      });
    });
  }
});

describe('network errors', () => {
  for (const [fn] of CALLS) {
    test(`${fn}: refused connection → retried with backoff (3 attempts), then RainbowNetworkError with cause, not delivered`, async () => {
      const port = await closedPort();
      const [outcome, ms] = await timed(() => rri[fn](SEED.roomId, chatBody, { baseUrl: `http://127.0.0.1:${port}`, token: TOKEN }));
      const err = assertRainbowError(outcome.error, 'RainbowNetworkError');
      assert.ok(err.cause !== undefined && err.cause !== null, 'cause is set');
      const codes = causeChain(err).map((e) => e?.code);
      assert.ok(codes.includes('ECONNREFUSED') || /ECONNREFUSED/.test(String(causeChain(err).map((e) => e?.message).join(' '))),
        `the cause chain shows ECONNREFUSED: ${JSON.stringify(codes)}`);
      assert.ok(err.message.includes(`127.0.0.1:${port}`), `message names the server it could not reach: ${err.message}`);
      // Backoff 0.5 s then 1 s, each 75–100 %: 1125–1500 ms of waits.
      assert.ok(ms >= 1100 && ms < 2500, `settled in ${ms} ms`);
      assertFacts(err, { attempts: 3, delivered: false });
      assert.match(err.correlationId, UUID);
    });

    // fetch never connects to the Fetch standard's "bad ports" (Node says "bad port", with no code).
    test(`${fn}: a port fetch refuses (6000) → RainbowNetworkError at once, not retried, nothing sent`, async () => {
      const [outcome] = await timed(() => rri[fn](SEED.roomId, chatBody, { baseUrl: 'http://127.0.0.1:6000', token: TOKEN }));
      const err = assertRainbowError(outcome.error, 'RainbowNetworkError');
      assert.match(err.message, /\(bad port\)\. Check that baseUrl is right/);
      assert.match(err.message, /Nothing was sent\.$/);
      assert.doesNotMatch(err.message, /CORS/);
      assertFacts(err, { attempts: 1, delivered: false });
    });

    test(`${fn}: refused connection with maxRetries: 0 → RainbowNetworkError at once`, async () => {
      const port = await closedPort();
      const [outcome, ms] = await timed(() => rri[fn](SEED.roomId, chatBody, { baseUrl: `http://127.0.0.1:${port}`, token: TOKEN, maxRetries: 0 }));
      const err = assertRainbowError(outcome.error, 'RainbowNetworkError');
      assert.ok(ms < 500, `settled in ${ms} ms`);
      assertFacts(err, { attempts: 1, delivered: false });
    });

    test(`${fn}: connection destroyed before the request is read → RainbowNetworkError, sent once, may have been delivered`, async () => {
      const { mock } = open;
      mock.script({ destroy: 'before-read' });
      const err = await rejectsWith(rri[fn](SEED.roomId, chatBody, { baseUrl: mock.url, token: TOKEN }), 'RainbowNetworkError');
      assert.ok(err.cause != null, 'cause is set');
      await sleep(100); // a request still on its way would be recorded by now
      assert.equal(apiRequests(mock).length, 1, 'never retried: the connection had opened, the request was on its way');
      assertFacts(err, { attempts: 1, delivered: true, correlationId: correlationOf(onlyRequest(mock)) });
    });

    test(`${fn}: connection destroyed after the request was read → RainbowNetworkError, sent once, may have been delivered`, async () => {
      const { mock } = open;
      mock.script({ destroy: 'after-read' });
      const err = await rejectsWith(rri[fn](SEED.roomId, chatBody, { baseUrl: mock.url, token: TOKEN }), 'RainbowNetworkError');
      assert.ok(err.cause != null, 'cause is set');
      await sleep(100);
      assert.equal(apiRequests(mock).length, 1, 'never retried');
      assertFacts(err, { attempts: 1, delivered: true, correlationId: correlationOf(onlyRequest(mock)) });
    });
  }

  test('a fetch option that throws ECONNREFUSED → retried, then RainbowNetworkError whose cause chain holds the thrown error', async () => {
    const inner = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' });
    const thrown = new TypeError('fetch failed', { cause: inner });
    let calls = 0;
    const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(HEX.a, chatBody, { baseUrl: 'https://sandbox.openrainbow.com', token: TOKEN, fetch: async () => { calls += 1; throw thrown; } }), 'RainbowNetworkError');
    assert.ok(causeChain(err).includes(thrown), 'cause is the fetch error');
    assert.equal(calls, 3, 'a connection refused before sending is retried (maxRetries 2)');
    assertFacts(err, { attempts: 3, delivered: false });
  });

  test('a fetch option that throws without a code (a browser\'s "Failed to fetch") → not retried, may have been delivered', async () => {
    const thrown = new TypeError('Failed to fetch');
    let calls = 0;
    const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(HEX.a, chatBody, { baseUrl: 'https://sandbox.openrainbow.com', token: TOKEN, fetch: async () => { calls += 1; throw thrown; } }), 'RainbowNetworkError');
    assert.ok(causeChain(err).includes(thrown), 'cause is the fetch error');
    assert.equal(calls, 1);
    assertFacts(err, { attempts: 1, delivered: true });
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

  test("an app's own subclass is recognised as a class is: by its prototype chain, not by its parent's name", async () => {
    class MyApiError extends rri.RainbowApiError {}
    const mine = new MyApiError('mine');
    assert.ok(mine instanceof MyApiError && mine instanceof rri.RainbowApiError && mine instanceof rri.RainbowError);
    const theirs = await rri.sendUsersJoinRoomInvitation('x', {}).catch((e) => e);
    assert.ok(theirs instanceof rri.RainbowValidationError);
    const api = Object.assign(new Error('from the package'), { name: 'RainbowApiError', code: 'ERR_API' });
    assert.ok(!(api instanceof MyApiError), "a RainbowApiError that isn't one of the app's is not a MyApiError");
    assert.ok(!(theirs instanceof MyApiError));
  });
});
