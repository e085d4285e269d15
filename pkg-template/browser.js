// Browser entry (Vite, webpack, a plain <script type="module">): the WebAssembly module is fetched
// from next to this file on first use (or by `ready()`), once. Bundlers see the
// `new URL('…', import.meta.url)` below and ship the .wasm as an asset.
import init, * as w from './rainbow_room_invitations.js';
import { apiClass, RainbowNotReadyError } from './api.js';

let loading;
let loaded = false;

/** Starts loading the WebAssembly module if needed; resolves once it can be used. */
export const ready = () =>
  (loading ||= init({ module_or_path: new URL('./rainbow_room_invitations_bg.wasm', import.meta.url) }).then(
    () => {
      loaded = true;
    },
    (cause) => {
      loading = undefined; // a later call tries again
      throw new RainbowNotReadyError(
        `Could not load rainbow_room_invitations_bg.wasm (${cause && cause.message}): serve it next to the package's JS with Content-Type application/wasm.`,
        { cause },
      );
    },
  ));

const later = (f) => (roomId, body, options) => ready().then(() => f(roomId, body, options));

const now = (f, name) => (roomId, body, options) => {
  if (!loaded) {
    ready().catch(() => {}); // start loading, so that awaiting ready() later is quick
    throw new RainbowNotReadyError(`${name}() was called before the WebAssembly module was loaded: await ready() first.`);
  }
  return f(roomId, body, options);
};

export const validateJoinInvitation = now(w.validateJoinInvitation, 'validateJoinInvitation');
export const validateCancelation = now(w.validateCancelation, 'validateCancelation');
export const sendUsersJoinRoomInvitation = later(w.sendUsersJoinRoomInvitation);
export const sendUserRoomInvitationCancelation = later(w.sendUserRoomInvitationCancelation);

export const RoomsInvitationApi = apiClass({
  sendUsersJoinRoomInvitation,
  sendUserRoomInvitationCancelation,
  sendUsersJoinRoomInvitationWithHttpInfo: later(w.sendUsersJoinRoomInvitationWithHttpInfo),
  sendUserRoomInvitationCancelationWithHttpInfo: later(w.sendUserRoomInvitationCancelationWithHttpInfo),
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
} from './api.js';
