// A mock of Rainbow's room-invitation API (the two POST operations of the enduser portal), with
// an in-memory state (users, rooms, guest lists) and an outbox of every mail and XMPP event the
// real server would have sent. Node built-ins only.
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
// - a pstn-conference invitation is an "instant meeting" when the room's conference is not
//   scheduled or the body carries `instantMessage`: then no XMPP event is sent to found users;
// - `guestEmails` in a success body is the room's whole guest list after the call;
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
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..');
const API_PREFIX = '/api/rainbow/enduser/v1.0/rooms/';
const MAX_BODY = 1024 * 1024;
const HEX24 = /^[0-9a-fA-F]{24}$/;
const SCENARIOS = ['chat', 'pstn-conference', 'video-conference'];

// ---- seed -------------------------------------------------------------------------------------

const USERS = [
  { id: '5b1c2f3a4d5e6f7a8b9c0d01', email: 'alice.martin@mycompany.com', name: 'Alice Martin', lang: 'en' },
  { id: '5b1c2f3a4d5e6f7a8b9c0d02', email: 'bob.dupont@mycompany.com', name: 'Bob Dupont', lang: 'fr' },
  { id: '5b1c2f3a4d5e6f7a8b9c0d03', email: 'carol.smith@mycompany.com', name: 'Carol Smith', lang: null },
  { id: '5b1c2f3a4d5e6f7a8b9c0d04', email: 'david.lee@mycompany.com', name: 'David Lee', lang: 'en' },
  { id: '5b1c2f3a4d5e6f7a8b9c0d05', email: 'eve.moreau@partner.org', name: 'Eve Moreau', lang: 'fr' },
];
const [ALICE, BOB, CAROL, DAVID, EVE] = USERS;

const ROOMS = [
  {
    id: '56f42c1914e2a8a91b99e595',
    name: 'Weekly sync',
    creator: ALICE.id,
    conference: {
      confId: '5c8f1e2d3b4a596877a6b5c4',
      scheduled: true,
      phoneNumbers: ['+33 1 70 00 00 01', '+1 646 555 0101'],
      participantCode: '482913',
    },
    members: [
      { userId: ALICE.id, privilege: 'moderator', status: 'accepted' },
      { userId: BOB.id, privilege: 'user', status: 'accepted' },
      { userId: DAVID.id, privilege: 'user', status: 'invited' },
    ],
    guestEmails: ['guest1@mycompany.com', 'guest2@mycompany'],
  },
  {
    id: '56f42c1914e2a8a91b99e596',
    name: 'Partner board (caller is not a member)',
    creator: EVE.id,
    conference: { confId: '5c8f1e2d3b4a596877a6b5c5', scheduled: true, phoneNumbers: ['+33 1 70 00 00 02'], participantCode: '190245' },
    members: [
      { userId: EVE.id, privilege: 'moderator', status: 'accepted' },
      { userId: BOB.id, privilege: 'user', status: 'accepted' },
    ],
    guestEmails: [],
  },
  {
    id: '56f42c1914e2a8a91b99e597',
    name: 'Design chat (no conference)',
    creator: ALICE.id,
    conference: null,
    members: [
      { userId: ALICE.id, privilege: 'moderator', status: 'accepted' },
      { userId: CAROL.id, privilege: 'user', status: 'accepted' },
    ],
    guestEmails: [],
  },
  {
    id: '56f42c1914e2a8a91b99e598',
    name: 'Instant meeting',
    creator: ALICE.id,
    conference: { confId: '5c8f1e2d3b4a596877a6b5c6', scheduled: false, phoneNumbers: ['+33 1 70 00 00 03'], participantCode: '777001' },
    members: [
      { userId: ALICE.id, privilege: 'moderator', status: 'accepted' },
      { userId: BOB.id, privilege: 'user', status: 'accepted' },
    ],
    guestEmails: [],
  },
];

function deepFreeze(value) {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

export const SEED = deepFreeze({
  callerId: ALICE.id,
  caller: { ...ALICE },
  roomId: ROOMS[0].id,
  confId: ROOMS[0].conference.confId,
  forbiddenRoomId: ROOMS[1].id,
  noConferenceRoomId: ROOMS[2].id,
  instantRoomId: ROOMS[3].id,
  unknownRoomId: '56f42c1914e2a8a91b99e599',
  unknownUserId: '5b1c2f3a4d5e6f7a8b9c0dff',
  guestEmails: [...ROOMS[0].guestEmails],
  users: USERS.map((u) => ({ ...u })),
  rooms: structuredClone(ROOMS),
});

function freshState() {
  return { users: structuredClone(USERS), rooms: structuredClone(ROOMS), outbox: [] };
}

// ---- helpers ----------------------------------------------------------------------------------

const STATUS_TEXT = http.STATUS_CODES;

class ApiError extends Error {
  constructor(status, detailsCode, details) {
    super(typeof details === 'string' ? details : STATUS_TEXT[status]);
    this.status = status;
    this.body = { errorCode: status, errorMsg: STATUS_TEXT[status] || 'Error', errorDetails: details, errorDetailsCode: detailsCode };
  }
}

const lenientEmail = (s) => typeof s === 'string' && /^[^\s@\x00-\x1f\x7f]+@[^\s@\x00-\x1f\x7f]+$/.test(s);
const lower = (s) => s.toLowerCase();
const newRequestId = () => randomBytes(12).toString('hex');

function toList(body, field) {
  const v = body[field];
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.map((s) => s.trim()).filter(Boolean);
  throw new ApiError(400, 400001, `${field} must be an array of strings`);
}

function optString(body, field) {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new ApiError(400, 400001, `${field} must be a string`);
  return v;
}

function optBool(body, field) {
  const v = body[field];
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw new ApiError(400, 400001, `${field} must be a boolean`);
  return v;
}

function uniqueCI(list) {
  const seen = new Set();
  return list.filter((s) => (seen.has(lower(s)) ? false : (seen.add(lower(s)), true)));
}

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

// ---- the server -------------------------------------------------------------------------------

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
  const staticRoot = path.resolve(root);
  const pkgRoot = path.resolve(pkgDir);
  const log = quiet ? () => {} : (...a) => console.log(...a);

  let state = freshState();
  const requests = [];
  const preflights = [];
  const queue = [];
  const timers = new Set();

  const sleep = (ms) => new Promise((resolve) => {
    const t = setTimeout(() => { timers.delete(t); resolve(); }, ms);
    timers.add(t);
  });

  const findUserById = (id) => state.users.find((u) => u.id === lower(id));
  const findUserByEmail = (email) => state.users.find((u) => lower(u.email) === lower(email));
  const push = (entry) => state.outbox.push({ seq: state.outbox.length + 1, at: new Date().toISOString(), ...entry });

  function corsHeaders(req) {
    const origin = req.headers.origin;
    return {
      'access-control-allow-origin': origin || '*',
      // Retry-After is not CORS-safelisted: a page on another origin could not honour it otherwise.
      'access-control-expose-headers': 'x-rainbow-request-id, retry-after, retry-after-ms',
      vary: 'Origin',
    };
  }

  function send(req, res, status, body, extra = {}) {
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

  // --- Rainbow semantics ---

  function activeMembers(room) {
    return room.members.filter((m) => m.status === 'accepted').map((m) => findUserById(m.userId)).filter(Boolean);
  }

  function notifyGuestList(room, ctx) {
    for (const u of activeMembers(room)) {
      push({ kind: 'xmpp', to: u.id, jid: `${u.id}@openrainbow.com`, template: 'room-guests-updated', lang: u.lang || ctx.lang, roomId: room.id, guestEmails: [...room.guestEmails], requestId: ctx.requestId });
    }
  }

  function conferenceOf(room, confId, scenario) {
    const conf = room.conference;
    if (!conf || (confId !== undefined && lower(confId) !== conf.confId)) {
      throw new ApiError(404, 404000, `Conference endpoint ${confId ?? ''} not found for room ${room.id}`.replace('  ', ' '));
    }
    return scenario === 'pstn-conference'
      ? { confId: conf.confId, mediaType: 'pstnAudio', scheduled: conf.scheduled, phoneNumbers: [...conf.phoneNumbers], participantCode: conf.participantCode }
      : { confId: conf.confId, mediaType: 'webrtc', scheduled: conf.scheduled };
  }

  function resolveRecipients(body, scenario) {
    const invalidUsers = [];
    const invalidEmails = [];
    const found = new Map(); // id -> user
    const guests = [];
    if (scenario !== 'chat') {
      for (const id of uniqueCI(toList(body, 'users'))) {
        const u = HEX24.test(id) ? findUserById(id) : undefined;
        if (u) found.set(u.id, u); else invalidUsers.push(id);
      }
    }
    for (const email of uniqueCI(toList(body, 'emails'))) {
      if (!lenientEmail(email)) { invalidEmails.push(email); continue; }
      const u = findUserByEmail(email);
      if (u) found.set(u.id, u); else guests.push(email);
    }
    return { found: [...found.values()], guests, invalidUsers, invalidEmails };
  }

  function addGuests(room, guests) {
    for (const g of guests) {
      if (!room.guestEmails.some((e) => lower(e) === lower(g))) room.guestEmails.push(g);
    }
  }

  function invite(room, body, ctx) {
    const scenario = body.scenario;
    if (scenario === undefined) throw new ApiError(400, 400004, 'scenario is mandatory: chat, pstn-conference or video-conference');
    if (!SCENARIOS.includes(scenario)) throw new ApiError(400, 400004, `Unknown scenario ${JSON.stringify(scenario)}: chat, pstn-conference or video-conference`);
    const lang = optString(body, 'lang') || 'en';
    const confIdIn = scenario === 'chat' ? undefined : optString(body, 'confId');
    if (confIdIn !== undefined && !HEX24.test(confIdIn)) throw new ApiError(400, 400000, 'identifier must be alpha-numeric and have a length of 24 chars');
    const instantMessage = scenario === 'chat' ? undefined : optString(body, 'instantMessage');
    const noMail = scenario === 'pstn-conference' ? optBool(body, 'noMail') : false;
    const update = scenario === 'pstn-conference' ? optBool(body, 'update') : false;
    const r = resolveRecipients(body, scenario);
    if (r.found.length === 0 && r.guests.length === 0) {
      throw new ApiError(400, 400002, 'No valid recipient: at least one known user id or well-formed e-mail is needed');
    }
    const confEndPoint = scenario === 'chat' ? undefined : conferenceOf(room, confIdIn, scenario);
    const instant = scenario === 'pstn-conference' && (!confEndPoint.scheduled || instantMessage !== undefined);
    const common = { roomId: room.id, roomName: room.name, scenario, requestId: ctx.requestId };
    const attendees = [];

    for (const u of r.found) {
      const member = room.members.find((m) => m.userId === u.id);
      const added = !member;
      if (added) {
        room.members.push({ userId: u.id, privilege: 'user', status: 'invited' });
        push({ kind: 'xmpp', to: u.id, jid: `${u.id}@openrainbow.com`, template: 'room-invitation', lang: u.lang || lang, ...common, invitedBy: ctx.callerId });
      }
      const mailLang = u.lang || lang;
      if (scenario === 'pstn-conference') {
        if (!noMail) {
          push({ kind: 'mail', to: u.email, userId: u.id, template: update ? 'pstn-conference-update' : 'pstn-conference-invitation', lang: mailLang, ...common, confId: confEndPoint.confId, phoneNumbers: confEndPoint.phoneNumbers, participantCode: confEndPoint.participantCode, ...(instantMessage !== undefined ? { instantMessage } : {}) });
        }
        if (!instant) {
          push({ kind: 'xmpp', to: u.id, jid: `${u.id}@openrainbow.com`, template: 'conference-invitation', lang: mailLang, ...common, confId: confEndPoint.confId });
        }
      } else if (scenario === 'video-conference') {
        push({ kind: 'xmpp', to: u.id, jid: `${u.id}@openrainbow.com`, template: 'video-conference-invitation', lang: mailLang, ...common, confId: confEndPoint.confId, ...(instantMessage !== undefined ? { instantMessage } : {}) });
      }
      attendees.push({ userId: u.id, email: u.email, displayName: u.name, lang: mailLang, guest: false, addedToRoom: added });
    }
    addGuests(room, r.guests);
    for (const g of r.guests) {
      const template = `${scenario}-guest-invitation`;
      if (!noMail) {
        push({ kind: 'mail', to: g, template, lang, ...common, ...(confEndPoint ? { confId: confEndPoint.confId } : {}), ...(scenario === 'pstn-conference' ? { phoneNumbers: confEndPoint.phoneNumbers, participantCode: confEndPoint.participantCode } : {}), ...(instantMessage !== undefined ? { instantMessage } : {}) });
      }
      attendees.push({ email: g, lang, guest: true, addedToRoom: false });
    }
    const data = {
      scenario,
      status: 'Invitations successfully sent',
      roomId: room.id,
      ...(confEndPoint ? { confEndPoint } : {}),
      attendees,
      guestEmails: [...room.guestEmails],
      invalidUsers: r.invalidUsers,
      ...(r.invalidEmails.length ? { invalidEmails: r.invalidEmails } : {}),
      ...(scenario === 'pstn-conference' ? { noMail, instantMeeting: instant } : {}),
    };
    return data;
  }

  function cancel(room, body, ctx) {
    const scenario = body.scenario ?? 'pstn-conference';
    if (!SCENARIOS.includes(scenario)) throw new ApiError(400, 400004, `Unknown scenario ${JSON.stringify(scenario)}: chat, pstn-conference or video-conference`);
    const common = { roomId: room.id, roomName: room.name, scenario, requestId: ctx.requestId };
    if (scenario !== 'pstn-conference') {
      const emails = toList(body, 'emails');
      if (emails.length === 0) {
        throw new ApiError(400, 400003, 'A list of emails is mandatory to revoke guests from a chat or video conference bubble.');
      }
      const valid = uniqueCI(emails).filter(lenientEmail);
      if (valid.length === 0) throw new ApiError(400, 400002, 'No valid recipient: at least one well-formed e-mail is needed');
      const removed = [];
      for (const e of valid) {
        const i = room.guestEmails.findIndex((g) => lower(g) === lower(e));
        if (i >= 0) removed.push(...room.guestEmails.splice(i, 1));
      }
      if (removed.length) notifyGuestList(room, { ...ctx, lang: 'en' });
      return {
        scenario,
        status: 'Cancellation successfully sent',
        roomId: room.id,
        attendees: removed.map((email) => ({ email, guest: true, removedFromGuests: true })),
        guestEmails: [...room.guestEmails],
        removedGuests: removed,
        invalidUsers: [],
      };
    }
    const lang = optString(body, 'lang') || 'en';
    const confIdIn = optString(body, 'confId');
    if (confIdIn !== undefined && !HEX24.test(confIdIn)) throw new ApiError(400, 400000, 'identifier must be alpha-numeric and have a length of 24 chars');
    const noMail = optBool(body, 'noMail');
    const r = resolveRecipients(body, scenario);
    // For a cancellation, an unknown but well-formed address is still someone to tell.
    if (r.found.length === 0 && r.guests.length === 0) {
      throw new ApiError(400, 400002, 'No valid recipient: at least one known user id or well-formed e-mail is needed');
    }
    const confEndPoint = conferenceOf(room, confIdIn, scenario);
    const attendees = [];
    for (const u of r.found) {
      const mailLang = u.lang || lang;
      if (!noMail) push({ kind: 'mail', to: u.email, userId: u.id, template: 'pstn-conference-cancelation', lang: mailLang, ...common, confId: confEndPoint.confId });
      attendees.push({ userId: u.id, email: u.email, displayName: u.name, lang: mailLang, guest: false });
    }
    const removed = [];
    for (const e of r.guests) {
      const i = room.guestEmails.findIndex((g) => lower(g) === lower(e));
      if (i >= 0) removed.push(...room.guestEmails.splice(i, 1));
      if (!noMail) push({ kind: 'mail', to: e, template: 'pstn-conference-cancelation', lang, ...common, confId: confEndPoint.confId });
      attendees.push({ email: e, lang, guest: i >= 0, removedFromGuests: i >= 0 });
    }
    if (removed.length) notifyGuestList(room, { ...ctx, lang });
    return {
      scenario,
      status: 'Cancellation successfully sent',
      roomId: room.id,
      confEndPoint,
      attendees,
      guestEmails: [...room.guestEmails],
      removedGuests: removed,
      invalidUsers: r.invalidUsers,
      ...(r.invalidEmails.length ? { invalidEmails: r.invalidEmails } : {}),
      noMail,
    };
  }

  function handleApi(req, rec) {
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
    const room = state.rooms.find((r) => r.id === lower(roomId));
    if (!room) throw new ApiError(404, 404001, `Room with id ${roomId} does not exist`);
    const me = room.members.find((m) => m.userId === SEED.callerId && m.status === 'accepted');
    if (!me) throw new ApiError(403, 403000, `Access denied: user (${SEED.callerId}) is not registered inside the roomId(${room.id})`);
    const ctx = { requestId: rec.requestId, callerId: SEED.callerId };
    return op === 'invite' ? invite(room, body, ctx) : cancel(room, body, ctx);
  }

  // --- scripted answers ---

  async function playScript(req, res, item, rec, realAnswer) {
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
    if (item.streamBytes !== undefined) return streamFiller(req, res, item, rec, status, headers);
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
  async function streamFiller(req, res, item, rec, status, headers) {
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

  // --- request dispatch ---

  function parseApiPath(pathname) {
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

  function readBody(req) {
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

  async function handleApiRequest(req, res, url, api) {
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
    requests.push(rec);
    const item = queue.shift();
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
      return playScript(req, res, item, rec);
    }
    // Real processing, possibly delayed or stalled by a script item without status/body.
    if (item && item.delayMs) await sleep(item.delayMs);
    if (res.destroyed || req.socket.destroyed) return;
    let status;
    let payload;
    try {
      const data = handleApi(req, internal);
      status = 200;
      payload = JSON.stringify({ data });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      status = e.status;
      payload = JSON.stringify(e.body);
    }
    log(`${req.method} ${rec.path} -> ${status} [${requestId}]`);
    if (item && item.stallBodyMs) {
      return playScript(req, res, { stallBodyMs: item.stallBodyMs }, rec, { status, payload });
    }
    const extra = { 'x-rainbow-request-id': requestId };
    if (status === 401) extra['www-authenticate'] = 'Bearer realm="rainbow"';
    send(req, res, status, payload, extra);
  }

  function handlePreflight(req, res, url) {
    preflights.push({ method: req.method, path: url.pathname + url.search, headers: { ...req.headers } });
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

  function serveStatic(req, res, url) {
    let rel;
    try { rel = decodeURIComponent(url.pathname); } catch { return send(req, res, 400, 'Bad path', { 'content-type': 'text/plain; charset=utf-8' }); }
    if (rel.includes('\0') || rel.includes('\\')) return send(req, res, 400, 'Bad path', { 'content-type': 'text/plain; charset=utf-8' });
    let base = staticRoot;
    if (rel === '/pkg' || rel.startsWith('/pkg/')) {
      base = pkgRoot;
      rel = rel.slice(4) || '/';
    }
    if (rel.split('/').some((seg) => seg === '..')) return send(req, res, 403, 'Forbidden', { 'content-type': 'text/plain; charset=utf-8' });
    let file = path.resolve(base, '.' + rel);
    if (file !== base && !file.startsWith(base + path.sep)) return send(req, res, 403, 'Forbidden', { 'content-type': 'text/plain; charset=utf-8' });
    let st;
    try {
      st = fs.statSync(file);
      if (st.isDirectory()) { file = path.join(file, 'index.html'); st = fs.statSync(file); }
    } catch {
      const hint = base === pkgRoot && !fs.existsSync(pkgRoot) ? ' (the package is not built yet: run `make build`)' : '';
      return send(req, res, 404, `Not found: ${url.pathname}${hint}`, { 'content-type': 'text/plain; charset=utf-8' });
    }
    if (!st.isFile()) return send(req, res, 404, 'Not found', { 'content-type': 'text/plain; charset=utf-8' });
    const type = MIME[path.extname(file).toLowerCase()] || 'application/octet-stream';
    const data = fs.readFileSync(file);
    send(req, res, 200, data, { 'content-type': type, 'x-content-type-options': 'nosniff' });
  }

  function snapshot() {
    const guests = {};
    for (const r of state.rooms) guests[r.id] = [...r.guestEmails];
    return structuredClone({ callerId: SEED.callerId, users: state.users, rooms: state.rooms, guests, outbox: state.outbox });
  }

  function reset() {
    state = freshState();
    requests.length = 0;
    preflights.length = 0;
    queue.length = 0;
  }

  async function dispatch(req, res) {
    let url;
    try { url = new URL(req.url, 'http://mock.invalid'); } catch { return send(req, res, 400, 'Bad request', { 'content-type': 'text/plain; charset=utf-8' }); }
    const api = parseApiPath(url.pathname);
    if (req.method === 'OPTIONS') return handlePreflight(req, res, url);
    if (url.pathname === '/mock/state' && (req.method === 'GET' || req.method === 'HEAD')) {
      return send(req, res, 200, snapshot());
    }
    if (url.pathname === '/mock/reset' && req.method === 'POST') {
      req.resume();
      reset();
      log('state reset');
      return send(req, res, 200, { ok: true });
    }
    if (api) return handleApiRequest(req, res, url, api);
    if ((req.method === 'GET' || req.method === 'HEAD') && !url.pathname.startsWith('/mock/')) return serveStatic(req, res, url);
    // Anything else is an unknown path: record it and answer like Rainbow does.
    return handleApiRequest(req, res, url, { route: false });
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
    requests,
    preflights,
    get state() { return state; },
    snapshot,
    script(item = {}) { queue.push({ ...item }); return this; },
    get pending() { return queue.length; },
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
