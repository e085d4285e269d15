// The HTTP side every answer of the mock shares: CORS headers (the demo page may sit on another
// origin), a request id per answer, writing a whole answer, answering CORS preflights, and reading
// a request body up to its size limit.

import { randomBytes } from 'node:crypto';

export const MAX_BODY = 1024 * 1024;

export const newRequestId = () => randomBytes(12).toString('hex');

export function corsHeaders(req) {
  const origin = req.headers.origin;
  return {
    'access-control-allow-origin': origin || '*',
    // Retry-After is not CORS-safelisted: a page on another origin could not honour it otherwise.
    'access-control-expose-headers': 'x-rainbow-request-id, retry-after, retry-after-ms',
    vary: 'Origin',
  };
}

/** Answers at once with `body` (an object is sent as JSON); `extra` headers win. */
export function send(req, res, status, body, extra = {}) {
  if (res.headersSent || res.destroyed) return;
  const headers = { ...corsHeaders(req), 'cache-control': 'no-store', 'x-rainbow-request-id': newRequestId(), ...extra };
  let payload = '';
  if (body !== undefined) {
    payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    if (!headers['content-type']) headers['content-type'] = 'application/json; charset=utf-8';
  }
  headers['content-length'] = Buffer.byteLength(payload);
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : payload);
}

/** Allows POST with the headers asked for among authorization, content-type, accept and x-*. */
export function answerPreflight(req, res) {
  const asked = (req.headers['access-control-request-headers'] || '')
    .split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
  const allowed = asked.filter((h) => ['authorization', 'content-type', 'accept'].includes(h) || h.startsWith('x-'));
  const headers = {
    ...corsHeaders(req),
    'access-control-allow-methods': 'POST, GET, OPTIONS',
    'access-control-allow-headers': allowed.length ? allowed.join(', ') : 'authorization, content-type, accept',
    'access-control-max-age': '600',
    'x-rainbow-request-id': newRequestId(),
  };
  headers.vary = 'Origin, Access-Control-Request-Headers';
  res.writeHead(204, headers);
  res.end();
}

/** The body as text (what fits in MAX_BODY), whether it was longer, and whether the client left. */
export function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) tooLarge = true; else chunks.push(c);
    });
    req.on('end', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), tooLarge }));
    req.on('error', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), tooLarge, aborted: true }));
    req.on('close', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), tooLarge, aborted: true }));
  });
}
