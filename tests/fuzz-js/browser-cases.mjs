// The cases the Chromium fuzzer runs in the page (plain web APIs; served with the package by the
// mock server). `response`: custom fetches answering genuine Responses built by hand;
// `mock`: the package's own use of the page's fetch against the mock server, whose answers the
// Node side scripted (faults, waits, echoes of the token); `concurrent`: many calls at once, some
// aborted. Each returns a plain record; the oracles that need the page (the error's contents,
// aborts, fetch calls) run here, those that need the server's records run in browser-fuzz.mjs.
import { reseed, ri, pick, chance } from './prng.mjs';
import { checkRejection, needlesOf, leak } from './error-rules.mjs';
import { checkFetchCalls } from './retry-rules.mjs';
import { genuineResponse } from './fake-fetch.mjs';
import { SUCCESS_DATA } from './payloads.mjs';

const ROOM = '56f42c1914e2a8a91b99e595';
const BODY = { scenario: 'chat', emails: ['ada@example.com'] };
const ABORT_GRACE_MS = 1000; // README "Options" (signal): "aborting rejects at once"; slack for a loaded machine
let lib;
const uncaught = [];

/** Loads the package and listens for what nothing caught. */
export async function install() {
  addEventListener('error', (e) => { uncaught.push(`uncaughtException: ${e.error?.stack ?? e.message}`); e.preventDefault(); });
  addEventListener('unhandledrejection', (e) => { uncaught.push(`unhandledRejection: ${e.reason?.stack ?? String(e.reason)}`); e.preventDefault(); });
  lib = await import('/pkg/browser.js');
  await lib.ready();
}

/** Every string reachable from `v`: own properties (non-enumerable and symbols too), Map, Set and Headers entries. */
function deepText(v) {
  const out = [];
  const seen = new Set();
  const visit = (x, d) => {
    if (typeof x == 'string') { out.push(x); return; }
    if (x === null || (typeof x != 'object' && typeof x != 'function') || seen.has(x) || d > 12) return;
    seen.add(x);
    let keys = [];
    try { keys = Reflect.ownKeys(x); } catch {}
    for (const k of keys) { try { visit(x[k], d + 1); } catch {} }
    try { if (x instanceof Map || x instanceof Set || x instanceof Headers || x instanceof URLSearchParams || x instanceof FormData) for (const e of x) visit(e, d + 1); } catch {}
  };
  visit(v, 0);
  return out.join('\n');
}

function settle(p, ms, ctx) {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve({ pending: true }), ms);
    Promise.resolve(p).then((value) => { clearTimeout(t); ctx.settledAt = performance.now(); resolve({ ok: true, value }); },
      (error) => { clearTimeout(t); ctx.settledAt = performance.now(); resolve({ ok: false, error }); });
  });
}

function abortLater(ctx, ms, reason) {
  const c = new AbortController();
  setTimeout(() => { ctx.pendingAtAbort = ctx.settledAt === undefined; ctx.abortedAt = performance.now(); c.abort(reason); }, ms);
  return c.signal;
}

/** The record of one call: its end, and the page-side findings. */
function record(r, ctx, tokens, findings) {
  const finding = (kind, detail) => findings.push([kind, String(detail).slice(0, 1500)]);
  if (r.pending) { finding('never-settled', `${ctx.limitMs} ms`); return { pending: true }; }
  if (ctx.pendingAtAbort) {
    if (r.ok || r.error?.code !== 'ERR_ABORTED') finding('abort-not-honoured', r.ok ? 'resolved' : r.error?.name);
    else if (ctx.settledAt - ctx.abortedAt > ABORT_GRACE_MS) finding('abort-slow', `${Math.round(ctx.settledAt - ctx.abortedAt)} ms after the abort`);
  }
  const needles = needlesOf(tokens);
  for (const [level, line] of ctx.logs ?? []) {
    if (typeof line != 'string' || !line.startsWith('[rainbow-room-invitations] ')) finding('log-line-shape', `${level}: ${String(line)}`);
    const l = leak(String(line), needles);
    if (l) finding('token-in-log', l);
  }
  if (r.ok) return { ok: true, attempts: r.value?.attempts, status: r.value?.status, data: r.value?.data };
  checkRejection(r.error, { lib, needles, deep: deepText, finding });
  const e = r.error;
  return { ok: false, name: e?.name, code: e?.code, status: e?.status, attempts: e?.attempts, mayHaveBeenDelivered: e?.mayHaveBeenDelivered, message: String(e?.message).slice(0, 300) };
}

async function responseCase(token) {
  const ctx = { logs: [], limitMs: 18000 };
  const seen = [];
  const opts = {
    baseUrl: location.origin, token, timeoutMs: ri(100, 600), maxRetries: ri(0, 2), totalTimeoutMs: 4000,
    fetch: () => { const r = genuineResponse(ctx, token); const get = (f) => { try { return f(); } catch { return undefined; } }; seen.push({ status: get(() => r.status), headers: [['retry-after', get(() => r.headers.get('retry-after'))], ['retry-after-ms', get(() => r.headers.get('retry-after-ms'))]].filter(([, v]) => v != null) }); return Promise.resolve(r); },
  };
  if (chance(0.2)) opts.maxResponseBytes = pick([10, 1000, 100000]);
  if (chance(0.15)) opts.signal = abortLater(ctx, ri(0, 300), new Error(`a ${token}`));
  if (chance(0.3)) { opts.logger = (level, line) => ctx.logs.push([level, line]); opts.logLevel = 'debug'; }
  const findings = [];
  const out = record(await settle(lib.sendUsersJoinRoomInvitation(ROOM, BODY, opts), ctx.limitMs, ctx), ctx, [token], findings);
  for (const why of checkFetchCalls(seen, opts.maxRetries, 4000)) findings.push(['sent-again', why]);
  if (!out.pending && !out.ok && out.attempts !== seen.length) findings.push(['attempts-wrong', `${out.name} attempts=${out.attempts}, fetch was called ${seen.length} times`]);
  return { ...out, findings, what: `response options=${JSON.stringify({ ...opts, fetch: undefined, signal: !!opts.signal, logger: !!opts.logger })} fetch answered ${JSON.stringify(seen)}` };
}

/** The page's own fetch against the mock, which answers as the Node side scripted; fetchCalls counts the package's calls. */
async function mockCase(token) {
  const ctx = { logs: [] };
  const opts = { baseUrl: location.origin, token, timeoutMs: ri(50, 2000), maxRetries: ri(0, 2) };
  if (chance(0.3)) opts.totalTimeoutMs = ri(200, 4000);
  if (chance(0.3)) opts.headers = pick([{ 'X-A': 'b' }, { Authorization: `Bearer ${token}` }, { 'x-rainbow-correlation-id': 'x' }]);
  if (chance(0.25)) opts.signal = abortLater(ctx, ri(0, 600), pick([undefined, new Error(`r ${token}`)]));
  if (chance(0.3)) { opts.logger = (level, line) => ctx.logs.push([level, line]); opts.logLevel = 'debug'; }
  ctx.limitMs = 2 * (opts.totalTimeoutMs ?? (opts.maxRetries + 1) * opts.timeoutMs + opts.maxRetries * 8000) + 10000;
  const op = pick(['join', 'info', 'cancel']);
  // Sometimes the token by mistake where a user id goes: refused, and never to be shown back.
  const body = chance(0.1) ? { scenario: 'video-conference', users: [token] } : BODY;
  const api = new lib.RoomsInvitationApi(opts);
  const real = globalThis.fetch;
  let fetchCalls = 0;
  globalThis.fetch = function (...a) { fetchCalls++; return real.apply(this, a); };
  let r;
  try {
    const p = op === 'join' ? lib.sendUsersJoinRoomInvitation(ROOM, body, opts) : op === 'info' ? api.sendUsersJoinRoomInvitationWithHttpInfo(ROOM, body)
      : api.sendUserRoomInvitationCancelation(ROOM, { scenario: 'chat', emails: ['guest2@mycompany'] });
    r = await settle(p, ctx.limitMs, ctx);
  } finally { globalThis.fetch = real; }
  const findings = [];
  const out = record(r, ctx, [token], findings);
  return { ...out, findings, fetchCalls, maxRetries: opts.maxRetries, totalTimeoutMs: opts.totalTimeoutMs ?? null, what: `mock op=${op} body=${JSON.stringify(body)} options=${JSON.stringify({ ...opts, signal: !!opts.signal, logger: !!opts.logger })}` };
}

async function concurrentCase(token) {
  const calls = [];
  for (let k = 0, n = ri(10, 40); k < n; k++) {
    const ctx = { limitMs: 20000 };
    const opts = { baseUrl: location.origin, token, timeoutMs: ri(100, 1000), maxRetries: 1, totalTimeoutMs: 5000 };
    const ms = ri(0, 200);
    opts.fetch = () => new Promise((res) => setTimeout(() => res(genuineResponse(ctx, token)), ms));
    if (chance(0.4)) opts.signal = abortLater(ctx, ri(0, 400));
    calls.push(settle(lib.sendUsersJoinRoomInvitation(ROOM, { scenario: 'chat', emails: [`u${k}@example.com`] }, opts), ctx.limitMs, ctx).then((r) => [r, ctx]));
  }
  const findings = [];
  for (const [r, ctx] of await Promise.all(calls)) record(r, ctx, [token], findings);
  return { findings, what: `concurrent: ${calls.length} calls` };
}

/** Case n of a run seeded `seed`, in mode `mode` (drawn by the Node side). */
export async function runCase(seed, n, mode, token) {
  reseed(seed, 'browser-page', n);
  uncaught.length = 0;
  const out = await { response: responseCase, mock: mockCase, concurrent: concurrentCase }[mode](token);
  await new Promise((r) => setTimeout(r, 20));
  for (const u of uncaught) out.findings.push(['uncaught-in-page', u]);
  return out;
}

/** The known-good call (the Node side scripted a plain success): null, or what went wrong. */
export async function knownGood() {
  const ctx = {};
  const r = await settle(lib.sendUsersJoinRoomInvitation(ROOM, BODY, { baseUrl: location.origin, token: 'known-good-token-0123', timeoutMs: 10000 }), 30000, ctx);
  if (r.pending) return 'the known-good call is still pending after 30 s';
  if (!r.ok) return `the known-good call failed: ${r.error?.name}: ${r.error?.message}`;
  if (JSON.stringify(r.value) !== JSON.stringify({ data: SUCCESS_DATA })) return `the known-good call resolved to ${JSON.stringify(r.value)}`;
  return null;
}

