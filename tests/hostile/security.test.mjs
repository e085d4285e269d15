// Security (issue 6): the request goes nowhere but baseUrl + the documented path; header values
// with CR, LF or NUL are refused before sending; the token never shows in an error or a log line;
// baseUrl must be absolute http(s) without credentials, and a token is not sent over plain http to
// a remote host unless allowInsecureHttp. No network: a recording fetch stands in for the server
// (the last tests use a local TCP server for redirects).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';

import * as lib from '../../pkg/node.js';
import { recorder, typedErrorProblem, TOKEN, TOKEN_MARK, ROOM } from './cases.mjs';

const BODY = () => ({ scenario: 'chat', emails: ['ada@example.com'] });
const CANCEL = () => ({ scenario: 'chat', emails: ['ada@example.com'] });
const PATH = (room) => `/api/rainbow/enduser/v1.0/rooms/${room}/invitations`;

async function rejection(p) {
  try {
    const v = await p;
    return { value: v };
  } catch (error) {
    return { error };
  }
}

/** Every way to send, for one set of arguments. */
const SENDERS = [
  ['sendUsersJoinRoomInvitation', (r, o) => lib.sendUsersJoinRoomInvitation(r, BODY(), o)],
  ['sendUserRoomInvitationCancelation', (r, o) => lib.sendUserRoomInvitationCancelation(r, CANCEL(), o)],
  ['RoomsInvitationApi', (r, o) => new lib.RoomsInvitationApi(o).sendUsersJoinRoomInvitationWithHttpInfo(r, BODY())],
];
const VALIDATORS = [
  ['validateJoinInvitation', (r, o) => lib.validateJoinInvitation(r, BODY(), o)],
  ['validateCancelation', (r, o) => lib.validateCancelation(r, CANCEL(), o)],
];

/** Asserts that the arguments are refused with an issue at `path` and that nothing reaches fetch. */
async function refused(room, options, path, what) {
  for (const [name, validate] of VALIDATORS) {
    const r = validate(room, { ...options, fetch: recorder() });
    assert.equal(r.valid, false, `${what}: ${name} accepted it`);
    assert.ok(r.errors.some((e) => e.path === path), `${what}: ${name} has no issue at ${path}: ${JSON.stringify(r.errors)}`);
    assert.equal(r.request, null);
  }
  for (const [name, send] of SENDERS) {
    const fetch = recorder();
    const { error, value } = await rejection(send(room, { ...options, fetch }));
    assert.ok(error, `${what}: ${name} resolved ${JSON.stringify(value)?.slice(0, 200)}`);
    assert.equal(typedErrorProblem(lib, error), '', `${what}: ${name}`);
    assert.equal(error.name, 'RainbowValidationError', `${what}: ${name}: ${error.message}`);
    assert.ok(error.errors.some((e) => e.path === path), `${what}: ${name}: no issue at ${path}: ${JSON.stringify(error.errors)}`);
    assert.equal(error.attempts, 0);
    assert.equal(fetch.calls.length, 0, `${what}: ${name} sent ${fetch.calls.map((c) => c.url)}`);
  }
}

test('room ids that could leave the documented path are validation errors, and nothing is sent', async () => {
  const hostile = [
    '../x', '..', '.', '%2e%2e', '%2E%2E%2F', '%2e%2e%2fadmin', '..%2f..%2f', 'a/b', '/', '//evil.example', '?x', '#x',
    'http://evil.example/', 'https://evil.example/x', 'javascript:alert(1)', 'data:,x', `${ROOM}/../../x`, `${ROOM}?x=1`,
    `${ROOM}#`, `${ROOM}/`, ` ${ROOM}`, `${ROOM}\n`, `${ROOM}\r\nX-Injected: 1`, `${ROOM}\0`, '..\\..\\x', `${ROOM}%00`,
    `${ROOM.slice(0, 23)}/`, `${ROOM.slice(0, 22)}..`, '\uFF15\uFF16f42c1914e2a8a91b99e595', `${ROOM.slice(0, 23)}\u0430`,
    ROOM.toUpperCase().replace('5', '%35'), `${ROOM}@evil.example`, `@evil.example`, '%252e%252e',
  ];
  for (const room of hostile) await refused(room, { baseUrl: 'https://openrainbow.example', token: TOKEN }, 'roomId', `roomId ${JSON.stringify(room)}`);
});

test('a valid room id goes exactly to baseUrl + the documented path', async () => {
  for (const base of ['https://openrainbow.example', 'https://openrainbow.example/', 'https://openrainbow.example/prefix/', 'http://127.0.0.1:9/p']) {
    const fetch = recorder();
    await lib.sendUsersJoinRoomInvitation(ROOM, BODY(), { baseUrl: base, token: TOKEN, fetch });
    assert.equal(fetch.calls.length, 1);
    assert.equal(fetch.calls[0].url, `${base.replace(/\/$/, '')}${PATH(ROOM)}`);
    assert.equal(fetch.calls[0].init.method, 'POST');
  }
});

test('CR, LF and NUL in the token, extra headers or correlation id are refused before sending', async () => {
  const bad = ['\r', '\n', '\r\n', '\0', 'x\r\nX-Injected: 1', 'x\nSet-Cookie: a=b', 'x\0y', 'x\u0085y', 'x\u2028y', 'x\u0100y'];
  for (const b of bad) {
    await refused(ROOM, { baseUrl: 'https://h.example', token: `${TOKEN}${b}` }, 'options.token', `token with ${JSON.stringify(b)}`);
    await refused(ROOM, { baseUrl: 'https://h.example', headers: { 'X-Trace': `v${b}` } }, 'options.headers.X-Trace', `header value with ${JSON.stringify(b)}`);
    await refused(ROOM, { baseUrl: 'https://h.example', correlationId: `c${b}` }, 'options.correlationId', `correlationId with ${JSON.stringify(b)}`);
  }
  for (const name of ['X-A\r\nB', 'X-A\nB', 'X-A\0', 'X A', ':authority', 'X-A:', '', 'X-\u00e9']) {
    const { errors } = lib.validateJoinInvitation(ROOM, BODY(), { headers: { [name]: 'v' } });
    assert.ok(errors.some((e) => e.path.startsWith('options.headers')), `header name ${JSON.stringify(name)} accepted`);
  }
  // getToken's token is checked too, before anything is sent.
  for (const b of bad) {
    const fetch = recorder();
    const { error } = await rejection(lib.sendUsersJoinRoomInvitation(ROOM, BODY(), { baseUrl: 'https://h.example', getToken: async () => `${TOKEN}${b}`, fetch }));
    assert.equal(error?.name, 'RainbowValidationError', `getToken returning ${JSON.stringify(b)}`);
    assert.equal(fetch.calls.length, 0);
    assert.equal(typedErrorProblem(lib, error), '');
  }
  // A refused header value is never echoed: it may be a secret.
  const { errors } = lib.validateJoinInvitation(ROOM, BODY(), { headers: { 'X-Api-Key': `${TOKEN}\n` }, token: `${TOKEN}\r` });
  assert.ok(!JSON.stringify(errors).includes(TOKEN_MARK), JSON.stringify(errors));
});

test('baseUrl must be an absolute http(s) URL without credentials, query or fragment', async () => {
  const bad = [
    'ftp://h.example', 'file:///etc/passwd', 'javascript:alert(1)', 'data:,x', 'ws://h.example', '//h.example', 'h.example',
    '/relative', '', ' ', 'http://', 'https://', 'http:///path', 'http://user:pass@h.example', 'http://user@h.example',
    'https://:pw@h.example', 'https://h.example@evil.example', 'http://h.example?x=1', 'http://h.example#f', 'http://h .example',
    'http://h.example\n', 'http:\\\\h.example', 'http:/h.example', '\0http://h.example',
  ];
  for (const base of bad) await refused(ROOM, { baseUrl: base }, 'options.baseUrl', `baseUrl ${JSON.stringify(base)}`);
  for (const base of [42, {}, ['https://h.example'], () => 'https://h.example', new URL('https://h.example')]) {
    await refused(ROOM, { baseUrl: base }, 'options.baseUrl', `baseUrl ${String(base)}`);
  }
});

test('a token over plain http goes only to loopback, unless allowInsecureHttp: true', async () => {
  const remote = [
    'http://example.com', 'HTTP://EXAMPLE.COM', 'http://10.0.0.1', 'http://192.168.1.1:8080', 'http://127.1', 'http://2130706433',
    'http://0.0.0.0', 'http://localhost.', 'http://localhost.evil.example', 'http://127.0.0.1.nip.io', 'http://[::ffff:127.0.0.1]',
    'http://[::]', 'http://127.0.0.1%2eevil.example', 'http://evil.example/127.0.0.1',
  ];
  for (const base of remote) {
    await refused(ROOM, { baseUrl: base, token: TOKEN }, 'options.baseUrl', `token to ${base}`);
    await refused(ROOM, { baseUrl: base, getToken: () => TOKEN }, 'options.baseUrl', `getToken to ${base}`);
    // Explicitly allowed: sent, to that host.
    const fetch = recorder();
    await lib.sendUsersJoinRoomInvitation(ROOM, BODY(), { baseUrl: base, token: TOKEN, allowInsecureHttp: true, fetch });
    assert.equal(fetch.calls.length, 1, base);
    assert.ok(fetch.calls[0].url.toLowerCase().startsWith(base.toLowerCase()), `${fetch.calls[0].url} for ${base}`);
  }
  for (const base of ['http://localhost', 'http://LOCALHOST:8080', 'http://127.0.0.1', 'http://127.255.0.9:1/x', 'http://[::1]:80', 'https://example.com']) {
    const fetch = recorder();
    await lib.sendUsersJoinRoomInvitation(ROOM, BODY(), { baseUrl: base, token: TOKEN, fetch });
    assert.equal(fetch.calls.length, 1, base);
  }
  // Without a token, plain http anywhere is the caller's choice.
  const fetch = recorder();
  await lib.sendUsersJoinRoomInvitation(ROOM, BODY(), { baseUrl: 'http://example.com', fetch });
  assert.equal(fetch.calls.length, 1);
  assert.equal(fetch.calls[0].init.headers.Authorization, undefined);
});

test('an option read twice cannot smuggle a token over plain http to a remote host', async () => {
  // validation reads getToken once (absent: no token, so http to a remote host is fine); if the
  // call reads it again and now gets a function, the token must still not go out over http.
  const fetch = recorder();
  let reads = 0;
  const options = { baseUrl: 'http://example.com', fetch };
  Object.defineProperty(options, 'getToken', { enumerable: true, get: () => (reads++ === 0 ? undefined : () => TOKEN) });
  await rejection(lib.sendUsersJoinRoomInvitation(ROOM, BODY(), options));
  const leaked = fetch.calls.filter((c) => JSON.stringify(c.init.headers).includes(TOKEN_MARK));
  assert.equal(leaked.length, 0, `the token went to ${leaked.map((c) => c.url)} over plain http (getToken read ${reads} times)`);
});

test('the token is in no error message, stack, own property, JSON or log line, even when echoed back', async () => {
  const lines = [];
  const logger = (level, line) => lines.push(line);
  const echo = (status, body, headers = {}) => async (url, init) => new Response(body(init), { status, headers: { 'content-type': 'application/json', ...headers } });
  const auth = (init) => init.headers.Authorization;
  const cut = (init) => `${'x'.repeat(4096 - 20)}${auth(init)} and more`; // the kept body is cut inside the token
  const cases = [
    ['401 echoing the header', echo(401, (i) => JSON.stringify({ errorCode: 401, errorMsg: `bad ${auth(i)}`, errorDetails: { errorMsg: auth(i), token: auth(i) } }))],
    ['500 echoing it as text', echo(500, (i) => `upstream said: ${auth(i)}`)],
    ['400 echoing it as a key of errorDetails', echo(400, (i) => JSON.stringify({ errorCode: 400, errorDetails: { [`bad ${auth(i)}`]: 'emails', list: [{ [auth(i)]: 1 }] } }))],
    ['500 echoing it where the kept body is cut', echo(500, cut)],
    ['200 that is not the model, echoing it', echo(200, (i) => `<html>${auth(i)}</html>`)],
    ['200 cut inside the token', echo(200, cut)],
    ['429 with the token in headers', echo(429, () => '{}', { 'x-rainbow-request-id': TOKEN, 'retry-after': '999' })],
    ['403 with the token as request id', echo(403, () => '{}', { 'x-rainbow-request-id': `Bearer ${TOKEN}` })],
    ['a network error whose message has the token', async (url, init) => { throw new TypeError(`fetch failed for ${auth(init)}`); }],
    ['a timeout', () => new Promise(() => {})],
    ['a body over maxResponseBytes', echo(200, (i) => `"${auth(i)}${'y'.repeat(2000)}"`)],
  ];
  for (const [what, fetch] of cases) {
    for (const tokenOption of [{ token: TOKEN }, { getToken: async () => TOKEN }]) {
      lines.length = 0;
      const { error } = await rejection(lib.sendUsersJoinRoomInvitation(ROOM, BODY(), {
        baseUrl: 'https://h.example', ...tokenOption, fetch, logger, logLevel: 'debug', timeoutMs: 300, maxRetries: 0, maxResponseBytes: 1000,
      }));
      assert.ok(error, what);
      // `cause` is the caller's own fetch's error, passed on unchanged: checked below, not here.
      assert.equal(typedErrorProblem(lib, error, ['cause']), '', `${what} (${Object.keys(tokenOption)[0]})`);
      for (const [where, text] of [['message', error.message], ['stack', error.stack], ['String()', String(error)], ['JSON', JSON.stringify(error)]]) {
        assert.ok(!text.includes(TOKEN_MARK), `${what}: token in ${where}: ${text.slice(0, 300)}`);
      }
      for (const key of Reflect.ownKeys(error)) {
        if (key === 'cause') continue; // the caller's own fetch's error object, passed on unchanged
        assert.ok(!JSON.stringify(error[key] ?? null).includes(TOKEN_MARK), `${what}: token in error.${String(key)}`);
      }
      assert.ok(lines.length > 0, `${what}: nothing logged at debug`);
      const leaks = lines.filter((l) => l.includes(TOKEN_MARK));
      assert.deepEqual(leaks, [], `${what}: token in log lines`);
    }
  }
});

test('a redirect cannot take the request, its body or its headers to another origin', async () => {
  const seen = [];
  const other = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: { guestEmails: [] } }));
    });
  });
  await new Promise((r) => other.listen(0, '127.0.0.1', r));
  const redirector = http.createServer((req, res) => {
    req.resume();
    const status = Number(req.url.split('/')[1]);
    res.writeHead(status, { location: `http://localhost:${other.address().port}/elsewhere` });
    res.end();
  });
  await new Promise((r) => redirector.listen(0, '127.0.0.1', r));
  const problems = [];
  try {
    for (const status of [301, 302, 303, 307, 308]) {
      seen.length = 0;
      const { error, value } = await rejection(lib.sendUsersJoinRoomInvitation(ROOM, BODY(), {
        baseUrl: `http://127.0.0.1:${redirector.address().port}/${status}`, token: TOKEN, headers: { 'X-Api-Key': 'header-secret' }, timeoutMs: 3000, maxRetries: 0,
      }));
      if (seen.length) {
        const s = seen[0];
        problems.push(`${status}: ${s.method} ${s.url} reached the other origin with ${s.body ? 'the body' : 'no body'}${s.headers['x-api-key'] ? ' and X-Api-Key' : ''}${s.headers.authorization ? ' and Authorization' : ''}; the call ${error ? `failed with ${error.name}` : `resolved ${JSON.stringify(value)}`}`);
      } else if (error) {
        assert.equal(typedErrorProblem(lib, error), '', `${status}`);
        assert.match(error.message, /redirect/, `${status}: says why`);
      } else problems.push(`${status}: the call resolved ${JSON.stringify(value)}`);
    }
  } finally {
    redirector.close();
    other.close();
    redirector.closeAllConnections();
    other.closeAllConnections();
  }
  assert.ok(problems.length === 0, `redirects were followed:\n  ${problems.join('\n  ')}`);
});
