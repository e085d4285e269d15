// Node entry (`import` and `require()` on Node >= 20.19): the WebAssembly module is compiled
// synchronously from the file next to this one, so every export works as soon as it is imported.
// No top-level await here: `require()` of an ES module needs a graph without one.
import * as w from './rainbow_room_invitations.js';
import { apiClass } from './api.js';
import { guarded, RainbowNotReadyError } from './errors.js';

// A bundler that copies this file into an app's bundle for Node (esbuild's --platform=node, say)
// leaves the .wasm behind: say so, with the fix, rather than fail with a bare ENOENT. In a CommonJS
// bundle, import.meta.url is empty, and the bundle's __dirname says where the .wasm should be.
// fs from `process.getBuiltinModule` (Node >= 20.16) rather than `import … from 'node:fs'`: for the
// import, Node builds an ES module facade of fs whose getters load its streams, 2 ms of a cold start.
const { readFileSync } = process.getBuiltinModule('node:fs');
const WASM = 'rainbow_room_invitations_bg.wasm';
// The name written out in `new URL(…)`: webpack, bundling for Node, emits the file a literal names
// (and rewrites the URL), where a template made it emit every file of the package as a guess.
const wasm = import.meta.url ? new URL('./rainbow_room_invitations_bg.wasm', import.meta.url) : typeof __dirname == 'string' ? `${__dirname}/${WASM}` : WASM;
let bytes;
try {
  bytes = readFileSync(wasm);
} catch (cause) {
  throw new RainbowNotReadyError(
    `Could not load ${WASM} from ${wasm} (${cause && cause.message}). ` +
      'An app bundled for Node must have it next to its bundle (copy it from node_modules/rainbow-room-invitations/), or leave this package out of the bundle (Next.js: serverExternalPackages: [\'rainbow-room-invitations\'] in next.config; README: "Bundlers, workers and CDNs").',
    { cause },
  );
}
w.initSync({ module: bytes });

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
