// The package's own JS (pkg-template/: node.js, browser.js, errors.js, api.js) on the built package (pkg/, or
// PKG_DIR), in Node: the error classes and their name-based `instanceof`, RoomsInvitationApi's
// options, and browser.js's lazy loading and its failures. No network: calls go to a fake `fetch`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const PKG = path.resolve(process.env.PKG_DIR || path.join(REPO, 'pkg'));
const ROOM = '56f42c1914e2a8a91b99e595';

let tmp;
let node; // pkg/node.js
let copy; // errors.js of a second copy of the package
let browser; // browser.js of a third copy (its own glue instance, never initialised by node.js)

before(async () => {
  assert.ok(fs.existsSync(path.join(PKG, 'rainbow_room_invitations_bg.wasm')), `${PKG} has no .wasm: run \`make build\` first`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rri-entries-'));
  for (const name of ['copy', 'browser']) fs.cpSync(PKG, path.join(tmp, name), { recursive: true });
  node = await import(pathToFileURL(path.join(PKG, 'node.js')));
  copy = await import(pathToFileURL(path.join(tmp, 'copy/errors.js')));
  browser = await import(pathToFileURL(path.join(tmp, 'browser/browser.js')));
});

after(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const CLASSES = {
  RainbowValidationError: 'ERR_VALIDATION',
  RainbowApiError: 'ERR_API',
  RainbowNetworkError: 'ERR_NETWORK',
  RainbowTimeoutError: 'ERR_TIMEOUT',
  RainbowAbortError: 'ERR_ABORTED',
  RainbowResponseError: 'ERR_RESPONSE',
  RainbowNotReadyError: 'ERR_NOT_READY',
};

// A fetch that records what it was given and answers like the server would.
function fakeFetch(status = 200, body = { data: { scenario: 'chat', status: 'Invitations successfully sent', guestEmails: ['a@example.com'] } }) {
  const calls = [];
  const f = async (url, init) => {
    calls.push({ url, init });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'x-rainbow-request-id': 'req-1' } });
  };
  f.calls = calls;
  return f;
}

test('node.js and browser.js export the same values, the ones index.d.ts declares', () => {
  const expected = [
    'ApiClient', 'RainbowAbortError', 'RainbowApiError', 'RainbowError', 'RainbowNetworkError', 'RainbowNotReadyError', 'RainbowResponseError',
    'RainbowTimeoutError', 'RainbowValidationError', 'RoomsInvitationApi', 'SendUserRoomInvitationCancelation',
    'SendUsersJoinRoomInvitation', 'ready', 'sendUserRoomInvitationCancelation', 'sendUsersJoinRoomInvitation',
    'validateCancelation', 'validateJoinInvitation',
  ]; // tests/types/fixtures/consumer.ts checks index.d.ts against the same list
  assert.deepEqual(Object.keys(node).sort(), expected);
  assert.deepEqual(Object.keys(browser).sort(), expected);
  for (const name of expected) assert.equal(typeof node[name], 'function', name);
});

test('error classes built in JS have their name, code, fields, message and cause', () => {
  for (const [name, code] of Object.entries(CLASSES)) {
    const C = node[name];
    assert.equal(C.name, name);
    const cause = new Error('inner');
    const e = new C('what happened', { status: 418, cause });
    assert.equal(e.name, name);
    assert.equal(e.code, code);
    assert.equal(e.message, 'what happened');
    assert.equal(e.status, 418);
    assert.equal(e.cause, cause);
    assert.ok(e.stack.startsWith(`${name}: what happened`), e.stack);
    assert.ok(e instanceof C && e instanceof node.RainbowError && e instanceof Error);
    for (const other of Object.keys(CLASSES).filter((n) => n !== name)) assert.ok(!(e instanceof node[other]), `${name} instanceof ${other}`);
  }
  const base = new node.RainbowError('custom', { code: 'ERR_CUSTOM' });
  assert.equal(base.name, 'RainbowError');
  assert.equal(base.code, 'ERR_CUSTOM');
  assert.ok(base instanceof node.RainbowError);
  assert.ok(!(base instanceof node.RainbowApiError));
  assert.equal(new node.RainbowError('no code').code, 'ERR_RAINBOW');
});

test('instanceof recognises errors by name across copies of the package, and nothing else', () => {
  for (const [name, code] of Object.entries(CLASSES)) {
    const plain = Object.assign(new Error('built elsewhere'), { name, code });
    assert.ok(plain instanceof node[name] && plain instanceof copy[name], name);
    assert.ok(plain instanceof node.RainbowError && plain instanceof copy.RainbowError, name);
    assert.ok(new copy[name]('x') instanceof node[name], `${name} of one copy instanceof the other's`);
    assert.ok(new node[name]('x') instanceof copy.RainbowError);
  }
  const impostors = [
    new TypeError('fetch failed'),
    Object.assign(new Error('no code'), { name: 'RainbowApiError' }),
    Object.assign(new Error('numeric code'), { name: 'RainbowApiError', code: 404 }),
    { name: 'RainbowApiError', code: 'ERR_API', message: 'not an Error' },
    Object.assign(new Error('other library'), { name: 'MyError', code: 'ERR_API' }),
    null,
    undefined,
    'RainbowApiError',
  ];
  for (const v of impostors) {
    assert.ok(!(v instanceof node.RainbowError), `${v && v.name} (${v && v.message}) instanceof RainbowError`);
    assert.ok(!(v instanceof node.RainbowApiError), `${v && v.name} (${v && v.message}) instanceof RainbowApiError`);
  }
});

test('errors built by the WebAssembly module are instances of the exported classes', async () => {
  await assert.rejects(node.sendUsersJoinRoomInvitation('nope', { scenario: 'chat', emails: ['a@example.com'] }), (e) => {
    assert.ok(e instanceof node.RainbowValidationError && e instanceof copy.RainbowValidationError);
    assert.ok(e instanceof node.RainbowError && !(e instanceof node.RainbowApiError));
    assert.equal(e.code, 'ERR_VALIDATION');
    assert.deepEqual(e.errors.map((i) => i.path), ['roomId']);
    return true;
  });
  const f = fakeFetch(404, { errorCode: 404, errorMsg: 'Not Found', errorDetails: 'Room with id … does not exist', errorDetailsCode: 404001 });
  await assert.rejects(node.sendUsersJoinRoomInvitation(ROOM, { scenario: 'chat', emails: ['a@example.com'] }, { fetch: f }), (e) => {
    assert.ok(e instanceof node.RainbowApiError && e instanceof copy.RainbowApiError && e instanceof node.RainbowError);
    assert.equal(e.status, 404);
    assert.equal(e.errorDetailsCode, 404001);
    assert.equal(e.requestId, 'req-1');
    return true;
  });
});

test('RoomsInvitationApi passes its options to every call; a call\'s own options are laid over them', async () => {
  const f = fakeFetch();
  const api = new node.RoomsInvitationApi({ baseUrl: 'http://127.0.0.1:9/prefix', token: 'tok', fetch: f });
  assert.deepEqual(Object.keys(api.options), ['baseUrl', 'token', 'fetch']);

  const r1 = await api.sendUsersJoinRoomInvitation(ROOM, { scenario: 'chat', emails: ['a@example.com'] });
  assert.deepEqual(r1.data.guestEmails, ['a@example.com']);
  const r2 = await api.sendUserRoomInvitationCancelation(ROOM, { scenario: 'chat', emails: ['b@x'] }, { headers: { 'x-extra': '1' } });
  assert.equal(r2.data.scenario, 'chat');
  const r3 = await api.sendUsersJoinRoomInvitationWithHttpInfo(ROOM, { scenario: 'chat', emails: ['a@example.com'] });
  assert.equal(r3.status, 200);
  assert.equal(r3.requestId, 'req-1');
  assert.equal(r3.headers['x-rainbow-request-id'], 'req-1');
  assert.deepEqual(r3.data.data.guestEmails, ['a@example.com']);
  const r4 = await api.sendUserRoomInvitationCancelationWithHttpInfo(ROOM, { emails: ['b@x'] }, { baseUrl: 'http://127.0.0.1:10' });
  assert.equal(r4.status, 200);

  assert.deepEqual(
    f.calls.map((c) => c.url),
    [
      `http://127.0.0.1:9/prefix/api/rainbow/enduser/v1.0/rooms/${ROOM}/invitations`,
      `http://127.0.0.1:9/prefix/api/rainbow/enduser/v1.0/rooms/${ROOM}/invitations/cancel`,
      `http://127.0.0.1:9/prefix/api/rainbow/enduser/v1.0/rooms/${ROOM}/invitations`,
      `http://127.0.0.1:10/api/rainbow/enduser/v1.0/rooms/${ROOM}/invitations/cancel`,
    ],
  );
  const header = (c, n) => Object.entries(c.init.headers).find(([k]) => k.toLowerCase() === n)?.[1];
  assert.ok(f.calls.every((c) => header(c, 'authorization') === 'Bearer tok'), 'the token is sent on every call');
  assert.equal(header(f.calls[1], 'x-extra'), '1');
  assert.equal(header(f.calls[0], 'x-extra'), undefined);
  assert.equal(api.options.headers, undefined, "a call's options do not change the instance's");
});

test('RoomsInvitationApi works with no options (and validates before sending)', async () => {
  const api = new node.RoomsInvitationApi();
  assert.equal(api.options, undefined);
  await assert.rejects(api.sendUsersJoinRoomInvitation(ROOM, { scenario: 'chat' }), (e) => {
    assert.ok(e instanceof node.RainbowValidationError);
    assert.ok(e.errors.some((i) => i.code === 'no_recipients'));
    return true;
  });
  const f = fakeFetch();
  await api.sendUsersJoinRoomInvitation(ROOM, { scenario: 'chat', emails: ['a@example.com'] }, { fetch: f });
  assert.equal(f.calls[0].url, `http://localhost/api/rainbow/enduser/v1.0/rooms/${ROOM}/invitations`, 'Node defaults to http://localhost');
});

test('node.js: everything works at import; ready() resolves at once', async () => {
  assert.equal(await node.ready(), undefined);
  assert.equal(node.validateJoinInvitation(ROOM, { scenario: 'chat', emails: ['a@example.com'] }).valid, true);
});

test('browser.js: validate throws RainbowNotReadyError before ready(); a failed load rejects with it and is retried', async () => {
  assert.throws(() => browser.validateJoinInvitation(ROOM, { scenario: 'chat', emails: ['a@example.com'] }), (e) => {
    assert.ok(e instanceof browser.RainbowNotReadyError && e instanceof node.RainbowNotReadyError);
    assert.equal(e.code, 'ERR_NOT_READY');
    assert.match(e.message, /validateJoinInvitation\(\).*await ready\(\)/);
    return true;
  });
  assert.throws(() => browser.validateCancelation(ROOM, { emails: ['a@x'] }), { name: 'RainbowNotReadyError', code: 'ERR_NOT_READY' });
  // Node's fetch can't read the file: URL of the .wasm, which is how a load failure looks.
  const first = browser.ready();
  assert.equal(browser.ready(), first, 'one load at a time');
  await assert.rejects(first, (e) => {
    assert.ok(e instanceof browser.RainbowNotReadyError);
    assert.match(e.message, /rainbow_room_invitations_bg\.wasm/);
    assert.ok(e.cause instanceof Error, 'the original failure is the cause');
    return true;
  });
  const second = browser.ready();
  assert.notEqual(second, first, 'after a failure, ready() tries again');
  await assert.rejects(second, { name: 'RainbowNotReadyError' });
  await assert.rejects(browser.sendUsersJoinRoomInvitation(ROOM, { scenario: 'chat', emails: ['a@example.com'] }), { code: 'ERR_NOT_READY' });
  await assert.rejects(new browser.RoomsInvitationApi().sendUserRoomInvitationCancelationWithHttpInfo(ROOM, { emails: ['a@x'] }), { code: 'ERR_NOT_READY' });
});

test('every error says attempts and mayHaveBeenDelivered, also one built by an entry or by hand; JSON.stringify carries them', async () => {
  const cause = Object.assign(new Error('inner'), { code: 'E_INNER', secretHeaders: { authorization: 'Bearer x' } });
  const built = [new node.RainbowError('custom', { code: 'ERR_CUSTOM', cause }), new node.RainbowNotReadyError('not yet')];
  const notReady = await browser.ready().then(() => assert.fail('loaded'), (e) => e); // Node can't fetch the file: URL
  for (const e of [...built, notReady]) {
    assert.equal(e.attempts, 0, e.name);
    assert.equal(e.mayHaveBeenDelivered, false, e.name);
    const json = JSON.parse(JSON.stringify(e));
    assert.deepEqual(Object.keys(json).slice(0, 3), ['name', 'code', 'message']);
    assert.equal(json.message, e.message);
    assert.equal(json.attempts, 0);
    assert.equal(json.mayHaveBeenDelivered, false);
  }
  assert.deepEqual(JSON.parse(JSON.stringify(built[0])).cause, { name: 'Error', message: 'inner', code: 'E_INNER' });
  // Fields given win over the defaults.
  const given = new node.RainbowApiError('x', { attempts: 3, mayHaveBeenDelivered: true, correlationId: 'c-1' });
  assert.deepEqual([given.attempts, given.mayHaveBeenDelivered, given.correlationId], [3, true, 'c-1']);
});
