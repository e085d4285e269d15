// Hints that point the right way: a redirect says it redirected, and where; a base URL that
// already holds the API's path is refused before anything is sent; a refused connection's message
// agrees with `mayHaveBeenDelivered`.
import assert from 'node:assert/strict';
import http from 'node:http';
import { test } from 'node:test';

import { rri, SEED, useMock, rejectsWith, closedPort, fetchSpy, apiRequests } from './helpers/env.mjs';

const open = useMock();
const body = { scenario: 'chat', emails: ['ada@example.com'] };

test('a redirect, with Node\'s own fetch: says it redirected, not sent again, maybe acted on (its status is hidden)', async () => {
  const server = http.createServer((req, res) => { req.resume(); res.writeHead(301, { location: 'https://elsewhere.example/api' }).end(); });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: `http://127.0.0.1:${server.address().port}` }), 'RainbowNetworkError');
    assert.match(err.message, /redirected the request/);
    assert.doesNotMatch(err.message, /Could not reach|server is up/);
    // Node's fetch hides the status, and a 303 is answered after acting.
    assert.match(err.message, /check before sending it again: a 303 is answered after acting\.$/);
    assert.equal(err.mayHaveBeenDelivered, true);
    assert.equal(err.attempts, 1);
  } finally {
    server.close();
  }
});

test('a 303 a custom fetch shows: acted on, says so', async () => {
  const fetch = async () => new Response('', { status: 303, headers: { location: 'https://gw.example/result/1' } });
  const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: 'https://gw.example', fetch }), 'RainbowApiError');
  assert.equal(err.status, 303);
  assert.equal(err.mayHaveBeenDelivered, true);
  assert.match(err.message, /The server acted on the request.*It points to https:\/\/gw\.example\/result\/1\./);
});

test('a redirect a custom fetch shows: RainbowApiError naming its Location', async () => {
  const fetch = async () => new Response('', { status: 302, headers: { location: 'https://openrainbow.com/api/rainbow/enduser/v1.0/rooms/x' } });
  const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: 'https://gw.example', fetch }), 'RainbowApiError');
  assert.equal(err.status, 302);
  assert.equal(err.location, 'https://openrainbow.com/api/rainbow/enduser/v1.0/rooms/x');
  assert.match(err.message, /redirects elsewhere.*It points to https:\/\/openrainbow\.com/);
});

test('a baseUrl that already ends in /api/rainbow/enduser/v1.0: refused, with why, nothing sent', async () => {
  const spy = fetchSpy();
  const err = await rejectsWith(
    rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: `${open.mock.url}/api/rainbow/enduser/v1.0`, fetch: spy }),
    'RainbowValidationError',
  );
  assert.equal(err.errors[0].path, 'options.baseUrl');
  assert.match(err.errors[0].message, /adds itself/);
  assert.equal(spy.calls.length, 0);
  assert.equal(apiRequests(open.mock).length, 0);
});

test('a refused connection: "nothing was sent", as mayHaveBeenDelivered says', async () => {
  const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: `http://127.0.0.1:${await closedPort()}`, maxRetries: 0 }), 'RainbowNetworkError');
  assert.equal(err.mayHaveBeenDelivered, false);
  assert.match(err.message, /Nothing was sent/);
  assert.doesNotMatch(err.message, /may (not )?have/);
  assert.doesNotMatch(err.message, /CORS/, 'Node gave a code: not a browser\'s CORS refusal');
});

test('a reset connection: the message says the request may have reached the server', async () => {
  const { mock } = open;
  mock.script({ destroy: 'after-read' });
  const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url }), 'RainbowNetworkError');
  assert.equal(err.mayHaveBeenDelivered, true);
  assert.match(err.message, /may have reached the server/);
});

test('https:// to a server that speaks plain http: not delivered, not tried again, and says to write http://', async () => {
  const { mock } = open;
  const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url.replace('http://', 'https://') }), 'RainbowNetworkError');
  assert.equal(err.mayHaveBeenDelivered, false);
  assert.equal(err.attempts, 1);
  assert.match(err.message, /plain http \(then write http:\/\/ in baseUrl\)/);
  assert.equal(apiRequests(mock).length, 0);
});
