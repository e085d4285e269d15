import { ApiClient } from './generated-client.js';

// Shared by node.js and browser.js. client.js builds every error as one of these classes; their
// `instanceof` checks the name, so it also recognises errors from another copy of the package.
const isError = (v) => Object.prototype.toString.call(v) == '[object Error]';

export class RainbowError extends Error {
  constructor(message, fields) {
    super(message, fields && 'cause' in fields ? { cause: fields.cause } : undefined);
    Object.assign(this, { code: this.code }, fields);
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

// A call's own options are laid over the instance's.
const merge = (a, b) => (b === undefined ? a : a === undefined ? b : { ...a, ...b });

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
const unreadable = (cause) => {
  const path = 'options';
  const message = 'The options could not be read (a getter or Proxy trap threw; see `cause`).';
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
            return Promise.reject(e);
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
