// The calls' I/O: reading the JS arguments, the fetch, the timers and the caller's signal, the
// body stream, logging. Every decision is the wasm's (`w.run`, src/exports.rs): it validates the
// arguments and builds the request, and at the end of each attempt says whether the call
// succeeded, waits and tries again, or fails with which error. Doing the I/O here rather than in
// Rust keeps the .wasm free of an async state machine and of a JS binding per fetch step.
//
// Every value read here may come from other people's code (a custom fetch, a logger, a signal),
// so each read and call that could throw is guarded, and a throw becomes the call's error rather
// than an escape from the Promise.

import { RainbowError, errorClass, attachValue, scrub } from './api.js';

const PREFIX = '[rainbow-room-invitations] ';
const ignore = () => {};
const LEVELS = ['off', 'error', 'warn', 'info', 'debug'];
const STOP = {}; // thrown by `wait` when a timer or the signal stopped the call

// A property, or undefined when `o` is not an object or the getter throws.
const get = (o, k) => {
  if (o === null || (typeof o != 'object' && typeof o != 'function')) return undefined;
  try {
    return o[k];
  } catch {
    return undefined;
  }
};
const str = (v) => (typeof v == 'string' ? v : undefined);
const header = (headers, name) => {
  try {
    return str(headers.get(name));
  } catch {
    return undefined;
  }
};

// ---- the arguments, read for the wasm ----------------------------------------------------------
// Input comes from other people's code: a Proxy whose traps throw, a getter with side effects, a
// cyclic or enormous structure. So each read is guarded, each key is read once, the walk stops at
// a fixed depth (the models are never deeper than an array of strings), and sizes are capped.
// What JSON can't hold is written as a string starting with U+0000 (src/input.rs reads it back).
const MAX_ENTRIES = 100000;
// The longest string a request may hold, and all of its strings together, in UTF-16 units: far
// beyond any real request, and well within what the wasm's memory can copy.
const MAX_STRING = 1000000;
const MAX_TOTAL = 16000000;
const M = '\0';
const wellFormed = (s) =>
  s.isWellFormed ? s.isWellFormed() : !/[\ud800-\udbff](?![\udc00-\udfff])|(?:^|[^\ud800-\udbff])[\udc00-\udfff]/.test(s);
const objectTag = (v) => Object.prototype.toString.call(v);

// A plain object's own enumerable entries, each value read once (M + 'l': its getter threw), or
// the marker of why it can't be read as one.
function entries(v) {
  let keys;
  try {
    // Maps, Dates, class instances that say they are something else: not data.
    if (objectTag(v) != '[object Object]') return M + 'i';
    keys = Object.keys(v);
  } catch {
    return M + 'j';
  }
  if (keys.length > MAX_ENTRIES) return M + 'k';
  return keys.map((k) => {
    try {
      return [k, v[k], true];
    } catch {
      return [k, M + 'l', false];
    }
  });
}

// Sets a key of a plain object, where a `__proto__` key is an ordinary key. Plain rather than
// prototype-less objects: JSON.stringify has a fast path for them.
const put = (o, k, v) => {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
};

// `v` as JSON can carry it, at most `depth` levels of objects and arrays below it. `budget.left`
// counts down the string units a request may still hold.
function describe(v, depth, budget) {
  switch (typeof v) {
    case 'undefined':
      return M + 'u';
    case 'boolean':
      return v;
    case 'number':
      return Number.isFinite(v) ? v : M + '#' + v;
    case 'string':
      if (v.length > MAX_STRING || (budget.left -= v.length) < 0) return M + 'p';
      return !wellFormed(v) ? M + 'a' : v.charCodeAt(0) === 0 ? M + 's' + v : v;
    case 'function':
      return M + 'F';
    case 'symbol':
      return M + 'b';
    case 'bigint':
      return M + 'c';
  }
  if (v === null) return null;
  let array;
  try {
    array = Array.isArray(v); // throws on a revoked Proxy
  } catch {
    return M + 'd';
  }
  if (array) {
    if (!depth) return M + 'e';
    let length = get(v, 'length');
    if (typeof length != 'number') length = 0;
    if (!(length >= 0 && length <= MAX_ENTRIES)) return M + 'g';
    length = Math.trunc(length);
    const out = [];
    for (let i = 0; i < length; i++) {
      let item;
      try {
        item = v[i];
      } catch {
        out.push(M + 'h');
        continue;
      }
      // The common case first, inline: lists can hold thousands of plain strings.
      if (typeof item == 'string' && item.length <= MAX_STRING && item.charCodeAt(0) !== 0 && wellFormed(item)) {
        out.push((budget.left -= item.length) < 0 ? M + 'p' : item);
      } else out.push(describe(item, depth - 1, budget));
    }
    return out;
  }
  if (typeof v != 'object') return M + 'o';
  if (!depth) return M + 'f';
  const list = entries(v);
  if (typeof list == 'string') return list;
  const out = {};
  for (const [k, value, read] of list) put(out, k, read ? describe(value, depth - 1, budget) : value);
  return out;
}

// The options, each read exactly once: a getter that answers differently on a second read can't
// make the call use something validation never saw (say, a `getToken` that appears after the
// check that refuses a token over plain http). `signal` and `logger` are described by whether
// they have the method used (a `console` is not a plain object).
function readOptions(v, budget) {
  const out = { value: undefined, fetch: undefined, getToken: undefined, signal: undefined, logger: undefined };
  let array = true;
  try {
    array = Array.isArray(v);
  } catch {}
  if (v === null || typeof v != 'object' || array) {
    out.value = describe(v, 0, budget);
    return out;
  }
  const list = entries(v);
  if (typeof list == 'string') {
    out.value = list;
    return out;
  }
  out.value = {};
  for (const [key, raw, read] of list) {
    let value;
    if (!read) value = raw;
    else if ((key == 'signal' || key == 'logger') && raw !== null && typeof raw == 'object') {
      const method = key == 'signal' ? 'addEventListener' : 'log';
      value = typeof get(raw, method) == 'function' ? {} : key == 'signal' ? M + 'n' : M + 'm';
    } else value = describe(raw, 1, budget);
    if (read) {
      if (key == 'signal' && raw !== null && typeof raw == 'object') out.signal = raw;
      else if ((key == 'fetch' || key == 'getToken') && typeof raw == 'function') out[key] = raw;
      else if (key == 'logger') out.logger = raw;
    }
    put(out.value, key, value);
  }
  return out;
}

// Asks the wasm (src/exports.rs, `run`): the request as the UTF-8 of a JSON array, which
// TextEncoder makes faster than the glue's own string copy; the answer as JSON text.
const encoder = new TextEncoder();
// One buffer reused between calls (kept up to 1 MiB): encodeInto an existing buffer is several
// times faster than encode(), which allocates a new one each time.
let scratch = new Uint8Array(4096);
const utf8 = (text) => {
  let buffer = text.length > scratch.length ? new Uint8Array(text.length) : scratch;
  let { read, written } = encoder.encodeInto(text, buffer);
  if (read < text.length) {
    // Not ASCII: up to three bytes per UTF-16 unit.
    buffer = new Uint8Array(text.length * 3);
    ({ written } = encoder.encodeInto(text, buffer));
  }
  if (buffer.length > scratch.length && buffer.length <= 1 << 20) scratch = buffer;
  return buffer.subarray(0, written);
};
// `tail`, a string sent after the JSON as it is (see `run`).
const ask = (w, request, tail) => {
  const json = typeof request == 'string' ? request : JSON.stringify(request);
  const bytes = utf8(tail === undefined ? json : json + '\n' + tail);
  try {
    return w.run(bytes);
  } catch (cause) {
    // A trap: a bug here, never the caller's input (which the core never panics on).
    const message = `rainbow-room-invitations failed inside its WebAssembly module (${cause && cause.message}). This is a bug in the package: please report it with the call that caused it.`;
    throw new RainbowError(message, { code: 'ERR_INTERNAL', cause });
  }
};
const budget = () => ({ left: MAX_TOTAL });
// The three arguments, the options already read with `b`, the budget shared by all three.
const described = (roomId, body, options, b) => [describe(roomId, 0, b), describe(body, 2, b), options.value];

// ---- errors ---------------------------------------------------------------------------------------

const toError = ({ name, code, message, ...fields }) => Object.assign(new (errorClass(name))(message, fields), { name, code });

// Headers whose values are credentials or session state: never written to a log.
const SECRET_HEADER = /auth|token|key|secret|cookie|session|passw|credential|signature/;


// The wasm's answer, or throws the error it describes.
const answer = (json) => {
  const out = JSON.parse(json);
  if (out.error !== undefined) throw toError(out.error);
  return out;
};

// A browser page's origin, as the spec's relative paths mean; `http://localhost` elsewhere.
const defaultBaseUrl = () => {
  const origin = str(get(get(globalThis, 'location'), 'origin'));
  return origin && /^https?:\/\//.test(origin) ? origin : 'http://localhost';
};

const freshId = () => {
  try {
    return crypto.randomUUID();
  } catch {
    let id = '';
    for (let i = 0; i < 32; i++) id += ((Math.random() * 16) | 0).toString(16);
    return id;
  }
};

// Starts a step of the call: what `f` returns, or a rejection with what it threw. Promise.resolve
// reads a returned thenable's `constructor`, which may throw too.
const start = (f) => {
  try {
    return Promise.resolve(f());
  } catch (e) {
    return Promise.reject(e);
  }
};

// What the platform reported: Node's `cause.code` (ECONNREFUSED, ENOTFOUND…) when there is one,
// else the error's message ("Failed to fetch" in browsers).
const REDIRECTED = 'the server answered with a redirect, which is not followed for a POST; set baseUrl to where it points';
const networkFailure = (cause) => {
  const inner = get(cause, 'cause');
  // Node's fetch with `redirect: 'error'` (see `exchange`): a redirect, or a 421, after which
  // undici sends the request again on a new connection, and finds the body already sent.
  if (get(inner, 'message') === 'unexpected redirect') return { cause, code: undefined, detail: REDIRECTED };
  if (get(inner, 'code') === 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH') {
    return { cause, code: undefined, detail: 'the server answered 421 Misdirected Request; the request was not sent again' };
  }
  const code = str(get(inner, 'code')) ?? str(get(cause, 'code'));
  const detail = [get(inner, 'code'), get(cause, 'code'), get(inner, 'message'), get(cause, 'message')].find(str);
  return { cause, code, detail: detail || 'the request failed' };
};

// The timers and the caller's signal that bound a call; `wait` races each step against them, so a
// call ends on time even when a custom fetch ignores its abort signal.
class Stopper {
  constructor(signal, totalMs) {
    this.stopped = undefined;
    this.controller = undefined;
    this.deadline = undefined;
    this.timer = undefined;
    this.promise = new Promise((resolve) => (this.settle = resolve));
    this.signal = signal;
    this.onAbort = () => this.stop(2);
    if (signal !== undefined) {
      if (get(signal, 'aborted')) this.stop(2);
      else
        try {
          signal.addEventListener('abort', this.onAbort);
        } catch {}
    }
    this.total = totalMs === undefined ? undefined : setTimeout(() => this.stop(1), totalMs);
  }

  // 0: an attempt's timeout, 1: the total timeout, 2: aborted.
  stop(why) {
    if (this.stopped !== undefined) return;
    this.stopped = why;
    try {
      this.controller?.abort();
    } catch {}
    this.settle();
  }

  arm(ms, controller) {
    this.disarm();
    this.controller = controller;
    this.deadline = Date.now() + ms;
    this.timer = setTimeout(() => this.stop(0), ms);
  }

  disarm() {
    this.deadline = undefined;
    clearTimeout(this.timer);
  }

  // Resolves as `p` does, unless the call is stopped first: then it rejects with STOP (a failure
  // of `p`, with { failed }). `aborts`: `p` ends when the attempt's controller aborts (Node's own
  // fetch and its body stream do), so it needs no race, which costs a few microseconds a step.
  // Not async: fewer microtasks a step.
  wait(p, aborts) {
    // A loop that never yields to timers (a stream of empty chunks) still ends at its deadline.
    if (this.stopped === undefined && this.deadline !== undefined && Date.now() >= this.deadline) this.stop(0);
    if (this.stopped !== undefined) {
      // Given up on before it settles: its rejection (an aborted fetch, say) is handled here.
      p.then(undefined, ignore);
      return Promise.reject(STOP);
    }
    return (aborts ? p : Promise.race([p, this.promise])).then(
      (value) => {
        if (this.stopped !== undefined) throw STOP;
        return value;
      },
      (e) => {
        throw this.stopped !== undefined ? STOP : { failed: e };
      },
    );
  }

  sleep(ms) {
    let timer;
    return this.wait(new Promise((resolve) => (timer = setTimeout(resolve, ms)))).finally(() => clearTimeout(timer));
  }

  end() {
    this.disarm();
    clearTimeout(this.total);
    try {
      this.signal?.removeEventListener('abort', this.onAbort);
    } catch {}
  }
}

// Reads a body stream to its end, the text or TOO_LARGE when it grows past `max` bytes (the stream
// is then cancelled, so the rest is never downloaded).
const TOO_LARGE = {};
// Lossy, as the server's bytes may not be UTF-8; a leading BOM is kept, for the parser to refuse.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
async function readCapped(stopper, reader, max, aborts) {
  const parts = [];
  let size = 0;
  for (;;) {
    const chunk = await stopper.wait(start(() => reader.read()), aborts);
    if (get(chunk, 'done')) break;
    let part = get(chunk, 'value');
    if (!(part instanceof Uint8Array)) continue;
    // A copy made by the engine (not of the platform's own chunks): its length can't lie, and a
    // detached chunk fails here.
    if (!aborts) {
      try {
        part = new Uint8Array(part);
      } catch (e) {
        throw { failed: e };
      }
    }
    if (size + part.length > max) {
      try {
        reader.cancel().catch(() => {});
      } catch {}
      return TOO_LARGE;
    }
    parts.push(part);
    size += part.length;
  }
  let bytes = parts[0] || new Uint8Array(0);
  if (parts.length > 1) {
    bytes = new Uint8Array(size);
    let at = 0;
    for (const part of parts) {
      bytes.set(part, at);
      at += part.length;
    }
  }
  return decoder.decode(bytes);
}

// One POST; its whole response read within the attempt's timeout. Resolves to
// { status, headers, text } or { tooLarge: status, requestId }, or throws STOP or { failed }.
async function exchange(stopper, fetch, plan, headers, platform) {
  let controller;
  try {
    controller = new AbortController();
  } catch {}
  // Redirects not followed: one would take the body and the headers wherever the server says.
  // Node's own fetch (undici) copies every request, body stream included, unless it has no window
  // and refuses redirects: that copy is about a tenth of a loopback call. It then rejects a
  // redirect ("unexpected redirect", see `networkFailure`) where 'manual' would return it.
  const init = platform
    ? { method: 'POST', headers, body: plan.body, redirect: 'error', window: null }
    : { method: 'POST', headers, body: plan.body, redirect: 'manual' };
  if (controller) init.signal = controller.signal;
  // Node's fetch and its body stream end when the controller aborts: no race needed.
  const aborts = platform && controller !== undefined;
  stopper.arm(plan.timeoutMs, controller);
  const res = await stopper.wait(start(() => fetch(plan.url, init)), aborts);
  const status = get(res, 'status');
  if (get(res, 'type') == 'opaqueredirect') throw { failed: res, detail: REDIRECTED };
  if (typeof status != 'number' || !(status >= 100 && status <= 599) || status % 1) {
    throw { failed: res, detail: 'fetch returned something that is not a Response' };
  }
  const resHeaders = get(res, 'headers');
  const max = plan.maxResponseBytes;
  const tooLarge = () => ({ tooLarge: status, requestId: header(resHeaders, 'x-rainbow-request-id') });
  const declared = header(resHeaders, 'content-length');
  const body = get(res, 'body');
  if (declared && /^\s*\+?\d+\s*$/.test(declared) && Number(declared) > max) {
    try {
      body.cancel().catch(() => {});
    } catch {}
    return tooLarge();
  }
  let reader;
  // Checked before the call rather than caught: a thrown error costs more than the whole call.
  if (typeof get(body, 'getReader') == 'function') {
    try {
      reader = body.getReader();
    } catch {}
  }
  let text;
  if (reader !== undefined) {
    text = await readCapped(stopper, reader, max, aborts);
    if (text === TOO_LARGE) return tooLarge();
  } else {
    // A Response without a stream (a custom fetch's stand-in): read it whole, then check.
    text = str(await stopper.wait(start(() => res.text()))) ?? '';
    if (encoder.encode(text).length > max) return tooLarge();
  }
  return { status, headers: resHeaders, text };
}

// `platformFetch`: Node's own fetch, given by the Node entry, for `exchange`'s faster request.
export function client(w, platformFetch) {
  // Where log lines go: a function (level, line), or a console-like object.
  const logger = (target, level) => (at, line, secret) => {
    if (at > level || target == null) return;
    line = scrub(PREFIX + line, secret);
    const name = LEVELS[at];
    try {
      let returned;
      if (typeof target == 'function') returned = target(name, line);
      else {
        const f = get(target, name);
        returned = typeof f == 'function' ? f.call(target, line) : target.log(line);
      }
      // An async logger's rejection is its own, never an unhandled one in the caller's process.
      if (returned !== null && typeof returned == 'object' && typeof get(returned, 'then') == 'function') returned.then(undefined, ignore);
    } catch {} // a logger that throws must not break the call
  };

  async function send(op, roomId, body, options, info) {
    const b = budget();
    const opts = readOptions(options, b);
    const prepared = ask(w, [2 + op, ...described(roomId, body, opts, b), defaultBaseUrl(), freshId()]);
    const split = prepared.indexOf('\n');
    const plan = answer(split < 0 ? prepared : prepared.slice(0, split));
    plan.body = prepared.slice(split + 1);
    const { correlationId, maxRetries } = plan;
    const { getToken, signal } = opts;
    const log = logger(opts.logger, plan.logLevel);
    let fetch = opts.fetch;
    if (fetch === undefined) {
      fetch = globalThis.fetch;
      if (typeof fetch != 'function') answer(ask(w, [6, 6]));
    }
    for (const warning of plan.warnings) log(2, warning);

    const stopper = new Stopper(signal, plan.totalTimeoutMs);
    const started = Date.now();
    let token = plan.token;
    let attempts = 0;
    let delivered = false;
    let renewed = false;
    // The error the wasm describes, with a JS value it can't hold attached (as `cause` or
    // `reason`: not enumerable, as an Error's own cause is), logged.
    const fail = (described, attach, secret) => {
      const e = toError(typeof described == 'string' ? JSON.parse(described).error : described);
      if (attach) attachValue(e, attach[0], attach[1], secret);
      log(1, e.message, secret);
      return e;
    };
    const stopped = (secret) => {
      const why = stopper.stopped;
      const ms = why == 1 ? plan.totalTimeoutMs : plan.timeoutMs;
      const json = ask(w, [6, why, ms, 0, undefined, attempts, delivered, secret, correlationId]);
      return fail(json, why == 2 ? ['reason', get(signal, 'reason')] : undefined, secret);
    };
    try {
      // The arguments were read and checked at the call; the sending starts a microtask later, so
      // an abort in the same tick as the call stops it before anything is sent.
      await undefined;
      for (;;) {
        if (stopper.stopped !== undefined) throw stopped(token);
        // A fresh token for every attempt, as the caller's getToken decides (it may cache).
        if (getToken !== undefined) {
          // A getToken that never answers is bounded like an attempt.
          stopper.arm(plan.timeoutMs);
          let fresh;
          try {
            fresh = await stopper.wait(start(getToken));
          } catch (e) {
            if (e === STOP) throw stopped(undefined);
            throw fail(ask(w, [6, 4, 0, 0, undefined, attempts, delivered, undefined, correlationId]), ['cause', e.failed]);
          } finally {
            stopper.disarm();
          }
          if (typeof fresh != 'string') throw fail(ask(w, [6, 5, 0, 0, undefined, attempts, delivered, undefined, correlationId]));
          const checked = ask(w, [6, 7, 0, 0, fresh, attempts, delivered, undefined, correlationId]);
          if (checked != '{}') throw fail(checked);
          token = fresh;
        }
        attempts++;
        // The token goes third, after the spec's two headers (`auth` is -1 when the caller's
        // own Authorization header replaces it). `put`: a header named `__proto__` is a header.
        const headers = {};
        const names = Object.keys(plan.headers);
        for (let i = 0; i <= names.length; i++) {
          if (i == plan.auth && token !== undefined) headers.Authorization = 'Bearer ' + token;
          if (i < names.length) put(headers, names[i], plan.headers[names[i]]);
        }
        const sentAt = Date.now();
        let outcome;
        let failed;
        try {
          outcome = await exchange(stopper, fetch, plan, headers, fetch === platformFetch);
        } catch (e) {
          if (e !== STOP) failed = e.detail ? { cause: e.failed, detail: e.detail } : networkFailure(e.failed);
        } finally {
          stopper.disarm();
        }
        if (plan.logLevel >= 4) {
          let line = `POST ${plan.url} attempt ${attempts} of ${maxRetries + 1}, headers:`;
          for (const [name, value] of Object.entries(headers)) {
            const lower = name.toLowerCase();
            line += ` ${name}: ${lower == 'authorization' ? 'Bearer [redacted]' : SECRET_HEADER.test(lower) ? '[redacted]' : value};`;
          }
          const ended = failed
            ? `failed: ${failed.detail}`
            : outcome === undefined
              ? 'stopped (timeout or abort)'
              : outcome.tooLarge !== undefined
                ? `answered ${outcome.tooLarge} with a body over maxResponseBytes`
                : `answered ${outcome.status}`;
          log(4, `${line} → ${ended} in ${Date.now() - sentAt} ms`, token);
        }
        if (outcome === undefined && failed === undefined) {
          delivered = true; // the request had reached fetch: the server may have it
          throw stopped(token);
        }
        if (outcome?.tooLarge !== undefined) {
          const tooLarge = [6, 3, plan.maxResponseBytes, outcome.tooLarge, outcome.requestId, attempts, true, token, correlationId];
          throw fail(ask(w, tooLarge), undefined, token);
        }
        const ok = !failed && outcome.status >= 200 && outcome.status < 300;
        // A success's status and body alone; '' when the body can't be read, for the facts.
        let reply = ok ? ask(w, '[4,' + outcome.status + ']', outcome.text) : '';
        if (!reply) {
          const flags = (getToken !== undefined ? 1 : 0) | (renewed ? 2 : 0) | (delivered ? 4 : 0);
          const jitter = Math.floor(Math.random() * 1e9);
          if (failed) reply = ask(w, [5, plan.url, failed.detail, failed.code, attempts, maxRetries, flags, jitter, token, correlationId]);
          else {
            const h = outcome.headers;
            // The core reads a wait only from an error's answer (each Headers.get costs a microsecond).
            const left = plan.totalTimeoutMs === undefined ? undefined : Math.floor(plan.totalTimeoutMs - (Date.now() - started));
            const facts = [4, outcome.status, header(h, 'x-rainbow-request-id'),
              ok ? undefined : header(h, 'retry-after-ms'), ok ? undefined : header(h, 'retry-after'),
              attempts, maxRetries, flags, left, jitter, Date.now(), token, correlationId];
            reply = ask(w, facts, outcome.text);
          }
        }
        const next = JSON.parse(reply);
        if (next.error) throw fail(next.error, failed && ['cause', failed.cause], token);
        if (next.delayMs === undefined) {
          if (!info) return next.data;
          let all = {};
          try {
            all = Object.fromEntries(outcome.headers);
          } catch {}
          return {
            data: next.data,
            status: outcome.status,
            headers: all,
            requestId: header(outcome.headers, 'x-rainbow-request-id') ?? null,
            correlationId: correlationId ?? null,
            attempts,
          };
        }
        delivered = next.delivered;
        renewed ||= next.renew;
        log(3, `attempt ${attempts} of ${maxRetries + 1} failed (${next.why}); retrying in ${next.delayMs} ms`, token);
        try {
          await stopper.sleep(next.delayMs);
        } catch {
          throw stopped(token);
        }
      }
    } finally {
      stopper.end();
    }
  }

  const call = (op, info) => (roomId, body, options) => send(op, roomId, body, options, info);
  const validate = (op) => (roomId, body, options) => {
    const b = budget();
    return JSON.parse(ask(w, [op, ...described(roomId, body, readOptions(options, b), b), defaultBaseUrl()]));
  };
  return {
    validateJoinInvitation: validate(0),
    validateCancelation: validate(1),
    sendUsersJoinRoomInvitation: call(0, false),
    sendUserRoomInvitationCancelation: call(1, false),
    sendUsersJoinRoomInvitationWithHttpInfo: call(0, true),
    sendUserRoomInvitationCancelationWithHttpInfo: call(1, true),
  };
}
