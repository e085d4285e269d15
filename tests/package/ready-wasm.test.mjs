// browser.js's ready(wasm), in Node: the app hands the module over itself, as bytes, a
// WebAssembly.Module, a Response or a Promise of one (Node's fetch can't read the file: URL that
// browser.js finds by default, so a load from the default place fails here, as a bundler's 404
// would). Each case imports a fresh copy of the built package (its own glue, never loaded).
// Chromium loads it from URLs in tests/package/bundlers.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PKG = path.resolve(process.env.PKG_DIR || path.join(HERE, '../..', 'pkg'));
const ROOM = '56f42c1914e2a8a91b99e595';
const BODY = { scenario: 'chat', emails: ['a@example.com'] };

let tmp;
let bytes;
let copies = 0;

before(() => {
  assert.ok(fs.existsSync(path.join(PKG, 'rainbow_room_invitations_bg.wasm')), `${PKG} has no .wasm: run \`make build\` first`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rri-ready-'));
  bytes = fs.readFileSync(path.join(PKG, 'rainbow_room_invitations_bg.wasm'));
});

after(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** browser.js of a fresh copy of the package. */
async function freshBrowserEntry() {
  const dir = path.join(tmp, `copy-${(copies += 1)}`);
  fs.cpSync(PKG, dir, { recursive: true });
  return import(pathToFileURL(path.join(dir, 'browser.js')));
}

// A fetch that answers like the server.
const okFetch = () => {
  const f = async (url) => {
    f.urls.push(url);
    return new Response(JSON.stringify({ data: { scenario: 'chat', status: 'Invitations successfully sent', guestEmails: ['a@example.com'] } }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
  f.urls = [];
  return f;
};

const wasmResponse = () => new Response(bytes, { headers: { 'content-type': 'application/wasm' } });

for (const [form, make] of [
  ['bytes (a Uint8Array)', () => new Uint8Array(bytes)],
  ['bytes (an ArrayBuffer)', () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)],
  ['a WebAssembly.Module', () => new WebAssembly.Module(bytes)],
  ['a Response', wasmResponse],
  ['a Promise of a Response', () => Promise.resolve(wasmResponse())],
  ['a Promise of bytes', () => Promise.resolve(new Uint8Array(bytes))],
  ['a Promise of a WebAssembly.Module', () => WebAssembly.compile(bytes)],
]) {
  test(`ready(wasm) with ${form}: loads it; validate and send work`, async () => {
    const rri = await freshBrowserEntry();
    assert.throws(() => rri.validateJoinInvitation(ROOM, BODY), { code: 'ERR_NOT_READY' });
    const loaded = rri.ready(make());
    assert.equal(rri.ready(), loaded, 'ready() without an argument waits for the same load');
    assert.equal(await loaded, undefined);
    assert.equal(rri.validateJoinInvitation(ROOM, BODY).valid, true);
    const f = okFetch();
    const r = await rri.sendUsersJoinRoomInvitation(ROOM, BODY, { baseUrl: 'http://127.0.0.1:9', fetch: f });
    assert.deepEqual(r.data.guestEmails, ['a@example.com']);
    assert.equal(f.urls.length, 1);
    // Once loaded, ready() resolves at once, whatever it is given.
    await rri.ready();
    await rri.ready('http://127.0.0.1:9/elsewhere.wasm');
  });
}

test('calls made before ready(wasm) resolved wait for that load, and then send', async () => {
  const rri = await freshBrowserEntry();
  const f = okFetch();
  const options = { baseUrl: 'http://127.0.0.1:9', fetch: f };
  const first = rri.sendUsersJoinRoomInvitation(ROOM, BODY, options);
  const loading = rri.ready(new Uint8Array(bytes));
  const second = new rri.RoomsInvitationApi(options).sendUserRoomInvitationCancelationWithHttpInfo(ROOM, { emails: ['a@x'] });
  const [a, b] = await Promise.all([first, second]);
  assert.deepEqual(a.data.guestEmails, ['a@example.com']);
  assert.equal(b.status, 200);
  await loading;
  assert.equal(f.urls.length, 2);
});

test('a call that began loading from the default place goes on with ready(wasm) when that load fails', async () => {
  const rri = await freshBrowserEntry();
  const f = okFetch();
  // The call begins the default load (which fails in Node, as a 404 would in a browser) ...
  const call = rri.sendUsersJoinRoomInvitation(ROOM, BODY, { baseUrl: 'http://127.0.0.1:9', fetch: f });
  // ... and validate before any load throws, and begins nothing new.
  assert.throws(() => rri.validateCancelation(ROOM, { emails: ['a@x'] }), { code: 'ERR_NOT_READY' });
  await rri.ready(new WebAssembly.Module(bytes));
  const r = await call;
  assert.equal(r.data.status, 'Invitations successfully sent');
  assert.equal(f.urls.length, 1);
});

test('ready(wasm) with something that is not the module: RainbowNotReadyError that says what to give; a later ready(wasm) loads', async () => {
  const rri = await freshBrowserEntry();
  // Another module: it imports a function m.f, which the package's imports lack (a LinkError).
  const other = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 2, 7, 1, 1, 109, 1, 102, 0, 0]);
  assert.ok(WebAssembly.validate(other));
  for (const bad of [new Uint8Array([1, 2, 3]), other, 42, new Response('not found', { status: 404 })]) {
    await assert.rejects(rri.ready(bad), (e) => {
      assert.ok(e instanceof rri.RainbowNotReadyError, String(e));
      assert.equal(e.code, 'ERR_NOT_READY');
      assert.match(e.message, /^Could not load the module handed to ready\(wasm\) \(.+\): serve rainbow_room_invitations_bg\.wasm next to the package's JS as application\/wasm, or hand it to ready\(wasm\) as a URL, a Response, bytes or a WebAssembly\.Module/);
      assert.ok(e.cause instanceof Error, 'the original failure is the cause');
      assert.equal(e.attempts, 0);
      assert.equal(e.mayHaveBeenDelivered, false);
      return true;
    });
  }
  // A call after a failure tries the last wasm given again, and fails the same way, sending nothing.
  const f = okFetch();
  await assert.rejects(rri.sendUsersJoinRoomInvitation(ROOM, BODY, { fetch: f }), { name: 'RainbowNotReadyError' });
  assert.equal(f.urls.length, 0);
  await rri.ready(new Uint8Array(bytes));
  assert.equal(rri.validateJoinInvitation(ROOM, BODY).valid, true);
});

test("ready(wasm) with another module that instantiates (an empty one): RainbowNotReadyError, then and on every later call", async () => {
  const rri = await freshBrowserEntry();
  const empty = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
  // The first load fails inside wasm-bindgen's glue (the module has no start function, whose
  // export name the build shortened); the glue keeps that module, so every later load is refused
  // by the entry's own check.
  await assert.rejects(rri.ready(empty), (e) => e.code === 'ERR_NOT_READY' && /\(wasm\.[\w$]+ is not a function\)/.test(e.message));
  await assert.rejects(rri.sendUsersJoinRoomInvitation(ROOM, BODY, { fetch: okFetch() }), (e) => e.code === 'ERR_NOT_READY' && /not this package's module/.test(e.message));
  assert.throws(() => rri.validateJoinInvitation(ROOM, BODY), { code: 'ERR_NOT_READY' });
});

test('without ready(wasm), a failed load says to serve the .wasm next to the JS or to hand it to ready(wasm)', async () => {
  const rri = await freshBrowserEntry();
  await assert.rejects(rri.ready(), (e) => {
    assert.match(e.message, /^Could not load rainbow_room_invitations_bg\.wasm \(.+\): serve rainbow_room_invitations_bg\.wasm next to the package's JS as application\/wasm, or hand it to ready\(wasm\)/);
    assert.equal(e.attempts, 0);
    assert.equal(e.mayHaveBeenDelivered, false);
    return true;
  });
});

// An IIFE bundle (esbuild's --format=iife) has an empty import.meta.url, so the default place of
// the .wasm can't be made: each call and ready() reject with RainbowNotReadyError (never throw),
// and the module handed to ready(wasm) rescues a call made just before it.
test('browser.js in a bundle without import.meta.url: calls reject with RainbowNotReadyError, and ready(wasm) rescues them', async () => {
  const { buildSync } = await import('esbuild');
  const dir = path.join(tmp, `iife-${(copies += 1)}`);
  fs.cpSync(PKG, dir, { recursive: true });
  const out = buildSync({ entryPoints: [path.join(dir, 'browser.js')], bundle: true, format: 'iife', globalName: 'rri', write: false, logLevel: 'silent' });
  const rri = new Function(`${out.outputFiles[0].text}; return rri;`)();
  const f = okFetch();
  const options = { baseUrl: 'http://127.0.0.1:9', fetch: f };
  let call;
  assert.doesNotThrow(() => (call = rri.sendUsersJoinRoomInvitation(ROOM, BODY, options)));
  await assert.rejects(call, (e) => e instanceof rri.RainbowNotReadyError && /ready\(wasm\)/.test(e.message));
  let load;
  assert.doesNotThrow(() => (load = rri.ready()));
  await assert.rejects(load, { code: 'ERR_NOT_READY' });
  assert.equal(f.urls.length, 0);
  const rescued = rri.sendUsersJoinRoomInvitation(ROOM, BODY, options);
  rri.ready(new Uint8Array(bytes));
  assert.deepEqual((await rescued).data.guestEmails, ['a@example.com']);
});

// A call that waits for the load still ends when its signal aborts, with nothing sent, as the
// module would end it: a load can take long, or never end.
test("a call waiting for the load ends when its signal aborts, nothing sent; others go on once it's loaded", async () => {
  const rri = await freshBrowserEntry();
  let deliver;
  rri.ready(new Promise((resolve) => (deliver = resolve)));
  const f = okFetch();
  const options = (signal) => ({ baseUrl: 'http://127.0.0.1:9', fetch: f, signal });
  const controller = new AbortController();
  const aborted = rri.sendUsersJoinRoomInvitation(ROOM, BODY, options(controller.signal));
  const before = rri.sendUserRoomInvitationCancelation(ROOM, { emails: ['a@x'] }, options(AbortSignal.abort('gone')));
  // As AbortSignal.timeout() fires (whose own timer doesn't keep Node's event loop alive).
  const timer = new AbortController();
  const timedOut = rri.sendUsersJoinRoomInvitation(ROOM, BODY, options(timer.signal));
  const kept = new AbortController();
  const goesOn = rri.sendUsersJoinRoomInvitation(ROOM, BODY, options(kept.signal));
  controller.abort(new Error('user left'));
  timer.abort(new DOMException('The operation timed out.', 'TimeoutError'));
  const e = await aborted.catch((x) => x);
  assert.ok(e instanceof rri.RainbowAbortError, String(e));
  assert.equal(e.reason.message, 'user left');
  assert.equal(e.attempts, 0);
  assert.equal(e.mayHaveBeenDelivered, false);
  await assert.rejects(before, (x) => x instanceof rri.RainbowAbortError && x.reason === 'gone');
  await assert.rejects(timedOut, (x) => x instanceof rri.RainbowTimeoutError && x.reason.name === 'TimeoutError');
  deliver(new Uint8Array(bytes));
  assert.deepEqual((await goesOn).data.guestEmails, ['a@example.com']);
  kept.abort(); // after the call: nothing to end
  assert.equal(f.urls.length, 1, 'only the call not aborted was sent');
});
