// The API's routes: which paths are the two POST operations, the checks Rainbow makes before it
// acts (route, token, method, size, Content-Type, JSON, room id, room, membership, in that order),
// and the handling of one API request: recorded in `requests`, then a scripted answer, a scripted
// fault, or the real processing by scenarios.mjs.

import { SEED } from './seed.mjs';
import { ApiError, HEX24 } from './fields.mjs';
import { cancel, invite } from './scenarios.mjs';
import { MAX_BODY, newRequestId, readBody, send } from './http.mjs';
import { playScript } from './script.mjs';

/**
 * null when the path is not under /api/ (after `basePath`); { route: false } for an unknown API
 * path; else the room id (URL-decoded) and the operation, 'invite' or 'cancel'.
 */
export function parseApiPath(pathname, basePath = '') {
  let p = pathname;
  if (basePath) {
    if (!p.startsWith(basePath + '/')) return null;
    p = p.slice(basePath.length);
  }
  if (!p.startsWith('/api/')) return null;
  const m = /^\/api\/rainbow\/enduser\/v1\.0\/rooms\/([^/]*)\/invitations(\/cancel)?\/?$/.exec(p);
  if (!m) return { route: false };
  let roomId;
  try { roomId = decodeURIComponent(m[1]); } catch { roomId = m[1]; }
  return { route: true, roomId, op: m[2] ? 'cancel' : 'invite' };
}

/** Rainbow's checks, then the operation: the success's `data`, or an ApiError thrown. */
function perform(world, token, req, rec) {
  const { route, roomId, op } = rec;
  if (!route) throw new ApiError(404, 404002, `Cannot ${req.method} ${rec.path}`);
  if (token !== undefined) {
    const auth = req.headers.authorization || '';
    const m = /^Bearer\s+(.+)$/i.exec(auth);
    if (!m || m[1] !== token) {
      throw new ApiError(401, 401000, m ? 'Invalid token' : 'Missing Authorization: Bearer <token> header');
    }
  }
  if (req.method !== 'POST') throw new ApiError(405, 405000, `Method ${req.method} is not allowed on ${rec.path}: use POST`);
  if (rec.tooLarge) throw new ApiError(413, 413000, `Request body exceeds ${MAX_BODY} bytes`);
  const ct = (req.headers['content-type'] || '').split(';')[0].trim().toLowerCase();
  if (rec.body.length > 0 && ct !== 'application/json') {
    throw new ApiError(400, 400001, `Unsupported Content-Type ${JSON.stringify(ct)}: send application/json`);
  }
  let body = {};
  if (rec.body.trim().length > 0) {
    if (rec.json === undefined) throw new ApiError(400, 400001, `Invalid JSON body: ${rec.parseError}`);
    body = rec.json;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new ApiError(400, 400001, 'The request body must be a JSON object');
  if (!HEX24.test(roomId)) throw new ApiError(400, 400000, 'identifier must be alpha-numeric and have a length of 24 chars');
  const room = world.roomById(roomId);
  if (!room) throw new ApiError(404, 404001, `Room with id ${roomId} does not exist`);
  const me = room.members.find((m) => m.userId === SEED.callerId && m.status === 'accepted');
  if (!me) throw new ApiError(403, 403000, `Access denied: user (${SEED.callerId}) is not registered inside the roomId(${room.id})`);
  const ctx = { requestId: rec.requestId, callerId: SEED.callerId };
  return op === 'invite' ? invite(world, room, body, ctx) : cancel(world, room, body, ctx);
}

/**
 * One request to an API path (or any unknown path), given the server's `mock`: { world, token,
 * log, sleep, requests, queue }. The next script item, if any, is taken before the body is read.
 */
export async function handleApiRequest(mock, req, res, url, api) {
  const { log, sleep } = mock;
  const requestId = newRequestId();
  const rec = {
    method: req.method,
    path: url.pathname + url.search,
    headers: { ...req.headers },
    body: '',
    json: undefined,
    requestId,
    receivedAt: new Date().toISOString(),
    receivedAtMs: performance.timeOrigin + performance.now(),
  };
  mock.requests.push(rec);
  const item = mock.queue.shift();
  if (item && item.destroy === 'before-read') {
    log(`${req.method} ${rec.path} -> socket destroyed before reading (scripted)`);
    req.socket.destroy();
    return;
  }
  const { text, tooLarge } = await readBody(req);
  rec.body = text;
  if (text.length > 0) {
    try { rec.json = JSON.parse(text); } catch (e) { rec.parseError = e.message; }
  }
  Object.defineProperty(rec, 'parseError', { enumerable: false });
  if (item && item.destroy === 'after-read') {
    log(`${req.method} ${rec.path} -> socket destroyed after reading (scripted)`);
    req.socket.destroy();
    return;
  }
  const internal = { ...rec, ...api, tooLarge, parseError: rec.parseError };
  const scripted = item && (item.status !== undefined || item.body !== undefined || item.streamBytes !== undefined);
  if (item && scripted) {
    log(`${req.method} ${rec.path} -> ${item.status ?? 200} (scripted) [${requestId}]`);
    return playScript(req, res, item, rec, sleep);
  }
  // Real processing, possibly delayed or stalled by a script item without status/body.
  if (item && item.delayMs) await sleep(item.delayMs);
  if (res.destroyed || req.socket.destroyed) return;
  let status;
  let payload;
  try {
    const data = perform(mock.world, mock.token, req, internal);
    status = 200;
    payload = JSON.stringify({ data });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    status = e.status;
    payload = JSON.stringify(e.body);
  }
  log(`${req.method} ${rec.path} -> ${status} [${requestId}]`);
  if (item && item.stallBodyMs) {
    return playScript(req, res, { stallBodyMs: item.stallBodyMs }, rec, sleep, { status, payload });
  }
  const extra = { 'x-rainbow-request-id': requestId };
  if (status === 401) extra['www-authenticate'] = 'Bearer realm="rainbow"';
  send(req, res, status, payload, extra);
}
