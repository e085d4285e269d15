// The cases of the isolated-process layer: calls that end by a tiny timeout, an abort from inside
// the caller's own fetch, getToken or logger (with every kind of abort reason), and a thousand calls
// with random timeouts and aborts against a flaky server. Each case checks that every call settles
// as the README documents and returns a summary; whether the process then exits by itself, with
// no unhandled rejection, is the runner's to check. Runs in Node (child.mjs) and in Chromium
// (isolated.test.mjs), so it imports nothing.

export const ROOMS = {
  fast: 'eeeeeeeeeeeeeeeeeeeeeeee',
  slow: 'aaaaaaaaaaaaaaaaaaaaaaaa', // answers after 300 ms
  silent: 'bbbbbbbbbbbbbbbbbbbbbbbb', // never answers
  flaky: 'cccccccccccccccccccccccc', // any way a server can fail, at random
  expired: 'dddddddddddddddddddddddd', // 401 jwt expired once per correlation id, then 200
};

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.ISOLATED-TOKEN-4d2c.sig';
const BODY = { scenario: 'chat', emails: ['ada@example.com'] };
const WITH_WARNING = { scenario: 'chat', emails: ['ada@example.com', 'ADA@example.com'] };

// Every kind of reason an AbortController can be given; `none` aborts without one.
export const REASONS = {
  none: undefined,
  undefined: undefined,
  null: null,
  string: 'stop it',
  number: 42,
  object: { why: 'plain object' },
  error: new Error('an Error reason'),
  domexception: () => new DOMException('a DOMException reason', 'AbortError'),
};
const abortWith = (controller, kind) => {
  if (kind === 'none') return controller.abort();
  const reason = REASONS[kind];
  return controller.abort(typeof reason == 'function' ? reason() : reason);
};

const settle = (p) => p.then((value) => ({ value }), (error) => ({ error }));
const shown = (o) => (o.error ? `${o.error.name}: ${o.error.message}` : `resolved ${JSON.stringify(o.value)}`);

function expectError(outcome, name, facts = {}) {
  if (!outcome.error || outcome.error.name !== name || !(outcome.error instanceof Error)) {
    throw new Error(`expected ${name}, got ${shown(outcome)}`);
  }
  for (const [key, want] of Object.entries(facts)) {
    if (outcome.error[key] !== want) throw new Error(`${name}.${key}: expected ${want}, got ${outcome.error[key]}`);
  }
  if (JSON.stringify(outcome.error).includes('ISOLATED-TOKEN')) throw new Error('the token leaked into JSON.stringify(error)');
  return outcome.error;
}

// The reason a RainbowAbortError carries: the signal's own.
function expectAbort(outcome, controller, facts) {
  const e = expectError(outcome, 'RainbowAbortError', facts);
  if (e.reason !== controller.signal.reason) throw new Error(`reason: expected the signal's, got ${String(e.reason)}`);
  return e;
}

function tinyTimeout(ms) {
  return async (lib, baseUrl) => {
    const o = await settle(lib.sendUsersJoinRoomInvitation(ROOMS.slow, BODY, { baseUrl, timeoutMs: ms }));
    expectError(o, 'RainbowTimeoutError', { timeoutMs: ms });
    return `timeout after ${ms} ms`;
  };
}

function abortInFetch(kind) {
  return async (lib, baseUrl) => {
    const controller = new AbortController();
    const fetch = (url, init) => {
      abortWith(controller, kind);
      return globalThis.fetch(url, init);
    };
    const o = await settle(lib.sendUsersJoinRoomInvitation(ROOMS.fast, BODY, { baseUrl, fetch, signal: controller.signal }));
    expectAbort(o, controller, { attempts: 1 });
    return `aborted in fetch (${kind})`;
  };
}

function abortInGetToken(kind, when) {
  return async (lib, baseUrl) => {
    const controller = new AbortController();
    let calls = 0;
    const getToken = () => {
      calls += 1;
      if (when === 'first' || calls === 2) {
        abortWith(controller, kind);
        throw new Error('getToken gave up');
      }
      return TOKEN;
    };
    const room = when === 'first' ? ROOMS.fast : ROOMS.expired;
    const o = await settle(lib.sendUsersJoinRoomInvitation(room, BODY, { baseUrl, getToken, signal: controller.signal }));
    expectAbort(o, controller, { attempts: when === 'first' ? 0 : 1 });
    return `aborted in getToken, ${when} call (${kind})`;
  };
}

function abortInLogger(kind, at) {
  return async (lib, baseUrl) => {
    const controller = new AbortController();
    const logger = (level) => {
      if (level === at) abortWith(controller, kind);
    };
    // A warning is logged before sending; a debug line after the attempt (a 401 here, which the
    // renewal would send again).
    const body = at === 'warn' ? WITH_WARNING : BODY;
    const options = { baseUrl, logger, logLevel: 'debug', signal: controller.signal, getToken: () => TOKEN };
    const o = await settle(lib.sendUsersJoinRoomInvitation(ROOMS.expired, body, options));
    expectAbort(o, controller, { attempts: at === 'warn' ? 0 : 1 });
    return `aborted in the logger at ${at} (${kind})`;
  };
}

// A thousand calls at once, each with a random timeout (some tiny), half with a signal aborted at
// a random time with a random kind of reason, some with AbortSignal.timeout or totalTimeoutMs. A
// browser opens 6 connections to a host and queues the rest, so there they go 100 at a time.
async function thousand(lib, baseUrl) {
  const kinds = Object.keys(REASONS);
  const expected = new Set(['RainbowTimeoutError', 'RainbowAbortError', 'RainbowApiError', 'RainbowNetworkError', 'RainbowResponseError']);
  const wave = typeof window == 'undefined' ? 1000 : 100;
  const calls = [];
  for (let i = 0; i < 1000; i++) {
    if (i % wave === 0) await Promise.all(calls);
    const options = { baseUrl, timeoutMs: Math.random() < 0.2 ? 1 + Math.floor(Math.random() * 5) : 20 + Math.floor(Math.random() * 600) };
    // One call in ten has time to succeed however loaded the machine is, so the mix always has successes.
    const roll = i % 10 === 0 ? 1 : Math.random();
    if (roll === 1) options.timeoutMs = 3000;
    if (roll < 0.5) {
      const controller = new AbortController();
      options.signal = controller.signal;
      setTimeout(() => abortWith(controller, kinds[i % kinds.length]), Math.random() * 500);
    } else if (roll < 0.6) {
      options.signal = AbortSignal.timeout(1 + Math.floor(Math.random() * 300));
    } else if (roll < 0.7) {
      options.totalTimeoutMs = 1 + Math.floor(Math.random() * 300);
    }
    if (i % 7 === 0) options.getToken = () => (Math.random() < 0.5 ? TOKEN : Promise.resolve(TOKEN));
    const send = i % 2 ? lib.sendUsersJoinRoomInvitation : lib.sendUserRoomInvitationCancelation;
    calls.push(settle(send(ROOMS.flaky, { scenario: 'chat', emails: [`guest${i}@example.com`] }, options)));
  }
  const counts = {};
  for (const o of await Promise.all(calls)) {
    const key = o.error ? o.error.name : 'resolved';
    if (o.error) {
      if (!expected.has(key)) throw new Error(`unexpected ${shown(o)}`);
      expectError(o, key);
    } else if (!Array.isArray(o.value?.data?.guestEmails)) {
      throw new Error(`a success without its data: ${shown(o)}`);
    }
    counts[key] = (counts[key] || 0) + 1;
  }
  if (!counts.resolved || !counts.RainbowAbortError || !counts.RainbowTimeoutError) {
    throw new Error(`the mix lacks an outcome it should have: ${JSON.stringify(counts)}`);
  }
  return counts;
}

export const CASES = {};
for (const ms of [1, 2, 5]) CASES[`tiny timeout ${ms} ms`] = tinyTimeout(ms);
for (const kind of Object.keys(REASONS)) {
  CASES[`abort in fetch (${kind})`] = abortInFetch(kind);
  CASES[`abort in getToken, first call (${kind})`] = abortInGetToken(kind, 'first');
  CASES[`abort in getToken, renewal (${kind})`] = abortInGetToken(kind, 'renewal');
  CASES[`abort in the logger, warn (${kind})`] = abortInLogger(kind, 'warn');
  CASES[`abort in the logger, debug (${kind})`] = abortInLogger(kind, 'debug');
}
CASES['a thousand calls with random timeouts and aborts'] = thousand;
