// Custom `fetch` implementations (README "Options": `fetch`): fakes that return things that are
// not Responses, throw, reject with the request's headers, or never settle; genuine Responses
// built by hand (errors, redirects, used or locked bodies, streams that fail, stall, never end or
// give odd chunks); and wrappers around the platform's fetch. Plain web APIs only, so a page
// could run them too.
import { ri, pick, chance } from './prng.mjs';
import { SUCCESS } from './payloads.mjs';

const enc = new TextEncoder();

function fakeResponse(token) {
  const ok = SUCCESS();
  switch (ri(0, 14)) {
    case 0: return { status: 200, ok: true, headers: new Headers({ 'content-type': 'application/json' }), text: async () => ok };
    case 1: return { status: 200, headers: { get: () => null }, text: async () => ok };
    case 2: return { get status() { throw new Error(`status getter ${token}`); }, text: async () => ok };
    case 3: return { status: pick(['200', NaN, -1, 1e9, 99, 600, 200.5, null, 10n, Symbol('s')]), headers: new Headers(), text: async () => ok };
    case 4: {
      const k = ri(0, 7);
      // Built on demand: a rejected Promise made and not returned would be the harness's own unhandled rejection.
      const texts = [() => null, () => 5, () => ({}), () => Promise.resolve(5), () => Promise.reject(new Error('t')), () => new Promise(() => {}), () => ok, () => '\uD800'];
      return { status: 200, headers: new Headers(), text: () => texts[k]() };
    }
    case 5: return { status: 200, headers: null, json: async () => JSON.parse(ok) };
    case 6: return { status: 200, headers: new Headers(), body: new ReadableStream({ start(c) { c.enqueue(enc.encode('{"da')); c.error(new Error('stream')); } }) };
    case 7: return { status: 200, headers: { get() { throw new Error('hdr'); } }, text: async () => ok };
    case 8: return new Proxy({}, { get() { throw new Error('resp proxy'); } });
    case 9: { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; }
    case 10: return { status: pick([301, 302, 429, 503, 401]), headers: new Headers({ 'retry-after': pick(['0', '1', 'x']), location: 'http://x/' }), text: async () => JSON.stringify({ errorDetails: 'jwt expired' }) };
    case 11: return new Response(pick([ok, '', 'x', null]), { status: pick([200, 201, 400, 429, 500]), headers: { 'content-type': 'application/json' } });
    case 12: return { status: 200, headers: new Headers({ 'content-length': pick(['5', '-1', 'x', '99999999999']) }), text: async () => ok, body: pick([null, 5, {}, { getReader() { throw new Error('gr'); } }]) };
    case 13: return { status: 200, headers: new Headers(), text: async () => 'x'.repeat(ri(10, 2000000)) };
    default: return pick([null, undefined, 5, 'resp', [], Symbol('x'), {}, () => {}]);
  }
}

/** A fake fetch for the server case (the call then never reaches the hostile server, or does through the platform's fetch). */
export function makeFetch(ctx, token) {
  ctx.customFetch = true;
  switch (ri(0, 9)) {
    case 0: return async () => fakeResponse(token);
    case 1: return () => fakeResponse(token);
    case 2: { const thrown = pick([new Error('sync throw'), null, undefined, 'str', Symbol('f'), { headers: { Authorization: `Bearer ${token}` } }]); return () => { throw thrown; }; }
    case 3: {
      const k = ri(0, 10);
      return (url, init) => Promise.reject([null, undefined, 5, 'str', init, { init }, new Error('e', { cause: init }),
        Object.assign(new Error('x'), { request: new Request(url, init) }), new Map([['h', init?.headers]]), [[[[[[init]]]]]],
        new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) })][k]);
    }
    case 4: ctx.mayHang = true; return () => new Promise(() => {});
    case 5: return (url, init) => fetch(url, init);
    case 6: return 'not a function';
    case 7: {
      const trapped = pick(['headers', 'status', 'body', 'text', 'ok']);
      return (url, init) => fetch(url, init).then((r) => new Proxy(r, {
        get(t, p) { if (p === trapped) throw new Error('trap'); const v = Reflect.get(t, p); return typeof v == 'function' ? v.bind(t) : v; },
      }));
    }
    case 8: return async (url, init) => { const r = await fetch(url, init); return { status: r.status, headers: r.headers, text: () => r.text(), ok: r.ok }; };
    default: return async () => ({ then(res) { res(fakeResponse(token)); } });
  }
}

/** A body stream that may fail, stall (ctx.stalls), never end, or give chunks that are not bytes. */
export function streamBody(ctx, token) {
  const ok = SUCCESS();
  switch (ri(0, 13)) {
    case 0: { const why = pick([new Error(`boom ${token}`), 'str', null, undefined, 42, { headers: { authorization: `Bearer ${token}` } }]); return new ReadableStream({ start(c) { c.error(why); } }); }
    case 1: return new ReadableStream({ start(c) { c.enqueue(enc.encode(ok.slice(0, 10))); c.error(new TypeError('terminated')); } });
    case 2: ctx.stalls = true; return new ReadableStream({ start(c) { c.enqueue(enc.encode(ok.slice(0, 10))); } });
    case 3: ctx.stalls = true; return new ReadableStream({ pull() { return new Promise(() => {}); } });
    case 4: {
      const chunk = pick([ok, 42, {}, [1, 2], true, Symbol('s'), new ArrayBuffer(4), new DataView(new ArrayBuffer(2)), new Uint16Array([0x7b, 0x7d]),
        new Float64Array(1), enc.encode(ok), new Uint8ClampedArray(enc.encode(ok))]);
      return new ReadableStream({ start(c) { c.enqueue(chunk); c.close(); } });
    }
    case 5: { let n = 0; return new ReadableStream({ pull(c) { c.enqueue(new Uint8Array(65536).fill(0x20)); if (++n > 100000) c.close(); } }); }
    case 6: return new ReadableStream({ start(c) { for (const ch of ok) c.enqueue(enc.encode(ch)); c.close(); } });
    case 7: return new ReadableStream({ start(c) { c.enqueue(new Uint8Array(0)); c.enqueue(enc.encode(ok)); c.enqueue(new Uint8Array(0)); c.close(); } });
    case 8: { const why = pick([new Error(`pull throws ${token}`), 'x']); return new ReadableStream({ pull() { throw why; } }); }
    case 9: { const ms = ri(0, 50); return new ReadableStream({ async pull(c) { await new Promise((r) => setTimeout(r, ms)); c.enqueue(enc.encode(ok)); c.close(); } }); }
    case 10: return new ReadableStream({ start(c) { c.enqueue(enc.encode(`{"data":{"guestEmails":["${token}"]},"x":"`)); c.error(new Error('cut')); } });
    case 11: { const b = enc.encode(ok); return new ReadableStream({ type: 'bytes', start(c) { c.enqueue(b); c.close(); } }); }
    case 12: return new ReadableStream({ start(c) { c.enqueue(new Uint8Array([0xef, 0xbb, 0xbf, 0xff, 0xfe])); c.enqueue(enc.encode(ok)); c.close(); } });
    default: ctx.stalls = true; return new ReadableStream({ cancel() { throw new Error('cancel throws'); }, start(c) { c.enqueue(enc.encode('{')); } });
  }
}

/** A genuine Response (or a subclass, or one with properties redefined) with random status, headers and body. */
export function genuineResponse(ctx, token) {
  const status = pick([200, 200, 200, 201, 204, 205, 206, 299, 300, 304, 400, 401, 404, 418, 421, 429, 500, 503, 599]);
  const headers = new Headers();
  if (chance(0.8)) headers.set('content-type', pick(['application/json', 'text/plain', 'text/xml', '', 'application/json; charset=utf-16']));
  if (chance(0.2)) headers.set('content-length', pick(['0', '5', '-1', 'abc', '99999999999999', '10, 12']));
  if (chance(0.1)) headers.set('content-encoding', pick(['gzip', 'br', 'deflate', 'identity', 'x']));
  if (chance(0.2)) headers.set('retry-after', pick(['0', '1', 'x', '61', new Date(Date.now() + 500).toUTCString()]));
  if (chance(0.1)) headers.set('retry-after-ms', pick(['0', '10', 'x', '70000']));
  if (chance(0.2)) headers.set('x-rainbow-request-id', pick(['rid', token, `Bearer ${token}`, 'x'.repeat(5000)]));
  if (chance(0.1)) headers.set('location', pick(['http://x/', token, '/r']));
  const init = { status, headers, statusText: pick(['', 'OK', `Weird ${token}`]) };
  const text = pick([SUCCESS(), SUCCESS(), '', '{', 'null', '[]', JSON.stringify({ errorDetails: 'jwt expired' }), JSON.stringify({ errorMsg: `echo ${token}` }), 'x'.repeat(ri(1, 3e6)), '\uD800']);
  const body = () => {
    if ([204, 205, 304].includes(status)) return null;
    switch (ri(0, 9)) {
      case 0: return text;
      case 1: return enc.encode(text);
      case 2: return new Blob([text]);
      case 3: return enc.encode(text).buffer;
      case 4: return new URLSearchParams({ a: text.slice(0, 100) });
      case 5: { const f = new FormData(); f.set('a', 'b'); return f; }
      case 6: return null;
      case 7: return new DataView(enc.encode(text).buffer);
      default: return streamBody(ctx, token);
    }
  };
  const ok = () => new Response(SUCCESS(), { status: 200 });
  const redefine = (r, key, desc) => { Object.defineProperty(r, key, desc); return r; };
  try {
    switch (ri(0, 22)) {
      case 0: return Response.error();
      case 1: return Response.redirect(pick(['http://127.0.0.1:1/x', 'https://evil.example/']), pick([301, 302, 303, 307, 308]));
      case 2: return Response.json(pick([JSON.parse(SUCCESS()), { data: null }, [], 5, 'x', { errorMsg: token }]), { status: pick([200, 400, 429, 503]), headers: chance(0.3) ? { 'retry-after': '0' } : {} });
      case 3: { const r = ok(); r.text(); return r; } // body already used
      case 4: { const r = ok(); r.body.getReader(); return r; } // body locked
      case 5: { class R2 extends Response { text() { throw new Error(`text throws ${token}`); } json() { return Promise.reject(new Error('json rejects')); } } return new R2(SUCCESS(), init); }
      case 6: { class R3 extends Response { get body() { throw new Error(`body getter ${token}`); } } return new R3(SUCCESS(), { status: 200 }); }
      case 7: return redefine(ok(), 'headers', { get() { throw new Error('headers getter'); } });
      case 8: return redefine(ok(), 'status', { value: pick([0, 99, 600, -1, NaN, '200', 429]) });
      case 9: return ok().clone();
      case 10: { const r = ok(); Object.setPrototypeOf(r, Object.prototype); return r; }
      case 11: ctx.stalls = true; return redefine(ok(), 'body', { value: pick([null, 5, 'x', {}, new ReadableStream()]) });
      case 12: return redefine(new Response(body(), init), 'type', { value: pick(['opaque', 'opaqueredirect', 'cors', 'error', 5]) });
      case 13: ctx.stalls = true; return redefine(ok(), 'text', { value: () => new Promise(() => {}) });
      default: return new Response(body(), init);
    }
  } catch {
    return ok(); // an init the Response constructor refuses
  }
}

/** A fetch that wraps `gf` (the platform's fetch): clones, re-wraps, drops the signal, adds a header… */
export function makeWrapper(ctx, gf = globalThis.fetch) {
  const k = ri(0, 13);
  ctx.wrapKind = k;
  const ms = ri(0, 50);
  switch (k) {
    case 0: return (u, i) => gf(u, i);
    case 1: return gf.bind(globalThis);
    case 2: return gf;
    case 3: return async (u, i) => (await gf(u, i)).clone();
    case 4: return async (u, i) => { const r = await gf(u, i); return new Response(await r.text(), { status: r.status, headers: r.headers }); };
    case 5: return (u, i) => { const { signal, ...rest } = i; return gf(u, rest); }; // ignores the signal
    case 6: return (u, i) => gf(new Request(u, i));
    case 7: return async (u, i) => { await new Promise((r) => setTimeout(r, ms)); return gf(u, { ...i, headers: { ...i.headers, 'x-extra': '1' } }); };
    case 8: return async (u, i) => { const r = await gf(u, i); return { status: r.status, ok: r.ok, headers: r.headers, body: r.body, text: () => r.text(), url: r.url, type: r.type }; };
    case 9: return async (u, i) => { try { return await gf(u, i); } catch (e) { throw Object.assign(new Error(`wrapped: ${e.message}`), { cause: e, init: i }); } };
    case 10: return async (u, i) => { const r = await gf(u, i); return new Proxy(r, { get(t, p) { const v = Reflect.get(t, p, t); return typeof v == 'function' ? v.bind(t) : v; } }); };
    case 11: return (u, i) => gf(String(u), { method: i.method, headers: new Headers(i.headers), body: i.body, signal: i.signal, redirect: i.redirect });
    case 12: return async (u, i) => { const r = await gf(u, i); return new Response(r.body, r); };
    default: return (u, i) => gf(u, i);
  }
}
