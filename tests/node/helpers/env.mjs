// Shared set-up for the Node integration tests (tests/node/integration-*.test.mjs).
// The package is used exactly as built (pkg/node.js) and talks real TCP to the local mock server
// (www/mock-server.mjs) on 127.0.0.1.
import assert from 'node:assert/strict';
import net from 'node:net';
import { inspect } from 'node:util';
import { before, beforeEach, after } from 'node:test';

import * as rri from '../../../pkg/node.js';
import { startMockServer, SEED } from '../../../www/mock-server.mjs';

export { rri, SEED, startMockServer };

/** The bearer token every token-carrying call of the suite uses; it must never leak into an error. */
export const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.SECRET-TOKEN-7f3a9c1e5b.sig-Qw3rTy';
/** A distinctive part of TOKEN: finding it anywhere means the token leaked, even if cut or re-encoded. */
export const TOKEN_MARK = 'SECRET-TOKEN-7f3a9c1e5b';

export const API_BASE = '/api/rainbow/enduser/v1.0/rooms/';
export const invitePath = (roomId) => `${API_BASE}${roomId}/invitations`;
export const cancelPath = (roomId) => `${API_BASE}${roomId}/invitations/cancel`;

/** Hex ids that are well formed but unknown to the mock (only used where the server is scripted). */
export const HEX = {
  a: 'aaaaaaaaaaaaaaaaaaaaaaaa',
  b: 'bbbbbbbbbbbbbbbbbbbbbbbb',
  c: '0123456789abcdef01234567',
};

export const ERROR_CLASSES = [
  ['RainbowValidationError', 'ERR_VALIDATION'],
  ['RainbowApiError', 'ERR_API'],
  ['RainbowNetworkError', 'ERR_NETWORK'],
  ['RainbowTimeoutError', 'ERR_TIMEOUT'],
  ['RainbowAbortError', 'ERR_ABORTED'],
  ['RainbowResponseError', 'ERR_RESPONSE'],
];
const CODE_OF = Object.fromEntries(ERROR_CLASSES);

/**
 * Starts one mock server for the current test file (before), clears its log and scripts before every
 * test (beforeEach) and closes it after the file (after). Returns a holder whose `.mock` is the server.
 */
export function useMock(options = {}) {
  const holder = { mock: null };
  before(async () => {
    holder.mock = await startMockServer({ port: 0, host: '127.0.0.1', quiet: true, ...options });
    assert.match(holder.mock.url, /^http:\/\/127\.0\.0\.1:\d+\/?$/, 'mock.url must be http://127.0.0.1:<port>');
    // Node loads its fetch (undici) on first use, which can take longer than the short timeouts
    // some tests use: load it now, with a request the mock does not record.
    await (await fetch(`${baseOf(holder.mock)}/mock/state`)).arrayBuffer();
  });
  beforeEach(() => holder.mock.reset());
  after(async () => {
    if (holder.mock) await holder.mock.close();
  });
  return holder;
}

/** The mock's base URL without a trailing slash. */
export const baseOf = (mock) => String(mock.url).replace(/\/+$/, '');

/** The requests the mock received on the API (anything under /api/). */
export const apiRequests = (mock) => mock.requests.filter((r) => String(r.path).startsWith('/api/'));

/** The only API request the mock received; fails if there were none or several. */
export function onlyRequest(mock) {
  const reqs = apiRequests(mock);
  assert.equal(reqs.length, 1, `expected exactly one API request, got ${reqs.length}: ${JSON.stringify(reqs.map((r) => `${r.method} ${r.path}`))}`);
  return reqs[0];
}

/** The parsed JSON body of a received request (parsing `body` ourselves, not trusting `json`). */
export function jsonOf(req) {
  assert.equal(typeof req.body, 'string', 'mock request body must be raw text');
  let parsed;
  assert.doesNotThrow(() => { parsed = JSON.parse(req.body); }, `request body is not JSON: ${req.body}`);
  return parsed;
}

/** A TCP port on 127.0.0.1 with nothing listening (bound then released). */
export async function closedPort() {
  const srv = net.createServer();
  await new Promise((resolve, reject) => srv.listen(0, '127.0.0.1', resolve).on('error', reject));
  const { port } = srv.address();
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/** Runs fn, returns [outcome, elapsedMs] where outcome is { value } or { error }. */
export async function timed(fn) {
  const t0 = performance.now();
  try {
    const value = await fn();
    return [{ value }, performance.now() - t0];
  } catch (error) {
    return [{ error }, performance.now() - t0];
  }
}

/** Walks every own property (enumerable or not), nested objects, arrays and causes of `value`. */
function* walk(value, path = 'error', seen = new Set(), depth = 0) {
  if (value === null || value === undefined) return;
  if (typeof value === 'string') { yield [path, value]; return; }
  if (typeof value !== 'object' && typeof value !== 'function') { yield [path, String(value)]; return; }
  if (seen.has(value) || depth > 6) return;
  seen.add(value);
  if (typeof value === 'function') return;
  let keys = [];
  try { keys = Reflect.ownKeys(value); } catch { return; }
  for (const key of keys) {
    let v;
    try { v = value[key]; } catch { continue; }
    yield* walk(v, `${path}.${String(key)}`, seen, depth + 1);
  }
  // Headers, Map and the like keep their content out of own properties.
  if (typeof value.entries === 'function' && !Array.isArray(value)) {
    try {
      for (const [k, v] of value.entries()) yield* walk(v, `${path}<${String(k)}>`, seen, depth + 1);
    } catch { /* not iterable after all */ }
  }
}

/** Fails when the token (or its distinctive part) appears anywhere in an error. */
export function assertNoToken(err, token = TOKEN) {
  const marks = [token, TOKEN_MARK];
  const check = (where, text) => {
    for (const m of marks) assert.ok(!String(text).includes(m), `the token leaked into ${where}: ${String(text).slice(0, 300)}`);
  };
  check('message', err?.message);
  check('stack', err?.stack);
  check('String(error)', String(err));
  let json;
  try { json = JSON.stringify(err); } catch (e) { json = `<JSON.stringify threw ${e}>`; }
  check('JSON.stringify(error)', json);
  // What a console or a logger shows: everything, hidden properties and collections' entries too.
  check('util.inspect(error)', inspect(err, { depth: Infinity, showHidden: true }));
  for (const [where, text] of walk(err)) check(where, text);
}

/**
 * Asserts that `err` is the package's error of class `name` (name, code, instanceof of the exported
 * class and of RainbowError and Error, non-empty message, no token anywhere) and returns it.
 */
export function assertRainbowError(err, name) {
  assert.ok(err instanceof Error, `expected an Error, got ${Object.prototype.toString.call(err)}: ${safe(err)}`);
  assert.equal(err.name, name, `expected ${name}, got ${err.name}: ${err.message}`);
  assert.equal(err.code, CODE_OF[name], `${name}.code`);
  assert.equal(typeof rri[name], 'function', `${name} must be exported`);
  assert.ok(err instanceof rri[name], `error instanceof ${name}`);
  assert.equal(typeof rri.RainbowError, 'function', 'RainbowError must be exported');
  assert.ok(err instanceof rri.RainbowError, 'error instanceof RainbowError');
  for (const [other] of ERROR_CLASSES) {
    if (other !== name) assert.ok(!(err instanceof rri[other]), `a ${name} must not be instanceof ${other}`);
  }
  assert.equal(typeof err.message, 'string');
  assert.ok(err.message.trim().length >= 10, `message must say what happened: ${JSON.stringify(err.message)}`);
  assert.ok(!/\[object Object\]|^\s*(Error|undefined|null)\s*$/.test(err.message), `message is not actionable: ${err.message}`);
  assert.equal(typeof err.stack, 'string', 'error has a stack');
  assertNoToken(err);
  // The facts every error of a call carries (README "Errors").
  assert.ok(Number.isInteger(err.attempts) && err.attempts >= 0, `${name}.attempts is a whole number: ${safe(err.attempts)}`);
  assert.equal(typeof err.mayHaveBeenDelivered, 'boolean', `${name}.mayHaveBeenDelivered is a boolean: ${safe(err.mayHaveBeenDelivered)}`);
  assert.ok(err.correlationId === undefined || err.correlationId === null || typeof err.correlationId === 'string',
    `${name}.correlationId is a string when there is one: ${safe(err.correlationId)}`);
  if (err.attempts === 0) assert.equal(err.mayHaveBeenDelivered, false, 'nothing sent, so nothing delivered');
  return err;
}

/**
 * Asserts the call facts of an error: `attempts`, `mayHaveBeenDelivered` and, when given,
 * `correlationId` (a string, or `null` for "none").
 */
export function assertFacts(err, { attempts, delivered, correlationId }) {
  if (attempts !== undefined) assert.equal(err.attempts, attempts, `${err.name}.attempts`);
  if (delivered !== undefined) assert.equal(err.mayHaveBeenDelivered, delivered, `${err.name}.mayHaveBeenDelivered`);
  if (correlationId === null) assert.ok(err.correlationId == null, `${err.name}.correlationId is absent: ${safe(err.correlationId)}`);
  else if (correlationId !== undefined) assert.equal(err.correlationId, correlationId, `${err.name}.correlationId`);
  return err;
}

/** The x-rainbow-correlation-id header the mock received with a request (undefined when none). */
export const correlationOf = (req) => req.headers['x-rainbow-correlation-id'];

/** A random UUID as crypto.randomUUID makes them (the default correlation id in Node and browsers). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Awaits a promise expected to reject with the package's error `name`; returns that error. */
export async function rejectsWith(promiseOrFn, name) {
  const promise = typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn;
  assert.ok(promise && typeof promise.then === 'function', 'the call must return a Promise (even when it fails)');
  let value;
  try {
    value = await promise;
  } catch (err) {
    return assertRainbowError(err, name);
  }
  assert.fail(`expected a rejection with ${name}, but it resolved to ${safe(value)}`);
}

/** `v` as JSON (else as a string) for a failure message, cut to 1,000 characters. */
export function safe(v) {
  let text;
  try { text = JSON.stringify(v); } catch { text = String(v); }
  return text && text.length > 1000 ? `${text.slice(0, 1000)}… (${text.length} characters)` : text;
}

/** Finds an error issue by path in a list of issues. */
export const issueAt = (issues, path) => issues.find((i) => i.path === path);

/**
 * Asserts that `issues` has an issue at each path with the given code (or one of the given codes), every issue is
 * { path: string, code: string, message: non-empty string }.
 */
export function assertIssues(issues, expected, what = 'errors') {
  assert.ok(Array.isArray(issues), `${what} must be an array`);
  for (const i of issues) {
    assert.equal(typeof i.path, 'string', `${what}: path is a string in ${safe(i)}`);
    assert.equal(typeof i.code, 'string', `${what}: code is a string in ${safe(i)}`);
    assert.ok(typeof i.message === 'string' && i.message.trim().length > 0, `${what}: message is non-empty in ${safe(i)}`);
  }
  for (const [path, code] of Object.entries(expected)) {
    const found = issues.filter((i) => i.path === path);
    assert.ok(found.length > 0, `${what}: no issue at path ${JSON.stringify(path)}; got ${safe(issues)}`);
    const codes = [].concat(code);
    assert.ok(found.some((i) => codes.includes(i.code)), `${what}: issue at ${path} should have code ${codes.join(' or ')}; got ${safe(found)}`);
  }
}

/**
 * A fetch replacement that records what it is given and answers with `respond(request)` (a Response
 * or a plain { status, headers, body } object). Calls are normalised through `new Request(...)`.
 */
export function fetchSpy(respond = () => ({ status: 200, body: { data: { scenario: 'chat', status: 'ok', guestEmails: [], invalidUsers: [] } } })) {
  const calls = [];
  const spy = async (input, init) => {
    const req = new Request(input, init);
    const headers = {};
    req.headers.forEach((v, k) => { headers[k] = v; });
    const call = { url: req.url, method: req.method, headers, body: await req.text(), init, signal: req.signal, inputSignal: init?.signal ?? input?.signal };
    calls.push(call);
    const r = await respond(call);
    if (r instanceof Response) return r;
    const body = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
    return new Response(body, { status: r.status ?? 200, headers: { 'content-type': 'application/json', ...(r.headers || {}) } });
  };
  spy.calls = calls;
  return spy;
}

/** A valid success body as Rainbow documents it. */
export function successBody(scenario, extra = {}) {
  return {
    data: {
      scenario,
      status: 'Invitations successfully sent',
      guestEmails: ['guest@example.com'],
      invalidUsers: [],
      ...extra,
    },
  };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Every object in an error's `cause` chain (the error itself first). */
export function causeChain(err, max = 8) {
  const out = [];
  for (let e = err; e != null && out.length < max && !out.includes(e); e = e.cause) out.push(e);
  return out;
}

/** A fetch that never settles and ignores its signal: only the package itself can end the call. */
export function deafFetch() {
  const calls = [];
  const f = (input, init) => { calls.push({ input, init }); return new Promise(() => {}); };
  f.calls = calls;
  return f;
}
