// Shared by node.js and browser.js. Errors from the wasm are plain Errors with `name` and `code`,
// so `instanceof` checks the name: it works on them and across copies of the package.
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

// A call's own options are laid over the instance's.
const merge = (a, b) => (b === undefined ? a : a === undefined ? b : { ...a, ...b });

const CALLS = [
  'sendUsersJoinRoomInvitation',
  'sendUserRoomInvitationCancelation',
  'sendUsersJoinRoomInvitationWithHttpInfo',
  'sendUserRoomInvitationCancelationWithHttpInfo',
];

// RoomsInvitationApi over the four calls `f` of an entry point. The methods are bound to the
// instance, so one taken off it (`const { sendUsersJoinRoomInvitation } = api`) keeps its options.
export const apiClass = (f) =>
  class RoomsInvitationApi {
    constructor(options) {
      this.options = options;
      for (const name of CALLS) this[name] = (roomId, body, options) => f[name](roomId, body, merge(this.options, options));
    }
  };
