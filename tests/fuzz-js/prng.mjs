// The fuzzers' seeded random numbers: mulberry32, reseeded at the start of every case from the
// run's seed, the fuzzer's name and the case number, so that one case replays alone
// (`--seed S --case N`) without running the cases before it. Plain JavaScript: the Chromium
// fuzzer loads this file in the page too.

/** mulberry32: a small, fast 32-bit PRNG; returns numbers in [0, 1). */
export function mulberry32(a) {
  return () => {
    a |= 0; a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The 32-bit seed of case `n` of fuzzer `name` in a run seeded `seed`. */
export function caseSeed(seed, name, n) {
  let h = (seed >>> 0) ^ 0x9e3779b9;
  for (const ch of `${name}#${n}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return h >>> 0;
}

let next = mulberry32(1);
/** Starts case `n`: every draw until the next call depends on (seed, name, n) alone. */
export function reseed(seed, name, n) { next = mulberry32(caseSeed(seed, name, n)); }
export const rnd = () => next();
/** A whole number from a to b, both included. */
export const ri = (a, b) => a + Math.floor(next() * (b - a + 1));
export const pick = (arr) => arr[Math.floor(next() * arr.length)];
export const chance = (p) => next() < p;
/** `n` characters from `alphabet`. */
export const chars = (n, alphabet) => Array.from({ length: n }, () => alphabet[ri(0, alphabet.length - 1)]).join('');
export const HEX24 = () => chars(24, '0123456789abcdef');

/** A JWT-shaped token, fresh per case: its first 8 characters are what the leak oracles look for. */
export function newToken() {
  const b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  return `eyJ${chars(21, b64)}.${chars(16, b64)}.${chars(22, b64)}`;
}
