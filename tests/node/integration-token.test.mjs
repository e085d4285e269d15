// The token never leaks: every kind of error the package can produce, made with a token in the
// options, is searched (message, stack, String(), JSON.stringify, every own property, nested, causes).
// (Every other test of the suite runs the same search on each error it gets, through
// helpers/env.mjs assertRainbowError.) Every call here also logs at 'debug' into a sink, and no line
// of it may hold the token either.
import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, test } from 'node:test';

import * as rri from '../../pkg/node.js';
import { after } from 'node:test';
import {
  SEED, TOKEN, TOKEN_MARK, HEX, useMock, closedPort, rejectsWith, assertNoToken, deafFetch, apiRequests, sleep, fetchSpy,
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

describe('every token a call sent, and every part of it', () => {
  const OLD = 'eyJhbGciOiJIUzI1NiJ9.OLDER-TOKEN-c0ffee1234.sig-Zx9Kq';

  test('a getToken that gives another token on a retry: the earlier one, echoed, is scrubbed too', async () => {
    const { mock } = open;
    mock.script({ status: 429, headers: { 'retry-after-ms': '10' }, body: '' });
    mock.script({ status: 500, body: `proxy log: Bearer ${OLD} | Bearer ${TOKEN}` });
    const tokens = [OLD, TOKEN];
    const mine = [];
    const err = await rejectsWith(
      rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, getToken: () => tokens.shift(), logger: (_, line) => mine.push(line), logLevel: 'debug' }),
      'RainbowApiError',
    );
    assert.deepEqual(apiRequests(mock).map((r) => r.headers.authorization), [`Bearer ${OLD}`, `Bearer ${TOKEN}`]);
    assert.equal(err.body, 'proxy log: Bearer [redacted] | Bearer [redacted]');
    assertNoToken(err, OLD);
    assert.ok(mine.length > 2 && mine.every((line) => !line.includes('OLDER-TOKEN')), mine.join('\n'));
  });

  test('a getToken that throws, quoting the token it was asked to renew: the cause is scrubbed', async () => {
    const { mock } = open;
    mock.script({ status: 401, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ errorCode: 401, errorMsg: 'Unauthorized', errorDetails: 'jwt expired', errorDetailsCode: 401500 }) });
    let n = 0;
    const getToken = () => {
      if ((n += 1) === 1) return OLD;
      throw new Error(`refresh of ${OLD} failed`);
    };
    const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, getToken, ...L() }), 'RainbowValidationError');
    assert.equal(err.attempts, 1);
    assert.deepEqual([err.cause.name, err.cause.message], ['Error', 'refresh of [redacted] failed']);
    assertNoToken(err, OLD);
  });

  test("a JWT's payload and signature echoed without its header (the same in most tokens) are scrubbed", async () => {
    const { mock } = open;
    const tail = TOKEN.slice(TOKEN.indexOf('.') + 1);
    const signature = TOKEN.slice(TOKEN.lastIndexOf('.') + 1);
    assert.ok(signature.length >= 8);
    mock.script({ status: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ errorCode: 400, errorMsg: 'Bad', errorDetails: `bad jwt ${tail}, signature ${signature}` }) });
    const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, token: TOKEN, ...L() }), 'RainbowApiError');
    assert.equal(err.errorDetails, 'bad jwt [redacted], signature [redacted]');
    // And in what a custom fetch rejects with (the JS classes look for the same parts).
    const fetch = async () => { throw new Error(`refused ${tail}`); };
    const failed = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, token: TOKEN, fetch, maxRetries: 0, ...L() }), 'RainbowNetworkError');
    assert.equal(failed.cause.message, 'refused [redacted]');
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

describe('the token in what the caller supplies', () => {
  test('a custom fetch rejecting with an error that carries its request (axios-style toJSON): JSON.stringify(error) has no token', async () => {
    const { mock } = open;
    let thrown;
    const fetch = (url, init) => {
      thrown = Object.assign(new Error('Request failed'), {
        code: 'ERR_BAD_REQUEST',
        config: { url, headers: init.headers },
        toJSON() { return { message: this.message, code: this.code, config: this.config }; },
      });
      return Promise.reject(thrown);
    };
    const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, token: TOKEN, fetch, ...L() }), 'RainbowNetworkError');
    assert.ok(JSON.stringify(thrown).includes(TOKEN), 'the error thrown does carry the token (so the checks are real)');
    // The cause, which would carry the token, is a scrubbed stand-in with its name, message and code.
    assert.deepEqual([err.cause.name, err.cause.message, err.cause.code], ['Error', 'Request failed', 'ERR_BAD_REQUEST']);
    const json = JSON.parse(JSON.stringify(err));
    assert.deepEqual(json.cause, { name: 'Error', message: 'Request failed', code: 'ERR_BAD_REQUEST' });
    assert.equal(json.message, err.message);
  });

  // Where the token may hide in what a custom fetch rejects with: a Request, a Headers, a Map, deep
  // down, or at the end of a chain of causes. Each such cause is the scrubbed stand-in.
  for (const [where, make] of [
    ['a Request', (url, init) => Object.assign(new Error('fetch failed'), { request: new Request(url, init) })],
    ['a Headers', (url, init) => Object.assign(new Error('fetch failed'), { headers: new Headers(init.headers) })],
    ['a Map', (url, init) => Object.assign(new Error('fetch failed'), { headers: new Map(Object.entries(init.headers)) })],
    ['nested 9 levels down', (url, init) => Object.assign(new Error('fetch failed'), { a: { b: { c: { d: { e: { f: { g: { h: { init } } } } } } } } })],
    ['a chain of 6 causes', (url, init) => new Error('fetch failed', { cause: new Error('a', { cause: new Error('b', { cause: new Error('c', { cause: new Error('d', { cause: new Error('e', { cause: init }) }) }) }) }) })],
  ]) {
    test(`a custom fetch rejecting with an error that holds the headers in ${where}: the token is nowhere, not even in util.inspect(error)`, async () => {
      const { mock } = open;
      const fetch = async (url, init) => { throw make(url, init); };
      const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, token: TOKEN, fetch, ...L() }), 'RainbowNetworkError');
      assert.deepEqual([err.cause.name, err.cause.message], ['Error', 'fetch failed']);
    });
  }

  test("a custom fetch's opaque redirect whose status text echoes the token is not kept as the cause", async () => {
    const { mock } = open;
    const fetch = async () => {
      const r = new Response(null, { status: 302, statusText: `Echo ${TOKEN}` });
      return Object.defineProperty(r, 'type', { value: 'opaqueredirect' });
    };
    const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, token: TOKEN, fetch, maxRetries: 0, ...L() }), 'RainbowNetworkError');
    assert.match(err.message, /redirected the request elsewhere/);
    assert.ok(!(err.cause instanceof Response), 'the Response itself is not kept');
  });

  test('a custom fetch rejecting with an error that holds no token keeps it as the cause', async () => {
    const { mock } = open;
    const thrown = Object.assign(new Error('offline'), { code: 'E_OFFLINE', details: new Map([['retry', false]]) });
    const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, token: TOKEN, fetch: async () => { throw thrown; }, ...L() }), 'RainbowNetworkError');
    assert.equal(err.cause, thrown);
  });

  test('a caller\'s Authorization header is the token: refused over plain http to a remote host, nothing sent', async () => {
    const spy = fetchSpy();
    const err = await rejectsWith(
      rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: 'http://example.com', headers: { Authorization: `Bearer ${TOKEN}` }, fetch: spy, ...L() }),
      'RainbowValidationError',
    );
    assert.equal(err.errors[0].path, 'options.baseUrl');
    assert.equal(spy.calls.length, 0);
  });

  test('a caller\'s Authorization header is sent as given, and scrubbed from what the server echoes and from the log', async () => {
    const { mock } = open;
    mock.script({ status: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ errorCode: 400, errorMsg: 'Bad', errorDetails: `got Bearer ${TOKEN}` }) });
    const err = await rejectsWith(
      rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, headers: { authorization: `Bearer ${TOKEN}` }, ...L() }),
      'RainbowApiError',
    );
    assert.equal(apiRequests(mock)[0].headers.authorization, `Bearer ${TOKEN}`);
    assert.match(err.errorDetails, /\[redacted\]/);
  });

  test('other secret-bearing headers are redacted in the debug log', async () => {
    const { mock } = open;
    const seen = [];
    const secrets = { 'Proxy-Authorization': 'Basic cHJveHk6c2VjcmV0', Cookie: 'session=abc123secret', 'X-Api-Key': 'key-987-secret', 'X-Auth-Token': 'tok-secret-42', 'X-Jwt': 'eyJ.jwt-secret', 'X-Bearer': 'bearer-secret-7' };
    await rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, headers: { ...secrets, 'X-Trace': 'visible-trace' }, logger: (l, line) => seen.push(line), logLevel: 'debug' });
    const all = seen.join('\n');
    assert.match(all, /X-Trace: visible-trace/, 'ordinary headers are logged');
    for (const [name, value] of Object.entries(secrets)) {
      assert.ok(!all.includes(value), `${name}'s value was logged: ${all}`);
      assert.match(all, new RegExp(`${name}: \\[redacted\\]`));
    }
  });

  test("the token's start in a header the debug log shows is redacted, as in errors", async () => {
    const seen = [];
    const headers = { 'X-Trace': `trace-${TOKEN.slice(0, 12)}` };
    await rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: open.mock.url, token: TOKEN, headers, logger: (l, line) => seen.push(line), logLevel: 'debug' });
    const all = seen.join('\n');
    assert.match(all, /X-Trace: trace-\[redacted\]/, all);
    assert.ok(!all.includes(TOKEN.slice(0, 8)), all);
  });

  test("the token's start in what Node's HTTP parser kept of an answer it refused is scrubbed", async () => {
    // Two Content-Length headers: undici's parser error keeps the bytes after them in its `data`,
    // here a body that ends in the middle of the echoed token.
    const echo = `{"errorCode":400,"errorMsg":"echo ${TOKEN.slice(0, 30)}`;
    const server = net.createServer((socket) => {
      socket.on('error', () => {});
      socket.once('data', () => socket.end(`HTTP/1.1 400 Bad\r\nContent-Type: application/json\r\nContent-Length: ${echo.length}\r\nContent-Length: ${echo.length + 1}\r\nConnection: close\r\n\r\n${echo}`));
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const baseUrl = `http://127.0.0.1:${server.address().port}`;
      const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl, token: TOKEN, maxRetries: 0 }), 'RainbowNetworkError');
      assertNoToken(err, TOKEN.slice(0, 8));
    } finally {
      server.close();
    }
  });

  test('a very short token (a mock\'s "t" or "5") is scrubbed where it stands alone, without garbling messages or ids', async () => {
    const { mock } = open;
    for (const token of ['t', '5', 's']) {
      mock.reset();
      mock.script({ status: 401, headers: { 'content-type': 'application/json', 'x-rainbow-request-id': 'req-5t-0' }, body: JSON.stringify({ errorCode: 401, errorMsg: 'Unauthorized', errorDetails: `bad token ${token}` }) });
      const seen = [];
      const err = await rejectsWith(
        rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, token, logger: (l, line) => seen.push(line), logLevel: 'debug' }),
        'RainbowApiError',
      );
      assert.equal(err.errorDetails, 'bad token [redacted]', token);
      assert.equal(err.requestId, 'req-5t-0', token);
      assert.match(err.message, /^Rainbow answered 401 Unauthorized: bad token \[redacted\]\. The token is missing, wrong or expired/, token);
      assert.ok(!JSON.stringify(err).includes('[redacted]]'), token);
      assert.match(err.message, /get a fresh one from Rainbow's login and pass it as `token`\./, token);
      assert.ok(seen.some((l) => l.includes('attempt 1 of 3')), `${token}: the log is readable: ${seen.join('\n')}`);
      // What a custom fetch threw is scrubbed by the JS error classes by the same rule.
      const fetch = () => Promise.reject(new Error(`can't connect: bad token '${token}'`));
      const thrown = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, token, fetch }), 'RainbowNetworkError');
      assert.equal(thrown.cause.message, "can't connect: bad token '[redacted]'", token);
    }
  });
});
