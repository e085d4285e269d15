// Hostile input from JavaScript (issue 6, "Inputs from JavaScript"), shared by the Node suite
// (input.test.mjs) and the Chromium one (browser.test.mjs). Self-contained, no imports: the
// browser test loads this file as a module from a blob: URL, in a page and in a Worker.
//
// Every value is made fresh for each call by its factory (some count their own reads or answer
// differently each time), and placed at every position a caller controls: the room id, the body,
// the options, each body field and each option. Each placement goes through both validate…
// functions, both send… functions and RoomsInvitationApi. A call must settle with a result or a
// typed Rainbow* error — never throw something else, never stay pending, never leave an uncaught
// exception behind — and what validation refuses must never reach fetch.

export const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.HOSTILE-TOKEN-4d1c9e7a2b.sig-Zx8vBn';
/** A distinctive part of TOKEN: finding it anywhere means the token leaked. */
export const TOKEN_MARK = 'HOSTILE-TOKEN-4d1c9e7a2b';
export const ROOM = '56f42c1914e2a8a91b99e595';
export const CONF = '5c8f1e2d3b4a596877a6b5c4';
export const USER = '5b1c2f3a4d5e6f7a8b9c0d01';
export const BASE = 'https://rainbow.example';

export const ISSUE_CODES = [
  'required', 'invalid_type', 'invalid_value', 'invalid_id', 'invalid_email', 'invalid_lang', 'invalid_string',
  'unknown_field', 'no_recipients', 'invalid_option', 'duplicate', 'ignored_field',
];
export const ERROR_NAMES = [
  'RainbowValidationError', 'RainbowApiError', 'RainbowNetworkError', 'RainbowTimeoutError', 'RainbowAbortError',
  'RainbowResponseError',
];

export const SUCCESS = { data: { scenario: 'chat', status: 'Invitations successfully sent', guestEmails: ['ada@example.com'], invalidUsers: [] } };
const okResponse = () => new Response(JSON.stringify(SUCCESS), { status: 200, headers: { 'content-type': 'application/json' } });

/** A fetch that records its calls and answers a success at once. */
export function recorder() {
  const calls = [];
  const f = async (url, init) => {
    calls.push({ url: String(url), init });
    return okResponse();
  };
  f.calls = calls;
  return f;
}

let roomSeq = 0;
/** A distinct valid room id per call, so a request seen by a shared fetch can be told apart. */
const freshRoom = () => (++roomSeq).toString(16).padStart(24, 'a');

const validBody = () => ({ scenario: 'chat', emails: ['ada@example.com'] });

// ---- values --------------------------------------------------------------------------------------

const cache = {};
const once = (key, make) => () => (key in cache ? cache[key] : (cache[key] = make()));
const BIG = once('big', () => 'a'.repeat(10 * 1024 * 1024));
const BIG_SURROGATE = once('bigSurrogate', () => 'b'.repeat(10 * 1024 * 1024) + '\uD800');
const MILLION_EMAILS = once('million', () => Array.from({ length: 1_000_000 }, (_, i) => `user${i}@example.com`));
const UNDER_CAP_EMAILS = once('underCap', () => Array.from({ length: 100_000 }, (_, i) => `user${i}@example.com`));
const MANY_KEYS = once('manyKeys', () => Object.fromEntries(Array.from({ length: 100_001 }, (_, i) => [`k${i}`, i])));
const DEEP_OBJECT = once('deepObject', () => {
  let o = { scenario: 'chat', emails: ['ada@example.com'] };
  for (let i = 0; i < 100_000; i++) o = { a: o, scenario: 'chat', emails: [o] };
  return o;
});
const DEEP_ARRAY = once('deepArray', () => {
  let a = ['ada@example.com'];
  for (let i = 0; i < 100_000; i++) a = [a];
  return a;
});

const revoked = (target) => {
  const { proxy, revoke } = Proxy.revocable(target, {});
  revoke();
  return proxy;
};
const throwingTraps = (target, traps, thrown = () => new Error('trap says no')) =>
  new Proxy(target, Object.fromEntries(traps.map((t) => [t, () => { throw thrown(); }])));
const ALL_TRAPS = ['get', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'defineProperty', 'set', 'deleteProperty', 'isExtensible', 'preventExtensions', 'setPrototypeOf'];

/** A Proxy that answers a different thing on every read of any property. */
function shapeShifter(target) {
  let n = 0;
  const answers = [(v) => v, () => 42, () => undefined, () => ({ toString: () => 'x' }), () => ['x'], () => 'chat', () => null];
  return new Proxy(target, {
    get(t, k, r) {
      const v = Reflect.get(t, k, r);
      return typeof k === 'symbol' ? v : answers[n++ % answers.length](v);
    },
    getOwnPropertyDescriptor(t, k) {
      const d = Reflect.getOwnPropertyDescriptor(t, k);
      return d && { ...d, value: n++ % 2 ? d.value : 7 };
    },
  });
}

/** An object whose properties are getters with side effects: each read mutates the object. */
function sideEffects(base) {
  const o = {};
  let reads = 0;
  for (const [k, v] of Object.entries(base)) {
    Object.defineProperty(o, k, {
      enumerable: true,
      configurable: true,
      get() {
        reads++;
        // Delete a sibling, add new keys, swap the prototype: the walk must cope.
        for (const other of Object.keys(o)) if (other !== k) delete o[other];
        for (let i = 0; i < 50; i++) o[`added${reads}_${i}`] = i;
        Object.setPrototypeOf(o, reads % 2 ? null : { scenario: 'pstn-conference' });
        return v;
      },
    });
  }
  return o;
}

/** Getters that call back into the library while it is reading its arguments. */
function reentrant(ctx, base) {
  const o = {};
  for (const [k, v] of Object.entries(base)) {
    Object.defineProperty(o, k, {
      enumerable: true,
      get() {
        try {
          ctx.lib.validateJoinInvitation(ROOM, validBody(), { fetch: recorder() });
          ctx.extra.push(ctx.lib.sendUsersJoinRoomInvitation(ROOM, validBody(), { fetch: recorder() }));
        } catch (e) {
          ctx.extra.push(Promise.reject(e));
        }
        return v;
      },
    });
  }
  return o;
}

const throwingGetters = (base, thrown) => {
  const o = {};
  for (const k of Object.keys(base)) Object.defineProperty(o, k, { enumerable: true, get() { throw thrown(); } });
  return o;
};

class Invitation {
  constructor() {
    this.scenario = 'chat';
    this.emails = ['ada@example.com'];
  }
  get lang() { return 'fr'; } // on the prototype: not an own field
}
class Tagged {
  constructor() { this.scenario = 'chat'; }
  get [Symbol.toStringTag]() { return 'Tagged'; }
}

/** The values every position receives. `heavy` values run through fewer calls (they cost time). */
export const VALUES = [
  // Primitives.
  ['undefined', () => undefined],
  ['null', () => null],
  ['true', () => true],
  ['false', () => false],
  ['0', () => 0],
  ['-0', () => -0],
  ['NaN', () => NaN],
  ['Infinity', () => Infinity],
  ['-Infinity', () => -Infinity],
  ['1e21', () => 1e21],
  ['-1', () => -1],
  ['1.5', () => 1.5],
  ['2**53+1', () => 2 ** 53 + 1],
  ['Number.MAX_VALUE', () => Number.MAX_VALUE],
  ['5e-324', () => 5e-324],
  ['BigInt 10n', () => 10n],
  ['BigInt -(2n**64n)', () => -(2n ** 64n)],
  ['Symbol()', () => Symbol('hostile')],
  ['Symbol.iterator', () => Symbol.iterator],
  // Functions.
  ['function', () => function () {}],
  ['async function', () => async () => {}],
  ['generator function', () => function* () {}],
  ['class', () => class K {}],
  ['native function', () => Math.max],
  ['function carrying the body\'s fields', () => Object.assign(() => {}, validBody())],
  ['Proxy of a function, traps throw', () => throwingTraps(function () {}, [...ALL_TRAPS, 'apply', 'construct'])],
  // Strings.
  ['empty string', () => ''],
  ['space', () => ' '],
  ['NUL', () => '\0'],
  ['room id with NUL', () => `${ROOM}\0`],
  ['e-mail with NUL', () => 'ada\0@example.com'],
  ['lone high surrogate', () => '\uD800'],
  ['lone low surrogate', () => 'x\uDC00y'],
  ['e-mail with lone surrogate', () => 'ada\uD800@example.com'],
  ['valid surrogate pair', () => '\uD83D\uDE00'],
  ['BOM', () => '\uFEFF'],
  ['line separator', () => '\u2028'],
  ['"true"', () => 'true'],
  ['CRLF', () => 'a\r\nX-Injected: 1'],
  ['10 MB string', BIG, { heavy: true }],
  ['10 MB string with a lone surrogate', BIG_SURROGATE, { heavy: true, positions: ['roomId', 'body.instantMessage', 'options.token'] }],
  // Boxed primitives and built-ins.
  ['new String(room id)', () => new String(ROOM)],
  ['new Number(5)', () => new Number(5)],
  ['new Boolean(true)', () => new Boolean(true)],
  ['Object(10n)', () => Object(10n)],
  ['Object(Symbol())', () => Object(Symbol('boxed'))],
  ['Date', () => new Date(0)],
  ['RegExp', () => /x/g],
  ['Map with the body\'s entries', () => new Map(Object.entries(validBody()))],
  ['Set', () => new Set(['ada@example.com'])],
  ['WeakMap', () => new WeakMap()],
  ['Promise of the body', () => Promise.resolve(validBody())],
  ['Error', () => new Error('an error as input')],
  ['ArrayBuffer', () => new ArrayBuffer(8)],
  ['Uint8Array', () => new Uint8Array([97, 64, 98])],
  ['DataView', () => new DataView(new ArrayBuffer(2))],
  ['globalThis', () => globalThis],
  // Arrays.
  ['empty array', () => []],
  ['array of the room id', () => [ROOM]],
  ['array of an e-mail', () => ['ada@example.com']],
  ['sparse array', () => [, 'ada@example.com', , ]], // eslint-disable-line no-sparse-arrays
  ['new Array(5)', () => new Array(5)],
  ['array of length 2**32-1', () => { const a = ['ada@example.com']; a.length = 2 ** 32 - 1; return a; }],
  ['array of 100,001 e-mails', () => new Array(100_001).fill('ada@example.com')],
  ['1,000,000 e-mails', MILLION_EMAILS],
  ['100,000 distinct valid e-mails', UNDER_CAP_EMAILS, { heavy: true, positions: ['body.emails'] }],
  ['frozen array', () => Object.freeze(['ada@example.com'])],
  ['array with a throwing index getter', () => { const a = ['x', 'y']; Object.defineProperty(a, 0, { get() { throw new Error('index'); } }); return a; }],
  ['array subclass', () => { class A extends Array {} return A.from(['ada@example.com']); }],
  ['cyclic array', () => { const a = ['ada@example.com']; a.push(a); return a; }],
  ['100,000-level nested array', DEEP_ARRAY],
  // Objects.
  ['empty object', () => ({})],
  ['the valid body', validBody],
  ['frozen body', () => Object.freeze({ scenario: 'chat', emails: Object.freeze(['ada@example.com']) })],
  ['sealed body', () => Object.seal(validBody())],
  ['non-extensible body', () => Object.preventExtensions(validBody())],
  ['Object.create(null)', () => Object.create(null)],
  ['null-prototype body', () => Object.assign(Object.create(null), validBody())],
  ['object inheriting the body', () => Object.create(validBody())],
  ['class instance', () => new Invitation()],
  ['class instance tagged otherwise', () => new Tagged()],
  ['object with 100,001 keys', MANY_KEYS],
  ['key of 10 MB', () => ({ ...validBody(), [BIG()]: 1 }), { heavy: true }],
  ['key with a lone surrogate', () => ({ ...validBody(), 'emails\uD800': ['x@y.co'] })],
  ['key with NUL', () => ({ ...validBody(), 'a\0b': 1 })],
  ['empty key', () => ({ ...validBody(), '': 1 })],
  ['symbol key', () => ({ ...validBody(), [Symbol('k')]: 1 })],
  ['own __proto__ key (JSON.parse)', () => JSON.parse('{"__proto__":{"scenario":"chat","polluted":1},"scenario":"chat","emails":["ada@example.com"]}')],
  ['own __proto__ key (defineProperty)', () => Object.defineProperty(validBody(), '__proto__', { value: { x: 1 }, enumerable: true })],
  ['constructor key', () => ({ ...validBody(), constructor: { prototype: { polluted: 1 } } })],
  ['prototype, toString, hasOwnProperty keys', () => ({ ...validBody(), prototype: 1, toString: 'x', hasOwnProperty: null })],
  ['cyclic object', () => { const o = validBody(); o.self = o; o.emails.push(o); return o; }],
  ['mutually cyclic objects', () => { const a = validBody(); const b = { a }; a.b = b; return a; }],
  ['100,000-level nested object', DEEP_OBJECT],
  // Proxies and getters.
  ['Proxy whose get throws', () => throwingTraps(validBody(), ['get'])],
  ['Proxy whose ownKeys throws', () => throwingTraps(validBody(), ['ownKeys'])],
  ['Proxy whose getOwnPropertyDescriptor throws', () => throwingTraps(validBody(), ['getOwnPropertyDescriptor'])],
  ['Proxy whose getPrototypeOf throws', () => throwingTraps(validBody(), ['getPrototypeOf'])],
  ['Proxy whose every trap throws', () => throwingTraps(validBody(), ALL_TRAPS)],
  ['Proxy throwing a non-Error', () => throwingTraps(validBody(), ALL_TRAPS, () => Symbol('thrown'))],
  ['Proxy of an array whose traps throw', () => throwingTraps(['ada@example.com'], ALL_TRAPS)],
  ['Proxy answering differently each read', () => shapeShifter(validBody())],
  ['Proxy of an array answering differently each read', () => shapeShifter(['ada@example.com', 'grace@example.com'])],
  ['Proxy of an array with a lying length', () => new Proxy(['ada@example.com'], { get: (t, k, r) => (k === 'length' ? 1e9 : Reflect.get(t, k, r)) })],
  ['Proxy listing 100,001 keys', () => new Proxy({}, {
    ownKeys: () => Array.from({ length: 100_001 }, (_, i) => `k${i}`),
    getOwnPropertyDescriptor: () => ({ value: 1, enumerable: true, configurable: true }),
  }), { positions: ['body', 'options'] }],
  ['revoked Proxy', () => revoked(validBody())],
  ['revoked Proxy of an array', () => revoked(['ada@example.com'])],
  ['revoked Proxy of a function', () => revoked(() => {})],
  ['getters that throw', () => throwingGetters(validBody(), () => new Error('getter says no'))],
  ['getters that throw undefined', () => throwingGetters(validBody(), () => undefined)],
  ['getters with side effects', () => sideEffects(validBody())],
  ['getters calling the library back', (ctx) => reentrant(ctx, validBody())],
  ['getter returning a revoked Proxy', () => Object.defineProperty({ scenario: 'chat' }, 'emails', { enumerable: true, get: () => revoked([]) })],
  ['object whose toString and valueOf throw', () => ({ ...validBody(), toString() { throw new Error('toString'); }, valueOf() { throw new Error('valueOf'); } })],
  ['object with a throwing Symbol.toPrimitive', () => ({ [Symbol.toPrimitive]() { throw new Error('toPrimitive'); } })],
].map(([name, make, opts = {}]) => ({ name, make, heavy: !!opts.heavy, positions: opts.positions }));

// ---- positions ------------------------------------------------------------------------------------

const HEAVY_POSITIONS = ['roomId', 'body.emails[0]', 'body.instantMessage', 'options.token', 'options.headers.X-Test'];

/** The options every call gets unless the position replaces them: a token and a debug logger, so
 * that every error and log line of the matrix is checked for the token. */
const baseOptions = (ctx, fetch) => ({ baseUrl: BASE, token: TOKEN, fetch, logger: ctx.logger, logLevel: 'debug', timeoutMs: 5000, maxRetries: 0 });

const inBody = (field, base) => (v, room, fetch, ctx) => [room, { ...base, [field]: v }, baseOptions(ctx, fetch)];
const inOptions = (field, drop = []) => (v, room, fetch, ctx) => {
  const o = { ...baseOptions(ctx, fetch), [field]: v };
  for (const d of drop) delete o[d];
  return [room, validBody(), o];
};

/** Where a value goes. `fetchIsValue`: the value replaces fetch, so requests can't be recorded. */
export const POSITIONS = [
  ['roomId', (v, room, fetch, ctx) => [v, validBody(), baseOptions(ctx, fetch)]],
  ['body', (v, room, fetch, ctx) => [room, v, baseOptions(ctx, fetch)]],
  ['options', (v, room) => [room, validBody(), v], { globalFetch: true }],
  ['body.scenario', inBody('scenario', { emails: ['ada@example.com'] })],
  ['body.emails', inBody('emails', { scenario: 'chat' })],
  ['body.emails[0]', (v, room, fetch, ctx) => [room, { scenario: 'chat', emails: [v, 'grace@example.com'] }, baseOptions(ctx, fetch)]],
  ['body.users', inBody('users', { scenario: 'video-conference' })],
  ['body.confId', inBody('confId', { scenario: 'video-conference', emails: ['ada@example.com'] })],
  ['body.lang', inBody('lang', { scenario: 'chat', emails: ['ada@example.com'] })],
  ['body.instantMessage', inBody('instantMessage', { scenario: 'video-conference', emails: ['ada@example.com'] })],
  ['body.noMail', inBody('noMail', { scenario: 'pstn-conference', emails: ['ada@example.com'] })],
  ['options.baseUrl', inOptions('baseUrl')],
  ['options.token', inOptions('token')],
  ['options.getToken', inOptions('getToken', ['token'])],
  ['options.headers', inOptions('headers')],
  ['options.headers.X-Test', (v, room, fetch, ctx) => [room, validBody(), { ...baseOptions(ctx, fetch), headers: { 'X-Test': v } }]],
  ['options.timeoutMs', inOptions('timeoutMs')],
  ['options.totalTimeoutMs', inOptions('totalTimeoutMs')],
  ['options.maxRetries', inOptions('maxRetries')],
  ['options.signal', inOptions('signal')],
  ['options.fetch', inOptions('fetch'), { fetchIsValue: true }],
  ['options.allowInsecureHttp', inOptions('allowInsecureHttp')],
  ['options.correlationId', inOptions('correlationId')],
  ['options.logger', inOptions('logger')],
  ['options.logLevel', inOptions('logLevel')],
  ['options.maxResponseBytes', inOptions('maxResponseBytes')],
].map(([name, place, opts = {}]) => ({ name, place, globalFetch: !!opts.globalFetch, fetchIsValue: !!opts.fetchIsValue }));

// ---- checks ---------------------------------------------------------------------------------------

const describe = (v) => {
  try {
    if (v instanceof Error || Object.prototype.toString.call(v) === '[object Error]') return `${v.name}: ${String(v.message).slice(0, 160)}`;
  } catch { /* a hostile thrown value */ }
  try { return String(v).slice(0, 160); } catch { return Object.prototype.toString.call(v); }
};

/** Every string reachable from an error: message, stack, own properties, JSON. */
function textsOf(err, exclude = []) {
  const out = [];
  const seen = new Set();
  const walk = (v, depth) => {
    if (typeof v === 'string') { out.push(v); return; }
    if (v === null || typeof v !== 'object' || seen.has(v) || depth > 5) return;
    seen.add(v);
    let keys = [];
    try { keys = Reflect.ownKeys(v); } catch { return; }
    for (const k of keys) {
      if (depth === 0 && exclude.includes(k)) continue;
      let x;
      try { x = v[k]; } catch { continue; }
      walk(x, depth + 1);
    }
  };
  try { out.push(String(err.message), String(err.stack), String(err)); } catch { /* reported elsewhere */ }
  try { out.push(JSON.stringify(err, (k, v) => (exclude.includes(k) ? undefined : v))); } catch { /* cyclic cause */ }
  walk(err, 0);
  return out;
}

/** Why `err` is not a typed Rainbow error of the package (empty when it is one). */
export function typedErrorProblem(lib, err, exclude = []) {
  if (!(err instanceof Error)) return `not an Error: ${describe(err)}`;
  if (/RuntimeError|unreachable/.test(`${err.name} ${err.message}`) || err.constructor?.name === 'RuntimeError') return `a trap: ${describe(err)}`;
  if (!ERROR_NAMES.includes(err.name)) return `untyped error ${describe(err)}`;
  if (!(err instanceof lib.RainbowError) || !(err instanceof lib[err.name])) return `${err.name} fails instanceof`;
  if (typeof err.code !== 'string' || !err.code.startsWith('ERR_')) return `${err.name} without a code`;
  if (typeof err.message !== 'string' || err.message.length < 10) return `${err.name} without a message`;
  if (typeof err.attempts !== 'number' || typeof err.mayHaveBeenDelivered !== 'boolean') return `${err.name} without attempts/mayHaveBeenDelivered`;
  if (textsOf(err, exclude).some((t) => t.includes(TOKEN_MARK))) return `the token leaked into ${err.name}: ${describe(err)}`;
  return '';
}

/** Why `r` is not a ValidationResult (empty when it is one). */
export function resultProblem(r) {
  if (r === null || typeof r !== 'object') return `returned ${describe(r)}`;
  if (typeof r.valid !== 'boolean') return 'no boolean `valid`';
  for (const list of ['errors', 'warnings']) {
    if (!Array.isArray(r[list])) return `\`${list}\` is not an array`;
    for (const i of r[list]) {
      if (typeof i?.path !== 'string' || !ISSUE_CODES.includes(i.code) || typeof i.message !== 'string' || !i.message) return `bad issue ${JSON.stringify(i)}`;
    }
  }
  if (r.valid !== (r.errors.length === 0) || r.valid !== (r.request !== null && typeof r.request === 'object')) return 'valid disagrees with errors/request';
  if (r.valid && typeof r.path !== 'string') return 'valid without a path';
  return '';
}

function successProblem(v, httpInfo) {
  const data = httpInfo ? v?.data?.data : v?.data;
  if (!data || !Array.isArray(data.guestEmails) || !Array.isArray(data.invalidUsers)) return `resolved to ${describe(JSON.stringify(v))}`;
  if (httpInfo && (v.status !== 200 || typeof v.headers !== 'object')) return 'WithHttpInfo result without status/headers';
  return '';
}

const timeoutAfter = (ms) => new Promise((resolve) => setTimeout(() => resolve({ pending: true }), ms));
const outcomeOf = (p) => Promise.resolve(p).then((value) => ({ value }), (error) => ({ error }));

// ---- the matrix -----------------------------------------------------------------------------------

const FNS = [
  { name: 'validateJoinInvitation', kind: 'validate', op: 'invite' },
  { name: 'validateCancelation', kind: 'validate', op: 'cancel' },
  { name: 'sendUsersJoinRoomInvitation', kind: 'send', op: 'invite' },
  { name: 'sendUserRoomInvitationCancelation', kind: 'send', op: 'cancel' },
  // RoomsInvitationApi: the options given to the constructor, then laid over by a call's own.
  { name: 'RoomsInvitationApi(options).…WithHttpInfo', kind: 'send', op: 'invite', api: 'instance' },
  { name: 'RoomsInvitationApi().sendUserRoomInvitationCancelation(…, options)', kind: 'send', op: 'cancel', api: 'merged' },
];
const VALIDATE_OF = { invite: 'validateJoinInvitation', cancel: 'validateCancelation' };

function invoke(lib, fn, args) {
  if (!fn.api) return lib[fn.name](...args);
  const [room, body, options] = args;
  if (fn.api === 'instance') return new lib.RoomsInvitationApi(options).sendUsersJoinRoomInvitationWithHttpInfo(room, body);
  return new lib.RoomsInvitationApi({ logLevel: 'debug' }).sendUserRoomInvitationCancelation(room, body, options);
}

/**
 * Runs every value at every position through every function. `env`:
 *   lib        the package (node.js, or browser.js after ready())
 *   uncaught   an array the environment fills with uncaught exceptions and unhandled rejections
 *   only       optional list of position names
 * Each value's calls run as one batch: the validate… calls, then the send… calls together, awaited
 * before the next batch, so that an uncaught exception or a stall is pinned on its value. A batch
 * waits up to 1 s (10 s for heavy values); what is still pending then is waited for again at the
 * end, and reported if it never settles.
 * Returns { failures: { [position]: string[] }, logLeaks, uncaught, calls, ms }.
 */
export async function runMatrix(env) {
  const { lib } = env;
  const t0 = Date.now();
  const lines = [];
  const ctx = { lib, extra: [], logger: (level, line) => lines.push(`${level} ${line}`) };
  const failures = {};
  const late = [];
  let calls = 0;
  const timings = [];
  const realFetch = globalThis.fetch;
  const shared = recorder(); // stands in for the global fetch where a position replaces the options
  globalThis.fetch = shared;
  const before = env.uncaught.length;
  try {
    for (const pos of POSITIONS.filter((p) => !env.only || env.only.includes(p.name))) {
      const fail = (failures[pos.name] = []);
      for (const value of VALUES) {
        if (value.positions ? !value.positions.includes(pos.name) : value.heavy && !HEAVY_POSITIONS.includes(pos.name)) continue;
        const fns = value.heavy ? FNS.filter((f) => f.name === 'validateJoinInvitation' || f.name === 'sendUsersJoinRoomInvitation') : FNS;
        const results = {};
        const batch = [];
        const uncaughtBefore = env.uncaught.length;
        const tBatch = Date.now();
        for (const fn of fns) {
          const room = freshRoom();
          const fetch = recorder();
          let v;
          try { v = value.make(ctx); } catch (e) { fail.push(`${value.name}: the factory threw ${describe(e)}`); break; }
          const args = pos.place(v, room, fetch, ctx);
          const label = `${value.name} → ${fn.name}`;
          calls++;
          let returned;
          try {
            returned = invoke(lib, fn, args);
          } catch (e) {
            const why = typedErrorProblem(lib, e);
            fail.push(`${label}: threw synchronously ${why ? `(${why})` : describe(e)}`);
            continue;
          }
          if (fn.kind === 'validate') {
            const why = resultProblem(returned);
            if (why) fail.push(`${label}: ${why}`);
            else results[fn.op] = { r: returned, room: args[0] };
            if (JSON.stringify(returned ?? null).includes(TOKEN_MARK)) fail.push(`${label}: the token is in the result`);
            continue;
          }
          if (!returned || typeof returned.then !== 'function') {
            fail.push(`${label}: returned ${describe(returned)} instead of a Promise`);
            continue;
          }
          const sent = () => (pos.globalFetch ? shared.calls.filter((c) => c.url.includes(room)) : fetch.calls);
          const entry = { fn, label, fail, sent, room: args[0], crossCheck: !(fn.api === 'merged' && pos.name === 'options'), validation: () => results[fn.op] };
          entry.promise = outcomeOf(returned).then((o) => { entry.o = o; });
          batch.push(entry);
        }
        // Wait for the batch; once an uncaught exception shows something broke, not much longer.
        const limit = Date.now() + (value.heavy ? 10_000 : 1000);
        while (batch.some((e) => !e.o) && Date.now() < limit) {
          await Promise.race([Promise.all(batch.map((e) => e.promise)), timeoutAfter(50)]);
          if (env.uncaught.length > uncaughtBefore) break;
        }
        // A JS exception thrown inside the wasm executor leaves the calls queued behind it unrun
        // until something else wakes the executor (its own test below shows that). Wake it with
        // harmless calls, so that every exception and stall is pinned on the value that caused it.
        for (let kick = 0; kick < 6 && env.uncaught.length > uncaughtBefore && batch.some((e) => !e.o); kick++) {
          const seen = env.uncaught.length;
          // The kick itself can be queued behind a throwing call: never wait on it for long.
          await Promise.race([outcomeOf(lib.sendUsersJoinRoomInvitation(undefined, undefined, undefined)), timeoutAfter(30)]);
          if (env.uncaught.length === seen && kick > 1) break;
        }
        timings.push([Date.now() - tBatch, `${pos.name} ${value.name}`]);
        for (const e of batch) {
          if (e.o) checkSend(lib, e);
          else late.push(e);
        }
        for (const u of env.uncaught.slice(uncaughtBefore)) fail.push(`${value.name}: left an uncaught exception: ${describe(u)}`);
      }
      // The module must still work after each position's values.
      try {
        const r = lib.validateJoinInvitation(ROOM, validBody());
        if (r.valid !== true) fail.push(`afterwards, a valid request no longer validates: ${JSON.stringify(r.errors)}`);
      } catch (e) {
        fail.push(`afterwards, validateJoinInvitation throws ${describe(e)}`);
      }
    }

    // A call is allowed to be late, never to stay pending.
    await Promise.race([Promise.all(late.map((e) => e.promise)), timeoutAfter(1000)]);
    for (const e of late) {
      if (e.o) checkSend(lib, e);
      else e.fail.push(`${e.label}: never settled (still pending at the end of the run)`);
    }
    const extra = await Promise.race([Promise.allSettled(ctx.extra), timeoutAfter(2000)]);
    const reentrant = (failures['re-entrant calls'] = []);
    if (extra.pending) reentrant.push('a call made from inside a getter stayed pending');
    else {
      for (const r of extra) {
        const why = r.status === 'rejected' ? typedErrorProblem(lib, r.reason) : successProblem(r.value, false);
        if (why) reentrant.push(why);
      }
    }
  } finally {
    globalThis.fetch = realFetch;
  }
  return {
    failures,
    logLeaks: lines.filter((l) => l.includes(TOKEN_MARK)).map((l) => l.slice(0, 300)),
    logLines: lines.length,
    uncaught: env.uncaught.slice(before).map(describe),
    calls,
    ms: Date.now() - t0,
    slowest: timings.sort((a, b) => b[0] - a[0]).slice(0, env.slowest ?? 8).map(([ms, what]) => `${ms} ms ${what}`),
  };
}

function checkSend(lib, { o, fn, label, fail, sent, validation, room, crossCheck }) {
  const calls = sent();
  const checked = crossCheck ? validation() : undefined;
  const v = checked?.r;
  if ('error' in o) {
    const why = typedErrorProblem(lib, o.error);
    if (why) { fail.push(`${label}: rejected with ${why}`); return; }
    if (o.error.name === 'RainbowValidationError' && calls.length) fail.push(`${label}: a validation error, yet ${calls.length} request(s) reached fetch`);
    if (v && !v.valid && o.error.name !== 'RainbowValidationError') fail.push(`${label}: validation refused the input but the call failed with ${o.error.name}`);
    return;
  }
  const why = successProblem(o.value, fn.api === 'instance');
  if (why) { fail.push(`${label}: ${why}`); return; }
  if (v && !v.valid) fail.push(`${label}: validation refused the input (${v.errors.map((e) => e.path).join(', ')}) but the call succeeded`);
  if (v && v.valid && calls.length === 1) {
    const body = calls[0].init?.body;
    if (body !== JSON.stringify(v.request)) fail.push(`${label}: sent ${String(body).slice(0, 120)} but validation produced ${JSON.stringify(v.request).slice(0, 120)}`);
    const path = typeof room === 'string' ? v.path.replace(checked.room, room) : v.path;
    if (!calls[0].url.endsWith(path)) fail.push(`${label}: sent to ${calls[0].url}, not …${path}`);
  }
}

// ---- hostile callbacks: fetch, getToken, signal and logger that misbehave -----------------------

const u8Chunk = (make) => ({
  status: 200,
  headers: new Headers({ 'content-type': 'application/json' }),
  body: {
    getReader() {
      let sent = false;
      return { read: async () => (sent ? { done: true } : ((sent = true), { done: false, value: make() })), cancel() {} };
    },
  },
});
const streamless = (text) => ({ status: 200, headers: new Headers({ 'content-type': 'application/json' }), body: null, text });
const rejectingThenable = () => ({ then() { throw new Error('then says no'); } });
// A Proxy of a genuine Response passes `instanceof Response`; its getter of `prop` throws.
const proxiedResponse = (prop) =>
  new Proxy(okResponse(), {
    get(target, p) {
      if (p === prop) throw new Error(`${prop} says no`);
      const v = Reflect.get(target, p);
      return typeof v == 'function' ? v.bind(target) : v;
    },
  });
const ctorTrap = (p) => Object.defineProperty(p, 'constructor', { get() { throw new Error('constructor says no'); } });

/** Each case's options are laid over the base options (a token, a debug logger, timeoutMs 300). */
export const CALLBACK_CASES = [
  ['fetch returns a Promise whose `constructor` getter throws', { fetch: () => ctorTrap(Promise.resolve(okResponse())) }],
  ['fetch returns a thenable whose `then` throws', { fetch: rejectingThenable }],
  ['fetch returns a thenable that never calls back', { fetch: () => ({ then() {} }) }, 'RainbowTimeoutError'],
  ['fetch throws synchronously', { fetch: () => { throw new Error('sync'); } }, 'RainbowNetworkError'],
  ['fetch throws a revoked Proxy', { fetch: () => { throw revoked({}); } }, 'RainbowNetworkError'],
  ['fetch rejects with a Symbol', { fetch: () => Promise.reject(Symbol('no')) }, 'RainbowNetworkError'],
  ['fetch rejects with null', { fetch: () => Promise.reject(null) }, 'RainbowNetworkError'],
  ['fetch resolves to a revoked Proxy', { fetch: async () => revoked({}) }],
  ['fetch resolves to a Proxy whose traps throw', { fetch: async () => throwingTraps({}, ALL_TRAPS) }],
  ...['headers', 'status', 'type', 'body'].map((prop) => [`fetch resolves to a Proxy of a Response whose \`${prop}\` getter throws`, { fetch: async () => proxiedResponse(prop) }]),
  ['response `status` getter throws', { fetch: async () => ({ get status() { throw new Error('status'); }, headers: new Headers(), body: null }) }],
  ...[0, 99, 600, 200.5, NaN, '200', -200].map((status) => [`response status ${String(status)}`, { fetch: async () => ({ status, headers: new Headers(), body: null, text: async () => '{}' }) }]),
  ['headers.get throws', { fetch: async () => ({ ...streamless(async () => JSON.stringify(SUCCESS)), headers: { get() { throw new Error('get'); } } }) }],
  ['headers is a revoked Proxy', { fetch: async () => ({ ...streamless(async () => JSON.stringify(SUCCESS)), headers: revoked({}) }) }],
  ['headers.get returns objects', { fetch: async () => ({ ...streamless(async () => JSON.stringify(SUCCESS)), headers: { get: () => ({ toString() { throw new Error('x'); } }) } }) }],
  ['body.getReader throws', { fetch: async () => ({ ...streamless(async () => JSON.stringify(SUCCESS)), body: { getReader() { throw new Error('reader'); } } }) }],
  ['reader.read throws synchronously', { fetch: async () => ({ status: 200, headers: new Headers(), body: { getReader: () => ({ read() { throw new Error('read'); }, cancel() {} }) } }) }],
  ['reader.read rejects with a revoked Proxy', { fetch: async () => ({ status: 200, headers: new Headers(), body: { getReader: () => ({ read: () => Promise.reject(revoked({})), cancel() {} }) } }) }],
  ['reader.read returns a Promise whose `constructor` getter throws', { fetch: async () => ({ status: 200, headers: new Headers(), body: { getReader: () => ({ read: () => ctorTrap(Promise.resolve({ done: true })), cancel() {} }) } }) }],
  ['a chunk whose `length` getter throws', { fetch: async () => u8Chunk(() => Object.defineProperty(new Uint8Array([123, 125]), 'length', { get() { throw new Error('length'); } })) }],
  ['a chunk whose `length` says 0 for 1000 bytes', { fetch: async () => u8Chunk(() => Object.defineProperty(new Uint8Array(1000), 'length', { get: () => 0 })) }],
  ['a chunk whose `length` says 5 for 2 bytes', { fetch: async () => u8Chunk(() => Object.defineProperty(new Uint8Array([123, 125]), 'length', { get: () => 5 })) }],
  ['a chunk of a Uint8Array subclass lying about its length', { fetch: async () => u8Chunk(() => { class Liar extends Uint8Array { get length() { return 1e9; } } return new Liar([123, 125]); }) }],
  ['a detached chunk', { fetch: async () => u8Chunk(() => { const u = new Uint8Array([123, 125]); structuredClone(u.buffer, { transfer: [u.buffer] }); return u; }) }],
  ['a body stream that errors midway', { fetch: async () => new Response(new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('{"data":')); c.error(new Error('midway')); } }), { status: 200 }) }, 'RainbowNetworkError'],
  ['text() returns a number', { fetch: async () => streamless(async () => 42) }],
  ['text() rejects', { fetch: async () => streamless(() => Promise.reject(new Error('text'))) }, 'RainbowNetworkError'],
  ['text() never settles', { fetch: async () => streamless(() => new Promise(() => {})) }, 'RainbowTimeoutError'],
  ['text() returns 20 MB', { fetch: async () => streamless(async () => 'x'.repeat(20 * 1024 * 1024)) }, 'RainbowResponseError'],
  ['getToken returns a Promise whose `constructor` getter throws', { token: undefined, getToken: () => ctorTrap(Promise.resolve('tok')) }],
  ['getToken throws a revoked Proxy', { token: undefined, getToken: () => { throw revoked({}); } }, 'RainbowValidationError'],
  ['getToken returns a thenable whose `then` throws', { token: undefined, getToken: rejectingThenable }, 'RainbowValidationError'],
  ['getToken never settles', { token: undefined, getToken: () => new Promise(() => {}) }, 'RainbowTimeoutError'],
  ['getToken returns a token with CRLF', { token: undefined, getToken: () => `${TOKEN}\r\nX-Injected: 1` }, 'RainbowValidationError'],
  ['getToken returns a number', { token: undefined, getToken: () => 42 }, 'RainbowValidationError'],
  ['getToken returns a revoked Proxy', { token: undefined, getToken: async () => revoked({}) }, 'RainbowValidationError'],
  ['an aborted signal whose reason is a revoked Proxy', { signal: (() => { const c = new AbortController(); c.abort(revoked({})); return c.signal; })() }, 'RainbowAbortError'],
  ['a signal calling its listener synchronously, twice', { signal: { aborted: false, addEventListener(t, f) { f(); f(); }, removeEventListener() {} } }, 'RainbowAbortError'],
  ['a signal whose `aborted` getter and methods throw', { signal: { get aborted() { throw new Error('aborted'); }, addEventListener() { throw new Error('add'); }, removeEventListener() { throw new Error('remove'); } } }],
  ['a signal aborted from inside fetch', { signal: 'aborted-inside' }, 'RainbowAbortError'],
  ['a logger that throws', { logger: () => { throw new Error('logger'); } }],
  ['a logger that throws a revoked Proxy', { logger: () => { throw revoked({}); } }],
  ['a console-like logger whose methods are throwing getters', { logger: throwingGetters({ debug: 1, info: 1, warn: 1, error: 1, log: 1 }, () => new Error('method')) }],
  ['a logger calling the library back', { logger: 'reentrant' }],
].map(([name, options, expect]) => ({ name, options, expect }));

/** Options for a callback case, with its placeholders filled in. */
function callbackOptions(ctx, c) {
  const o = { ...baseOptions(ctx, recorder()), timeoutMs: 300, ...c.options };
  if (o.signal === 'aborted-inside') {
    const controller = new AbortController();
    o.signal = controller.signal;
    o.fetch = () => { controller.abort(new Error('from inside fetch')); return new Promise(() => {}); };
  }
  if (o.logger === 'reentrant') {
    o.logger = () => {
      ctx.lib.validateJoinInvitation(ROOM, validBody());
      ctx.extra.push(ctx.lib.sendUsersJoinRoomInvitation(ROOM, validBody(), { fetch: recorder() }));
    };
  }
  return o;
}

/** Runs each callback case through both send… functions; returns failures (strings). */
export async function runCallbacks(env) {
  const { lib } = env;
  const failures = [];
  const ctx = { lib, extra: [], logger: () => {} };
  for (const c of CALLBACK_CASES) {
    const uncaughtBefore = env.uncaught.length;
    const t0 = Date.now();
    const calls = ['sendUsersJoinRoomInvitation', 'sendUserRoomInvitationCancelation'].map((name) => {
      const label = `${c.name} → ${name}`;
      let p;
      try {
        p = lib[name](ROOM, name.includes('Join') ? validBody() : { emails: ['ada@example.com'] }, callbackOptions(ctx, c));
      } catch (e) {
        p = Promise.reject(e);
      }
      const entry = { label };
      entry.promise = outcomeOf(p).then((o) => { entry.o = o; entry.ms = Date.now() - t0; });
      return entry;
    });
    await Promise.race([Promise.all(calls.map((e) => e.promise)), timeoutAfter(1500)]);
    for (const e of calls) {
      if (!e.o) { failures.push(`${e.label}: still pending after 1500 ms (timeoutMs was 300)`); continue; }
      if ('error' in e.o) {
        const why = typedErrorProblem(lib, e.o.error);
        if (why) failures.push(`${e.label}: rejected with ${why}`);
        else if (c.expect && e.o.error.name !== c.expect) failures.push(`${e.label}: ${e.o.error.name} (${describe(e.o.error.message)}), expected ${c.expect}`);
      } else {
        const why = successProblem(e.o.value, false);
        if (why) failures.push(`${e.label}: ${why}`);
        else if (c.expect) failures.push(`${e.label}: succeeded, expected ${c.expect}`);
      }
    }
    for (const u of env.uncaught.slice(uncaughtBefore)) failures.push(`${c.name}: left an uncaught exception: ${describe(u)}`);
    // Wake the executor if an exception left calls queued (see runMatrix).
    for (let kick = 0; kick < 3 && env.uncaught.length > uncaughtBefore; kick++) {
      await Promise.race([outcomeOf(lib.sendUsersJoinRoomInvitation(undefined, undefined, undefined)), timeoutAfter(30)]);
    }
  }
  const extra = await Promise.race([Promise.allSettled(ctx.extra), timeoutAfter(2000)]);
  if (extra.pending) failures.push('a call made from inside a logger stayed pending');
  return failures;
}

// ---- options and body are read once --------------------------------------------------------------

/** Counts the reads of every property of a body and of options, for one call of each function. */
export async function readCounts(lib) {
  const out = {};
  for (const name of ['validateJoinInvitation', 'validateCancelation', 'sendUsersJoinRoomInvitation', 'sendUserRoomInvitationCancelation']) {
    const reads = {};
    const counted = (prefix, base) => {
      const o = {};
      for (const [k, v] of Object.entries(base)) {
        Object.defineProperty(o, k, { enumerable: true, get() { reads[`${prefix}.${k}`] = (reads[`${prefix}.${k}`] || 0) + 1; return v; } });
      }
      return o;
    };
    const body = counted('body', { scenario: 'pstn-conference', emails: ['ada@example.com'], users: [USER], confId: CONF, lang: 'fr', noMail: false });
    const options = counted('options', {
      baseUrl: BASE, token: TOKEN, fetch: recorder(), headers: { 'X-Test': '1' }, timeoutMs: 1000, totalTimeoutMs: 2000, maxRetries: 0,
      signal: new AbortController().signal, allowInsecureHttp: false, correlationId: 'corr-1', logger: () => {}, logLevel: 'debug', maxResponseBytes: 1000000,
    });
    const r = lib[name](ROOM, body, options);
    if (r && typeof r.then === 'function') await outcomeOf(r);
    out[name] = reads;
  }
  return out;
}

// ---- callbacks that can freeze the event loop: run only where the run can be killed ---------------

export const LOOP_CASES = {
  'a body stream of empty chunks, forever': () => new Response(new ReadableStream({ pull(c) { c.enqueue(new Uint8Array(0)); } }), { status: 200 }),
  'a reader whose read() answers at once, never done, with no bytes': () => ({
    status: 200, headers: new Headers(), body: { getReader: () => ({ read: () => ({ done: false, value: 'not bytes' }), cancel() {} }) },
  }),
  'a reader whose read() resolves to empty chunks forever': () => ({
    status: 200, headers: new Headers(), body: { getReader: () => ({ read: async () => ({ done: false, value: new Uint8Array(0) }), cancel() {} }) },
  }),
};

/** One loop case with timeoutMs 300: must end with a typed error (a timeout) in well under 2 s. */
export async function runLoopCase(lib, name) {
  const t0 = Date.now();
  const o = await outcomeOf(lib.sendUsersJoinRoomInvitation(ROOM, validBody(), { fetch: async () => LOOP_CASES[name](), timeoutMs: 300, maxRetries: 0 }));
  const ms = Date.now() - t0;
  if ('value' in o) return { ms, problem: successProblem(o.value, false), outcome: 'success' };
  return { ms, problem: typedErrorProblem(lib, o.error), outcome: o.error?.name };
}

/** Calls started in the same tick as a call that throws inside the module must still settle. */
export async function runStallCase(lib) {
  const hostile = revoked({ scenario: 'chat' });
  const started = [lib.sendUsersJoinRoomInvitation(ROOM, hostile, { fetch: recorder() })];
  for (let i = 0; i < 5; i++) started.push(lib.sendUsersJoinRoomInvitation(ROOM, i % 2 ? validBody() : {}, { fetch: recorder() }));
  const entries = started.map((p) => { const e = {}; e.promise = outcomeOf(p).then((o) => { e.o = o; }); return e; });
  await Promise.race([Promise.all(entries.map((e) => e.promise)), timeoutAfter(1500)]);
  return { hostileSettled: !!entries[0].o, othersPending: entries.slice(1).filter((e) => !e.o).length };
}

/** Thousands of calls refused by a throwing input, then a normal one. */
export function runWearCase(lib, n = 10_000) {
  const hostile = revoked({});
  let thrown = 0;
  for (let i = 0; i < n; i++) {
    try { lib.validateJoinInvitation(ROOM, hostile); } catch { thrown++; }
  }
  try {
    const r = lib.validateJoinInvitation(ROOM, validBody());
    return { thrown, after: r.valid === true ? 'valid' : `invalid: ${JSON.stringify(r.errors)}` };
  } catch (e) {
    return { thrown, after: `threw ${describe(e)}` };
  }
}
