// The generated client's compatibility layer: `RoomsInvitationApi` over the calls of an entry
// (node.js, browser.js), its options taken from an `ApiClient` as the generated client did.
import { ApiClient } from './generated-client.js';
import { RainbowError, rainbowError } from './errors.js';

// A call's own options are laid over the instance's, and so are their headers, name by name in
// any case (as the generated client laid a call's headers over `defaultHeaders`). Anything but an
// object (a node-style callback, a number) is passed on as it is, for the validation to report.
const isObject = (v) => v !== null && typeof v == 'object' && !Array.isArray(v);
const over = (a, b) => {
  const names = new Set(Object.keys(b).map((k) => k.toLowerCase()));
  return { ...Object.fromEntries(Object.entries(a).filter(([k]) => !names.has(k.toLowerCase()))), ...b };
};
const merge = (a, b) => {
  if (b === undefined) return a;
  if (a === undefined) return b;
  if (!isObject(a)) return a;
  if (!isObject(b)) return b;
  const [base, call] = [{ ...a }, { ...b }];
  const merged = { ...base, ...call };
  if (isObject(base.headers) && isObject(call.headers)) merged.headers = over(base.headers, call.headers);
  return merged;
};

const CALLS = [
  'sendUsersJoinRoomInvitation',
  'sendUserRoomInvitationCancelation',
  'sendUsersJoinRoomInvitationWithHttpInfo',
  'sendUserRoomInvitationCancelationWithHttpInfo',
];

// The generated client's ApiClient (this package's, or the generated one itself, which also has
// `authentications`). Not any object with a `basePath`: options written with the generated
// client's name for `baseUrl` are options, whose validation names the unknown ones.
const isApiClient = (v) => {
  try {
    return v instanceof ApiClient || (v !== null && typeof v == 'object' && 'authentications' in v);
  } catch {
    return false; // a revoked Proxy: the wasm reports it as unreadable options
  }
};
// A problem with one option found here, before the wasm sees the call: nothing was sent. `cause`
// (what a getter threw) is attached as the wasm attaches one, with `secret` scrubbed from it.
const invalidOption = (path, message, ...cause) =>
  rainbowError(
    'RainbowValidationError',
    `The request is invalid (1 problem); nothing was sent.\n  ${path}: ${message}`,
    { errors: [{ path, code: 'invalid_option', message }], warnings: [] },
    ...cause,
  );
const unreadable = (cause, path, secret) => {
  const message = `The ${path == 'options' ? 'options' : 'ApiClient'} could not be read (a getter or Proxy trap threw; see \`cause\`).`;
  return invalidOption(path, message, 'cause', cause, secret);
};

// An ApiClient's fields as options, read at each call as the generated client did. The token
// comes from `authentications.Bearer` or, as people did since the generated client sent none for
// these calls, from an `Authorization: Bearer …` default header: either way it gets the `token`
// option's protections (never over plain http to a remote host, scrubbed from errors).
const BEARER = /^\s*bearer\s+/i;
// The token of a key or header value written `Bearer <token>` (or as the token alone).
const bearerToken = (value) => (typeof value == 'string' ? value.replace(BEARER, '') : value);
// The name of `headers`' `Authorization` entry, and that name when its value is `Bearer …`.
const authKey = (headers) => Object.keys(headers).find((k) => k.toLowerCase() == 'authorization');
const bearerHeader = (headers) => {
  const auth = authKey(headers);
  return auth && typeof headers[auth] == 'string' && BEARER.test(headers[auth]) ? auth : undefined;
};
const optionsOf = (client) => {
  const o = {};
  const { basePath, defaultHeaders, timeout, authentications } = client;
  if (basePath != null) o.baseUrl = basePath;
  if (timeout) o.timeoutMs = timeout; // 0 meant "no timeout" to the generated client: the default applies
  if (defaultHeaders != null && (typeof defaultHeaders != 'object' || Array.isArray(defaultHeaders))) {
    o.headers = defaultHeaders; // for the validation to report
  } else {
    const headers = { ...defaultHeaders };
    const auth = bearerHeader(headers);
    if (auth) {
      o.token = bearerToken(headers[auth]);
      delete headers[auth];
    }
    if (Object.keys(headers).length) o.headers = headers;
  }
  const bearer = (authentications && authentications.Bearer) || {};
  const key = bearer.apiKey;
  if (key == null || key === '' || o.token !== undefined) return o;
  const prefix = bearer.apiKeyPrefix;
  if (prefix != null && prefix !== '' && (typeof prefix != 'string' || prefix.trim().toLowerCase() != 'bearer')) {
    const message = "Rainbow expects `Authorization: Bearer <token>`: set apiKeyPrefix to 'Bearer' or leave it out.";
    throw invalidOption('apiClient.authentications.Bearer.apiKeyPrefix', message);
  }
  // A key that already starts with `Bearer ` is the token after it, with or without the prefix.
  o.token = bearerToken(key);
  return o;
};

// The tokens that options or an ApiClient hold, as far as they can be read: what a getter of
// theirs threw may quote them. Each may give one as a token (`token`, `apiKey`) and one as an
// Authorization header, whatever its scheme (a Basic one is refused, but is a secret all the same).
const tokenIn = (read) => {
  try {
    const token = bearerToken(read());
    return typeof token == 'string' && token.trim() ? token.trim() : undefined;
  } catch {
    return undefined;
  }
};
// The credential of `headers`' Authorization entry: its value without the scheme.
const credentialIn = (headers) => {
  const auth = authKey(headers);
  return auth && typeof headers[auth] == 'string' ? headers[auth].replace(/^\s*\S+\s+(?=\S)/, '') : undefined;
};
const secretOf = (v) =>
  isApiClient(v)
    ? [tokenIn(() => credentialIn(v.defaultHeaders)), tokenIn(() => v.authentications.Bearer.apiKey)]
    : [tokenIn(() => v.token), tokenIn(() => credentialIn(v.headers))];

// RoomsInvitationApi over the four calls `f` of an entry point. The methods are bound to the
// instance, so one taken off it (`const { sendUsersJoinRoomInvitation } = api`) keeps its options.
// `new RoomsInvitationApi(options)` binds them to `options`; `new RoomsInvitationApi(apiClient)` and
// `new RoomsInvitationApi()` (ApiClient.instance) read the client's fields at each call.
export const apiClass = (f) =>
  class RoomsInvitationApi {
    constructor(options) {
      // `null` too, as the generated client's `apiClient || ApiClient.instance`.
      const client = options == null ? ApiClient.instance : isApiClient(options) ? options : undefined;
      this.options = client ? undefined : options;
      this.apiClient = client;
      for (const name of CALLS) {
        this[name] = (roomId, body, options) => {
          let base = this.options;
          try {
            if (this.apiClient) base = optionsOf(this.apiClient);
          } catch (e) {
            // What threw may quote the token of the ApiClient or the one the call gives.
            return Promise.reject(e instanceof RainbowError ? e : unreadable(e, 'apiClient', [secretOf(this.apiClient), secretOf(options)]));
          }
          let merged;
          try {
            merged = merge(base, options);
          } catch (cause) {
            return Promise.reject(unreadable(cause, 'options', [secretOf(base), secretOf(options)]));
          }
          return f[name](roomId, body, merged);
        };
      }
    }
  };
