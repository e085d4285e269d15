// Shared by tests/node/resilience-*.test.mjs: a log sink every call of those files writes to (at
// 'debug', so the most is logged) with a check, after each file, that no line holds the token; a
// fetch that counts attempts; timing helpers for the waits between retries.
import assert from 'node:assert/strict';
import { after } from 'node:test';

import { TOKEN, TOKEN_MARK, apiRequests } from './env.mjs';

/** Every log line of the current test file: [level, line]. */
export const LOG = [];

/** A logger function into LOG. */
export const logFn = (level, line) => { LOG.push([level, String(line)]); };

/** A console-like logger into LOG, with every method a console has. */
export const logConsole = Object.fromEntries(
  ['debug', 'info', 'warn', 'error', 'log'].map((m) => [m, (...a) => { LOG.push([m, a.map(String).join(' ')]); }]),
);

/** Options that log everything into LOG. */
export const debugLog = () => ({ logger: logFn, logLevel: 'debug' });

/**
 * Registers, for the current test file, the check that no log line of the whole file holds the token
 * (nor its distinctive part), and that something was logged at all.
 */
export function guardLogs() {
  after(() => {
    assert.ok(LOG.length > 0, 'the calls of this file logged something');
    for (const [level, line] of LOG) {
      for (const m of [TOKEN, TOKEN_MARK]) assert.ok(!line.includes(m), `the token leaked into a ${level} log line: ${line.slice(0, 300)}`);
    }
  });
}

/** The global fetch, counting its calls and what became of each ({ ok, status } or { error }). */
export function countingFetch(inner = (...a) => globalThis.fetch(...a)) {
  const calls = [];
  const f = async (url, init) => {
    const call = { url, init, at: performance.now() };
    calls.push(call);
    try {
      const res = await inner(url, init);
      call.status = res.status;
      return res;
    } catch (error) {
      call.error = error;
      throw error;
    }
  };
  f.calls = calls;
  return f;
}

/** The gaps, in ms, between the arrivals of the API requests the mock received. */
export function arrivalGaps(mock) {
  const t = apiRequests(mock).map((r) => r.receivedAtMs);
  return t.slice(1).map((v, i) => v - t[i]);
}

/** Asserts that `ms` is in [lo, hi], with a message naming `what`. */
export function within(ms, lo, hi, what) {
  assert.ok(ms >= lo && ms <= hi, `${what}: ${Math.round(ms)} ms, expected ${lo}–${hi} ms`);
}

/** An answer whose body is Rainbow's success model. */
export const okScript = (extra = {}) => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ data: { scenario: 'chat', status: 'Invitations successfully sent', guestEmails: ['ok@example.com'], invalidUsers: [] } }),
  ...extra,
});

/** Rainbow's 401 for an expired token. */
export const expiredScript = () => ({
  status: 401,
  headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer realm="rainbow", error="invalid_token"' },
  body: JSON.stringify({ errorCode: 401, errorMsg: 'Unauthorized', errorDetails: 'jwt expired', errorDetailsCode: 401500 }),
});

/** A promise and its resolve function. */
export function deferred() {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

export { TOKEN };
