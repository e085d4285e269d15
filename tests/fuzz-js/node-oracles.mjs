// The oracles of the Node fuzzers, on top of error-rules.mjs: every call settles within a
// generous deadline after its own timeouts; a rejection is checked with util.inspect showing
// everything (`depth: Infinity, showHidden: true`); log lines have the documented prefix and no
// token; and after each case a known-good call must still succeed with exactly what the server
// sent.
import util from 'node:util';
import { checkRejection, leak, needlesOf, describeValue } from './error-rules.mjs';
import { okPlan, SUCCESS_DATA } from './answers.mjs';
import { ROOM } from './inputs.mjs';

export const inspectAll = (e) => util.inspect(e, { depth: Infinity, showHidden: true });

/** { ok, value } or { ok: false, error } once `p` settles, or { pending: true } after `ms`. */
export function settle(p, ms) {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve({ pending: true }), ms);
    Promise.resolve(p).then((value) => { clearTimeout(t); resolve({ ok: true, value }); }, (error) => { clearTimeout(t); resolve({ ok: false, error }); });
  });
}

const whole = (v, lo, hi) => Number.isInteger(v) && v >= lo && v <= hi;

/** The call's documented bounds, read from plain options (README "Options" and "Retries"). */
export function bounds(o) {
  const plain = o && typeof o == 'object' && !util.types.isProxy(o) ? o : {};
  // Data properties only: reading a getter here would spend the read the package is to make.
  const read = (k) => { try { return Object.getOwnPropertyDescriptor(plain, k)?.value; } catch { return undefined; } };
  const timeoutMs = whole(read('timeoutMs'), 1, 2147483647) ? read('timeoutMs') : 30000;
  const totalTimeoutMs = whole(read('totalTimeoutMs'), 1, 2147483647) ? read('totalTimeoutMs') : null;
  const maxRetries = whole(read('maxRetries'), 0, 10) ? read('maxRetries') : 2;
  return { timeoutMs, totalTimeoutMs, maxRetries };
}

/**
 * How long a call may take before it counts as never settling: twice what its timeouts allow,
 * plus 10 s. Without totalTimeoutMs: each attempt bounded by timeoutMs, and between attempts a
 * wait of at most 8 s (the backoff's cap; the fuzzers keep a server's Retry-After under that
 * when no totalTimeoutMs bounds the call). At most 2 minutes: the fuzzers stall no call whose
 * timeouts are longer than a few seconds, so its timeouts never come into play.
 */
export function deadlineMs({ timeoutMs, totalTimeoutMs, maxRetries }) {
  const allowed = totalTimeoutMs ?? (maxRetries + 1) * timeoutMs + maxRetries * 8000;
  return Math.min(2 * allowed + 10_000, 120_000);
}

/** Checks a rejection; `tokens` are the ones the package was handed in this case. */
export function checkError(e, { lib, tokens, finding }) {
  checkRejection(e, { lib, needles: needlesOf(tokens), deep: inspectAll, finding });
}

/** README "Options" (logger): "Every line starts with `[rainbow-room-invitations] ` and never holds the token." */
export function checkLogs(logs, tokens, finding) {
  const needles = needlesOf(tokens);
  for (const [level, line] of logs) {
    if (typeof line != 'string' || !line.startsWith('[rainbow-room-invitations] ')) finding('log-line-shape', `${level}: ${describeValue(line)}`);
    const l = leak(String(line), needles);
    if (l) finding('token-in-log', `${level}: ${l}`);
  }
}

/**
 * After each case: the module still works. A call to a server that answers a plain success
 * resolves to exactly that success, and a validation still passes.
 */
export async function knownGood(lib, server, finding) {
  server.answer('good', () => okPlan());
  const body = { scenario: 'chat', emails: ['ada@example.com'] };
  const r = await settle(lib.sendUsersJoinRoomInvitation(ROOM, body, { baseUrl: server.base('good'), token: 'known-good-token-0123', timeoutMs: 10000 }), 30000);
  const expected = { data: SUCCESS_DATA };
  if (r.pending) finding('module-broken', 'the known-good call is still pending after 30 s');
  else if (!r.ok) finding('module-broken', `the known-good call failed: ${describeValue(r.error)}`);
  else if (!util.isDeepStrictEqual(r.value, expected)) finding('module-broken', `the known-good call resolved to ${JSON.stringify(r.value)}`);
  let v;
  try { v = lib.validateCancelation(ROOM, { emails: ['guest2@mycompany'] }); } catch (e) { finding('module-broken', `validateCancelation threw ${describeValue(e)}`); }
  if (v && !v.valid) finding('module-broken', `validateCancelation refused a valid body: ${JSON.stringify(v.errors)}`);
  server.forget('good');
}
