// Static files: the demo page's folder at / and the built package at /pkg/, read-only, with no
// way out of either folder (no `..`, encoded or not, no NUL or backslash).

import fs from 'node:fs';
import path from 'node:path';
import { send } from './http.mjs';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.ts': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

const TEXT = { 'content-type': 'text/plain; charset=utf-8' };

/** Serves `url` from `staticRoot`, or from `pkgRoot` under /pkg/ (both absolute paths). */
export function serveStatic(req, res, url, { staticRoot, pkgRoot }) {
  let rel;
  try { rel = decodeURIComponent(url.pathname); } catch { return send(req, res, 400, 'Bad path', TEXT); }
  if (rel.includes('\0') || rel.includes('\\')) return send(req, res, 400, 'Bad path', TEXT);
  let base = staticRoot;
  if (rel === '/pkg' || rel.startsWith('/pkg/')) {
    base = pkgRoot;
    rel = rel.slice(4) || '/';
  }
  if (rel.split('/').some((seg) => seg === '..')) return send(req, res, 403, 'Forbidden', TEXT);
  let file = path.resolve(base, '.' + rel);
  if (file !== base && !file.startsWith(base + path.sep)) return send(req, res, 403, 'Forbidden', TEXT);
  let st;
  try {
    st = fs.statSync(file);
    if (st.isDirectory()) { file = path.join(file, 'index.html'); st = fs.statSync(file); }
  } catch {
    const hint = base === pkgRoot && !fs.existsSync(pkgRoot) ? ' (the package is not built yet: run `make build`)' : '';
    return send(req, res, 404, `Not found: ${url.pathname}${hint}`, TEXT);
  }
  if (!st.isFile()) return send(req, res, 404, 'Not found', TEXT);
  const type = MIME[path.extname(file).toLowerCase()] || 'application/octet-stream';
  const data = fs.readFileSync(file);
  send(req, res, 200, data, { 'content-type': type, 'x-content-type-options': 'nosniff' });
}
