// Every way a call can end keeps nothing per call: not the wasm's memory, not a slot of the table of
// JS values it holds, not the JS heap, not a timer (the process exits as soon as its calls have
// settled), not a listener on the caller's long-lived signal; and each call settles, without an
// unhandled rejection or an uncaught exception. memory.test.mjs covers successes, a 502 and
// validation; this file the failure paths: timeouts, aborts (any reason, in any phase), retries,
// misbehaving fetches, responses and bodies, getToken and loggers, error answers, a real server's
// network faults, getters and Proxy traps of the caller's that throw.
//
// A table slot leaks per JS exception that a binding returning a JS value catches (wasm-bindgen's
// glue files the `undefined` the throwing call left as its result, and the Rust side never frees
// it): such leaked slots hold `undefined`, so the slots counted here are every one not `null` (a
// freed slot is `null`), which counts a leak exactly, where the table's length only grows by steps.
import test, { after } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners, setMaxListeners } from 'node:events';
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import * as api from '../../pkg/node.js';
import { memory, table } from './helpers/wasm-instance.mjs';

const heldSlots = () => {
  let n = 0;
  for (let i = 0; i < table.length; i++) if (table.get(i) !== null) n++;
  return n;
};

// `global.gc` without --expose-gc on the command line.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

const N = 2000;
const ROOM = '56f42c1914e2a8a91b99e595';
const BODY = { scenario: 'chat', emails: ['a@example.com'] };
const OK = '{"data":{"scenario":"chat","status":"Invitations successfully sent"}}';

const problems = { unhandled: [], uncaught: [] };
process.on('unhandledRejection', (r) => problems.unhandled.push(r));
process.on('uncaughtException', (e) => problems.uncaught.push(e));

// The caller's signal, given to every call that has no signal of its own to abort.
const longLived = new AbortController();
setMaxListeners(0, longLived.signal);

const never = () => new Promise(() => {});
// A fetch that never answers, but rejects as its signal aborts (as the platform's does).
const honouring = (_url, init) => new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason), { once: true }));
const REASONS = [undefined, new Error('user left'), 'a string', 42, { why: 'an object' }];
const abortWith = (ac, i) => (i % REASONS.length ? ac.abort(REASONS[i % REASONS.length]) : ac.abort());
const ok = () => new Response(OK, { status: 200, headers: { 'content-type': 'application/json' } });
const bytes = (s) => new TextEncoder().encode(s);
// A body that gives `parts`, then ends as `end` says: 'close', 'error', or never ('open').
const body = (parts, end) => new ReadableStream({
  start(c) {
    for (const p of parts) c.enqueue(bytes(p));
    if (end == 'close') c.close();
    if (end == 'error') c.error(new Error('the body broke off'));
  },
});
const status = (code, text, headers) => async () => new Response(text, { status: code, headers });

// A real server, for the platform's own fetch.
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const json = { 'content-type': 'application/json' };
    switch (req.url.split('/')[1]) {
      case 'ok': return res.writeHead(200, json).end(OK);
      case '401': return res.writeHead(401, json).end('{"errorCode":401,"errorMsg":"Unauthorized","errorDetails":"bad token"}');
      case '404': return res.writeHead(404, json).end('{"errorCode":404,"errorMsg":"Not Found"}');
      case '500': return res.writeHead(500, { 'content-type': 'text/html' }).end('<html>oops</html>');
      case '503': return res.writeHead(503, { 'retry-after': '0' }).end('busy');
      case 'hang': return undefined; // never answers
      case 'stall': return res.writeHead(200, json).write('{"data":'); // a body that never ends
      case 'reset': res.writeHead(200, json).write('{"data":'); return setImmediate(() => res.socket.destroy());
      case 'huge': return res.writeHead(200, json).end(`{"data":"${'x'.repeat(5000)}"}`);
      default: return res.writeHead(400).end();
    }
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const at = (path) => `http://127.0.0.1:${server.address().port}/${path}`;
const closedPort = await new Promise((r) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => r(port));
  });
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const join = (options, body = BODY) => api.sendUsersJoinRoomInvitation(ROOM, body, { signal: longLived.signal, ...options });
const withInfo = new api.RoomsInvitationApi({});
/** A call given a signal of its own, which `abort` aborts: (i, controller) => Promise. */
const ownSignal = (call) => (i) => {
  const ac = new AbortController();
  const p = call(i, ac);
  p.signal = ac.signal;
  return p;
};

/**
 * Runs `n` calls of `path` (`conc` at a time): how they ended (`codes`, by error code or 'ok'),
 * how many started and settled, the listeners left on their own signals.
 */
async function calls(path, n) {
  const out = { started: 0, settled: 0, codes: {}, listeners: 0 };
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      out.started++;
      let p, code;
      try {
        p = path.call(i);
        await p;
        code = 'ok';
      } catch (e) {
        code = p ? e.code : 'a synchronous throw';
      }
      out.codes[code] = (out.codes[code] || 0) + 1;
      out.settled++;
      if (p && p.signal) out.listeners += getEventListeners(p.signal, 'abort').length;
    }
  };
  let timer;
  const stuck = new Promise((r) => (timer = setTimeout(r, 15_000, 'stuck')));
  try {
    await Promise.race([Promise.all(Array.from({ length: path.conc || 1 }, worker)), stuck]);
  } finally {
    clearTimeout(timer);
  }
  return out;
}

/** `path` run `n` times after a warm-up: what the wasm kept, and how the calls went. */
async function measure(path, n = path.n || N) {
  await calls(path, path.warm || 300); // first-use allocations are not growth (as many at a time)
  const before = { slots: table.length, held: heldSlots(), bytes: memory.buffer.byteLength };
  const [unhandled, uncaught] = [problems.unhandled.length, problems.uncaught.length];
  const run = await calls(path, n);
  await new Promise((r) => setImmediate(r)); // a rejection left unhandled is reported a tick later
  return {
    kept: { slots: table.length - before.slots, held: heldSlots() - before.held, bytes: memory.buffer.byteLength - before.bytes },
    run,
    unhandled: problems.unhandled.length - unhandled,
    uncaught: problems.uncaught.length - uncaught,
  };
}

async function check(path) {
  const m = await measure(path);
  const n = path.n || N;
  const what = path.name;
  assert.deepEqual(m.kept, { slots: 0, held: 0, bytes: 0 }, `${what}: kept per call`);
  assert.equal(m.run.settled, n, `${what}: ${m.run.settled} of ${n} calls settled`);
  assert.deepEqual(Object.keys(m.run.codes).sort(), [path.ends].flat().sort(), `${what}: ended ${JSON.stringify(m.run.codes)}`);
  assert.equal(m.unhandled, 0, `${what}: unhandled rejections`);
  assert.equal(m.uncaught, 0, `${what}: uncaught exceptions`);
  assert.equal(m.run.listeners, 0, `${what}: listeners left on the calls' own signals`);
  assert.equal(getEventListeners(longLived.signal, 'abort').length, 0, `${what}: listeners left on the long-lived signal`);
}

const paths = {
  timeouts: [
    { name: 'timeoutMs, a fetch that honours its signal', call: () => join({ timeoutMs: 2, fetch: honouring }), conc: 100, ends: 'ERR_TIMEOUT' },
    { name: 'timeoutMs, a fetch that ignores its signal', call: () => join({ timeoutMs: 2, fetch: never }), conc: 100, ends: 'ERR_TIMEOUT' },
    { name: 'timeoutMs in a body that never ends', call: () => join({ timeoutMs: 2, fetch: async () => new Response(body(['{"data":'], 'open')) }), conc: 100, ends: 'ERR_TIMEOUT' },
    { name: 'totalTimeoutMs while fetch waits', call: () => join({ totalTimeoutMs: 2, fetch: honouring }), conc: 100, ends: 'ERR_TIMEOUT' },
    { name: 'totalTimeoutMs too short for the wait of a retry', call: () => join({ totalTimeoutMs: 5, fetch: status(503, 'busy', { 'retry-after-ms': '3' }) }), conc: 100, ends: 'ERR_API' },
    { name: 'getToken slower than timeoutMs', call: () => join({ timeoutMs: 2, getToken: never, fetch: async () => ok() }), conc: 100, ends: 'ERR_TIMEOUT' },
  ],
  aborts: [
    { name: 'aborted before the call', call: (i) => { const ac = new AbortController(); abortWith(ac, i); return api.sendUsersJoinRoomInvitation(ROOM, BODY, { signal: ac.signal, fetch: async () => ok() }); }, ends: 'ERR_ABORTED' },
    { name: 'aborted in the same tick', call: ownSignal((i, ac) => { const p = api.sendUsersJoinRoomInvitation(ROOM, BODY, { signal: ac.signal, fetch: async () => ok() }); abortWith(ac, i); return p; }), ends: 'ERR_ABORTED' },
    { name: 'aborted while a fetch that honours its signal waits', call: ownSignal((i, ac) => api.sendUsersJoinRoomInvitation(ROOM, BODY, { signal: ac.signal, fetch: (url, init) => { queueMicrotask(() => abortWith(ac, i)); return honouring(url, init); } })), ends: 'ERR_ABORTED' },
    { name: 'aborted while a fetch that ignores its signal waits', call: ownSignal((i, ac) => api.sendUsersJoinRoomInvitation(ROOM, BODY, { signal: ac.signal, fetch: () => { setImmediate(() => abortWith(ac, i)); return never(); } })), ends: 'ERR_ABORTED' },
    { name: 'aborted in a body that never ends', call: ownSignal((i, ac) => api.sendUsersJoinRoomInvitation(ROOM, BODY, { signal: ac.signal, fetch: async () => { setImmediate(() => abortWith(ac, i)); return new Response(body(['{"data":'], 'open')); } })), ends: 'ERR_ABORTED' },
  ],
  retries: [
    { name: '503 with Retry-After: 0, every attempt', call: () => join({ maxRetries: 2, fetch: status(503, 'busy', { 'retry-after': '0' }) }), conc: 50, ends: 'ERR_API' },
    { name: '429, then a success', call: () => { let k = 0; return join({ fetch: async () => (k++ ? ok() : new Response('{"errorCode":429}', { status: 429, headers: { 'retry-after': '0' } })) }); }, conc: 50, ends: 'ok' },
  ],
  fetches: [
    { name: 'a fetch that throws', call: () => join({ fetch: () => { throw new TypeError('no network'); } }), ends: 'ERR_NETWORK' },
    { name: 'a global fetch that throws (a test\'s mock)', call: async () => { const real = globalThis.fetch; globalThis.fetch = () => { throw new TypeError('no route'); }; try { return await join({}); } finally { globalThis.fetch = real; } }, ends: 'ERR_NETWORK' },
    { name: 'a fetch that rejects with a non-Error', call: (i) => join({ fetch: () => Promise.reject(['no', 7, undefined, { x: 1 }][i % 4]) }), ends: 'ERR_NETWORK' },
    { name: 'a fetch that resolves to a non-Response', call: (i) => join({ fetch: async () => [42, null, {}, 'text', []][i % 5] }), ends: 'ERR_NETWORK' },
    { name: 'a fetch that resolves to a Proxy of a Response', call: () => join({ fetch: async () => new Proxy(ok(), { get: (t, k) => { const v = Reflect.get(t, k, t); return typeof v == 'function' ? v.bind(t) : v; } }) }), ends: 'ok' },
    { name: 'a look-alike Response, …WithHttpInfo', call: () => withInfo.sendUsersJoinRoomInvitationWithHttpInfo(ROOM, BODY, { signal: longLived.signal, fetch: async () => ({ status: 200, headers: { get: () => null }, text: async () => OK }) }), ends: 'ok' },
    { name: 'a look-alike Response whose headers.get and text() throw', call: () => join({ fetch: async () => ({ status: 500, headers: { get() { throw new Error('h'); } }, text() { throw new Error('t'); } }) }), ends: 'ERR_NETWORK' },
    { name: 'a body that errors midway', call: () => join({ fetch: async () => new Response(body(['{"data":'], 'error')) }), ends: 'ERR_NETWORK' },
    { name: 'a body over maxResponseBytes, streamed', call: () => join({ maxResponseBytes: 100, fetch: async () => new Response(body([`{"data":"${'x'.repeat(200)}"}`], 'close')) }), ends: 'ERR_RESPONSE' },
    { name: 'a body over maxResponseBytes, by its Content-Length', call: () => join({ maxResponseBytes: 100, fetch: status(200, 'x'.repeat(200), { 'content-length': '200' }) }), ends: 'ERR_RESPONSE' },
  ],
  callbacks: [
    { name: 'getToken throws', call: () => join({ getToken: () => { throw new Error('no token'); }, fetch: async () => ok() }), ends: 'ERR_VALIDATION' },
    { name: 'getToken rejects, with an Error or not', call: (i) => join({ getToken: () => Promise.reject(i % 2 ? new Error('no token') : 'no token'), fetch: async () => ok() }), ends: 'ERR_VALIDATION' },
    { name: 'getToken gives a non-string', call: (i) => join({ getToken: () => [42, null, {}][i % 3], fetch: async () => ok() }), ends: 'ERR_VALIDATION' },
    { name: 'a logger function that throws, logLevel debug', call: () => join({ logLevel: 'debug', logger: () => { throw new Error('log'); }, fetch: status(500, 'x') }), ends: 'ERR_API' },
    { name: 'logger methods that throw or reject, logLevel debug', call: (i) => join({ logLevel: 'debug', logger: i % 2 ? { debug() { throw new Error('d'); }, error() { throw 'e'; } } : { debug: () => Promise.reject(new Error('d')), error: () => Promise.reject('e') }, fetch: status(500, 'x') }), ends: 'ERR_API' },
    { name: 'logLevel debug through a retry', call: () => { let k = 0; return join({ logLevel: 'debug', logger: () => {}, fetch: async () => (k++ ? ok() : new Response('busy', { status: 503, headers: { 'retry-after': '0' } })) }); }, conc: 50, ends: 'ok' },
  ],
  answers: [
    { name: '401, 404, 500 with JSON bodies, and not JSON', call: (i) => join({ fetch: status(...[[401, '{"errorCode":401,"errorMsg":"Unauthorized"}'], [404, '{"errorCode":404}'], [500, '{"errorCode":500}'], [401, 'denied'], [404, '<html></html>'], [500, '']][i % 6]) }), ends: 'ERR_API' },
    { name: 'a JSON body cut short', call: (i) => join({ fetch: status(i % 2 ? 200 : 502, '{"data":{"scenario"') }), ends: ['ERR_API', 'ERR_RESPONSE'] },
    { name: 'a success, …WithHttpInfo', call: () => withInfo.sendUsersJoinRoomInvitationWithHttpInfo(ROOM, BODY, { signal: longLived.signal, fetch: async () => ok() }), ends: 'ok' },
  ],
  validation: [
    // The platform's URL parser throws on what it refuses (as a form validated at each keystroke meets).
    { name: 'a baseUrl the URL parser refuses, validated', call: async () => { const r = api.validateJoinInvitation(ROOM, BODY, { baseUrl: 'http://[::1' }); assert.equal(r.valid, false); }, ends: 'ok' },
    // A Proxy's traps that throw where the reader lists keys or asks for a tag (not a getter's).
    { name: 'a body whose ownKeys or toStringTag trap throws', call: async (i) => { const r = api.validateJoinInvitation(ROOM, new Proxy({}, i % 2 ? { ownKeys() { throw new Error('keys'); } } : { get(t, k) { if (k === Symbol.toStringTag) throw new Error('tag'); return Reflect.get(t, k); } })); assert.equal(r.valid, false); }, ends: 'ok' },
    { name: 'a baseUrl the URL parser refuses, sent', call: () => join({ baseUrl: 'http://exa mple.com', fetch: async () => ok() }), ends: 'ERR_VALIDATION' },
  ],
  getters: [
    { name: 'a Proxy of a Response whose status getter throws', call: () => join({ fetch: async () => new Proxy(ok(), { get: (r, k) => { if (k == 'status') throw new Error('trap'); return Reflect.get(r, k, r); } }) }), ends: 'ERR_NETWORK' },
    { name: 'an option whose getter throws', call: () => api.sendUsersJoinRoomInvitation(ROOM, BODY, { fetch: async () => ok(), get timeoutMs() { throw new Error('getter'); } }), ends: 'ERR_VALIDATION' },
    { name: 'a list item whose getter throws', call: () => { const emails = ['a@example.com']; Object.defineProperty(emails, 1, { get() { throw new Error('item'); }, enumerable: true }); return join({ fetch: async () => ok() }, { scenario: 'chat', emails }); }, ends: 'ERR_VALIDATION' },
    { name: 'a signal whose reason getter throws', call: () => { const signal = { aborted: true, get reason() { throw new Error('reason'); }, addEventListener() {}, removeEventListener() {} }; return api.sendUsersJoinRoomInvitation(ROOM, BODY, { signal, fetch: async () => ok() }); }, ends: 'ERR_ABORTED' },
  ],
  network: [
    { name: 'a server answering 401, 404, 500 (html)', call: (i) => join({ baseUrl: at(['401', '404', '500'][i % 3]) }), conc: 20, n: 200, warm: 60, ends: 'ERR_API' },
    { name: 'a server answering 503 with Retry-After: 0', call: () => join({ baseUrl: at('503'), maxRetries: 1 }), conc: 20, n: 200, warm: 60, ends: 'ERR_API' },
    { name: 'a server, …WithHttpInfo', call: () => withInfo.sendUsersJoinRoomInvitationWithHttpInfo(ROOM, BODY, { baseUrl: at('ok'), signal: longLived.signal }), conc: 20, n: 200, warm: 60, ends: 'ok' },
    { name: 'a server that never answers, timeoutMs', call: () => join({ baseUrl: at('hang'), timeoutMs: 5 }), conc: 50, n: 200, warm: 60, ends: 'ERR_TIMEOUT' },
    { name: 'a body that never ends, timeoutMs', call: () => join({ baseUrl: at('stall'), timeoutMs: 20 }), conc: 50, n: 200, warm: 60, ends: 'ERR_TIMEOUT' },
    { name: 'a server that never answers, aborted', call: ownSignal((i, ac) => { setTimeout(() => abortWith(ac, i), 3); return api.sendUsersJoinRoomInvitation(ROOM, BODY, { baseUrl: at('hang'), signal: ac.signal }); }), conc: 50, n: 200, warm: 60, ends: 'ERR_ABORTED' },
    { name: 'a body that never ends, aborted', call: ownSignal((i, ac) => { setTimeout(() => abortWith(ac, i), 15); return api.sendUsersJoinRoomInvitation(ROOM, BODY, { baseUrl: at('stall'), signal: ac.signal }); }), conc: 50, n: 200, warm: 60, ends: 'ERR_ABORTED' },
    { name: 'a connection reset in the body', call: () => join({ baseUrl: at('reset') }), conc: 20, n: 200, warm: 60, ends: 'ERR_NETWORK' },
    { name: 'a body over maxResponseBytes', call: () => join({ baseUrl: at('huge'), maxResponseBytes: 1000 }), conc: 20, n: 200, warm: 60, ends: 'ERR_RESPONSE' },
    // Waits 0.5 s before its retry: many at a time.
    { name: 'a refused connection, retried', call: () => join({ baseUrl: `http://127.0.0.1:${closedPort}`, maxRetries: 1 }), conc: 150, n: 300, warm: 150, ends: 'ERR_NETWORK' },
  ],
};

for (const [group, list] of Object.entries(paths)) {
  test(`${group}: each call settles and keeps nothing`, async (t) => {
    for (const path of list) await t.test(path.name, () => check(path));
  });
}

test('the JS heap does not grow with failed calls', async () => {
  const mixed = [...paths.timeouts, ...paths.aborts, ...paths.fetches, ...paths.callbacks, ...paths.answers];
  const path = { call: (i) => mixed[i % mixed.length].call(Math.floor(i / mixed.length)), conc: 20 };
  const heap = async () => {
    for (let i = 0; i < 4; i++) {
      gc();
      await new Promise((r) => setImmediate(r));
    }
    return process.memoryUsage().heapUsed;
  };
  const n = 2000;
  await calls(path, n);
  const start = await heap();
  await calls(path, n);
  const first = (await heap()) - start;
  await calls(path, n);
  const second = (await heap()) - start - first;
  // What a second batch adds beyond the first, per call: noise is a few dozen bytes; an error
  // object kept per call is well over a kilobyte.
  assert.ok(second / n < 200, `the heap grew by ${second} bytes over ${n} calls (${first} over the first ${n})`);
});

test('a script exits as soon as its failed calls have settled: no timer outlives its call', async () => {
  // The child's calls leave every timer they could: the default 30 s timeoutMs, a totalTimeoutMs,
  // a wait before a retry, a caller's signal, a stream still open. Each path's last call settles,
  // then the child must exit on its own, at once.
  const script = `
    import * as api from ${JSON.stringify(new URL('../../pkg/node.js', import.meta.url).href)};
    const ROOM = '${ROOM}', BODY = ${JSON.stringify(BODY)};
    const signal = new AbortController().signal;
    (await import('node:events')).setMaxListeners(0, signal);
    const o = { signal, totalTimeoutMs: 60000 };
    const never = () => new Promise(() => {});
    const calls = [
      () => api.sendUsersJoinRoomInvitation(ROOM, BODY, { ...o, timeoutMs: 5, fetch: never }),
      () => api.sendUsersJoinRoomInvitation(ROOM, BODY, { ...o, fetch: () => { throw new Error('x'); } }),
      () => api.sendUsersJoinRoomInvitation(ROOM, BODY, { ...o, fetch: async () => new Response('busy', { status: 503, headers: { 'retry-after': '0' } }) }),
      () => { const ac = new AbortController(); setTimeout(() => ac.abort('bye'), 5); return api.sendUsersJoinRoomInvitation(ROOM, BODY, { signal: ac.signal, totalTimeoutMs: 60000, fetch: never }); },
      () => { const ac = new AbortController(); setTimeout(() => ac.abort(), 5); return api.sendUsersJoinRoomInvitation(ROOM, BODY, { signal: ac.signal, fetch: async () => new Response(new ReadableStream({ start(c) { c.enqueue(new Uint8Array([123])); } })) }); },
      () => api.sendUsersJoinRoomInvitation(ROOM, BODY, { ...o, getToken: () => Promise.reject(new Error('t')), fetch: never }),
      () => api.sendUsersJoinRoomInvitation(ROOM, BODY, { ...o, logLevel: 'debug', logger: () => { throw 1; }, fetch: async () => new Response('x', { status: 500 }) }),
      () => api.sendUsersJoinRoomInvitation(ROOM, BODY, { ...o, baseUrl: ${JSON.stringify(at('hang'))}, timeoutMs: 20 }),
      () => api.sendUsersJoinRoomInvitation(ROOM, BODY, { ...o, baseUrl: ${JSON.stringify(at('stall'))}, timeoutMs: 50 }),
      () => api.sendUsersJoinRoomInvitation(ROOM, BODY, { ...o, baseUrl: 'http://127.0.0.1:${closedPort}', maxRetries: 1 }),
    ];
    const settled = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => calls[i % calls.length]()));
    const failed = settled.filter((s) => s.status == 'rejected').length;
    const t = performance.now();
    process.on('exit', () => console.log(JSON.stringify({ settled: settled.length, failed, exitMs: performance.now() - t })));
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const killer = setTimeout(() => child.kill(), 15_000);
  const code = await new Promise((r) => child.on('exit', r));
  clearTimeout(killer);
  assert.equal(code, 0, `the child exited on its own (it was killed after 15 s otherwise): ${out}`);
  const { settled, failed, exitMs } = JSON.parse(out);
  assert.equal(settled, 50);
  assert.equal(failed, 50);
  assert.ok(exitMs < 1000, `exited ${exitMs} ms after its last call settled`);
});
