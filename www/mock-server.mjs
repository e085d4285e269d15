// A mock of Rainbow's room-invitation API (the two POST operations of the enduser portal), with
// an in-memory state (users, rooms, guest lists) and an outbox of every mail and XMPP event the
// real server would have sent. Node built-ins only. This file starts the server and routes each
// request; the parts live in mock/: seed.mjs (the users and rooms it starts with), state.mjs,
// fields.mjs (reading a body), scenarios.mjs (what each operation does), routes.mjs (the API's
// checks and requests), script.mjs (scripted answers), http.mjs, static.mjs (files).
//
//   import { startMockServer, SEED } from './mock-server.mjs';
//   const mock = await startMockServer({ port: 0, token: 'secret' });
//
// Also serves a directory statically (the demo page, default www/) and the built package under
// /pkg/ (default <repo>/pkg). `node www/server.mjs` is the command-line front end.
//
// Mock conventions beyond the public Rainbow material (see shared/reference/rainbow-api.md):
// - the caller is SEED.callerId (one token = one caller);
// - errorDetailsCode values: 400000 invalid identifier (roomId, confId), 400001 unreadable body
//   (JSON syntax, not an object, wrong field type, unsupported Content-Type), 400002 no valid
//   recipient, 400003 cancel chat/video without e-mails, 400004 bad scenario, 401000 missing or
//   wrong token, 403000 caller not in the room, 404000 conference endpoint not found, 404001 room
//   not found, 404002 no such route, 413000 body too large;
// - e-mails are checked leniently, like the real server that stored `guest2@mycompany`: one `@`
//   with something on both sides, no white space or control characters;
// - the scenarios' own conventions are at the top of mock/scenarios.mjs;
// - CORS preflights (OPTIONS) are recorded in `mock.preflights`, never in `mock.requests`, and
//   never consume a scripted answer.
//
// Scripted faults, one per API request in order (`mock.script(item)`), each optional:
//   { status, headers, body }      answer this instead of the real processing (a header set to null
//                                  is removed; a string body that is not JSON is sent as text/plain)
//   delayMs                        wait before the headers (the request body is read first)
//   stallBodyMs                    send half the body, wait, then the rest
//   destroy: 'before-read' | 'after-read'   close the connection without an answer
//   streamBytes, chunkBytes = 65536, chunkDelayMs = 0, chunked = false
//                                  answer `status` (200) with streamBytes filler bytes, chunkBytes at
//                                  a time, chunkDelayMs apart, honouring back-pressure, declared in
//                                  Content-Length unless `chunked`; stops when the client goes away
// Each record of `mock.requests` has `receivedAtMs` (high-resolution epoch milliseconds, to measure
// the gaps between retries) and, for a streamed answer, `bytesSent` (handed to the socket so far)
// and `answerComplete`.

import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SEED } from './mock/seed.mjs';
import { createState } from './mock/state.mjs';
import { answerPreflight, send } from './mock/http.mjs';
import { handleApiRequest, parseApiPath } from './mock/routes.mjs';
import { serveStatic } from './mock/static.mjs';

export { SEED };

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..');

export async function startMockServer(options = {}) {
  const {
    port = 0,
    host = '127.0.0.1',
    token = undefined,
    quiet = true,
    root = HERE,
    pkgDir = path.join(REPO, 'pkg'),
    basePath = '',
  } = options;
  const roots = { staticRoot: path.resolve(root), pkgRoot: path.resolve(pkgDir) };
  const log = quiet ? () => {} : (...a) => console.log(...a);
  const timers = new Set();
  // What the route handlers share: the state, the token, the records and the script queue.
  const mock = {
    world: createState(),
    token,
    log,
    requests: [],
    queue: [],
    // A wait that close() can cancel, so that a stalled answer never holds the process open.
    sleep: (ms) => new Promise((resolve) => {
      const t = setTimeout(() => { timers.delete(t); resolve(); }, ms);
      timers.add(t);
    }),
  };
  const preflights = [];

  function reset() {
    mock.world.reset();
    mock.requests.length = 0;
    preflights.length = 0;
    mock.queue.length = 0;
  }

  async function dispatch(req, res) {
    let url;
    try { url = new URL(req.url, 'http://mock.invalid'); } catch { return send(req, res, 400, 'Bad request', { 'content-type': 'text/plain; charset=utf-8' }); }
    const api = parseApiPath(url.pathname, basePath);
    if (req.method === 'OPTIONS') {
      preflights.push({ method: req.method, path: url.pathname + url.search, headers: { ...req.headers } });
      return answerPreflight(req, res);
    }
    if (url.pathname === '/mock/state' && (req.method === 'GET' || req.method === 'HEAD')) {
      return send(req, res, 200, mock.world.snapshot());
    }
    if (url.pathname === '/mock/reset' && req.method === 'POST') {
      req.resume();
      reset();
      log('state reset');
      return send(req, res, 200, { ok: true });
    }
    if (api) return handleApiRequest(mock, req, res, url, api);
    if ((req.method === 'GET' || req.method === 'HEAD') && !url.pathname.startsWith('/mock/')) return serveStatic(req, res, url, roots);
    // Anything else is an unknown path: record it and answer like Rainbow does.
    return handleApiRequest(mock, req, res, url, { route: false });
  }

  const server = http.createServer((req, res) => {
    dispatch(req, res).catch((e) => {
      console.error('mock server error:', e);
      if (!res.headersSent) send(req, res, 500, { errorCode: 500, errorMsg: 'Internal Server Error', errorDetails: '', errorDetailsCode: 500000 });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 1000;

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => { server.off('error', reject); resolve(); });
  });
  const addr = server.address();
  const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;

  return {
    url: `http://${shownHost}:${addr.port}`,
    port: addr.port,
    server,
    requests: mock.requests,
    preflights,
    get state() { return mock.world.data; },
    snapshot: () => mock.world.snapshot(),
    script(item = {}) { mock.queue.push({ ...item }); return this; },
    get pending() { return mock.queue.length; },
    reset,
    close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
