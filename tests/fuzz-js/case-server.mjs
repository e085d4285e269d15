// The Node fuzzer's main case: one call (or one validation) with random arguments and options,
// against the hostile server answering each attempt with a wild plan. Oracles: the call settles;
// validation and sending agree; a rejection is a documented, token-free Error; a validation
// failure sends nothing; no request is sent again except as the README's "Retries" allows; every
// body sent is valid and normalized; the token is in no log line and in no request header but
// the ones that carry it; attempts and mayHaveBeenDelivered tell the truth.
import util from 'node:util';
import { reseed, pick, chance, newToken } from './prng.mjs';
import { makeArgs } from './inputs.mjs';
import { makeOptions } from './options.mjs';
import { wildAnswer, seenAnswer } from './answers.mjs';
import { checkResends } from './retry-rules.mjs';
import { leak, needlesOf } from './error-rules.mjs';
import { settle, bounds, deadlineMs, checkError, checkLogs } from './node-oracles.mjs';
import { checkValidation, checkSentBody, show } from './case-checks.mjs';

const OPS = ['join', 'cancel', 'joinInfo', 'cancelInfo', 'validateJoin', 'validateCancel', 'apiJoin', 'apiCancel'];
const ODD_OPTIONS = [undefined, null, 5, 'opts', () => {}];

function callOp(lib, op, roomId, body, options) {
  switch (op) {
    case 'join': return lib.sendUsersJoinRoomInvitation(roomId, body, options);
    case 'cancel': return lib.sendUserRoomInvitationCancelation(roomId, body, options);
    case 'joinInfo': return new lib.RoomsInvitationApi(options).sendUsersJoinRoomInvitationWithHttpInfo(roomId, body);
    case 'cancelInfo': return new lib.RoomsInvitationApi({}).sendUserRoomInvitationCancelationWithHttpInfo(roomId, body, options);
    case 'apiJoin': return new lib.RoomsInvitationApi(options).sendUsersJoinRoomInvitation(roomId, body);
    case 'apiCancel': return new lib.RoomsInvitationApi(options).sendUserRoomInvitationCancelation(roomId, body);
    case 'validateJoin': return lib.validateJoinInvitation(roomId, body, options);
    default: return lib.validateCancelation(roomId, body, options);
  }
}

/** Everything case n draws, in the same order every time (so it can be drawn again, fresh). */
function draw(seed, n, base) {
  reseed(seed, 'node-server', n);
  const ctx = { tokens: [], logs: [], tokenHeaders: new Set(), getToken: false };
  const token = newToken();
  const op = pick(OPS);
  const join = !/ancel/i.test(op);
  const args = makeArgs(join, token);
  const options = chance(0.03) ? pick(ODD_OPTIONS) : makeOptions(ctx, base, token);
  return { ctx, token, op, join, args, options };
}

export async function serverCase(n, { lib, server, report, seed }) {
  const key = `c${n}`;
  const { ctx, token, op, join, args, options } = draw(seed, n, server.base(key));
  const plain = options && typeof options == 'object' && !util.types.isProxy(options);
  let b = bounds(options);
  // Inputs shaped so that a correct call ends soon (not oracles): a getToken or a fetch that never
  // settles is bounded only by totalTimeoutMs or the signal (README "Options": timeoutMs bounds
  // each attempt, the token is asked for before it), and many retries get a total bound.
  if (plain && ctx.mayHang && !ctx.aborts && !(b.totalTimeoutMs <= 5000)) options.totalTimeoutMs = 1000;
  if (plain && b.totalTimeoutMs == null && b.maxRetries > 3) options.totalTimeoutMs = 4000;
  b = bounds(options);
  const canHang = (b.timeoutMs <= 3000) || (b.totalTimeoutMs != null && b.totalTimeoutMs <= 5000);
  const plans = Array.from({ length: 12 }, () => wildAnswer(canHang, token));
  // Without totalTimeoutMs, a 429 or 503 asks for at most 1 s (or more than 60 s: fails at once).
  if (b.totalTimeoutMs == null) {
    for (const p of plans) {
      if (p.status !== 429 && p.status !== 503) continue;
      p.headers = p.headers.filter(([k]) => !/^retry-after/i.test(k));
      if (chance(0.5)) p.headers.push(['Retry-After', pick(['0', '1', 'garbage', '61', '99999999999999999999', new Date(Date.now() + 500).toUTCString()])]);
    }
  }
  server.answer(key, (i) => plans[Math.min(i, plans.length - 1)]);
  report.at(n, () => `op=${op} roomId=${show(args.roomId)} body=${show(args.body)} options=${show(options)} answers=${show(plans.slice(0, 3).map((p) => ({ ...p, body: `${p.body.subarray(0, 80).toString('latin1')}(${p.body.length}b)`, headers: p.headers.slice(0, 6) })))}`);
  const finding = report.finding;

  let p;
  try { p = callOp(lib, op, args.roomId, args.body, options); } catch (e) {
    finding(op.startsWith('validate') ? 'validate-throws' : 'send-throws', show(e));
    return;
  }
  ctx.syncAbort?.();
  if (op.startsWith('validate')) { checkValidation(p, args, join, lib, finding); return; }
  if (typeof p?.then != 'function') { finding('not-a-promise', show(p)); return; }
  const limit = deadlineMs(b);
  const r = await settle(p, limit);
  await new Promise((res) => setTimeout(res, 50)); // requests still on their way
  const reqs = server.requests(key);
  server.forget(key);
  if (r.pending) { finding('never-settled', `still pending ${limit} ms after the call (its bounds: ${JSON.stringify(b)}); the server got ${reqs.length} requests`); return; }

  const answers = reqs.map((_, i) => seenAnswer(plans[Math.min(i, plans.length - 1)]));
  const ownFetch = !ctx.customFetch;
  const { attempts, problems } = checkResends(reqs, answers, { getToken: ctx.getToken, totalTimeoutMs: b.totalTimeoutMs }, b.maxRetries, ownFetch);
  for (const why of problems) finding('sent-again', why);
  const needles = needlesOf(ctx.tokens);
  for (const q of reqs) {
    if (q.body !== '') checkSentBody(q.body, join, lib, finding);
    for (const [k, v] of Object.entries(q.headers)) {
      if (k !== 'authorization' && !ctx.tokenHeaders.has(k) && leak(v, needles)) finding('token-in-request-header', k);
    }
  }
  checkLogs(ctx.logs, ctx.tokens, finding);

  if (r.ok) {
    const v = r.value;
    const d = op.endsWith('Info') ? v?.data : v;
    if (!Array.isArray(d?.data?.guestEmails) || !Array.isArray(d?.data?.invalidUsers)) finding('success-shape', show(v));
    if (args.must.length) finding('invalid-input-sent', `must report ${JSON.stringify(args.must)}`);
    if (ownFetch && reqs.length === 0) finding('success-without-request', show(v));
    if (op.endsWith('Info') && (!Number.isInteger(v?.status) || !Number.isInteger(v?.attempts))) finding('info-shape', show(v));
    if (op.endsWith('Info') && ownFetch && v.attempts !== attempts) finding('attempts-wrong', `attempts=${v.attempts}, the server got ${attempts}`);
    return;
  }
  const e = r.error;
  checkError(e, { lib, tokens: ctx.tokens, finding });
  if (e?.code === 'ERR_VALIDATION') {
    // README "API": "on any validation error they reject with RainbowValidationError and send nothing."
    if (reqs.length) finding('validation-error-but-sent', `${reqs.length} requests`);
    if (e.attempts !== 0 || e.mayHaveBeenDelivered !== false) finding('validation-error-fields', `attempts=${e.attempts} mayHaveBeenDelivered=${e.mayHaveBeenDelivered}`);
    checkValidation({ valid: false, errors: e.errors, warnings: e.warnings }, args, join, lib, finding);
    // The same inputs, drawn fresh: validate… must refuse them too, except for what only the call
    // can see (README "Errors": the token from getToken).
    if (!args.nondet && Array.isArray(e.errors)) {
      const again = draw(seed, n, server.base(key));
      let v;
      try { v = callOp(lib, join ? 'validateJoin' : 'validateCancel', again.args.roomId, again.args.body, again.options); } catch { v = null; }
      if (v?.valid && !e.errors.some((x) => x.path === 'options.getToken')) finding('validate-vs-send', `validate… accepts what the call refused: ${JSON.stringify(e.errors.map((x) => `${x.path}:${x.code}`))}`);
    }
    return;
  }
  if (!ownFetch || !(e instanceof Error)) return;
  // README "Errors": attempts counts what was sent; the server can't have got more.
  if (attempts > e.attempts) finding('attempts-wrong', `${e.name} attempts=${e.attempts}, the server got ${attempts}`);
  if ((e.code === 'ERR_API' || e.code === 'ERR_RESPONSE') && attempts !== e.attempts) finding('attempts-wrong', `${e.name} attempts=${e.attempts}, the server answered ${attempts}`);
  // mayHaveBeenDelivered: "whether the server may have acted". It did when it answered 2xx or a
  // 303 (See Other, after acting), and may have when it got the request and sent no status (not
  // fetch's empty copy after a 421).
  const last = reqs.length - 1;
  const copy = last > 0 && reqs[last].body === '' && answers[last - 1]?.status === 421;
  if (last >= 0 && !copy && e.mayHaveBeenDelivered === false) {
    const a = answers[last];
    if (!a || (a.status >= 200 && a.status < 300) || a.status === 303) finding('mayHaveBeenDelivered-false', `${e.name}: the server got the request and answered ${a ? a.status : 'nothing'}: ${e.message.slice(0, 200)}`);
  }
}
