// What the hostile server answers: random plans for writeAnswer (hostile-server.mjs). `wild`
// plans break HTTP in every way the fuzzers know (statuses from 0 to 999, odd framing, bad
// compression, Retry-After values of every kind, bodies deep, huge or not JSON, the token echoed
// whole or in part); `tame` plans are well-formed answers, for the cases that stress something
// else (custom fetches, concurrency).
import zlib from 'node:zlib';
import { ri, pick, chance } from './prng.mjs';
import { SUCCESS, SUCCESS_DATA } from './payloads.mjs';

export { SUCCESS, SUCCESS_DATA };
const JSON_TYPE = ['Content-Type', 'application/json'];

/** The plan of a plain success. */
export const okPlan = () => ({ status: 200, headers: [JSON_TYPE], body: Buffer.from(SUCCESS()), framing: 'cl' });

/** The token as a hostile server may echo it: whole, after `Bearer `, or cut (8 characters or more of its start). */
export function echoOf(token) {
  return pick([token, `Bearer ${token}`, token.slice(0, ri(8, token.length - 1)), `${token.slice(0, ri(8, 20))}…`]);
}

const STATUSES = [200, 200, 200, 201, 202, 204, 205, 206, 299, 300, 301, 302, 303, 304, 307, 308, 399, 400, 401, 401, 403, 404, 407, 408,
  409, 413, 421, 429, 429, 429, 451, 499, 500, 502, 503, 503, 503, 504, 599, 100, 101, 102, 103, 199, 600, 999, 0, 42];
const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'text/plain', 'text/xml',
  'text/html', 'application/problem+json', 'APPLICATION/JSON', '', 'application/json; charset=utf-16', 'multipart/form-data; boundary=x',
  'application/octet-stream'];

export function retryAfterValue() {
  return pick(['0', '1', '0.5', '-1', '60', '61', '3600', '99999999999999999999', 'garbage', '', ' 1 ', '1e3', 'NaN', '0x10',
    new Date(Date.now() + 1000).toUTCString(), new Date(Date.now() - 100000).toUTCString(), new Date(Date.now() + 10 ** 7).toUTCString(),
    'Wed, 21 Oct 2015 07:28:00 GMT', 'Thu, 01 Jan 1970 00:00:00 GMT', 'Fri, 31 Dec 9999 23:59:59 GMT', '1, 2', '\u00ff']);
}

function randomBody(status, echo) {
  switch (ri(0, 24)) {
    case 0: return '';
    case 1: return SUCCESS();
    case 2: return SUCCESS({ invalidUsers: pick(['x', 5, null, ['a', 'a'], { a: 1 }]), guestEmails: pick([null, 'a', [1, null], {}]) });
    case 3: return JSON.stringify({ scenario: 'chat', guestEmails: ['a'], failed: { invalidUsers: ['b'] } });
    case 4: return JSON.stringify({ data: { failed: { invalidUsers: pick(['z', ['z', 'z'], 7, null]) }, invalidUsers: 'z' } });
    case 5: return '{"data":';
    case 6: { const n = ri(100, 200000); return '['.repeat(n) + '1' + ']'.repeat(n); }
    case 7: return '{"a":'.repeat(ri(100, 50000)) + '1' + '}'.repeat(ri(0, 50000));
    case 8: return '\uFEFF' + SUCCESS();
    case 9: return '{"data":{"status":"\\ud800\\udfff\\udc00\\ud800","guestEmails":["\\ud800"],"invalidUsers":["\\udfff"]}}';
    case 10: return JSON.stringify({ errorCode: status, errorMsg: 'Err', errorDetails: pick(['token expired', 'jwt expired', { msg: 'jwt expired' }, ['a', { b: 1 }], null, 5]), errorDetailsCode: pick([401501, 'x', null, 1e309]) });
    case 11: return JSON.stringify({ errorCode: status, errorMsg: `echo ${echo()}`, errorDetails: { auth: echo(), deep: { deeper: [echo()] } } });
    case 12: return echo();
    case 13: return 'x'.repeat(ri(1, 20000)) + (chance(0.3) ? echo() : '');
    case 14: return '<?xml version="1.0"?><error><code>1</code></error>';
    case 15: return 'null';
    case 16: return pick(['[]', '1', '"str"', 'true', '{}', '{"data":null}', '{"data":[]}', '{"data":"x"}', '{"data":{"guestEmails":{"length":3}}}']);
    case 17: return JSON.stringify({ data: { guestEmails: Array.from({ length: ri(1000, 100000) }, (_, i) => `g${i}@x.co`) } });
    case 18: return '{"__proto__":{"polluted":1},"data":{"constructor":{"prototype":{"x":1}},"guestEmails":[]}}';
    case 19: return '{"data":{"status":1e999,"n":-0,"big":123456789012345678901234567890}}';
    case 20: return Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1]).toString('latin1');
    case 21: return '{"data":{"a":"' + 'é'.repeat(ri(1, 5000)) + '"}}';
    case 22: return '{"data":{},"data":{"guestEmails":["dup@x.co"]}}';
    case 23: return '\u0000' + SUCCESS();
    default: return JSON.stringify({ errorCode: status, errorMsg: 'Error', errorDetails: 'details', errorDetailsCode: status * 1000 });
  }
}

function compress(enc, body) {
  if (enc === 'gzip') return zlib.gzipSync(body);
  if (enc === 'deflate') return zlib.deflateSync(body);
  if (enc === 'br') return zlib.brotliCompressSync(body);
  return body;
}

/**
 * A wild plan. `canHang`: the call is bounded by a timeout of its own, so the server may never
 * answer; `token` is echoed by some answers.
 */
export function wildAnswer(canHang, token) {
  const status = pick(STATUSES);
  const echo = () => echoOf(token);
  const headers = [];
  if (chance(0.8)) headers.push(['Content-Type', pick(CONTENT_TYPES)]);
  let body = Buffer.from(randomBody(status, echo), chance(0.05) ? 'latin1' : 'utf8');
  if (chance(0.3)) headers.push(['Retry-After', retryAfterValue()]);
  if (chance(0.1)) headers.push(['retry-after-ms', pick(['0', '10', '500', '60000', '60001', '-5', 'abc', '1e2', '99999999999999999999'])]);
  if (chance(0.2)) headers.push(['x-rainbow-request-id', pick(['req-1', '', 'x'.repeat(10000), echo(), '\u00e9\u00ff'])]);
  if (chance(0.1)) headers.push(['Location', pick(['http://evil.example/x', '/relative', '', '::::', echo(), 'http://127.0.0.1:1/'])]);
  if (chance(0.05)) headers.push(['Set-Cookie', `a=${echo()}`]);
  if (chance(0.05)) for (let i = 0, n = ri(1, 300); i < n; i++) headers.push([`X-H${i}`, 'v'.repeat(ri(0, 100))]);
  if (chance(0.15)) {
    const enc = pick(['gzip', 'deflate', 'br', 'gzip, br', 'identity', 'compress', 'x-bogus']);
    headers.push(['Content-Encoding', enc]);
    const mode = ri(0, 3);
    if (mode === 0) body = Buffer.from('not compressed at all');
    else if (mode === 1) { const c = compress(enc, body); body = c.subarray(0, Math.max(1, Math.floor(c.length / 2))); } // cut short
    else if (mode === 2) body = compress(enc, body);
    else body = compress(enc === 'br' || enc === 'deflate' ? enc : 'gzip', Buffer.alloc(ri(1, 30) * 1024 * 1024, 0x20)); // a small bomb
  }
  const plan = {
    status, headers, body,
    framing: pick(['cl', 'cl', 'cl', 'chunked', 'close', 'cl-short', 'cl-long', 'cl-dup', 'cl-garbage', 'chunked-bad', 'both']),
    clDelta: ri(1, 100), clGarbage: pick(['abc', '-1', '1e3', '99999999999999999999', '']),
    reason: pick(['OK', 'Whatever', '', '\u00ff']),
  };
  if (chance(0.1)) plan.destroy = pick(['before', 'head', 'mid']);
  if (chance(0.1)) plan.delay = ri(0, 300);
  if (canHang && chance(0.1)) plan.hang = pick(['nohead', 'midbody']);
  if (chance(0.05)) plan.pre = pick(['100', '103', '102', '101']);
  if (chance(0.03)) plan.http10 = true;
  return plan;
}

/** A well-formed plan: success (sometimes late, gzipped or in two pieces), 429/503/401, an error, a hang or a reset. */
export function tameAnswer(canHang, token) {
  const plan = okPlan();
  switch (ri(0, 11)) {
    case 0: case 1: case 2: return plan;
    case 3: return { ...plan, status: 429, headers: [JSON_TYPE, ['Retry-After', pick(['0', '1', 'x'])]], body: Buffer.from('{}') };
    case 4: return { ...plan, status: 503, headers: chance(0.5) ? [JSON_TYPE, ['Retry-After', '0']] : [JSON_TYPE], body: Buffer.from('{}') };
    case 5: return { ...plan, status: pick([400, 401, 403, 404, 409, 500, 502, 504]), body: Buffer.from(JSON.stringify({ errorCode: 1, errorMsg: 'x', errorDetails: chance(0.3) ? `echo ${echoOf(token)}` : 'd' })) };
    case 6: return canHang ? { ...plan, hang: 'nohead' } : plan;
    case 7: return { ...plan, destroy: 'before' };
    case 8: return { ...plan, delay: ri(10, 400) };
    case 9: return { ...plan, headers: [JSON_TYPE, ['Content-Encoding', 'gzip']], body: zlib.gzipSync(SUCCESS()) };
    case 10: return { ...plan, status: 401, body: Buffer.from(JSON.stringify({ errorDetails: 'jwt expired', errorDetailsCode: 401501 })) };
    default: return { ...plan, headers: [JSON_TYPE, ['x-rainbow-request-id', chance(0.5) ? echoOf(token) : 'rid']], framing: 'chunked', split: true };
  }
}

/** What request k's answer looked like to the retry oracle: its status and headers, or null when it sent no status. */
export const seenAnswer = (plan) => (plan && plan.wrote === 'head' ? { status: plan.status, headers: plan.headers, sentAtMs: plan.sentAtMs } : null);
