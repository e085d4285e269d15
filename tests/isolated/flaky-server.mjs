// A local Rainbow stand-in whose behaviour is picked by the room id, for the isolated-process
// layer: fast, slow, silent, an expired token, or a random mix of every way a server can fail.
// It also serves the built package (/pkg/…) and an empty page, so that a browser page of its
// origin can call it without CORS.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ROOMS } from './cases.mjs';

const CASES_FILE = fileURLToPath(new URL('./cases.mjs', import.meta.url));
const SUCCESS = JSON.stringify({ data: { scenario: 'chat', status: 'Invitations successfully sent', guestEmails: ['ada@example.com'], invalidUsers: [] } });
const EXPIRED = JSON.stringify({ errorCode: 401, errorMsg: 'Unauthorized', errorDetails: 'jwt expired', errorDetailsCode: 401501 });
const MIME = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html; charset=utf-8' };

const ok = (res, delayMs = 0) =>
  setTimeout(() => {
    if (!res.destroyed) res.writeHead(200, { 'content-type': 'application/json' }).end(SUCCESS);
  }, delayMs);

// Each flaky behaviour, as [weight, answer].
const FLAKY = [
  [4, (res) => ok(res, Math.random() * 40)],
  [2, (res) => ok(res, 100 + Math.random() * 400)],
  [1, (res) => res.writeHead(429, { 'retry-after': '0' }).end('slow down')],
  [1, (res) => res.writeHead(503, { 'retry-after-ms': '20' }).end()],
  [1, (res) => res.writeHead(500, { 'content-type': 'application/json' }).end('{"errorCode":500,"errorMsg":"Internal"}')],
  [1, (res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>')],
  [1, (res, req) => req.socket.destroy()],
  [1, () => {}], // never answers
  [1, (res) => {
    // Headers at once, then the body a piece at a time.
    res.writeHead(200, { 'content-type': 'application/json' });
    let at = 0;
    const drip = setInterval(() => {
      if (res.destroyed) return clearInterval(drip);
      res.write(SUCCESS.slice(at, at + 8));
      at += 8;
      if (at >= SUCCESS.length) {
        clearInterval(drip);
        res.end();
      }
    }, 15);
  }],
  [1, (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"data": not json')],
];
const FLAKY_TOTAL = FLAKY.reduce((n, [w]) => n + w, 0);

function flaky(req, res) {
  let pick = Math.random() * FLAKY_TOTAL;
  for (const [weight, answer] of FLAKY) {
    if ((pick -= weight) < 0) return answer(res, req);
  }
  return ok(res);
}

export async function startFlakyServer({ pkgDir } = {}) {
  const expiredSeen = new Set();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (req.method === 'GET') {
      if (url.pathname === '/') return res.writeHead(200, { 'content-type': MIME['.html'] }).end('<!doctype html><title>isolated</title>');
      if (url.pathname === '/cases.mjs') return res.writeHead(200, { 'content-type': MIME['.js'] }).end(fs.readFileSync(CASES_FILE));
      const file = pkgDir && url.pathname.startsWith('/pkg/') ? path.join(pkgDir, url.pathname.slice(5)) : '';
      if (file.startsWith(pkgDir + path.sep) && fs.existsSync(file)) {
        return res.writeHead(200, { 'content-type': MIME[path.extname(file)] || 'application/octet-stream' }).end(fs.readFileSync(file));
      }
      return res.writeHead(404).end();
    }
    req.resume();
    req.on('end', () => {
      const room = url.pathname.split('/')[6];
      if (room === ROOMS.fast) return ok(res);
      if (room === ROOMS.slow) return ok(res, 300);
      if (room === ROOMS.silent) return undefined;
      if (room === ROOMS.expired) {
        const id = req.headers['x-rainbow-correlation-id'];
        if (expiredSeen.has(id)) return ok(res);
        expiredSeen.add(id);
        return res.writeHead(401, { 'content-type': 'application/json' }).end(EXPIRED);
      }
      return flaky(req, res);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    }),
  };
}
