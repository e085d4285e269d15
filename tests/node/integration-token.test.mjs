// The token never leaks: every kind of error the package can produce, made with a token in the
// options, is searched (message, stack, String(), JSON.stringify, every own property, nested, causes).
// (Every other test of the suite runs the same search on each error it gets, through
// helpers/env.mjs assertRainbowError.) Every call here also logs at 'debug' into a sink, and no line
// of it may hold the token either.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import * as rri from '../../pkg/node.js';
import { after } from 'node:test';
import {
  SEED, TOKEN, TOKEN_MARK, HEX, useMock, closedPort, rejectsWith, assertNoToken, deafFetch, apiRequests, sleep,
} from './helpers/env.mjs';

const open = useMock();
const authed = useMock({ token: TOKEN });

const body = { scenario: 'chat', emails: ['leak.guest@example.com'] };

// Every log line of this file, from both kinds of logger.
const lines = [];
const fnLogger = (level, line) => lines.push([level, line]);
const consoleLogger = Object.fromEntries(['debug', 'info', 'warn', 'error', 'log'].map((m) => [m, (...a) => lines.push([m, a.map(String).join(' ')])]));
let flip = false;
/** Logging options for one call: everything, alternately to a function and to a console-like object. */
const L = () => ({ logger: (flip = !flip) ? fnLogger : consoleLogger, logLevel: 'debug' });

after(() => {
  assert.ok(lines.length > 40, `the calls of this file logged (${lines.length} lines)`);
  assert.ok(lines.some(([, l]) => /authorization: bearer \[redacted\]/i.test(l)), 'the Authorization header was logged, redacted');
  for (const [level, line] of lines) {
    for (const m of [TOKEN, TOKEN_MARK]) assert.ok(!line.includes(m), `the token leaked into a ${level} log line: ${line}`);
  }
});

/** Every way the suite knows to make each error class, each with TOKEN in the options. */
function producers() {
  return [
    ['RainbowValidationError: invalid body', (m) => rri.sendUsersJoinRoomInvitation(SEED.roomId, { scenario: 'chat', emails: ['bad'] }, { baseUrl: m.url, token: TOKEN, ...L() })],
    ['RainbowValidationError: token over plain http to a remote host', () => rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: 'http://example.com', token: TOKEN, ...L() })],
    ['RainbowValidationError: token with CR/LF', (m) => rri.sendUserRoomInvitationCancelation(SEED.roomId, body, { baseUrl: m.url, token: `${TOKEN}\r\n`, ...L() })],
    ['RainbowValidationError: token of the wrong type is not echoed', (m) => rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: m.url, token: { value: TOKEN } })],
    ['RainbowValidationError: bad options next to the token', (m) => rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: m.url, token: TOKEN, ...L(), timeoutMs: -1, headers: { 'X-Bad': 'a\nb' } })],
    ['RainbowApiError: 404 unknown room', (m) => rri.sendUsersJoinRoomInvitation(SEED.unknownRoomId, body, { baseUrl: m.url, token: TOKEN, ...L() })],
    ['RainbowApiError: 403 forbidden room', (m) => rri.sendUserRoomInvitationCancelation(SEED.forbiddenRoomId, body, { baseUrl: m.url, token: TOKEN, ...L() })],
    ['RainbowApiError: 502 HTML', (m) => { m.script({ status: 502, headers: { 'content-type': 'text/html' }, body: '<h1>Bad Gateway</h1>' }); return rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: m.url, token: TOKEN, ...L() }); }],
    ['RainbowResponseError: 200 text', (m) => { m.script({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'fine' }); return rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: m.url, token: TOKEN, ...L() }); }],
    ['RainbowResponseError: 200 text echoing the token', (m) => { m.script({ status: 200, headers: { 'content-type': 'text/plain' }, body: `fine, Bearer ${TOKEN}` }); return rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: m.url, token: TOKEN, ...L() }); }],
    ['RainbowNetworkError: refused', async () => rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: `http://127.0.0.1:${await closedPort()}`, token: TOKEN, ...L() })],
    ['RainbowNetworkError: reset', (m) => { m.script({ destroy: 'after-read' }); return rri.sendUserRoomInvitationCancelation(SEED.roomId, body, { baseUrl: m.url, token: TOKEN, ...L() }); }],
    ['RainbowTimeoutError: delayed', (m) => { m.script({ status: 200, body: '{}', delayMs: 1000 }); return rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: m.url, token: TOKEN, ...L(), timeoutMs: 100 }); }],
    ['RainbowTimeoutError: deaf fetch', () => rri.sendUsersJoinRoomInvitation(HEX.a, body, { baseUrl: 'https://sandbox.openrainbow.com', token: TOKEN, ...L(), timeoutMs: 100, fetch: deafFetch() })],
    ['RainbowAbortError: before', (m) => rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: m.url, token: TOKEN, ...L(), signal: AbortSignal.abort() })],
    ['RainbowAbortError: during', (m) => { m.script({ status: 200, body: '{}', delayMs: 1000 }); const c = new AbortController(); setTimeout(() => c.abort(new Error('bye')), 50); return rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: m.url, token: TOKEN, ...L(), signal: c.signal }); }],
    ['RainbowApiError via RoomsInvitationApi WithHttpInfo', (m) => new rri.RoomsInvitationApi({ baseUrl: m.url, token: TOKEN, ...L() }).sendUsersJoinRoomInvitationWithHttpInfo(SEED.unknownRoomId, body)],
    ['RainbowApiError: 429 with Retry-After too long (retryAfterMs)', (m) => { m.script({ status: 429, headers: { 'retry-after': '120' }, body: `{"errorDetails":"slow down ${TOKEN}"}` }); return rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: m.url, token: TOKEN, ...L() }); }],
    ['RainbowApiError: 429 retried twice, the answers echoing the token', (m) => { for (let i = 0; i < 3; i += 1) m.script({ status: 429, headers: { 'retry-after-ms': '10' }, body: `rate limited for Bearer ${TOKEN}` }); return rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: m.url, token: TOKEN, ...L() }); }],
    ['RainbowApiError: 401 jwt expired, renewed through getToken, still 401 echoing the new token', (m) => {
      const expired = { status: 401, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ errorCode: 401, errorMsg: 'Unauthorized', errorDetails: `jwt expired: ${TOKEN}`, errorDetailsCode: 401500 }) };
      m.script(expired); m.script(expired);
      return rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: m.url, getToken: async () => TOKEN, ...L() });
    }],
    ['RainbowValidationError: getToken gives an unusable token', (m) => rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: m.url, getToken: () => `${TOKEN}\n`, ...L() })],
    ['RainbowValidationError: getToken and token both given', (m) => rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: m.url, token: TOKEN, getToken: () => TOKEN, ...L() })],
    ['RainbowValidationError: getToken over plain http to a remote host', () => rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: 'http://example.com', getToken: () => TOKEN, ...L() })],
    ['RainbowResponseError: body over maxResponseBytes', (m) => { m.script({ status: 200, body: `{"data":{"echo":"${TOKEN.repeat(50)}"}}` }); return rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: m.url, token: TOKEN, maxResponseBytes: 100, ...L() }); }],
    ['RainbowTimeoutError: totalTimeoutMs', (m) => { m.script({ status: 429, headers: { 'retry-after-ms': '100' }, body: TOKEN }); m.script({ status: 200, delayMs: 2000, body: TOKEN }); return rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: m.url, token: TOKEN, totalTimeoutMs: 300, timeoutMs: 5000, ...L() }); }],
    ['RainbowTimeoutError: getToken never answers', (m) => rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: m.url, getToken: () => new Promise(() => {}), timeoutMs: 100, ...L() })],
    ['RainbowAbortError: during a backoff', (m) => { m.script({ status: 429, headers: { 'retry-after': '5' }, body: `wait, ${TOKEN}` }); const c = new AbortController(); setTimeout(() => c.abort(new Error('bye')), 100); return rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: m.url, token: TOKEN, signal: c.signal, ...L() }); }],
    ['RainbowNetworkError: refused with getToken, retried', async () => rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: `http://127.0.0.1:${await closedPort()}`, getToken: () => TOKEN, maxRetries: 1, ...L() })],
  ];
}

describe('the token never appears in an error', () => {
  for (const [title, make] of producers()) {
    const expected = title.split(':')[0].split(' ')[0];
    test(title, async () => {
      // rejectsWith → assertRainbowError → assertNoToken on the error and everything it holds.
      await rejectsWith(make(open.mock), expected);
    });
  }

  test('RainbowApiError: 401 with a wrong token (the wrong token is not echoed either)', async () => {
    const wrong = `${TOKEN_MARK}-but-wrong`;
    const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: authed.mock.url, token: wrong, ...L() }), 'RainbowApiError');
    assert.equal(err.status, 401);
    assertNoToken(err, wrong);
  });

  test('the token really was sent where allowed (so the searches above looked for something real)', async () => {
    await rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: authed.mock.url, token: TOKEN, ...L() });
    assert.equal(apiRequests(authed.mock)[0].headers.authorization, `Bearer ${TOKEN}`);
    authed.mock.reset();
    await rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: authed.mock.url, getToken: async () => TOKEN, ...L() });
    assert.equal(apiRequests(authed.mock)[0].headers.authorization, `Bearer ${TOKEN}`, 'and from getToken');
    assert.ok(TOKEN.includes(TOKEN_MARK));
  });
});

describe('a server that echoes the token back', () => {
  test('an error body quoting the Authorization header does not carry the token into the error', async () => {
    const { mock } = open;
    mock.script({
      status: 400, headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ errorCode: 400, errorMsg: 'Bad Request', errorDetails: `malformed header "Authorization: Bearer ${TOKEN}"`, errorDetailsCode: 400000 }),
    });
    await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, token: TOKEN, ...L() }), 'RainbowApiError');
  });

  test('a non-JSON 2xx body quoting the token does not carry it into the error', async () => {
    const { mock } = open;
    mock.script({ status: 200, headers: { 'content-type': 'text/plain' }, body: `debug: token=${TOKEN}` });
    await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, token: TOKEN, ...L() }), 'RainbowResponseError');
  });

  test('a token cut in the middle by the 4096-character limit on kept bodies does not leave its start behind', async () => {
    const { mock } = open;
    const text = `${'x'.repeat(4096 - 20)}${TOKEN}`; // the cut falls inside the token
    mock.script({ status: 502, headers: { 'content-type': 'text/html' }, body: text });
    const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, token: TOKEN, ...L() }), 'RainbowApiError');
    assert.ok(!err.body.includes(TOKEN.slice(0, 20)), `the body kept ends without the token's start: …${err.body.slice(-40)}`);
  });
});
