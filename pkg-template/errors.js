// The package's errors: one class per kind, each with a stable `name` and `code`, all extending
// RainbowError. The wasm builds every error it rejects with through `rainbowError` below (it
// imports this module); `instanceof` checks the name, so it also recognises errors from another
// copy of the package. Nothing here is called per call but to build an error.

const isError = (v) => Object.prototype.toString.call(v) == '[object Error]';

// Each error's summaries of its `cause` and `reason`, for toJSON.
const SUMMARIES = Symbol('summaries');

const get = (o, k) => {
  try {
    return o[k];
  } catch {
    return undefined;
  }
};

// The secrets `secret` stands for, as the wasm reads them (src/error.rs, `scrub`): the items of a
// list (the call's tokens and an ApiClient's), the lines of a text (the tokens a call sent, one per
// line), and for a long one what follows each '.' too (a JWT's first part is the same in most
// tokens, so a run of its payload or signature is a secret of its own).
const secrets = (secret) =>
  [secret].flat(Infinity).join('\n').split('\n')
    .flatMap((s) => s.split('.').map((_, i, parts) => parts.slice(i).join('.')).filter((part, i) => part && (!i || part.length > 7)));

// `text` with `secret` replaced by `mark`, as the wasm does: every occurrence of a long secret,
// and what is left of one cut short wherever it stands (a run of its first 8 characters or more);
// a short one (a mock's `t`) only where it stands alone, not next to a letter, a digit, `-` or
// `_`, nor joined to a word by an apostrophe (the `t` of "can't"). What they cover is found first
// and replaced after, one mark for each stretch: runs that overlap or follow each other leave
// nothing of either.
const WORD_CHAR = String.raw`[A-Za-z0-9\-_\u0080-\uffff]`;
export const scrub = (text, secret, mark = '[redacted]') => {
  const units = secrets(secret);
  if (typeof text != 'string' || !units.length) return text;
  const hidden = new Uint8Array(text.length);
  for (const one of units) {
    const escaped = one.slice(0, 8).replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
    const pattern = one.length < 8 ? `(?<!${WORD_CHAR}'?)${escaped}(?!'?${WORD_CHAR})` : escaped;
    for (const { index: at } of text.matchAll(new RegExp(pattern, 'g'))) {
      let end = at + Math.min(8, one.length);
      while (end - at < one.length && text[end] === one[end - at]) end++;
      hidden.fill(1, at, end);
    }
  }
  if (!hidden.includes(1)) return text;
  return text.split('').map((c, i) => (hidden[i] ? (hidden[i - 1] ? '' : mark) : c)).join('');
};

// What JSON.stringify(error) shows of a cause or reason: its name, message and code, scrubbed.
const summary = (v, secret) => {
  if (v === null || (typeof v != 'object' && typeof v != 'function')) return v === undefined ? undefined : scrub(String(v), secret);
  const out = {};
  for (const key of ['name', 'message', 'code']) {
    const field = get(v, key);
    if (typeof field == 'string' || typeof field == 'number') out[key] = scrub(String(field), secret);
  }
  return out;
};
// Whether `secret` may be in `v`: in its JSON, or in its strings, its properties (own ones,
// enumerable or not), the entries of a Map, a Set or a Headers, a Request's or a Response's
// headers, status text and URL, down to 8 levels. What is deeper, or past 500 values, may hold
// it too.
const holds = (v, secret) => secrets(secret).some((one) => holdsOne(v, one));
function holdsOne(v, secret) {
  // A long one's start is enough: what is cut from it is scrubbed too.
  const needle = secret.length < 8 ? secret : secret.slice(0, 8);
  const seen = new Set();
  const visit = (x, depth) => {
    if (typeof x == 'string') return x.includes(needle);
    if (x === null || (typeof x != 'object' && typeof x != 'function') || seen.has(x)) return false;
    if (depth > 8 || seen.size > 500) return true;
    seen.add(x);
    let names = [];
    try {
      names = Object.getOwnPropertyNames(x);
    } catch {}
    // And what a Request or a Response holds in getters of its prototype.
    if ([...names, 'headers', 'statusText', 'url'].some((k) => visit(get(x, k), depth + 1))) return true;
    // The entries of the collections whose contents are not properties (finite, and read without
    // side effects), as many as the budget allows. (`instanceof` throws for a revoked Proxy.)
    try {
      const listed = x instanceof Map || x instanceof Set || (typeof Headers == 'function' && x instanceof Headers);
      if (listed) for (const entry of x) if (visit(entry, depth + 1)) return true;
    } catch {}
    return false;
  };
  let json = '';
  try {
    json = JSON.stringify(v) || '';
  } catch {}
  return json.includes(needle) || visit(v, 0);
}

// Attaches a value the error can't describe itself (`cause`, `reason`), as an Error's own cause is:
// not enumerable. One that holds the token (a custom fetch's error carrying its request's headers)
// is replaced by an Error with its name, message and code, scrubbed.
const attachValue = (e, key, value, secret) => {
  const kept = secret && holds(value, secret) ? Object.assign(new Error(), summary(value, secret)) : value;
  Object.defineProperty(e, key, { value: kept, writable: true, configurable: true, enumerable: false });
  e[SUMMARIES][key] = summary(value, secret);
};

export class RainbowError extends Error {
  constructor(message, fields) {
    super(message);
    Object.defineProperty(this, SUMMARIES, { value: {} });
    const { cause, reason, ...rest } = fields || {};
    Object.assign(this, { code: this.code }, rest);
    // Every error says how far its call got. One built without these (by an entry before the
    // module ran, or by hand) sent nothing.
    if (!('attempts' in this)) this.attempts = 0;
    if (!('mayHaveBeenDelivered' in this)) this.mayHaveBeenDelivered = false;
    if (fields && 'cause' in fields) attachValue(this, 'cause', cause);
    if (fields && 'reason' in fields) attachValue(this, 'reason', reason);
  }

  // What a log needs: name, code, message, every field, and the cause and reason summarised (the
  // objects themselves can hold anything, a request's headers included).
  toJSON() {
    const out = { name: this.name, code: this.code, message: this.message };
    for (const key of Object.keys(this)) if (!(key in out)) out[key] = this[key];
    return Object.assign(out, this[SUMMARIES]);
  }

  static [Symbol.hasInstance](v) {
    // An app's own subclass has no name of its own: its instances are its own, by the prototype chain.
    if (!Object.hasOwn(this.prototype, 'name')) return Function.prototype[Symbol.hasInstance].call(this, v);
    const name = isError(v) && typeof v.code == 'string' && v.name;
    return typeof name == 'string' && (this == RainbowError ? name.startsWith('Rainbow') : name == this.prototype.name);
  }
}
RainbowError.prototype.name = 'RainbowError';
RainbowError.prototype.code = 'ERR_RAINBOW';

const byName = Object.create(null);
const kind = (name, code) => {
  const C = class extends RainbowError {};
  Object.defineProperty(C, 'name', { value: name });
  Object.assign(C.prototype, { name, code });
  byName[name] = C;
  return C;
};

/** The class of the error the wasm names. */
const errorClass = (name) => byName[name] || RainbowError;

export const RainbowValidationError = kind('RainbowValidationError', 'ERR_VALIDATION');
export const RainbowApiError = kind('RainbowApiError', 'ERR_API');
export const RainbowNetworkError = kind('RainbowNetworkError', 'ERR_NETWORK');
export const RainbowTimeoutError = kind('RainbowTimeoutError', 'ERR_TIMEOUT');
export const RainbowAbortError = kind('RainbowAbortError', 'ERR_ABORTED');
export const RainbowResponseError = kind('RainbowResponseError', 'ERR_RESPONSE');
export const RainbowNotReadyError = kind('RainbowNotReadyError', 'ERR_NOT_READY');

/**
 * The error the wasm describes (src/shell/errors.rs): an instance of the class `name` names, with
 * its fields, and with `value` attached as `key` (`cause` or `reason`; `secret`, the tokens the
 * call sent, one per line, are scrubbed from it).
 */
export function rainbowError(name, message, fields, key, value, secret) {
  // Its own `name` too: a name this copy of the package has no class for keeps its words.
  const e = Object.assign(new (errorClass(name))(message, fields), { name });
  if (key) attachValue(e, key, value, secret);
  return e;
}

// Set once the WebAssembly module has failed: it can't be trusted to run again.
let failed;

/**
 * `f` (an export of the wasm), made to fail as a `RainbowError` with code `ERR_INTERNAL` if the
 * module traps (a bug in this package: the code never panics on input), rather than with a bare
 * `WebAssembly.RuntimeError`; every later call then fails the same way. `promised`: `f` returns a
 * Promise, which then rejects rather than throws.
 */
export const guarded = (f, promised) => (...args) => {
  try {
    if (failed) throw failed;
    return f(...args);
  } catch (cause) {
    if (!(cause instanceof WebAssembly.RuntimeError) && cause !== failed) throw cause;
    failed ||= cause;
    const message = `rainbow-room-invitations failed inside its WebAssembly module (${failed.message}). This is a bug in the package: please report it with the call that caused it.`;
    const e = new RainbowError(message, { code: 'ERR_INTERNAL', cause: failed });
    if (promised) return Promise.reject(e);
    throw e;
  }
};
