// Types of rainbow-room-invitations. One declaration file serves both entry points (node.js and
// browser.js): they export the same API. The generated client's ApiClient and model classes are
// declared in generated-client.d.ts and re-exported at the end.

import type { ApiClient } from './generated-client.js';

// ---- environment -------------------------------------------------------------------------------

/** The `AbortSignal` of the environment (DOM lib or @types/node), or a minimal stand-in in a project that has neither. */
export type AbortSignalLike = typeof globalThis extends { AbortSignal: { prototype: infer S } }
  ? S
  : { readonly aborted: boolean; readonly reason: unknown };

/** `WebAssembly.Module` where the environment declares it (DOM lib or @types/node). */
export type WebAssemblyModuleLike = typeof globalThis extends { WebAssembly: { Module: { prototype: infer M } } } ? M : never;

/** The module's bytes: an `ArrayBuffer` or a typed array (a `Uint8Array`, Node's `Buffer`…); not a `DataView`, which WebAssembly refuses. */
export type WasmBytes = ArrayBuffer | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/**
 * Where `ready(wasm)` loads the WebAssembly module from: the URL of `rainbow_room_invitations_bg.wasm`
 * (a string or a `URL`), a `Request`, a `Response`, its bytes, a `WebAssembly.Module` compiled from
 * them, or a Promise of a `Response`, bytes or a `Module` (such as `fetch(…)`). (`URL`, `Request` and `Response` are the
 * environment's, where it declares them.)
 */
export type WasmSource =
  | string
  | (typeof globalThis extends { URL: { prototype: infer T } } ? T : never)
  | (typeof globalThis extends { Request: { prototype: infer T } } ? T : never)
  | (typeof globalThis extends { Response: { prototype: infer T } } ? T : never)
  | WasmBytes
  | WebAssemblyModuleLike
  | PromiseLike<(typeof globalThis extends { Response: { prototype: infer T } } ? T : never) | WasmBytes | WebAssemblyModuleLike>;

/** What the client passes to `fetch`: always a string URL and this init. */
export interface FetchInit {
  method: 'POST';
  headers: Record<string, string>;
  body: string;
  /** Aborted on timeout or when `options.signal` aborts. */
  signal?: AbortSignalLike;
}

/** A body stream as the client reads it; the global `Response`'s `body` is one. */
export interface ByteStreamLike {
  getReader(): {
    read(): Promise<{ done: boolean; value?: Uint8Array | undefined }>;
    cancel(reason?: unknown): Promise<void>;
  };
}

/**
 * What the client reads from a fetch response; the global `Response` has it. The body is read
 * from `body` as a stream when there is one (so `maxResponseBytes` stops it early), else with `text()`.
 */
export interface FetchResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  readonly body?: ByteStreamLike | null;
  text(): Promise<string>;
}

/** A `fetch` as the client calls it: `globalThis.fetch`, undici's, or your own. */
export type FetchFunction = (url: string, init: FetchInit) => Promise<FetchResponse>;

/** The levels of `logLevel`, from quietest to most verbose; each includes the ones before it. */
export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

/** The level a log line is written at. */
export type LogLineLevel = Exclude<LogLevel, 'off'>;

/** A `logger` function: receives each line with its level. Whatever it throws is ignored. */
export type LogFunction = (level: LogLineLevel, line: string) => void;

/**
 * The methods of a console-like `logger` that the package uses. Each line is passed as the one
 * argument of the method of its level, else of the nearest one the logger has (see
 * `ClientOptions.logger`); whatever the method returns is ignored.
 */
export interface LoggerMethods {
  debug?(...data: unknown[]): unknown;
  info?(...data: unknown[]): unknown;
  warn?(...data: unknown[]): unknown;
  error?(...data: unknown[]): unknown;
  log?(...data: unknown[]): unknown;
}

/**
 * A console-like `logger`: `console`, or a logging library's logger (pino, bunyan, winston,
 * loglevel), with at least one of the methods of `LoggerMethods`.
 */
export type ConsoleLike =
  | (LoggerMethods & { debug(...data: unknown[]): unknown })
  | (LoggerMethods & { info(...data: unknown[]): unknown })
  | (LoggerMethods & { warn(...data: unknown[]): unknown })
  | (LoggerMethods & { error(...data: unknown[]): unknown })
  | (LoggerMethods & { log(...data: unknown[]): unknown });

/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

// ---- request bodies ----------------------------------------------------------------------------

/** The goal of an invitation (or of its cancellation). */
export type Scenario = 'chat' | 'pstn-conference' | 'video-conference';

/**
 * Body of `sendUsersJoinRoomInvitation` and `validateJoinInvitation`.
 * `undefined` and `null` fields count as absent; any other field is an `unknown_field` error.
 */
export interface SendUsersJoinRoomInvitation {
  /** `chat`: invite guests by e-mail; `pstn-conference` / `video-conference`: notify users and guests to join the conference. */
  scenario: Scenario;
  /** Conference id, 24 hexadecimal characters. `pstn-conference` and `video-conference` only. */
  confId?: string | null | undefined;
  /** Rainbow user ids, 24 hexadecimal characters each. Ignored (with an `ignored_field` warning) by `chat`. */
  users?: readonly string[] | null | undefined;
  /** Guests' e-mail addresses (trimmed; duplicates, compared case-insensitively, are dropped with a warning). */
  emails?: readonly string[] | null | undefined;
  /** Language of the e-mails when the user's own is unknown, such as `en`, `fr`, `en-US`. Defaults to `'en'`. */
  lang?: string | null | undefined;
  /** Free message for an instant meeting. `pstn-conference` and `video-conference` only. */
  instantMessage?: string | null | undefined;
  /** Send no e-mail; the answer holds what is needed to build custom ones. `pstn-conference` only. */
  noMail?: boolean | null | undefined;
  /** The e-mail says the meeting was updated. `pstn-conference` only. */
  update?: boolean | null | undefined;
}

/**
 * Body of `sendUserRoomInvitationCancelation` and `validateCancelation`.
 * `undefined` and `null` fields count as absent; any other field is an `unknown_field` error.
 */
export interface SendUserRoomInvitationCancelation {
  /** Defaults to `'pstn-conference'`. `chat` and `video-conference` remove guests (by e-mail) from the room. */
  scenario?: Scenario | null | undefined;
  /** Conference id, 24 hexadecimal characters. `pstn-conference` only. */
  confId?: string | null | undefined;
  /** Rainbow user ids, 24 hexadecimal characters each. `pstn-conference` only. */
  users?: readonly string[] | null | undefined;
  /** Guests to remove. Checked leniently (one `@` with something on both sides) so misspelled addresses can be removed. */
  emails?: readonly string[] | null | undefined;
  /** Language tag of the e-mails, defaults to `'en'`. `pstn-conference` only. */
  lang?: string | null | undefined;
  /** Send no e-mail. `pstn-conference` only. */
  noMail?: boolean | null | undefined;
}

// ---- options -----------------------------------------------------------------------------------

/** Options of every call. Invalid options are validation errors with paths such as `options.timeoutMs`. */
export interface ClientOptions {
  /**
   * Absolute `http(s)` URL of the Rainbow server, with no credentials, query or fragment; a path
   * prefix is kept. Defaults to the page's origin in a browser and `http://localhost` in Node.
   * Real hosts: `https://sandbox.openrainbow.com`, `https://openrainbow.com`.
   */
  baseUrl?: string | undefined;
  /**
   * JWT sent as `Authorization: Bearer <token>` (spaces and tabs around it dropped). Refused over
   * plain `http://` to a host other than `localhost`, `127.x.x.x` and `[::1]` unless
   * `allowInsecureHttp` is `true`. Never appears in an error or a log line. Give `token` or
   * `getToken`, not both.
   */
  token?: string | undefined;
  /**
   * Instead of `token`: returns the token, or a Promise of it. Called before each attempt (it may
   * cache); a `401` whose details say the token expired is retried once, with the token it gives
   * next. A failure or a value that is not a usable token is a `RainbowValidationError`.
   */
  getToken?: (() => string | PromiseLike<string>) | undefined;
  /** Allow a token over plain `http://` to a host that is not loopback. Defaults to `false`. */
  allowInsecureHttp?: boolean | undefined;
  /**
   * Extra request headers: string values; CR, LF, NUL and characters above U+00FF are refused.
   * One named like the client's own (`Accept`, `x-rainbow-correlation-id`) replaces it;
   * `Content-Type` can't be replaced, nor `Authorization` when a token is given.
   */
  headers?: Readonly<Record<string, string>> | undefined;
  /** Bounds each attempt, response body included, in milliseconds: a whole number from 1 to 2147483647. Defaults to 30000. */
  timeoutMs?: number | undefined;
  /** Bounds the whole call, retries and the waits between them included, in milliseconds (1 to 2147483647). No bound by default. */
  totalTimeoutMs?: number | undefined;
  /**
   * How many times an attempt may be sent again, from 0 to 10; defaults to 2. Only attempts the
   * server provably did not act on are retried: a `429`, a `503` with a readable `Retry-After`, a
   * connection refused before the request was written (Node), and once a `401` for an expired
   * token when `getToken` is given.
   */
  maxRetries?: number | undefined;
  /** Aborting it rejects the call at once with `RainbowAbortError`, whatever its reason and whatever the call is doing. */
  signal?: AbortSignalLike | undefined;
  /** A fetch implementation to use instead of `globalThis.fetch`. */
  fetch?: FetchFunction | undefined;
  /**
   * The `x-rainbow-correlation-id` header of the call (the same on each of its attempts):
   * a fresh random id by default (or `true`), `false` for none, or this string (1 to 200
   * characters). An `x-rainbow-correlation-id` in `headers` replaces it, and is the id reported.
   */
  correlationId?: string | boolean | undefined;
  /**
   * Where log lines go: a function `(level, line)`, or a console-like object (`console`, pino,
   * bunyan, winston, loglevel) whose method for the line's level is called with the line, else
   * its nearest method (see the README). An object with none of `debug`, `info`, `warn`, `error`
   * and `log` is a validation error. A logger that throws or rejects never breaks a call. Silent
   * by default.
   */
  logger?: LogFunction | ConsoleLike | undefined;
  /**
   * How much is logged: `'error'` failed calls, `'warn'` (the default) also the validation warnings
   * of a sent request, `'info'` also retries, `'debug'` also one line per attempt (`Authorization` redacted).
   */
  logLevel?: LogLevel | undefined;
  /** A longer response body is refused while it is read (`RainbowResponseError`); a compressed body counts as decoded. Defaults to 10485760 (10 MiB). */
  maxResponseBytes?: number | undefined;
}

// ---- validation --------------------------------------------------------------------------------

/** Codes of the issues that make a request invalid. */
export type ValidationErrorCode =
  | 'required'
  | 'invalid_type'
  | 'invalid_value'
  | 'invalid_id'
  | 'invalid_email'
  | 'invalid_lang'
  | 'invalid_string'
  | 'unknown_field'
  | 'no_recipients'
  | 'invalid_option';

/** Codes of the warnings, which never make a request invalid. */
export type ValidationWarningCode = 'duplicate' | 'ignored_field';

/** One finding of the validation. */
export interface ValidationIssue<C extends string = ValidationErrorCode | ValidationWarningCode> {
  /** Where: a field of the body (`emails[3]`), `roomId`, `body` or an option (`options.timeoutMs`). */
  path: string;
  /** Stable, machine-readable code. */
  code: C;
  /** What is wrong and what to do, for people. */
  message: string;
}

/** Result of `validateJoinInvitation` / `validateCancelation`: what a call would send, or why it would send nothing. */
export type ValidationResult<Request = SendUsersJoinRoomInvitation | SendUserRoomInvitationCancelation> =
  | {
      valid: true;
      errors: ValidationIssue<ValidationErrorCode>[];
      warnings: ValidationIssue<ValidationWarningCode>[];
      /** `/api/rainbow/enduser/v1.0/rooms/<roomId>/invitations` (join) or `…/invitations/cancel`. */
      path: string;
      /** Exactly the JSON body that would be sent. */
      request: Request;
    }
  | {
      valid: false;
      errors: ValidationIssue<ValidationErrorCode>[];
      warnings: ValidationIssue<ValidationWarningCode>[];
      /** No request, so no path: `null` whenever the request is not valid. */
      path: null;
      request: null;
    };

// ---- success -----------------------------------------------------------------------------------

/** What the server reports about an invitation or a cancellation. Unknown fields are kept. */
export interface InvitationData {
  /** The scenario, as the server sent it (Rainbow always does; a body without it is passed on without it). */
  scenario?: Scenario;
  /** Such as `'Invitations successfully sent'` or `'Cancellation successfully sent'`; absent, like `scenario`, if the server sent none. */
  status?: string;
  /** The room's guest e-mails after the call. */
  guestEmails: string[];
  /** User ids the server rejected (read from a string, an array or `data.failed.invalidUsers`). */
  invalidUsers: string[];
  /** Conference end point, when the server sends one. */
  confEndPoint?: unknown;
  /** Conference attendees, when the server sends them. */
  attendees?: unknown;
  [key: string]: unknown;
}

/** Success body of `sendUsersJoinRoomInvitation`. Fields the server adds beside `data` are kept. */
export interface JoinInvitationSuccess {
  data: InvitationData;
  [key: string]: unknown;
}

/** Success body of `sendUserRoomInvitationCancelation`. Fields the server adds beside `data` are kept. */
export interface CancelationSuccess {
  data: InvitationData;
  [key: string]: unknown;
}

/** What the `…WithHttpInfo` methods resolve to. */
export interface HttpInfo<T> {
  /** The success body. */
  data: T;
  /** The HTTP status (2xx). */
  status: number;
  /** Response headers, names in lower case. */
  headers: Record<string, string>;
  /** The `x-rainbow-request-id` response header, if any. */
  requestId: string | null;
  /** The `x-rainbow-correlation-id` the call sent, or `null` with `correlationId: false`. */
  correlationId: string | null;
  /** How many attempts the call made (1 when the first one succeeded). */
  attempts: number;
}

// ---- functions ---------------------------------------------------------------------------------

/**
 * Validates a join invitation without sending anything.
 * In a browser, throws `RainbowNotReadyError` until `ready()` has resolved (or a `send…` call has loaded the module).
 */
export function validateJoinInvitation(
  roomId: string,
  body: SendUsersJoinRoomInvitation,
  options?: ClientOptions,
): ValidationResult<SendUsersJoinRoomInvitation>;

/**
 * Validates a cancellation without sending anything.
 * In a browser, throws `RainbowNotReadyError` until `ready()` has resolved (or a `send…` call has loaded the module).
 */
export function validateCancelation(
  roomId: string,
  body: SendUserRoomInvitationCancelation,
  options?: ClientOptions,
): ValidationResult<SendUserRoomInvitationCancelation>;

/**
 * `POST /api/rainbow/enduser/v1.0/rooms/{roomId}/invitations`: invites users and guests to a room.
 * Validates first and sends nothing on a validation error. Sends again only what the server provably
 * did not act on (see `ClientOptions.maxRetries`).
 * @throws {RainbowValidationError | RainbowApiError | RainbowNetworkError | RainbowTimeoutError | RainbowAbortError | RainbowResponseError} (as a rejection)
 */
export function sendUsersJoinRoomInvitation(
  roomId: string,
  body: SendUsersJoinRoomInvitation,
  options?: ClientOptions,
): Promise<JoinInvitationSuccess>;

/**
 * `POST /api/rainbow/enduser/v1.0/rooms/{roomId}/invitations/cancel`: cancels an invitation or removes guests.
 * Validates first and sends nothing on a validation error. Sends again only what the server provably
 * did not act on (see `ClientOptions.maxRetries`).
 * @throws {RainbowValidationError | RainbowApiError | RainbowNetworkError | RainbowTimeoutError | RainbowAbortError | RainbowResponseError} (as a rejection)
 */
export function sendUserRoomInvitationCancelation(
  roomId: string,
  body: SendUserRoomInvitationCancelation,
  options?: ClientOptions,
): Promise<CancelationSuccess>;

/**
 * Resolves once the WebAssembly module is loaded. Node loads it at import (this resolves at once,
 * and `wasm` is not used); a browser loads it on first use, from the `.wasm` next to the package's
 * JS, or from `wasm` when given: for a bundler that doesn't ship the `.wasm` (esbuild, Rollup
 * without a plugin), a CDN or a strict CSP. Calls made meanwhile wait for the same load; a load
 * a call began from the default place is let finish, and `wasm` is loaded if it fails. Rejects
 * with `RainbowNotReadyError` if the module can't be loaded (the next call or `ready()` tries again).
 */
export function ready(wasm?: WasmSource): Promise<void>;

/**
 * The seed's generated-client style: every call uses the options given to the constructor, or the
 * fields of an `ApiClient` read at each call (`ApiClient.instance` when nothing is given).
 */
export class RoomsInvitationApi {
  /** @param options used by every call; options given to a call are laid over them (`headers` name by name). An `ApiClient` instead is read at each call. */
  constructor(options?: ClientOptions | ApiClient | null);
  /** The options given to the constructor; `undefined` when it was given an `ApiClient` (or nothing). */
  options: ClientOptions | undefined;
  /** Same as the `sendUsersJoinRoomInvitation` function, with this instance's options. */
  sendUsersJoinRoomInvitation(roomId: string, body: SendUsersJoinRoomInvitation, options?: ClientOptions): Promise<JoinInvitationSuccess>;
  /** Same as the `sendUserRoomInvitationCancelation` function, with this instance's options. */
  sendUserRoomInvitationCancelation(roomId: string, body: SendUserRoomInvitationCancelation, options?: ClientOptions): Promise<CancelationSuccess>;
  /** Like `sendUsersJoinRoomInvitation`, resolving to the body with the status and headers. */
  sendUsersJoinRoomInvitationWithHttpInfo(roomId: string, body: SendUsersJoinRoomInvitation, options?: ClientOptions): Promise<HttpInfo<JoinInvitationSuccess>>;
  /** Like `sendUserRoomInvitationCancelation`, resolving to the body with the status and headers. */
  sendUserRoomInvitationCancelationWithHttpInfo(roomId: string, body: SendUserRoomInvitationCancelation, options?: ClientOptions): Promise<HttpInfo<CancelationSuccess>>;
}

// ---- errors ------------------------------------------------------------------------------------
// Every error is an instance of its class; `instanceof` checks `name` (and that `code` is a
// string), so it also recognises the errors of another copy of this package.

/** Fields a `RainbowError` can be built with. */
export interface RainbowErrorFields {
  code?: string;
  cause?: unknown;
  [field: string]: unknown;
}

/** What `JSON.stringify(error)` shows of a `cause` or `reason`: its name, message and code (a string for a value that is not an object). */
export interface ErrorSummary {
  name?: string;
  message?: string;
  code?: string;
}

/** What `error.toJSON()` (and so `JSON.stringify(error)`) gives: everything a log needs, never the token. */
export interface RainbowErrorJSON {
  name: string;
  code: string;
  message: string;
  attempts: number;
  mayHaveBeenDelivered: boolean;
  correlationId?: string;
  cause?: ErrorSummary | string;
  reason?: ErrorSummary | string;
  /** The error's other fields (`status`, `errors`, `requestId`, …), as they are on the error. */
  [field: string]: unknown;
}

/**
 * Base class of every error of this package: `name` starts with `Rainbow`, `code` is stable.
 * Thrown as itself, with code `ERR_INTERNAL` and the `WebAssembly.RuntimeError` as `cause`, only
 * when the WebAssembly module fails: a bug in this package, never a consequence of the input.
 */
export class RainbowError extends Error {
  constructor(message?: string, fields?: RainbowErrorFields);
  /** Stable, machine-readable code such as `ERR_API`. */
  code: string;
  /** How many attempts were sent (0 when nothing was). */
  attempts: number;
  /** Whether the server may have acted on the request: check before sending it again. */
  mayHaveBeenDelivered: boolean;
  /** The `x-rainbow-correlation-id` the call sent, if it got that far and had one. */
  correlationId?: string;
  /** What the error came from, when something did: the `WebAssembly.RuntimeError` of `ERR_INTERNAL`, why the module could not load, what a `getToken` threw. (Declared here too for a `lib` older than ES2022, whose `Error` has none.) */
  cause?: unknown;
  /** The name, code, message and fields, with `cause` and `reason` summarised; what `JSON.stringify(error)` gives. */
  toJSON(): RainbowErrorJSON;
  /** True for any `Error` whose `name` starts with `Rainbow` and whose `code` is a string. */
  static [Symbol.hasInstance](value: unknown): boolean;
}

/** The request or the options are invalid, or `getToken` failed or gave an unusable token (before a retry, too: see `attempts`); nothing (more) was sent. */
export class RainbowValidationError extends RainbowError {
  name: 'RainbowValidationError';
  code: 'ERR_VALIDATION';
  /** Every error found (never empty). */
  errors: ValidationIssue<ValidationErrorCode>[];
  /** Every warning found. */
  warnings: ValidationIssue<ValidationWarningCode>[];
}

/** The server answered with a non-2xx status. */
export class RainbowApiError extends RainbowError {
  name: 'RainbowApiError';
  code: 'ERR_API';
  /** HTTP status. */
  status: number;
  /** The body's `errorCode` (usually the HTTP status), if any. */
  errorCode?: number;
  /** The body's `errorMsg`, if any. */
  errorMsg?: string;
  /** The body's `errorDetails`: usually a string, an object (such as a quota's) or an array. */
  errorDetails?: JsonValue;
  /** The body's `errorDetailsCode`, such as `404001`, if any. */
  errorDetailsCode?: number;
  /** The `x-rainbow-request-id` response header, if any. */
  requestId?: string;
  /** The raw body, when it is not Rainbow's JSON (a proxy's HTML or text page, a gateway's own JSON). */
  body?: string;
  /** The wait the server asked for (`retry-after-ms` or `Retry-After`) when it was too long to honour (over 60 s, or past what is left of `totalTimeoutMs`). */
  retryAfterMs?: number;
  /** Where a `3xx` answer points (its `Location` header). */
  location?: string;
}

/** No response: refused connection, DNS failure, CORS refusal, reset; an answer that broke off before its end; or a redirect the platform's fetch refused to follow. */
export class RainbowNetworkError extends RainbowError {
  name: 'RainbowNetworkError';
  code: 'ERR_NETWORK';
  /** What fetch threw. */
  cause: unknown;
}

/** No complete response within `timeoutMs` (one attempt), `totalTimeoutMs` (the whole call), or before an `AbortSignal.timeout()` given as `signal` fired; `mayHaveBeenDelivered` (and the message) says whether the server may have acted. */
export class RainbowTimeoutError extends RainbowError {
  name: 'RainbowTimeoutError';
  code: 'ERR_TIMEOUT';
  /** The attempt's limit that was reached, in milliseconds, when it was `timeoutMs`. */
  timeoutMs?: number;
  /** The whole call's limit that was reached, in milliseconds, when it was `totalTimeoutMs`. */
  totalTimeoutMs?: number;
  /** The caller's signal's reason (a `TimeoutError` `DOMException`), when the call ended because an `AbortSignal.timeout()` given as `signal` fired. */
  reason?: unknown;
}

/** `options.signal` was aborted. */
export class RainbowAbortError extends RainbowError {
  name: 'RainbowAbortError';
  code: 'ERR_ABORTED';
  /** The signal's reason. */
  reason: unknown;
}

/** A 2xx whose body can't be read as the success model, or a body over `maxResponseBytes`. */
export class RainbowResponseError extends RainbowError {
  name: 'RainbowResponseError';
  code: 'ERR_RESPONSE';
  /** HTTP status. */
  status: number;
  /** The raw body (cut to 4096 characters); absent when the body was over `maxResponseBytes` and not read. */
  body?: string;
  /** The `x-rainbow-request-id` response header, if any. */
  requestId?: string;
}

/** A browser `validate…` call came before the WebAssembly module was loaded (await `ready()`), or the module could not be loaded. */
export class RainbowNotReadyError extends RainbowError {
  name: 'RainbowNotReadyError';
  code: 'ERR_NOT_READY';
}

// ---- the generated client's ApiClient and models -----------------------------------------------

export { ApiClient } from './generated-client.js';
export type {
  BearerAuthentication,
  ScenarioEnum,
  SendUsersJoinRoomInvitationConstructor,
  SendUserRoomInvitationCancelationConstructor,
} from './generated-client.js';
