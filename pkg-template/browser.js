// Browser entry: the .wasm next to this file is fetched once, on first use or by ready(); or the
// app hands it over itself with ready(wasm): a URL, a Response, bytes or a WebAssembly.Module.
// Bundlers turn `new URL('…', import.meta.url)` into an asset.
// Named imports, not the namespace: a bundler keeps a namespace's every export (initSync too).
import init, {
  validateJoinInvitation as validateJoin,
  validateCancelation as validateCancel,
  sendUsersJoinRoomInvitation as sendJoin,
  sendUserRoomInvitationCancelation as sendCancel,
  sendUsersJoinRoomInvitationWithHttpInfo as sendJoinInfo,
  sendUserRoomInvitationCancelationWithHttpInfo as sendCancelInfo,
} from './rainbow_room_invitations.js';
import { apiClass } from './api.js';
import { guarded, RainbowAbortError, RainbowNotReadyError, RainbowTimeoutError } from './errors.js';

let loading; // the load under way or done; undefined before the first one and after a failure
let loaded = false;
let given; // the .wasm last handed to ready(wasm), which every later load uses

// Starts a load of `given` (else of the file next to this one), after `before` has failed if
// there is one (a load under way is never raced: the glue instantiates once).
function start(before) {
  const source = given;
  // Async, so that a URL that can't be made (an IIFE bundle's empty import.meta.url) rejects.
  const load = async () => {
    const exports = await init({ module_or_path: source ?? new URL('./rainbow_room_invitations_bg.wasm', import.meta.url) });
    // Another module that happens to instantiate (one without imports) would fail every call.
    if (!exports || typeof exports.sendUsersJoinRoomInvitation != 'function') throw new TypeError("it is not this package's module");
  };
  const p = (before ? before.catch(load) : load()).then(
    () => {
      loaded = true;
    },
    (cause) => {
      if (loading === p) loading = undefined; // try again next time
      const what = source === undefined ? 'rainbow_room_invitations_bg.wasm' : 'the module handed to ready(wasm)';
      // A Content-Security-Policy that refuses to compile WebAssembly: serving it elsewhere won't help.
      const fix = /Content.Security.Policy|CSP|unsafe-eval/i.test(cause && cause.message)
        ? "add 'wasm-unsafe-eval' to the script-src of the page's Content-Security-Policy"
        : "serve rainbow_room_invitations_bg.wasm next to the package's JS as application/wasm, or hand it to ready(wasm) as a URL, a Response, bytes or a WebAssembly.Module";
      throw new RainbowNotReadyError(`Could not load ${what} (${cause && cause.message}): ${fix} (README: "Bundlers, workers and CDNs").`, { cause });
    },
  );
  return p;
}

/**
 * Loads the module, once. `wasm` (a URL or string, a Request, a Response, bytes, a
 * WebAssembly.Module, or a Promise of a Response, bytes or a Module) says where from, for this
 * load and any later one; a load under way from elsewhere (one a call began) is let finish, and
 * `wasm` is loaded only if that one fails. Once loaded, resolves at once, whatever it is given.
 */
export function ready(wasm) {
  if (wasm != null && wasm !== given && !loaded) {
    given = wasm;
    loading = start(loading);
  } else if (!loading) {
    loading = start();
  }
  return loading;
}

// The load a call waits for: when the one it began with is superseded by ready(wasm) and fails,
// the one that replaced it.
const current = () => {
  const p = ready();
  return p.catch((e) => (loading && loading !== p ? current() : Promise.reject(e)));
};

// Once the module is loaded, a call reads its arguments at once, as in Node (what the caller
// changes afterwards changes nothing); before, they are read when the load it waits for is done.
// Meanwhile its signal still ends it, nothing sent, as the module would: a load can take long, or
// never end. (The options' timeouts count from the load's end: only the module reads them.)
const later = (f) => (roomId, body, options) =>
  loaded
    ? f(roomId, body, options)
    : new Promise((resolve, reject) => {
        let signal;
        let stopped = false;
        const stop = () => {
          stopped = true; // and the module is never called
          let reason;
          try {
            reason = signal.reason;
          } catch {}
          const timeout = reason && reason.name == 'TimeoutError';
          reject(new (timeout ? RainbowTimeoutError : RainbowAbortError)(`The call's signal ${timeout ? 'timed out' : 'aborted'} while the module was loading: nothing was sent.`, { reason }));
        };
        try {
          signal = options.signal;
          if (typeof signal.addEventListener != 'function') signal = undefined;
          else if (signal.aborted) stop();
          else signal.addEventListener('abort', stop);
        } catch {
          signal = undefined; // not a signal: the module reports it
        }
        current()
          .then(() => {
            if (stopped) return;
            if (signal) signal.removeEventListener('abort', stop);
            return f(roomId, body, options);
          })
          .then(resolve, reject);
      });

const now = (f, name) => (roomId, body, options) => {
  if (!loaded) {
    ready().catch(() => {}); // start loading now
    throw new RainbowNotReadyError(`${name}() was called before the WebAssembly module was loaded: await ready() first.`);
  }
  return f(roomId, body, options);
};

// Marked pure, so that a bundler leaves out what an app doesn't import (RoomsInvitationApi and,
// through it, the generated client's ApiClient, most often).
export const validateJoinInvitation = /* @__PURE__ */ now(guarded(validateJoin), 'validateJoinInvitation');
export const validateCancelation = /* @__PURE__ */ now(guarded(validateCancel), 'validateCancelation');
export const sendUsersJoinRoomInvitation = /* @__PURE__ */ later(guarded(sendJoin, true));
export const sendUserRoomInvitationCancelation = /* @__PURE__ */ later(guarded(sendCancel, true));

export const RoomsInvitationApi = /* @__PURE__ */ apiClass({
  sendUsersJoinRoomInvitation,
  sendUserRoomInvitationCancelation,
  sendUsersJoinRoomInvitationWithHttpInfo: /* @__PURE__ */ later(guarded(sendJoinInfo, true)),
  sendUserRoomInvitationCancelationWithHttpInfo: /* @__PURE__ */ later(guarded(sendCancelInfo, true)),
});

export {
  RainbowError,
  RainbowValidationError,
  RainbowApiError,
  RainbowNetworkError,
  RainbowTimeoutError,
  RainbowAbortError,
  RainbowResponseError,
  RainbowNotReadyError,
} from './errors.js';

// The generated `rainbow_enduser_portal` client's ApiClient and models (see generated-client.js).
export { ApiClient, SendUsersJoinRoomInvitation, SendUserRoomInvitationCancelation } from './generated-client.js';
