// A failed call in the command line's words. The library's errors are read by their stable name,
// code and fields (never by their message, which speaks to programs: `timeoutMs`, `baseUrl`):
// what happened, which flag to change, whether the request may have reached Rainbow (so whether
// running the command again is safe), and the exit code.
import { hostSetting } from './arguments.js';

export const EXIT = { ok: 0, failure: 1, invalid: 2, api: 3, network: 4, interrupted: 130 };

export function exitCodeOf(e) {
  switch (e && e.name) {
    case 'RainbowValidationError':
      return EXIT.invalid;
    case 'RainbowApiError':
    case 'RainbowResponseError':
      return EXIT.api;
    case 'RainbowNetworkError':
    case 'RainbowTimeoutError':
      return EXIT.network;
    case 'RainbowAbortError':
      return EXIT.interrupted;
    default:
      return EXIT.failure;
  }
}

const originOf = (baseUrl) => {
  try {
    return new URL(baseUrl).origin;
  } catch {
    return String(baseUrl);
  }
};

// The first error code in what fetch threw (its cause, an AggregateError's errors…), with its error.
function codeOf(cause) {
  const queue = [cause];
  for (let n = 0; n < 20 && queue.length; n++) {
    const c = queue.shift();
    if (c === null || typeof c != 'object') continue;
    if (typeof c.code == 'string' && /^[A-Z][A-Z0-9_]+$/.test(c.code)) return { code: c.code, error: c };
    if ('cause' in c) queue.push(c.cause);
    if (Array.isArray(c.errors)) queue.push(...c.errors);
  }
  let inner = cause;
  while (inner && typeof inner == 'object' && inner.cause && typeof inner.cause == 'object') inner = inner.cause;
  return { code: undefined, error: inner };
}

// What a network error code means, for the server at `url` (a URL object) that `flag` (--host or
// RAINBOW_HOST) gave.
const NETWORK = [
  [/^ECONNREFUSED$/, (url, code, flag) => `the connection to ${url.host} was refused: no server listens there (check the host and port of ${flag})`],
  [/^(ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL)$/, (url, code, flag) => `the host name ${url.hostname} was not found (check ${flag})`],
  [
    /^(ERR_SSL_WRONG_VERSION_NUMBER|ERR_SSL_PACKET_LENGTH_TOO_LONG|ERR_SSL_HTTP_REQUEST|EPROTO)$/,
    (url, code, flag) => `${url.host} does not answer in https${url.protocol == 'https:' ? `: if it serves plain http, write ${hostSetting(flag, `http://${url.host}`)}` : ''}`,
  ],
  [/CERT|SELF_SIGNED|^ERR_TLS_/, (url, code) => `the TLS certificate of ${url.host} was refused (${code})`],
  [/^(ECONNRESET|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED)$/, (url) => `the connection to ${url.host} closed before an answer came`],
  [/^(ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT)$/, (url) => `the connection to ${url.host} timed out`],
  [/^(EHOSTUNREACH|ENETUNREACH|ENETDOWN)$/, (url) => `the network can't reach ${url.host}`],
];

function networkHeadline(e, baseUrl, flag) {
  const { code, error } = codeOf(e.cause);
  let url;
  try {
    url = new URL(baseUrl);
  } catch {
    return { headline: `could not connect to ${baseUrl}${code ? ` (${code})` : ''}`, code, error };
  }
  const known = code && NETWORK.find(([re]) => re.test(code));
  if (known) return { headline: `could not connect: ${known[1](url, code, flag)}`, code, error };
  // Node's fetch refuses to follow a redirect of the POST (its status hidden: may be a 303).
  if (!code && error && /redirect/i.test(String(error.message))) {
    return { headline: `${url.origin} redirected the request elsewhere, and a POST is not followed: give ${flag} the address it points to (often its https:// form)`, code, error };
  }
  const why = code || (error && typeof error.message == 'string' && error.message) || '';
  return { headline: `could not connect to ${url.origin}${why ? ` (${why})` : ''}`, code, error };
}

function apiHeadline(e) {
  const { status, errorMsg, errorDetails, errorDetailsCode } = e;
  let details = '';
  if (typeof errorDetails == 'string' && errorDetails.trim()) details = errorDetails.trim();
  else if (errorDetails !== undefined && errorDetails !== null && typeof errorDetails == 'object') details = JSON.stringify(errorDetails);
  if (details && !/[.!?]$/.test(details)) details += '.';
  const what = `Rainbow answered ${status}${errorMsg ? ` ${errorMsg}` : ''}${errorDetailsCode !== undefined ? ` (${errorDetailsCode})` : ''}`;
  if (details) return `${what}: ${details}`;
  return typeof e.body == 'string' ? `${what}, with a body that is not Rainbow's JSON (a proxy's page?).` : `${what}.`;
}

function apiHint(e, roomId, flag) {
  const s = e.status;
  if (s >= 300 && s < 400) return `Rainbow redirected the request: give ${flag} the address it points to.`;
  if (s == 401) return 'The token is missing, wrong or expired: set RAINBOW_TOKEN (or --token-file) to a fresh one.';
  if (s == 403) return `The token's user may not do this in room ${roomId}.`;
  if (s == 404) return `Check --room (and --conf-id), and that ${flag} is the Rainbow server.`;
  if (s == 429) {
    const wait = typeof e.retryAfterMs == 'number' ? `: wait ${Math.ceil(e.retryAfterMs / 1000)} s` : '';
    return `Rainbow asks to slow down${wait} before running the command again.`;
  }
  return undefined;
}

// The start of an answer's body on one line, for a person to tell what answered.
const bodyStart = (body) => {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 80)}…` : line;
};

/**
 * A RainbowResponseError as { headline, hints, told } (`told`: the hints say whether running the
 * command again is safe): a success (2xx) whose answer can't be read as the result, so the
 * request was probably done and running the command again would do it twice; or an answer too
 * large to read (it has no `body`). Exit 3 either way: the server answered, and running the
 * command again is not the remedy.
 */
function responseFailure(e, command, options, flag) {
  const origin = originOf(options.baseUrl);
  if (typeof e.body != 'string') {
    return { headline: `${origin} answered ${e.status} with a body too large to read; a Rainbow answer is never this large (check ${flag}).`, hints: [] };
  }
  const done = command == 'invite' ? 'the invitations were probably sent' : 'the cancellation was probably done';
  const again = command == 'invite' ? 'the invitations' : 'the cancellation';
  const hints = [`Check the room before running the command again, which would send ${again} a second time.`];
  if (e.body.trim()) hints.push(`The answer began: ${bodyStart(e.body)}`);
  // Not JSON at all (a web page): what answered may not be Rainbow, and then nothing was done.
  if (!/^\s*[[{]/.test(e.body)) hints.push(`If ${origin} is not the Rainbow server, nothing was sent to Rainbow: check ${flag}.`);
  return { headline: `Rainbow answered ${e.status}, a success, but its answer can't be read as the result: ${done}.`, hints, told: true };
}

/**
 * A failed call as { headline, hints, flag, cause }: the error line, the lines under it, the flag
 * to change, and a summary of what fetch threw. `context`: the command, the client options, the
 * room, and the flag that gave the server (--host or RAINBOW_HOST).
 */
export function failure(e, { command, options, roomId, hostFlag = '--host' }) {
  const hints = [];
  let headline;
  let flag;
  let cause;
  let told = false; // whether the hints say already if running the command again is safe
  switch (e && e.name) {
    case 'RainbowTimeoutError': {
      flag = '--timeout';
      const ms = e.timeoutMs ?? e.totalTimeoutMs;
      const which = options.timeoutMs === undefined ? ' (the default --timeout)' : ' (--timeout)';
      headline = `no complete answer from ${originOf(options.baseUrl)} within ${ms === undefined ? 'the time allowed' : `${ms} ms`}${e.timeoutMs !== undefined ? which : ''}`;
      hints.push('Give a larger --timeout (in milliseconds) to wait longer.');
      break;
    }
    case 'RainbowNetworkError': {
      flag = hostFlag; // --host or RAINBOW_HOST, whichever gave it
      const n = networkHeadline(e, options.baseUrl, hostFlag);
      headline = n.headline;
      if (n.error && typeof n.error == 'object') cause = { name: n.error.name, ...(n.code ? { code: n.code } : {}), message: String(n.error.message).trim() };
      break;
    }
    case 'RainbowAbortError':
      headline = 'interrupted (Ctrl-C)';
      break;
    case 'RainbowApiError': {
      headline = apiHeadline(e);
      const hint = apiHint(e, roomId, hostFlag);
      if (hint) hints.push(hint);
      break;
    }
    case 'RainbowResponseError': {
      const r = responseFailure(e, command, options, hostFlag);
      headline = r.headline;
      hints.push(...r.hints);
      told = !!r.told;
      break;
    }
    default:
      headline = `unexpected failure: ${e && e.message}`;
  }
  if (!told) {
    if (e && e.mayHaveBeenDelivered === true) hints.push('The request may have reached Rainbow: check the room before running the command again.');
    else if (e && e.mayHaveBeenDelivered === false) hints.push('Nothing was done: running the command again is safe.');
  }
  return { headline, hints, flag, cause };
}

/** The failure as text for standard error. */
export function failureText(e, f) {
  const lines = [`error: ${f.headline}`, ...f.hints.map((h) => `  ${h}`)];
  if (e && e.requestId) lines.push(`  request id: ${e.requestId}`);
  if (e && e.correlationId) lines.push(`  correlation id: ${e.correlationId}`);
  return `${lines.join('\n')}\n`;
}

/** The failure as the JSON error: its name, code and fields, with the command line's message, hints and flag. */
export function failureJson(e, f) {
  const fields = {};
  for (const [k, v] of Object.entries(e || {})) if (k != 'cause' && k != 'reason' && k != 'message' && k != 'stack') fields[k] = v;
  return {
    name: e && e.name,
    code: e && e.code,
    message: f.headline,
    ...(f.hints.length ? { hints: f.hints } : {}),
    ...(f.flag ? { flag: f.flag } : {}),
    ...fields,
    ...(f.cause ? { cause: f.cause } : {}),
  };
}
