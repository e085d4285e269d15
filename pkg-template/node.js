// Node entry (`import` and `require()` on Node >= 20.19): the WebAssembly module is compiled
// synchronously from the file next to this one, so every export works as soon as it is imported.
// No top-level await here: `require()` of an ES module needs a graph without one.
import { readFileSync } from 'node:fs';
import * as w from './rainbow_room_invitations.js';
import { apiClass } from './api.js';
import { guarded } from './errors.js';

w.initSync({ module: readFileSync(new URL('./rainbow_room_invitations_bg.wasm', import.meta.url)) });

export const validateJoinInvitation = guarded(w.validateJoinInvitation);
export const validateCancelation = guarded(w.validateCancelation);
export const sendUsersJoinRoomInvitation = guarded(w.sendUsersJoinRoomInvitation, true);
export const sendUserRoomInvitationCancelation = guarded(w.sendUserRoomInvitationCancelation, true);

/** Resolves at once: in Node the module is loaded at import, so a `wasm` given is not needed (and not used). */
export const ready = (_wasm) => Promise.resolve();

export const RoomsInvitationApi = apiClass({
  sendUsersJoinRoomInvitation,
  sendUserRoomInvitationCancelation,
  sendUsersJoinRoomInvitationWithHttpInfo: guarded(w.sendUsersJoinRoomInvitationWithHttpInfo, true),
  sendUserRoomInvitationCancelationWithHttpInfo: guarded(w.sendUserRoomInvitationCancelationWithHttpInfo, true),
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
