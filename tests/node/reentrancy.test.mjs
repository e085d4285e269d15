// Re-entrancy: wherever the wasm calls the caller's JS (getters and Proxy traps on the arguments,
// options, headers and signal; a custom fetch and what it returns; getToken; the logger; abort
// listeners; globals it reads), that JS may call back into the package at once or in a microtask:
// validate, start another call, abort the call's own signal, throw after doing so. Every call then
// still settles as documented (its data, or a typed RainbowError) well within its deadline; nothing
// traps (a WebAssembly.RuntimeError), nothing is left unhandled, and the module keeps working.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { execFile } from 'node:child_process';

import * as rri from '../../pkg/node.js';

const ROOM = '56f42c1914e2a8a91b99e595';
const BODY = () => ({ scenario: 'chat', emails: ['a@example.com'] });
const LONG = () => ({ scenario: 'chat', emails: Array.from({ length: 40 }, (_, i) => `guest${i}@example.com`) });
const OK = '{"data":{"scenario":"chat","status":"Invitations successfully sent"}}';
const TOKEN = 'reentrancy-token-0123456789';
const okRes = () => new Response(OK, { status: 200, headers: { 'content-type': 'application/json' } });
const okFetch = async () => okRes();
const never = () => new Promise(() => {});
const DEADLINE_MS = 2000;
// What a call resolves to, as a plain call gives it.
const DATA = await rri.sendUsersJoinRoomInvitation(ROOM, BODY(), { fetch: okFetch });
const THREW = 'the hook threw after re-entering';

const unhandled = [];
process.on('unhandledRejection', (r) => unhandled.push(r));

/** What `p` settled to, or `{ hung: true }` past the deadline. */
const settled = (p, ms = DEADLINE_MS) => {
  let timer;
  const late = new Promise((r) => { timer = setTimeout(() => r({ hung: true }), ms); });
  return Promise.race([Promise.resolve(p).then((ok) => ({ ok }), (err) => ({ err })), late]).finally(() => clearTimeout(timer));
};
const describeErr = (e) => `${e && e.name}/${e && e.code}: ${e && e.message}`;

// ---- what the caller's JS does when it is called -------------------------------------------

/**
 * A hook that, at its `at`-th call, re-enters the package (`action`) at once or in a microtask.
 * `ctx` collects the calls it started and anything the re-entry threw.
 */
function reentering(ctx, action, mode, at) {
  const act = () => {
    try {
      if (action == 'validate' || action == 'throw') {
        ctx.validations.push(rri.validateJoinInvitation(ROOM, BODY()), rri.validateJoinInvitation(ROOM, LONG()));
        ctx.validations.push(rri.validateCancelation(ROOM, { scenario: 'chat', emails: ['a@example.com'] }));
      }
      if (action == 'send' || action == 'throw') {
        ctx.inner.push(rri.sendUsersJoinRoomInvitation(ROOM, BODY(), { fetch: okFetch }));
        ctx.inner.push(new rri.RoomsInvitationApi({ fetch: okFetch }).sendUsersJoinRoomInvitationWithHttpInfo(ROOM, LONG()).then((info) => info.data));
      }
      if (action == 'abort') ctx.ac.abort(new Error('aborted from inside the call'));
      if (action == 'ready') ctx.inner.push(rri.ready().then(() => DATA));
    } catch (e) {
      ctx.thrown.push(e);
    }
    if (action == 'throw') throw new Error(THREW);
  };
  return () => {
    ctx.hits += 1;
    if (ctx.hits != at) return;
    if (mode == 'sync') return act();
    queueMicrotask(() => {
      try {
        act();
      } catch (e) {
        if (e.message != THREW) ctx.thrown.push(e);
      }
    });
  };
}

// ---- the places the wasm calls the caller's JS ----------------------------------------------
// Each makes a call's arguments [roomId, body, options, form] around hook `h`; `listener`: `h` is
// an event listener, whose throw the platform reports itself (as an uncaught exception), so it is
// not made to throw there; `sites`: how many of `h`'s calls to re-enter at, one at a time.

const stream = (text) => new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode(text)); c.close(); } });
const proxied = (target, h) => new Proxy(target, {
  get: (t, k) => (h(), t[k]),
  ownKeys: (t) => (h(), Reflect.ownKeys(t)),
  getOwnPropertyDescriptor: (t, k) => (h(), Reflect.getOwnPropertyDescriptor(t, k)),
});
/** `obj`, its method `name` made to call `h` first. */
const callingFirst = (obj, name, h) => {
  const method = obj[name];
  obj[name] = function (...args) { h(); return method.apply(this, args); };
  return obj;
};
const ALL_OPTIONS = (ctx) => ({
  fetch: okFetch, token: TOKEN, signal: ctx.ac.signal, timeoutMs: 5000, totalTimeoutMs: 8000, maxRetries: 1,
  logger: () => {}, logLevel: 'debug', headers: { 'x-app': 'reentrancy' }, maxResponseBytes: 100_000,
  baseUrl: 'http://localhost', correlationId: 'reentrancy-1',
});

const HOOKS = {
  'a getter of the body': { make: (h, ctx) => [ROOM, { scenario: 'chat', get emails() { h(); return ['a@example.com']; } }, { fetch: okFetch, signal: ctx.ac.signal }] },
  'Proxy traps of the body': { sites: 4, make: (h, ctx) => [ROOM, proxied(BODY(), h), { fetch: okFetch, signal: ctx.ac.signal }] },
  'Proxy traps of a long list': { sites: 3, make: (h, ctx) => [ROOM, { scenario: 'chat', emails: proxied(LONG().emails, h) }, { fetch: okFetch, signal: ctx.ac.signal }] },
  'toString, valueOf and toPrimitive of the room id': {
    make: (h, ctx) => [{ toString: () => (h(), ROOM), valueOf: () => (h(), ROOM), [Symbol.toPrimitive]: () => (h(), ROOM) }, BODY(), { fetch: okFetch, signal: ctx.ac.signal }],
  },
  'a getter of each option': {
    sites: 12,
    make: (h, ctx) => {
      const o = {};
      for (const [k, v] of Object.entries(ALL_OPTIONS(ctx))) Object.defineProperty(o, k, { enumerable: true, get: () => (h(), v) });
      return [ROOM, BODY(), o];
    },
  },
  'a getter of getToken': {
    make: (h, ctx) => [ROOM, BODY(), Object.defineProperty({ fetch: okFetch, signal: ctx.ac.signal }, 'getToken', { enumerable: true, get: () => (h(), () => TOKEN) })],
  },
  'Proxy traps of the options': { sites: 4, make: (h, ctx) => [ROOM, BODY(), proxied({ fetch: okFetch, signal: ctx.ac.signal, token: TOKEN }, h)] },
  'a getter and Proxy traps of the headers': {
    sites: 2,
    make: (h, ctx) => [ROOM, BODY(), { fetch: okFetch, signal: ctx.ac.signal, headers: proxied({ 'x-a': 'b', get 'x-b'() { h(); return 'c'; } }, () => {}) }],
  },
  "the signal's aborted getter": {
    make: (h, ctx) => {
      const aborted = Object.getOwnPropertyDescriptor(AbortSignal.prototype, 'aborted').get;
      Object.defineProperty(ctx.ac.signal, 'aborted', { get() { h(); return aborted.call(this); } });
      return [ROOM, BODY(), { fetch: okFetch, signal: ctx.ac.signal }];
    },
  },
  "the signal's addEventListener": { make: (h, ctx) => [ROOM, BODY(), { fetch: okFetch, signal: callingFirst(ctx.ac.signal, 'addEventListener', h) }] },
  "a signal's addEventListener that calls the listener at once": {
    make: (h, ctx) => {
      ctx.ac.signal.addEventListener = (_type, listener) => { h(); listener(new Event('abort')); };
      return [ROOM, BODY(), { fetch: okFetch, signal: ctx.ac.signal }];
    },
  },
  "the signal's removeEventListener": { make: (h, ctx) => [ROOM, BODY(), { fetch: okFetch, signal: callingFirst(ctx.ac.signal, 'removeEventListener', h) }] },
  "the signal's reason getter": {
    make: (h, ctx) => {
      Object.defineProperty(ctx.ac.signal, 'reason', { get: () => (h(), new Error('gone')) });
      setTimeout(() => ctx.ac.abort(), 5);
      return [ROOM, BODY(), { fetch: never, signal: ctx.ac.signal }];
    },
  },
  "a listener of the caller's signal as the caller aborts": {
    listener: true,
    make: (h, ctx) => {
      setTimeout(() => { ctx.ac.signal.addEventListener('abort', h); ctx.ac.abort(); }, 5);
      return [ROOM, BODY(), { fetch: never, signal: ctx.ac.signal }];
    },
  },
  "a listener of the attempt's signal as the attempt times out": {
    listener: true,
    make: (h, ctx) => [ROOM, BODY(), { timeoutMs: 20, maxRetries: 0, signal: ctx.ac.signal, fetch: (_u, init) => (init.signal.addEventListener('abort', h), never()) }],
  },
  "a listener of the attempt's signal as totalTimeoutMs ends": {
    listener: true,
    make: (h, ctx) => [ROOM, BODY(), { totalTimeoutMs: 30, signal: ctx.ac.signal, fetch: (_u, init) => (init.signal.addEventListener('abort', h), never()) }],
  },
  "a listener of the attempt's signal as the caller aborts": {
    listener: true,
    make: (h, ctx) => {
      setTimeout(() => ctx.ac.abort(), 5);
      return [ROOM, BODY(), { signal: ctx.ac.signal, fetch: (_u, init) => (init.signal.addEventListener('abort', h), never()) }];
    },
  },
  'a custom fetch': { make: (h, ctx) => [ROOM, BODY(), { signal: ctx.ac.signal, fetch: () => (h(), okRes()) }] },
  'a custom fetch that throws': { make: (h, ctx) => [ROOM, BODY(), { maxRetries: 0, signal: ctx.ac.signal, fetch: () => { h(); throw new TypeError('fetch failed'); } }] },
  "a custom fetch's thenable": { make: (h, ctx) => [ROOM, BODY(), { signal: ctx.ac.signal, fetch: () => ({ then: (resolve) => (h(), resolve(okRes())) }) }] },
  "the constructor getter of a custom fetch's promise": {
    make: (h, ctx) => [ROOM, BODY(), { signal: ctx.ac.signal, fetch: () => Object.defineProperty(Promise.resolve(okRes()), 'constructor', { get: () => (h(), Promise) }) }],
  },
  "a look-alike Response's getters, headers.get and text()": {
    sites: 6,
    make: (h, ctx) => [ROOM, BODY(), {
      signal: ctx.ac.signal,
      fetch: async () => ({
        get type() { h(); return 'basic'; },
        get status() { h(); return 200; },
        headers: { get: (name) => (h(), name == 'content-type' ? 'application/json' : null) },
        get body() { h(); return null; },
        text: () => (h(), Promise.resolve(OK)),
      }),
    }],
  },
  "a look-alike body's getReader, read and its chunks": {
    sites: 6,
    make: (h, ctx) => [ROOM, BODY(), {
      signal: ctx.ac.signal,
      fetch: async () => {
        const reader = stream(OK).getReader();
        const read = () => reader.read().then((c) => ({ get done() { h(); return c.done; }, get value() { h(); return c.value; } }));
        return { status: 200, headers: { get: () => null }, body: { getReader: () => (h(), { read: () => (h(), read()) }) } };
      },
    }],
  },
  'cancel() of a body over maxResponseBytes': {
    make: (h, ctx) => [ROOM, BODY(), {
      maxResponseBytes: 10, signal: ctx.ac.signal,
      fetch: async () => ({ status: 200, headers: { get: (n) => (n == 'content-length' ? '1000' : null) }, body: { cancel: () => (h(), Promise.reject(new Error('x'))) } }),
    }],
  },
  "cancel() of a stream's reader over maxResponseBytes": {
    make: (h, ctx) => [ROOM, BODY(), {
      maxResponseBytes: 10, signal: ctx.ac.signal,
      fetch: async () => ({ status: 200, headers: { get: () => null }, body: { getReader: () => ({ read: async () => ({ done: false, value: new Uint8Array(100) }), cancel: h }) } }),
    }],
  },
  "an error answer's headers.get (Retry-After), then a retry": {
    sites: 8,
    make: (h, ctx) => [ROOM, BODY(), {
      maxRetries: 1, signal: ctx.ac.signal,
      fetch: async () => ({ status: 503, headers: { get: (n) => (h(), n == 'retry-after-ms' ? '5' : null) }, body: null, text: async () => '' }),
    }],
  },
  "a redirect's headers.get (Location)": {
    sites: 5,
    make: (h, ctx) => [ROOM, BODY(), { signal: ctx.ac.signal, fetch: async () => ({ status: 302, headers: { get: (n) => (h(), n == 'location' ? 'https://elsewhere.example/' : null) }, text: async () => '' }) }],
  },
  "…WithHttpInfo: the answer's headers, iterated": {
    make: (h, ctx) => [ROOM, BODY(), { signal: ctx.ac.signal, fetch: async () => ({ status: 200, headers: { get: () => null, *[Symbol.iterator]() { h(); yield ['x-a', 'b']; } }, text: async () => OK }) }, 'info'],
  },
  "the getters of fetch's error (cause, code), scrubbed of the token": {
    sites: 5,
    make: (h, ctx) => [ROOM, BODY(), {
      maxRetries: 0, token: TOKEN, signal: ctx.ac.signal,
      fetch: async () => {
        const e = new Error(`failed with ${TOKEN}`);
        Object.defineProperty(e, 'code', { enumerable: true, get: () => (h(), 'ECONNRESET') });
        Object.defineProperty(e, 'cause', { get: () => (h(), { code: 'ECONNRESET' }) });
        throw e;
      },
    }],
  },
  "the getters of an abort's reason, scrubbed of the token": {
    sites: 3,
    make: (h, ctx) => {
      setTimeout(() => ctx.ac.abort({ get name() { h(); return 'Why'; }, get message() { h(); return `left ${TOKEN}`; }, get code() { h(); return 'X'; } }), 5);
      return [ROOM, BODY(), { token: TOKEN, signal: ctx.ac.signal, fetch: never }];
    },
  },
  getToken: { make: (h, ctx) => [ROOM, BODY(), { signal: ctx.ac.signal, fetch: okFetch, getToken: () => (h(), TOKEN) }] },
  'getToken that throws': { make: (h, ctx) => [ROOM, BODY(), { signal: ctx.ac.signal, fetch: okFetch, getToken: () => { h(); throw new Error('no token'); } }] },
  "getToken's thenable": { make: (h, ctx) => [ROOM, BODY(), { signal: ctx.ac.signal, fetch: okFetch, getToken: () => ({ then: (resolve) => (h(), resolve(TOKEN)) }) }] },
  'a logger function': { sites: 2, make: (h, ctx) => [ROOM, BODY(), { logLevel: 'debug', signal: ctx.ac.signal, fetch: okFetch, logger: h }] },
  "a logger's methods, on success and on failure": {
    sites: 2,
    make: (h, ctx) => [ROOM, { scenario: 'chat', emails: ['a@example.com', 'a@example.com'] }, {
      logLevel: 'debug', maxRetries: 0, signal: ctx.ac.signal, fetch: async () => { throw new TypeError('fetch failed'); },
      logger: { debug: h, info: h, warn: h, error: h },
    }],
  },
  "a logger's method getters": { sites: 3, make: (h, ctx) => [ROOM, BODY(), { logLevel: 'debug', signal: ctx.ac.signal, fetch: okFetch, logger: { get debug() { h(); return () => {}; }, get log() { h(); return () => {}; } } }] },
  "a logger's thenable answer": { make: (h, ctx) => [ROOM, BODY(), { logLevel: 'debug', signal: ctx.ac.signal, fetch: okFetch, logger: () => ({ then: (_, reject) => (h(), reject(new Error('x'))) }) }] },
  'globalThis.fetch replaced by a function': {
    make: (h, ctx) => (ctx.global('fetch', { value: async () => (h(), okRes()) }), [ROOM, BODY(), { signal: ctx.ac.signal }]),
  },
  'globalThis.fetch replaced by a getter': {
    sites: 2,
    make: (h, ctx) => (ctx.global('fetch', { get: () => (h(), okFetch) }), [ROOM, BODY(), { signal: ctx.ac.signal }]),
  },
  'globalThis.location replaced by a getter': {
    sites: 3,
    make: (h, ctx) => (ctx.global('location', { get: () => (h(), undefined) }), [ROOM, BODY(), { signal: ctx.ac.signal, fetch: okFetch }]),
  },
  "an ApiClient's getters": {
    make: (h, ctx) => {
      const client = Object.defineProperty(new rri.ApiClient(), 'basePath', { get: () => (h(), 'http://localhost') });
      return [ROOM, BODY(), { signal: ctx.ac.signal, fetch: okFetch }, new rri.RoomsInvitationApi(client)];
    },
  },
};

const ACTIONS = ['validate', 'send', 'abort', 'throw', 'ready'];

/** One call around one hook, re-entering at its `at`-th call: what went wrong, if anything. */
async function reenter(hook, action, mode, at) {
  const ctx = { ac: new AbortController(), inner: [], validations: [], thrown: [], hits: 0, restore: [] };
  ctx.global = (name, desc) => {
    const before = Object.getOwnPropertyDescriptor(globalThis, name);
    Object.defineProperty(globalThis, name, { configurable: true, ...desc });
    ctx.restore.push(() => (before ? Object.defineProperty(globalThis, name, before) : delete globalThis[name]));
  };
  const wrong = [];
  let outer;
  try {
    const [roomId, body, options, form] = hook.make(reentering(ctx, action, mode, at), ctx);
    outer = form instanceof rri.RoomsInvitationApi
      ? form.sendUsersJoinRoomInvitation(roomId, body, options)
      : form == 'info'
        ? new rri.RoomsInvitationApi(options).sendUsersJoinRoomInvitationWithHttpInfo(roomId, body).then((info) => info.data)
        : rri.sendUsersJoinRoomInvitation(roomId, body, options);
  } catch (e) {
    wrong.push(`the call threw ${describeErr(e)}`);
  }
  const result = await settled(outer);
  for (const undo of ctx.restore.reverse()) undo();
  // The call's own end: its data, or a typed error (never a bare Error, nor a trap).
  if (result.hung) wrong.push('the call never settled');
  else if ('ok' in result) assert.deepEqual(result.ok, DATA);
  else if (!(result.err instanceof rri.RainbowError) || result.err.code == 'ERR_INTERNAL' || !/^Rainbow/.test(result.err.name)) {
    wrong.push(`the call rejected with ${describeErr(result.err)}`);
  }
  // The calls started from inside it succeed.
  for (const [i, r] of (await Promise.all(ctx.inner.map((p) => settled(p)))).entries()) {
    if (r.hung) wrong.push(`inner call ${i} never settled`);
    else if ('err' in r) wrong.push(`inner call ${i} rejected with ${describeErr(r.err)}`);
    else assert.deepEqual(r.ok, DATA);
  }
  for (const v of ctx.validations) if (v.valid !== true) wrong.push(`an inner validation said ${JSON.stringify(v)}`);
  for (const e of ctx.thrown) wrong.push(`re-entering threw ${describeErr(e)}`);
  return wrong;
}

/** The module still works: a validation, and a call that succeeds. */
async function stillWorks() {
  assert.equal(rri.validateJoinInvitation(ROOM, BODY()).valid, true);
  const after = await settled(rri.sendUsersJoinRoomInvitation(ROOM, BODY(), { fetch: okFetch }));
  assert.ok(!after.hung, 'a later call never settled');
  assert.ok('ok' in after, `a later call rejected with ${describeErr(after.err)}`);
  assert.deepEqual(after.ok, DATA);
}

describe('each place the wasm calls the caller’s JS, re-entered', () => {
  for (const [name, hook] of Object.entries(HOOKS)) {
    test(name, async () => {
      const wrong = [];
      for (let at = 1; at <= (hook.sites || 1); at++) {
        for (const action of ACTIONS) {
          for (const mode of ['sync', 'microtask']) {
            if (hook.listener && action == 'throw' && mode == 'sync') continue;
            const found = await reenter(hook, action, mode, at);
            wrong.push(...found.map((w) => `${action} (${mode}, at call ${at} of the hook): ${w}`));
          }
        }
      }
      assert.deepEqual(wrong, []);
      assert.deepEqual(unhandled.splice(0), []);
      await stillWorks();
    });
  }
});

// Globals the module reads once, on its first use of them: each made to re-enter the package,
// in a Node process of its own, so that its first use is that call.
const PKG = new URL('../../pkg/node.js', import.meta.url).href;
const firstUse = (setup, call) => `
  const ROOM = ${JSON.stringify(ROOM)};
  const BODY = () => ({ scenario: 'chat', emails: ['a@example.com'] });
  const LONG = () => ({ scenario: 'chat', emails: Array.from({ length: 40 }, (_, i) => 'guest' + i + '@example.com') });
  const fetch = async () => new Response(${JSON.stringify(OK)}, { status: 200 });
  const problems = [];
  process.on('unhandledRejection', (r) => problems.push(String(r)));
  process.on('uncaughtException', (e) => problems.push(String(e)));
  let rri;
  const inner = [];
  // Re-enters the package (once it is loaded): a validation and two calls.
  let busy = false;
  const reenter = () => {
    if (!rri || busy || inner.length >= 4) return;
    busy = true;
    try {
      inner.push(rri.sendUsersJoinRoomInvitation(ROOM, BODY(), { fetch }), rri.sendUserRoomInvitationCancelation(ROOM, BODY(), { fetch }));
      if (rri.validateJoinInvitation(ROOM, LONG()).valid !== true) problems.push('an inner validation failed');
    } catch (e) {
      problems.push('re-entering threw ' + e);
    }
    busy = false;
  };
  ${setup}
  rri = await import(${JSON.stringify(PKG)});
  const outer = ${call};
  const late = (p) => Promise.race([p, new Promise((_, reject) => setTimeout(() => reject(new Error('never settled')), ${DEADLINE_MS}).unref())]);
  const show = (r) => r.status == 'fulfilled' ? 'data' : (r.reason && r.reason.name) + '/' + (r.reason && r.reason.code) + ': ' + (r.reason && r.reason.message);
  // The calls started from inside it, once it has run (a correlation id is made after a tick).
  await Promise.allSettled([late(outer)]);
  const calls = [outer, ...inner];
  const results = (await Promise.allSettled(calls.map(late))).map(show);
  const later = show((await Promise.allSettled([late(rri.sendUsersJoinRoomInvitation(ROOM, BODY(), { fetch }))]))[0]);
  console.log(JSON.stringify({ results, inner: calls.length - 1, later, valid: rri.validateJoinInvitation(ROOM, BODY()).valid, problems }));
`;
const run = (script) => new Promise((resolve, reject) => {
  execFile(process.execPath, ['--input-type=module', '-e', script], { timeout: 8000 }, (err, stdout, stderr) => {
    if (err) return reject(new Error(`${err.message}\n${stderr}`));
    resolve(JSON.parse(stdout.trim().split('\n').pop()));
  });
});

const FIRST_USE = {
  // wasm-bindgen-futures' task queue reads globalThis.queueMicrotask as it is made: made inside
  // the first call, a getter there that started another call trapped (the queue half made).
  'globalThis.queueMicrotask, a getter': [
    "const real = globalThis.queueMicrotask; Object.defineProperty(globalThis, 'queueMicrotask', { configurable: true, get() { reenter(); return real; } });",
    'rri.sendUsersJoinRoomInvitation(ROOM, BODY(), { fetch })',
  ],
  'globalThis.queueMicrotask, a function': [
    'const real = globalThis.queueMicrotask; globalThis.queueMicrotask = (f) => { reenter(); return real(f); };',
    'rri.sendUsersJoinRoomInvitation(ROOM, BODY(), { fetch })',
  ],
  // The correlation id's crypto.randomUUID, looked up on the first call that needs one.
  'globalThis.crypto, a getter': [
    "const real = globalThis.crypto; Object.defineProperty(globalThis, 'crypto', { configurable: true, get() { reenter(); return real; } });",
    'rri.sendUsersJoinRoomInvitation(ROOM, BODY(), { fetch })',
  ],
  'crypto.randomUUID, a function': [
    'const c = globalThis.crypto; const real = c.randomUUID; c.randomUUID = function () { reenter(); return real.call(c); };',
    'rri.sendUsersJoinRoomInvitation(ROOM, BODY(), { fetch })',
  ],
  // The TextEncoder that reads long lists, made on the first validation of one.
  'globalThis.TextEncoder, a subclass': [
    'const Real = globalThis.TextEncoder; globalThis.TextEncoder = class extends Real { constructor() { super(); reenter(); } };',
    'Promise.resolve(rri.validateJoinInvitation(ROOM, LONG())).then((r) => (r.valid ? r : Promise.reject(new Error(JSON.stringify(r)))))',
  ],
  // The platform's fetch, read as the module loads and at each call.
  'globalThis.fetch, a getter': [
    "Object.defineProperty(globalThis, 'fetch', { configurable: true, get() { reenter(); return fetch; } });",
    'rri.sendUsersJoinRoomInvitation(ROOM, BODY())',
  ],
};

describe('globals read on their first use, re-entered', () => {
  for (const [name, [setup, call]] of Object.entries(FIRST_USE)) {
    test(name, async () => {
      const out = await run(firstUse(setup, call));
      assert.ok(out.inner > 0, 'the hook never re-entered the package');
      assert.deepEqual(out.results, Array(1 + out.inner).fill('data'));
      assert.deepEqual(out.problems, []);
      assert.equal(out.later, 'data');
      assert.equal(out.valid, true);
    });
  }
});
