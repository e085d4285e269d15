// The Node fuzzer's concurrency case: 10–60 calls at once against the hostile server (tame
// plans, one route per call), some aborted at random moments, some with AbortSignal.timeout(),
// some through fetch wrappers. Each call must settle by itself, be retried only as the README
// allows, honour its own abort, and end as its own last answer says, whatever the others do.
import { reseed, ri, pick, chance, newToken } from './prng.mjs';
import { makeWrapper } from './fake-fetch.mjs';
import { tameAnswer, seenAnswer } from './answers.mjs';
import { ROOM } from './inputs.mjs';
import { checkResends } from './retry-rules.mjs';
import { bounds, deadlineMs, checkError } from './node-oracles.mjs';
import { abortLater, watch, checkAbort } from './case-fetch.mjs';
import { show } from './case-checks.mjs';

export async function concurrentCase(n, { lib, server, report, seed }) {
  reseed(seed, 'node-concurrent', n);
  const token = newToken();
  const calls = [];
  for (let k = 0, count = ri(10, 60); k < count; k++) {
    const key = `m${n}-${k}`;
    const answers = Array.from({ length: 4 }, () => tameAnswer(true, token));
    server.answer(key, (i) => answers[Math.min(i, answers.length - 1)]);
    const ctx = { key, answers, k };
    const opts = { baseUrl: server.base(key), token, timeoutMs: ri(200, 1500), maxRetries: ri(0, 2), totalTimeoutMs: 6000 };
    if (chance(0.3)) { ctx.abortAt = ri(0, 800); opts.signal = abortLater(ctx, ctx.abortAt); }
    else if (chance(0.1)) { opts.signal = AbortSignal.timeout(ri(1, 500)); ctx.timeoutSignal = true; }
    if (chance(0.2)) { opts.fetch = makeWrapper({}); ctx.wrapped = true; }
    ctx.op = pick(['join', 'info', 'api']);
    ctx.opts = opts;
    const p = ctx.op === 'join' ? lib.sendUsersJoinRoomInvitation(ROOM, { scenario: 'chat', emails: [`u${k}@example.com`] }, opts)
      : ctx.op === 'info' ? new lib.RoomsInvitationApi(opts).sendUsersJoinRoomInvitationWithHttpInfo(ROOM, { scenario: 'chat', emails: [`u${k}@example.com`] })
        : new lib.RoomsInvitationApi().sendUsersJoinRoomInvitation(ROOM, { scenario: 'chat', emails: [`u${k}@example.com`] }, opts);
    ctx.result = watch(p, ctx, deadlineMs(bounds(opts)));
    calls.push(ctx);
  }
  report.at(n, () => `concurrent: ${calls.length} calls`);
  await Promise.all(calls.map((c) => c.result));
  await new Promise((res) => setTimeout(res, 50));
  for (const ctx of calls) {
    const r = await ctx.result;
    const reqs = server.requests(ctx.key);
    server.forget(ctx.key);
    const what = `call #${ctx.k} op=${ctx.op} abortAt=${ctx.abortAt} timeoutSignal=${!!ctx.timeoutSignal} wrapped=${!!ctx.wrapped} options=${show({ ...ctx.opts, fetch: undefined, signal: undefined })} answers=${JSON.stringify(ctx.answers.map((a) => [a.status, a.hang ?? a.destroy ?? '', a.headers.find(([h]) => h === 'Retry-After')?.[1] ?? '']))} requests=${reqs.length}`;
    const finding = (kind, detail) => report.finding(kind, `${what}: ${detail}`);
    if (r.pending) { finding('never-settled', ''); continue; }
    const seen = reqs.map((_, i) => seenAnswer(ctx.answers[Math.min(i, ctx.answers.length - 1)]));
    const { attempts, problems } = checkResends(reqs, seen, { getToken: false, totalTimeoutMs: 6000 }, ctx.opts.maxRetries, !ctx.wrapped);
    for (const why of problems) finding('sent-again', why);
    checkAbort(r, ctx, finding);
    if (r.ok) {
      if (ctx.op === 'info' && r.value.attempts !== attempts) finding('attempts-wrong', `attempts=${r.value.attempts}, the server got ${attempts}`);
      const last = seen[seen.length - 1];
      if (!(last?.status >= 200 && last.status < 300)) finding('resolved-without-2xx', `the last answer was ${last ? last.status : 'none'}`);
      continue;
    }
    const e = r.error;
    checkError(e, { lib, tokens: [token], finding });
    if (e?.code === 'ERR_ABORTED' && ctx.abortAt == null) finding('aborted-without-abort', e.message);
    if (e?.code === 'ERR_API') {
      const last = seen[seen.length - 1];
      if (last?.status !== e.status) finding('wrong-status', `error status ${e.status}, the last answer ${last?.status}`);
      if (attempts !== e.attempts) finding('attempts-wrong', `attempts=${e.attempts}, the server answered ${attempts}`);
    }
  }
}
