// Random call options (README "Options"): a baseUrl (usually the hostile server's route for the
// case), the token given in one of its three ways or as something that is not a token, timeouts,
// retries, headers, loggers that throw, signals that abort at every moment with every kind of
// reason, and custom fetches (fake-fetch.mjs). `ctx` collects what the oracles need to know:
// the tokens the package was handed, the log lines, whether the call may wait forever on its own.
import { ri, pick, chance } from './prng.mjs';
import { oddValue, throwingProxy, revoked, getterThrows, changing, Klass } from './hostile-values.mjs';
import { makeFetch } from './fake-fetch.mjs';

const TIMEOUT_VALUES = [0, 1, 2, 50, 2147483647, 2147483648, -1, 1.5, NaN, '100', 100n, Infinity, null, undefined, 1e309, -0, 2 ** 53, true, [], {}];

/** Options for a call to `base` (the case's route on the hostile server) with `token`. */
export function makeOptions(ctx, base, token) {
  const known = ctx.tokens.length;
  const o = { baseUrl: base };
  const { origin, pathname } = new URL(base);
  const port = new URL(base).port;
  if (chance(0.06)) {
    o.baseUrl = pick([`http://[::1]:${port}${pathname}`, `http://localhost:${port}${pathname}`, `http://u:p@127.0.0.1:${port}${pathname}`,
      `${base}?q=1`, `${base}#f`, 'http://127.0.0.1:65536', `ftp://127.0.0.1:${port}`, `${base}/api/rainbow/enduser/v1.0`, ` ${base} `,
      `${base}///`, 'http://ex\u00e4mple.com', `http://${'a'.repeat(300)}.com`, `HTTP://${origin.slice(7)}${pathname}`, 'http://10.0.0.1',
      `${base}/%2e%2e/x`, oddValue(), `http://127.0.0.1:1${pathname}`, `${base}\u0000`]);
  }
  const tk = ri(0, 9);
  if (tk <= 5) { o.token = token; ctx.tokens.push(token); }
  else if (tk === 6) o.getToken = makeGetToken(ctx, token);
  else if (tk === 7) {
    // Not a valid token (refused: README "Options"), yet still never to be shown.
    o.token = pick([oddValue(), '', ' ', `${token}\r\n`, `${token}\u00ff`, `${token}\u0100`, `${token}${'x'.repeat(100000)}`, ` ${token}`, `${token} `]);
    // The leak oracles look for the case's JWT-shaped token: a filler given as a token (`aaaa…`)
    // would make every filler among the inputs look like a leak.
    if (typeof o.token == 'string' && o.token.includes(token)) ctx.tokens.push(o.token);
  } else if (tk === 8) {
    o.headers = { Authorization: pick([`Bearer ${token}`, `bearer ${token}`, `Basic ${token}`, 'Bearer', token]) };
    // Only a header that carries the token hands it to the package.
    if (o.headers.Authorization.includes(token)) ctx.tokens.push(token);
  }
  if (chance(0.6)) o.timeoutMs = chance(0.7) ? ri(50, 1500) : pick(TIMEOUT_VALUES);
  if (chance(0.3)) o.totalTimeoutMs = chance(0.7) ? ri(50, 3000) : pick(TIMEOUT_VALUES);
  if (chance(0.4)) o.maxRetries = chance(0.7) ? ri(0, 3) : pick([-1, 0, 10, 11, 2.5, NaN, '2', null, undefined, 2 ** 53, 1n, Infinity]);
  if (chance(0.2)) o.maxResponseBytes = pick([0, 1, 10, 100, 1000, 10485760, 2 ** 31, 2 ** 32, 2 ** 53, -1, NaN, 1.5, '100', null, Infinity, 100n]);
  if (chance(0.15)) o.headers = makeHeaders(ctx, o.headers, token);
  if (chance(0.1)) o.correlationId = pick([false, true, '', 'x'.repeat(ri(1, 20000)), 'a\r\nb', 42, {}, null, '\u0100', 'ok-id']);
  if (chance(0.25)) o.logger = makeLogger(ctx);
  if (chance(0.3)) o.logLevel = pick(['off', 'error', 'warn', 'info', 'debug', 'debug', 'DEBUG', 'trace', '', 5, null]);
  if (chance(0.05)) o.allowInsecureHttp = pick([true, false, 'yes', 1, null]);
  if (chance(0.2)) o.signal = makeSignal(ctx, token);
  if (chance(0.15)) o.fetch = makeFetch(ctx, token);
  if (chance(0.04)) o[pick(['timeout', 'retries', 'base_url', 'tokn'])] = 1;
  if (chance(0.03)) return changing(o, 'timeoutMs', 1000, 1);
  if (chance(0.02)) {
    const instead = [throwingProxy(o), revoked(o), oddValue(), new Klass()];
    const given = pick(instead);
    // Only the Proxy whose traps may not all throw can still hand the package a token of `o`.
    if (given !== instead[0]) ctx.tokens.length = known;
    return given;
  }
  if (chance(0.02)) Object.setPrototypeOf(o, null);
  return o;
}

function makeHeaders(ctx, prev, token) {
  const h = { ...(prev || {}) };
  for (let i = 0, n = ri(1, 4); i < n; i++) {
    const name = pick(['X-Ok', 'x ok', '', 'X-\u00e9', 'X-\u0100', 'Content-Type', 'content-length', 'Host', 'Connection', 'TE', 'Trailer', 'Expect',
      'Accept', 'x-rainbow-correlation-id', 'Cookie', 'X-Api-Key', 'Proxy-Authorization', '\r\n', 'X-Foo:', 'X-Secret', '__proto__']);
    const value = pick(['v', '', ' v ', 'a\r\nb', 'a\u0000', '\u00ff', '\u0100', token, `k=${token}`, 5, null, undefined, ['a'], {}, 'x'.repeat(ri(1, 100000))]);
    h[name] = value;
    // A header that carries the token is the caller's choice; the token must still never be shown.
    if (typeof value == 'string' && value.includes(token)) { ctx.tokens.push(token); ctx.tokenHeaders.add(name.toLowerCase()); }
  }
  if (chance(0.1)) return pick([new Headers({ 'X-A': 'b' }), new Map([['X-A', 'b']]), [['X-A', 'b']], 'X-A: b', 5, throwingProxy({ 'X-A': 'b' })]);
  return h;
}

function makeGetToken(ctx, token) {
  ctx.getToken = true;
  const give = (t) => { ctx.tokens.push(t); return t; };
  switch (ri(0, 12)) {
    case 0: return () => give(token);
    case 1: return async () => give(token);
    case 2: return () => { throw new Error('no token'); };
    case 3: return () => Promise.reject(pick([null, undefined, 'str', { reason: 1 }, Symbol('x')]));
    case 4: return () => pick([null, undefined, 5, {}, '', ' ', give(`${token}\n`), 10n, Symbol('t'), [give(token)], { then: (r) => r(give(token)) }]);
    case 5: ctx.mayHang = true; return () => new Promise(() => {});
    case 6: { let n = 0; const next = [...token].reverse().join(''); return () => give(n++ === 0 ? token : next); }
    case 7: return { notAFunction: true };
    case 8: return () => ({ then() { throw new Error('then throws'); } });
    case 9: return function () { return give(token); };
    case 10: return async () => { await new Promise((r) => setTimeout(r, ri(0, 200))); return give(token); };
    case 11: return () => new Proxy({}, { get() { throw new Error('proxy'); } });
    default: return async () => { throw pick([new Error('x'), null]); };
  }
}

function makeLogger(ctx) {
  const log = (level, line) => ctx.logs.push([level, line]);
  switch (ri(0, 11)) {
    case 0: return log;
    case 1: return { debug: (l) => log('debug', l), info: (l) => log('info', l), warn: (l) => log('warn', l), error: (l) => log('error', l) };
    case 2: return { log: (l) => log('log', l) };
    case 3: return { debug() { throw new Error('logger throws'); }, info() { throw null; }, warn: async () => { throw new Error('rej'); }, error: () => Promise.reject(undefined) };
    case 4: return {};
    case 5: return { warn: 5, error: 'x', log: (l) => log('log', l) };
    case 6: return new Proxy({ log: (l) => log('log', l) }, { get(t, p) { if (p === 'warn') throw new Error('trap'); return Reflect.get(t, p); } });
    case 7: return revoked({});
    case 8: return (level, line) => { log(level, line); throw new Error('fn logger throws'); };
    case 9: return Object.create(null, { info: { value: (l) => log('info', l), enumerable: true }, debug: { get() { throw new Error('getter'); }, enumerable: true } });
    case 10: return { warning: (l) => log('warning', l), debug: (l) => log('debug', l) };
    default: return pick([null, 5, 'console', true, [], Symbol('l')]);
  }
}

function makeSignal(ctx, token) {
  const reasons = [undefined, null, 'str', 42, Symbol('r'), new Error(`boom ${token}`), new DOMException('t', 'TimeoutError'),
    new DOMException('a', 'AbortError'), { toString() { throw new Error('x'); } }, revoked(), 10n, throwingProxy()];
  switch (ri(0, 8)) {
    case 0: { const c = new AbortController(); c.abort(pick(reasons)); ctx.aborts = true; return c.signal; }
    case 1: { const c = new AbortController(); const r = pick(reasons); setTimeout(() => c.abort(r), ri(0, 400)); ctx.aborts = true; return c.signal; }
    case 2: { const c = new AbortController(); const r = pick(reasons); ctx.syncAbort = () => c.abort(r); ctx.aborts = true; return c.signal; }
    case 3: ctx.aborts = true; return AbortSignal.timeout(ri(1, 500));
    case 4: { const c = new AbortController(); setTimeout(() => c.abort(), ri(0, 300)); ctx.aborts = true; return AbortSignal.any([c.signal, AbortSignal.timeout(2000)]); }
    case 5: return pick([{ aborted: true }, { aborted: false, addEventListener() { throw new Error('x'); } }, new EventTarget(), 5, 'signal', null, throwingProxy()]);
    case 6: return new AbortController().signal; // never aborts
    case 7: { const c = new AbortController(); setTimeout(() => { try { c.abort(getterThrows({}, 'message')); } catch {} }, ri(0, 200)); ctx.aborts = true; return c.signal; }
    default: { const c = new AbortController(); setTimeout(() => c.abort(), ri(0, 300)); ctx.aborts = true; return c.signal; }
  }
}
