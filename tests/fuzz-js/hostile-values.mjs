// Hostile JavaScript values for any argument or option: odd strings (lone surrogates, BOMs,
// control characters, a million characters), numbers at every edge, Proxies whose traps throw,
// revoked Proxies, getters that throw or change between reads, cycles, sparse and huge arrays,
// class instances and objects that cannot be turned into a string.
import { ri, pick } from './prng.mjs';

export const LONG = () => 'a'.repeat(pick([1000, 100000, 1000001]));

export function oddString() {
  return pick(['', ' ', '\u0000', '\uD800', '\uDFFF', 'a\uD800b', '\uFEFF', '\uFEFFchat', 'chat\u0000', 'CHAT', ' chat', '\u2028', '\r\n', '\t',
    '😀', 'é', 'a'.repeat(ri(1, 3000)), '\u202e', 'null', 'undefined', '__proto__', 'constructor', 'toString', 'hasOwnProperty']);
}

/** A Proxy whose traps (some or all) throw anything, an Error or not. */
export function throwingProxy(target = {}) {
  const thrower = () => { throw pick([new Error('trap'), 'str', null, undefined, 42, Symbol('s'), { toString() { throw new Error('x'); } }]); };
  const traps = {};
  for (const t of pick([['get'], ['ownKeys'], ['has'], ['getOwnPropertyDescriptor'], ['getPrototypeOf'], ['get', 'ownKeys', 'has', 'getOwnPropertyDescriptor', 'getPrototypeOf']])) traps[t] = thrower;
  return new Proxy(target, traps);
}

export function revoked(target = {}) { const p = Proxy.revocable(target, {}); p.revoke(); return p.proxy; }

export function getterThrows(base = {}, key = 'scenario') {
  const o = { ...base };
  Object.defineProperty(o, key, { enumerable: true, get() { throw pick([new Error('getter'), 'x', undefined, Symbol('g')]); } });
  return o;
}

/** A getter that gives `first` on its first read and `later` after. */
export function changing(base, key, first, later) {
  const o = { ...base };
  let n = 0;
  Object.defineProperty(o, key, { enumerable: true, configurable: true, get() { return n++ === 0 ? first : later; } });
  return o;
}

export class Klass { constructor() { this.scenario = 'chat'; this.emails = ['ada@example.com']; } }

export function oddValue(depth = 0) {
  switch (ri(0, 40)) {
    case 0: return undefined; case 1: return null; case 2: return true; case 3: return 0; case 4: return -0;
    case 5: return NaN; case 6: return Infinity; case 7: return 1e309; case 8: return 2 ** 53; case 9: return 2 ** 53 + 2;
    case 10: return -1; case 11: return 1.5; case 12: return 10n; case 13: return Symbol('sym'); case 14: return oddString();
    case 15: return LONG(); case 16: return {}; case 17: return []; case 18: { const a = []; a[5] = 'x'; return a; }
    case 19: { const o = { a: 1 }; o.self = o; return o; }
    case 20: return Object.create(null); case 21: return new Klass(); case 22: return new Date(NaN); case 23: return /re/;
    case 24: return new Map([['a', 1]]); case 25: return throwingProxy(); case 26: return revoked();
    case 27: return getterThrows(); case 28: return () => 'chat'; case 29: return Promise.resolve('x');
    case 30: return new Uint8Array(3); case 31: return new String('chat'); case 32: return { length: 2, 0: 'a', 1: 'b' };
    case 33: return depth < 3 ? [oddValue(depth + 1), oddValue(depth + 1)] : 'x';
    case 34: return depth < 3 ? { a: oddValue(depth + 1) } : 1;
    case 35: { const a = new Array(ri(10, 10000000)); a[0] = 'a@b.co'; return a; }
    case 36: return new Proxy([], { get(t, p) { return p === 'length' ? 2 ** 32 - 1 : Reflect.get(t, p); } });
    case 37: return Object.freeze(['a@b.co']);
    case 38: return new (class extends Array {})('a@b.co');
    case 39: return new Error('an error');
    default: return { toString() { throw new Error('toString'); }, valueOf() { throw new Error('valueOf'); }, [Symbol.toPrimitive]() { throw new Error('prim'); } };
  }
}
