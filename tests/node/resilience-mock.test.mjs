// The mock's faults the resilience suites rely on, checked with the plain global fetch: arrival
// times, a large answer streamed with back-pressure (and stopped when the client goes away), and
// the Retry-After headers exposed to pages on other origins.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { SEED, useMock, sleep, invitePath } from './helpers/env.mjs';

const ctx = useMock();
const post = (init = {}) => fetch(ctx.mock.url + invitePath(SEED.roomId), {
  method: 'POST', body: JSON.stringify({ scenario: 'chat', emails: ['m@example.com'] }), headers: { 'content-type': 'application/json' }, ...init,
});

test('each request records receivedAtMs, a high-resolution epoch time', async () => {
  const before = performance.timeOrigin + performance.now();
  await post();
  await sleep(30);
  await post();
  const [a, b] = ctx.mock.requests;
  assert.ok(a.receivedAtMs >= before && a.receivedAtMs <= Date.now() + 1);
  assert.ok(b.receivedAtMs - a.receivedAtMs >= 29, `${b.receivedAtMs - a.receivedAtMs} ms apart`);
});

test('streamBytes sends exactly that many bytes, with Content-Length, and records them', async () => {
  ctx.mock.script({ status: 201, headers: { 'x-a': 'b' }, streamBytes: 300_000, chunkBytes: 70_000 });
  const res = await post();
  assert.equal(res.status, 201);
  assert.equal(res.headers.get('content-length'), '300000');
  assert.equal(res.headers.get('x-a'), 'b');
  const buf = Buffer.from(await res.arrayBuffer());
  assert.equal(buf.length, 300_000);
  assert.ok(buf.every((c) => c === 0x78));
  await sleep(10);
  assert.equal(ctx.mock.requests[0].bytesSent, 300_000);
  assert.equal(ctx.mock.requests[0].answerComplete, true);
});

test('streamBytes with chunked: no Content-Length; the server stops writing when the client goes away', async () => {
  ctx.mock.script({ status: 200, streamBytes: 100 * 1024 * 1024, chunkBytes: 64 * 1024, chunkDelayMs: 5, chunked: true });
  const ac = new AbortController();
  const res = await post({ signal: ac.signal });
  assert.equal(res.headers.get('content-length'), null);
  const reader = res.body.getReader();
  await reader.read();
  await sleep(50);
  ac.abort();
  await sleep(100);
  const rec = ctx.mock.requests[0];
  const sent = rec.bytesSent;
  await sleep(100);
  assert.equal(rec.bytesSent, sent, 'no more bytes after the client left');
  assert.equal(rec.answerComplete, false);
  assert.ok(sent < 20 * 1024 * 1024, `${sent} bytes`);
  assert.equal((await post()).status, 200, 'the next request is served normally');
});

test('Retry-After and retry-after-ms are exposed to other origins (CORS)', async () => {
  ctx.mock.script({ status: 429, headers: { 'retry-after': '1' }, body: '' });
  const res = await post({ headers: { 'content-type': 'application/json', origin: 'http://other.test' } });
  const exposed = res.headers.get('access-control-expose-headers').split(',').map((h) => h.trim().toLowerCase());
  for (const h of ['x-rainbow-request-id', 'retry-after', 'retry-after-ms']) assert.ok(exposed.includes(h), `${h} in ${exposed}`);
});
