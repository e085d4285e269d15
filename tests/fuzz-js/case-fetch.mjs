// The Node fuzzer's cases with a custom `fetch` (README "Options": fetch). `response`: the fetch
// answers with genuine Response objects built by hand (fake-fetch.mjs), so the package's own
// fetch calls are the attempts; `wrapper`: the fetch wraps the platform's, against the hostile
// server answering tame plans. Oracles as in case-server.mjs, plus: the package calls fetch again
// only as "Retries" allows, attempts counts the fetch calls, and an abort while the call is
// pending ends it with RainbowAbortError at once.
import { reseed, ri, pick, chance, newToken } from './prng.mjs';
import { genuineResponse, makeWrapper } from './fake-fetch.mjs';
import { tameAnswer, seenAnswer } from './answers.mjs';
import { ROOM } from './inputs.mjs';
import { checkResends, checkFetchCalls } from './retry-rules.mjs';
import { settle, bounds, deadlineMs, checkError, checkLogs } from './node-oracles.mjs';
import { show } from './case-checks.mjs';

const BODY = () => ({ scenario: 'chat', emails: ['ada@example.com'] });
const CANCEL_BODY = () => ({ scenario: 'chat', emails: ['guest2@mycompany'] });
// README "Options": signal: "aborting rejects at once"; this much is allowed for a loaded machine.
export const ABORT_GRACE_MS = 1000;

/** Calls `f` with an abort after `ms`; ctx.pendingAtAbort says whether the call was still pending then. */
export function abortLater(ctx, ms, reason) {
  const c = new AbortController();
  setTimeout(() => { ctx.pendingAtAbort = !ctx.settled; ctx.abortedAt = Date.now(); c.abort(reason); }, ms);
  return c.signal;
}

/** Settles `p` within `limit`, noting when it settled. */
export function watch(p, ctx, limit) {
  return settle(Promise.resolve(p).finally(() => { ctx.settled = true; ctx.settledAt = Date.now(); }), limit);
}

/** README "Options" (signal): a call pending when its signal aborted rejects with RainbowAbortError, at once. */
export function checkAbort(r, ctx, finding) {
  if (!ctx.pendingAtAbort) return;
  if (r.ok || r.error?.code !== 'ERR_ABORTED') finding('abort-not-honoured', `pending at the abort, then ${r.ok ? 'resolved' : r.error?.name}`);
  else if (ctx.settledAt - ctx.abortedAt > ABORT_GRACE_MS) finding('abort-slow', `${ctx.settledAt - ctx.abortedAt} ms after the abort`);
}

export async function responseCase(n, { lib, report, seed }) {
  reseed(seed, 'node-response', n);
  const token = newToken();
  const ctx = { logs: [] };
  const seen = []; // what each fetch call answered: { status, headers }
  const delivery = ri(0, 4);
  const fetch = () => {
    const r = genuineResponse(ctx, token);
    const get = (f) => { try { return f(); } catch { return undefined; } };
    const headers = [['retry-after', get(() => r.headers.get('retry-after'))], ['retry-after-ms', get(() => r.headers.get('retry-after-ms'))]].filter(([, v]) => v != null);
    seen.push({ status: get(() => r.status), headers });
    const ms = ri(0, 30);
    return [Promise.resolve(r), r, new Promise((res) => setTimeout(() => res(r), ms)), { then(res) { res(r); } }, (async () => { await null; return r; })()][delivery];
  };
  const opts = { baseUrl: 'http://127.0.0.1:1', token, fetch, timeoutMs: ri(100, 800), maxRetries: ri(0, 3), totalTimeoutMs: 4000 };
  if (chance(0.2)) opts.maxResponseBytes = pick([1, 100, 10000, 1000000]);
  if (chance(0.3)) { opts.logger = (level, line) => ctx.logs.push([level, line]); opts.logLevel = 'debug'; }
  if (chance(0.15)) opts.signal = abortLater(ctx, ri(0, 300), new Error(`abort ${token}`));
  const op = pick(['join', 'cancel', 'joinInfo', 'cancelInfo']);
  const call = {
    join: () => lib.sendUsersJoinRoomInvitation(ROOM, BODY(), opts),
    cancel: () => lib.sendUserRoomInvitationCancelation(ROOM, CANCEL_BODY(), opts),
    joinInfo: () => new lib.RoomsInvitationApi().sendUsersJoinRoomInvitationWithHttpInfo(ROOM, BODY(), opts),
    cancelInfo: () => new lib.RoomsInvitationApi({}).sendUserRoomInvitationCancelationWithHttpInfo(ROOM, CANCEL_BODY(), opts),
  }[op];
  report.at(n, () => `response: delivery=${delivery} op=${op} options=${show({ ...opts, fetch: undefined })} fetch answered ${JSON.stringify(seen)}`);
  const r = await watch(call(), ctx, deadlineMs(bounds(opts)));
  const { finding } = report;
  if (r.pending) { finding('never-settled', `after ${seen.length} fetch calls`); return; }
  checkLogs(ctx.logs, [token], finding);
  checkAbort(r, ctx, finding);
  for (const why of checkFetchCalls(seen, opts.maxRetries, 4000)) finding('sent-again', why);
  if (r.ok) {
    const d = op.endsWith('Info') ? r.value?.data : r.value;
    if (!Array.isArray(d?.data?.guestEmails) || !Array.isArray(d?.data?.invalidUsers)) finding('success-shape', show(r.value));
    if (op.endsWith('Info') && r.value.attempts !== seen.length) finding('attempts-wrong', `attempts=${r.value.attempts}, fetch was called ${seen.length} times`);
    return;
  }
  checkError(r.error, { lib, tokens: [token], finding });
  // README "Errors": attempts, "0 when nothing was sent"; each fetch call is one.
  if (r.error?.attempts !== seen.length) finding('attempts-wrong', `${r.error?.name} attempts=${r.error?.attempts}, fetch was called ${seen.length} times: ${String(r.error?.message).slice(0, 200)}`);
}

export async function wrapperCase(n, { lib, server, report, seed }) {
  reseed(seed, 'node-wrapper', n);
  const token = newToken();
  const key = `w${n}`;
  const ctx = { logs: [] };
  const answers = Array.from({ length: 6 }, () => tameAnswer(true, token));
  server.answer(key, (i) => answers[Math.min(i, answers.length - 1)]);
  const getToken = chance(0.2);
  const tokens = [token];
  const correlationId = `fz-${seed}-${n}`;
  const opts = { baseUrl: server.base(key), fetch: makeWrapper(ctx), correlationId, timeoutMs: ri(200, 1000), maxRetries: ri(0, 3), totalTimeoutMs: 5000 };
  if (getToken) { let k = 0; tokens.push(`${token}x`); opts.getToken = () => (k++ === 0 ? token : `${token}x`); } else opts.token = token;
  if (chance(0.25)) opts.signal = abortLater(ctx, ri(0, 600), pick([undefined, new Error(`r ${token}`), 'x']));
  if (chance(0.3)) { opts.logger = (level, line) => ctx.logs.push([level, line]); opts.logLevel = 'debug'; }
  const op = pick(['join', 'joinInfo', 'apiJoin']);
  report.at(n, () => `wrapper: kind=${ctx.wrapKind} op=${op} getToken=${getToken} options=${show({ ...opts, fetch: undefined, getToken: undefined })} answers=${show(answers.map((a) => ({ ...a, body: String(a.body).slice(0, 40) })))}`);
  const p = op === 'join' ? lib.sendUsersJoinRoomInvitation(ROOM, BODY(), opts)
    : op === 'joinInfo' ? new lib.RoomsInvitationApi(opts).sendUsersJoinRoomInvitationWithHttpInfo(ROOM, BODY())
      : new lib.RoomsInvitationApi(opts).sendUsersJoinRoomInvitation(ROOM, BODY());
  const r = await watch(p, ctx, deadlineMs(bounds(opts)));
  await new Promise((res) => setTimeout(res, 50));
  const reqs = server.requests(key);
  server.forget(key);
  const { finding } = report;
  if (r.pending) { finding('never-settled', `the server got ${reqs.length} requests`); return; }
  checkLogs(ctx.logs, tokens, finding);
  checkAbort(r, ctx, finding);
  const seen = reqs.map((_, i) => seenAnswer(answers[Math.min(i, answers.length - 1)]));
  const { attempts, problems } = checkResends(reqs, seen, { getToken, totalTimeoutMs: 5000 }, opts.maxRetries, false);
  for (const why of problems) finding('sent-again', why);
  // README "Options" (correlationId): "a string is sent as given".
  for (const q of reqs) if (q.headers['x-rainbow-correlation-id'] !== correlationId) finding('correlation-id', `sent ${JSON.stringify(q.headers['x-rainbow-correlation-id'])}, given ${correlationId}`);
  if (r.ok) {
    if (op === 'joinInfo') {
      if (r.value.correlationId !== correlationId) finding('correlation-id', `the result says ${JSON.stringify(r.value.correlationId)}, given ${correlationId}`);
      const v = r.value;
      if (v.attempts !== attempts) finding('attempts-wrong', `attempts=${v.attempts}, the server got ${attempts}`);
      if (!Number.isInteger(v.status) || !v.headers || Object.keys(v.headers).some((h) => h !== h.toLowerCase())) finding('info-shape', show(v));
    }
    return;
  }
  checkError(r.error, { lib, tokens, finding });
  const e = r.error;
  if (attempts > e.attempts) finding('attempts-wrong', `${e.name} attempts=${e.attempts}, the server got ${attempts}`);
  if ((e.code === 'ERR_API' || e.code === 'ERR_RESPONSE') && attempts !== e.attempts) finding('attempts-wrong', `${e.name} attempts=${e.attempts}, the server answered ${attempts}`);
}
