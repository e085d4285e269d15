// Scripted answers: what a test asked the mock to answer instead of (or around) the real
// processing, one script item per API request (see mock-server.mjs for the item's fields). Either
// the item's own status, headers and body, or `realAnswer` (the real processing's status and
// payload) sent with the item's stall. `sleep` is the server's, so that close() cancels its waits.

import { corsHeaders } from './http.mjs';

/** Plays `item` for the recorded request `rec`: delay, headers, then the body, whole or stalled. */
export async function playScript(req, res, item, rec, sleep, realAnswer) {
  const headers = { ...corsHeaders(req), 'x-rainbow-request-id': rec.requestId };
  let payload;
  let status;
  if (realAnswer) {
    ({ status, payload } = realAnswer);
    headers['content-type'] = 'application/json; charset=utf-8';
  } else {
    status = item.status ?? 200;
    if (item.body !== undefined) {
      if (typeof item.body === 'string') {
        payload = item.body;
        let isJson = true;
        try { JSON.parse(item.body); } catch { isJson = false; }
        headers['content-type'] = isJson ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8';
      } else {
        payload = JSON.stringify(item.body);
        headers['content-type'] = 'application/json; charset=utf-8';
      }
    }
  }
  for (const [k, v] of Object.entries(item.headers || {})) {
    if (v === null || v === undefined) delete headers[k.toLowerCase()]; else headers[k.toLowerCase()] = String(v);
  }
  if (item.streamBytes !== undefined) return streamFiller(req, res, item, rec, sleep, status, headers);
  const buf = Buffer.from(payload ?? '', 'utf8');
  if (!('content-length' in headers) && !item.stallBodyMs) headers['content-length'] = String(buf.length);
  if (item.delayMs) await sleep(item.delayMs);
  if (res.destroyed || req.socket.destroyed) return;
  res.writeHead(status, headers);
  if (item.stallBodyMs) {
    const half = Math.max(1, Math.floor(buf.length / 2));
    res.write(buf.subarray(0, half));
    await sleep(item.stallBodyMs);
    if (res.destroyed || req.socket.destroyed) return;
    res.end(buf.subarray(half));
  } else {
    res.end(buf);
  }
}

// A large answer written a chunk at a time, as fast as the client reads it (or slower), so a
// test can see how much of it was sent before the client gave up.
async function streamFiller(req, res, item, rec, sleep, status, headers) {
  const total = Math.max(0, Math.floor(item.streamBytes));
  const size = Math.max(1, Math.floor(item.chunkBytes ?? 65536));
  const chunk = Buffer.alloc(size, 0x78); // 'x'
  if (!item.chunked && !('content-length' in headers)) headers['content-length'] = String(total);
  if (!headers['content-type']) headers['content-type'] = 'application/json; charset=utf-8';
  rec.bytesSent = 0;
  rec.answerComplete = false;
  if (item.delayMs) await sleep(item.delayMs);
  if (res.destroyed || req.socket.destroyed) return;
  res.writeHead(status, headers);
  const gone = () => res.destroyed || req.socket.destroyed;
  while (rec.bytesSent < total) {
    if (gone()) return;
    const n = Math.min(size, total - rec.bytesSent);
    const flushed = res.write(n === size ? chunk : chunk.subarray(0, n));
    rec.bytesSent += n;
    if (!flushed) {
      await new Promise((resolve) => {
        const done = () => { res.off('drain', done); res.off('close', done); resolve(); };
        res.on('drain', done);
        res.on('close', done);
      });
    }
    if (item.chunkDelayMs) await sleep(item.chunkDelayMs);
  }
  if (gone()) return;
  res.end();
  rec.answerComplete = true;
}
