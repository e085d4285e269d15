import { ApiClient } from './generated-client.js';

// Shared by node.js and browser.js. client.js builds every error as one of these classes; their
// `instanceof` checks the name, so it also recognises errors from another copy of the package.
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

// `text` with `secret` replaced, as the wasm does (src/error.rs, `replace_secret`): every
// occurrence of a long secret; a short one (a mock's `t`) only where it stands alone, not next to
// a letter, a digit, `-` or `_`.
const WORD_CHAR = String.raw`[A-Za-z0-9\-_\u0080-\uffff]`;
export const scrub = (text, secret) => {
  if (!secret || typeof text != 'string') return text;
  if (secret.length >= 8) return text.split(secret).join('[redacted]');
  const escaped = secret.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
  return text.replace(new RegExp(`(?<!${WORD_CHAR})${escaped}(?!${WORD_CHAR})`, 'g'), '[redacted]');
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
// Whether `secret` can be found in `v`: its strings, its properties (a few levels down, own ones,
// enumerable or not) and its JSON.
function holds(v, secret) {
  const seen = new Set();
  const visit = (x, depth) => {
    if (typeof x == 'string') return x.includes(secret);
    if (x === null || (typeof x != 'object' && typeof x != 'function') || seen.has(x) || depth > 4 || seen.size > 500) return false;
    seen.add(x);
    let names = [];
    try {
      names = Object.getOwnPropertyNames(x);
    } catch {}
    return names.some((k) => visit(get(x, k), depth + 1));
  };
  let json = '';
  try {
    json = JSON.stringify(v) || '';
  } catch {}
  return json.includes(secret) || visit(v, 0);
}

// Attaches a value the error can't describe itself (`cause`, `reason`), as an Error's own cause is:
// not enumerable. One that holds the token (a custom fetch's error carrying its request's headers)
// is replaced by an Error with its name, message and code, scrubbed.
export const attachValue = (e, key, value, secret) => {
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

/** The class of the error the wasm names (client.js builds every error with it). */
export const errorClass = (name) => byName[name] || RainbowError;

export const RainbowValidationError = kind('RainbowValidationError', 'ERR_VALIDATION');
export const RainbowApiError = kind('RainbowApiError', 'ERR_API');
export const RainbowNetworkError = kind('RainbowNetworkError', 'ERR_NETWORK');
export const RainbowTimeoutError = kind('RainbowTimeoutError', 'ERR_TIMEOUT');
export const RainbowAbortError = kind('RainbowAbortError', 'ERR_ABORTED');
export const RainbowResponseError = kind('RainbowResponseError', 'ERR_RESPONSE');
export const RainbowNotReadyError = kind('RainbowNotReadyError', 'ERR_NOT_READY');

// A call's own options are laid over the instance's. Anything but an object (a node-style
// callback, a number) is passed on as it is, for the validation to report.
const isObject = (v) => v !== null && typeof v == 'object' && !Array.isArray(v);
const merge = (a, b) => (b === undefined ? a : a === undefined ? b : !isObject(a) ? a : !isObject(b) ? b : { ...a, ...b });

const CALLS = [
  'sendUsersJoinRoomInvitation',
  'sendUserRoomInvitationCancelation',
  'sendUsersJoinRoomInvitationWithHttpInfo',
  'sendUserRoomInvitationCancelationWithHttpInfo',
];

// The generated client's ApiClient (this package's, or the generated one itself): it has a
// `basePath` or `authentications`, which options never have.
const isApiClient = (v) => {
  try {
    return v !== null && typeof v == 'object' && ('basePath' in v || 'authentications' in v);
  } catch {
    return false; // a revoked Proxy: the wasm reports it as unreadable options
  }
};
const unreadable = (cause, path = 'options') => {
  const message = `The ${path == 'options' ? 'options' : 'ApiClient'} could not be read (a getter or Proxy trap threw; see \`cause\`).`;
  return new RainbowValidationError(`The request is invalid (1 problem); nothing was sent.\n  ${path}: ${message}`, {
    errors: [{ path, code: 'invalid_option', message }], warnings: [], attempts: 0, mayHaveBeenDelivered: false, cause,
  });
};

// An ApiClient's fields as options, read at each call as the generated client did. The token
// comes from `authentications.Bearer` or, as people did since the generated client sent none for
// these calls, from an `Authorization: Bearer …` default header: either way it gets the `token`
// option's protections (never over plain http to a remote host, scrubbed from errors).
const BEARER = /^\s*bearer\s+/i;
const optionsOf = (client) => {
  const o = {};
  const { basePath, defaultHeaders, timeout, authentications } = client;
  if (basePath != null) o.baseUrl = basePath;
  if (timeout) o.timeoutMs = timeout; // 0 meant "no timeout" to the generated client: the default applies
  if (defaultHeaders != null && (typeof defaultHeaders != 'object' || Array.isArray(defaultHeaders))) {
    o.headers = defaultHeaders; // for the validation to report
  } else {
    const headers = { ...defaultHeaders };
    const auth = Object.keys(headers).find((k) => k.toLowerCase() == 'authorization');
    if (auth && typeof headers[auth] == 'string' && BEARER.test(headers[auth])) {
      o.token = headers[auth].replace(BEARER, '');
      delete headers[auth];
    }
    if (Object.keys(headers).length) o.headers = headers;
  }
  const bearer = (authentications && authentications.Bearer) || {};
  let key = bearer.apiKey;
  if (key == null || key === '' || o.token !== undefined) return o;
  const prefix = bearer.apiKeyPrefix;
  if (prefix == null || prefix === '') {
    if (typeof key == 'string') key = key.replace(BEARER, '');
  } else if (typeof prefix != 'string' || prefix.trim().toLowerCase() != 'bearer') {
    const path = 'apiClient.authentications.Bearer.apiKeyPrefix';
    const message = "Rainbow expects `Authorization: Bearer <token>`: set apiKeyPrefix to 'Bearer' or leave it out.";
    throw new RainbowValidationError(`The request is invalid (1 problem); nothing was sent.\n  ${path}: ${message}`, {
      errors: [{ path, code: 'invalid_option', message }],
      warnings: [],
      attempts: 0,
      mayHaveBeenDelivered: false,
    });
  }
  o.token = key;
  return o;
};

// RoomsInvitationApi over the four calls `f` of an entry point. The methods are bound to the
// instance, so one taken off it (`const { sendUsersJoinRoomInvitation } = api`) keeps its options.
// `new RoomsInvitationApi(options)` binds them to `options`; `new RoomsInvitationApi(apiClient)` and
// `new RoomsInvitationApi()` (ApiClient.instance) read the client's fields at each call.
export const apiClass = (f) =>
  class RoomsInvitationApi {
    constructor(options) {
      const client = options === undefined ? ApiClient.instance : isApiClient(options) ? options : undefined;
      this.options = client ? undefined : options;
      this.apiClient = client;
      for (const name of CALLS) {
        this[name] = (roomId, body, options) => {
          let base = this.options;
          try {
            if (this.apiClient) base = optionsOf(this.apiClient);
          } catch (e) {
            return Promise.reject(e instanceof RainbowError ? e : unreadable(e, 'apiClient'));
          }
          let merged;
          try {
            merged = merge(base, options);
          } catch (cause) {
            return Promise.reject(unreadable(cause));
          }
          return f[name](roomId, body, merged);
        };
      }
    }
  };
