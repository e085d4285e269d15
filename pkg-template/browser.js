// Browser entry: the .wasm next to this file is fetched once, on first use or by ready().
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
import { guarded, RainbowNotReadyError } from './errors.js';

let loading;
let loaded = false;

export const ready = () =>
  (loading ||= init({ module_or_path: new URL('./rainbow_room_invitations_bg.wasm', import.meta.url) }).then(
    () => {
      loaded = true;
    },
    (cause) => {
      loading = undefined; // try again next time
      throw new RainbowNotReadyError(
        `Could not load rainbow_room_invitations_bg.wasm (${cause && cause.message}): serve it next to the package's JS with Content-Type application/wasm.`,
        { cause },
      );
    },
  ));

const later = (f) => (roomId, body, options) => ready().then(() => f(roomId, body, options));

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
