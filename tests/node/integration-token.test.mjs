// The token never leaks: every kind of error the package can produce, made with a token in the
// options, is searched (message, stack, String(), JSON.stringify, every own property, nested, causes).
// (Every other test of the suite runs the same search on each error it gets, through
// helpers/env.mjs assertRainbowError.)
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import * as rri from '../../pkg/node.js';
import {
  SEED, TOKEN, TOKEN_MARK, HEX, useMock, closedPort, rejectsWith, assertNoToken, deafFetch, apiRequests,
} from './helpers/env.mjs';

const open = useMock();
const authed = useMock({ token: TOKEN });

const body = { scenario: 'chat', emails: ['leak.guest@example.com'] };

/** Every way the suite knows to make each error class, each with TOKEN in the options. */
function producers() {
  return [
    ['RainbowValidationError: invalid body', (m) => rri.sendUsersJoinRoomInvitation(SEED.roomId, { scenario: 'chat', emails: ['bad'] }, { baseUrl: m.url, token: TOKEN })],
    ['RainbowValidationError: token over plain http to a remote host', () => rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: 'http://example.com', token: TOKEN })],
    ['RainbowValidationError: token with CR/LF', (m) => rri.sendUserRoomInvitationCancelation(SEED.roomId, body, { baseUrl: m.url, token: `${TOKEN}\r\n` })],
    ['RainbowValidationError: token of the wrong type is not echoed', (m) => rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: m.url, token: { value: TOKEN } })],
    ['RainbowValidationError: bad options next to the token', (m) => rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: m.url, token: TOKEN, timeoutMs: -1, headers: { 'X-Bad': 'a\nb' } })],
    ['RainbowApiError: 404 unknown room', (m) => rri.sendUsersJoinRoomInvitation(SEED.unknownRoomId, body, { baseUrl: m.url, token: TOKEN })],
    ['RainbowApiError: 403 forbidden room', (m) => rri.sendUserRoomInvitationCancelation(SEED.forbiddenRoomId, body, { baseUrl: m.url, token: TOKEN })],
    ['RainbowApiError: 502 HTML', (m) => { m.script({ status: 502, headers: { 'content-type': 'text/html' }, body: '<h1>Bad Gateway</h1>' }); return rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: m.url, token: TOKEN }); }],
    ['RainbowResponseError: 200 text', (m) => { m.script({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'fine' }); return rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: m.url, token: TOKEN }); }],
    ['RainbowNetworkError: refused', async () => rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: `http://127.0.0.1:${await closedPort()}`, token: TOKEN })],
    ['RainbowNetworkError: reset', (m) => { m.script({ destroy: 'after-read' }); return rri.sendUserRoomInvitationCancelation(SEED.roomId, body, { baseUrl: m.url, token: TOKEN }); }],
    ['RainbowTimeoutError: delayed', (m) => { m.script({ status: 200, body: '{}', delayMs: 1000 }); return rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: m.url, token: TOKEN, timeoutMs: 100 }); }],
    ['RainbowTimeoutError: deaf fetch', () => rri.sendUsersJoinRoomInvitation(HEX.a, body, { baseUrl: 'https://sandbox.openrainbow.com', token: TOKEN, timeoutMs: 100, fetch: deafFetch() })],
    ['RainbowAbortError: before', (m) => rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: m.url, token: TOKEN, signal: AbortSignal.abort() })],
    ['RainbowAbortError: during', (m) => { m.script({ status: 200, body: '{}', delayMs: 1000 }); const c = new AbortController(); setTimeout(() => c.abort(new Error('bye')), 50); return rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: m.url, token: TOKEN, signal: c.signal }); }],
    ['RainbowApiError via RoomsInvitationApi WithHttpInfo', (m) => new rri.RoomsInvitationApi({ baseUrl: m.url, token: TOKEN }).sendUsersJoinRoomInvitationWithHttpInfo(SEED.unknownRoomId, body)],
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
    const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: authed.mock.url, token: wrong }), 'RainbowApiError');
    assert.equal(err.status, 401);
    assertNoToken(err, wrong);
  });

  test('the token really was sent where allowed (so the searches above looked for something real)', async () => {
    await rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: authed.mock.url, token: TOKEN });
    assert.equal(apiRequests(authed.mock)[0].headers.authorization, `Bearer ${TOKEN}`);
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
    await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, token: TOKEN }), 'RainbowApiError');
  });

  test('a non-JSON 2xx body quoting the token does not carry it into the error', async () => {
    const { mock } = open;
    mock.script({ status: 200, headers: { 'content-type': 'text/plain' }, body: `debug: token=${TOKEN}` });
    await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, token: TOKEN }), 'RainbowResponseError');
  });
});
