// Shared by node.js and browser.js: the error classes and the RoomsInvitationApi class.
// The errors thrown by the WebAssembly module are plain `Error`s with a `name` and a `code`, so
// every class here recognises an error by its name, not by its prototype: `instanceof` works on
// them, and across two copies of this package.

const isError = (v) => Object.prototype.toString.call(v) == '[object Error]';

/** Base class of every error of this package: `name` starts with 'Rainbow', `code` is a string. */
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

const kind = (name, code) => {
  const C = class extends RainbowError {};
  Object.defineProperty(C, 'name', { value: name });
  Object.assign(C.prototype, { name, code });
  return C;
};

export const RainbowValidationError = kind('RainbowValidationError', 'ERR_VALIDATION');
export const RainbowApiError = kind('RainbowApiError', 'ERR_API');
export const RainbowNetworkError = kind('RainbowNetworkError', 'ERR_NETWORK');
export const RainbowTimeoutError = kind('RainbowTimeoutError', 'ERR_TIMEOUT');
export const RainbowAbortError = kind('RainbowAbortError', 'ERR_ABORTED');
export const RainbowResponseError = kind('RainbowResponseError', 'ERR_RESPONSE');
export const RainbowNotReadyError = kind('RainbowNotReadyError', 'ERR_NOT_READY');

// Per-call options, when given, are laid over the ones the instance was built with.
const merge = (a, b) => (b === undefined ? a : a === undefined ? b : { ...a, ...b });

/**
 * The seed's generated-client style: `new RoomsInvitationApi(options)` keeps `options` and passes
 * them to every call. `f` holds the four calls of the entry point (node.js or browser.js).
 */
export const apiClass = (f) =>
  class RoomsInvitationApi {
    constructor(options) {
      this.options = options;
    }
    sendUsersJoinRoomInvitation(roomId, body, options) {
      return f.sendUsersJoinRoomInvitation(roomId, body, merge(this.options, options));
    }
    sendUserRoomInvitationCancelation(roomId, body, options) {
      return f.sendUserRoomInvitationCancelation(roomId, body, merge(this.options, options));
    }
    sendUsersJoinRoomInvitationWithHttpInfo(roomId, body, options) {
      return f.sendUsersJoinRoomInvitationWithHttpInfo(roomId, body, merge(this.options, options));
    }
    sendUserRoomInvitationCancelationWithHttpInfo(roomId, body, options) {
      return f.sendUserRoomInvitationCancelationWithHttpInfo(roomId, body, merge(this.options, options));
    }
  };
