// How the mock reads a request body, the way Rainbow does: its field readers (a list may come as
// an array or a comma-separated string), the lenient e-mail and id checks, and ApiError, the
// failure every rule throws: its status and Rainbow error body are what the client is sent.

import http from 'node:http';

export const HEX24 = /^[0-9a-fA-F]{24}$/;
export const SCENARIOS = ['chat', 'pstn-conference', 'video-conference'];
const STATUS_TEXT = http.STATUS_CODES;

export class ApiError extends Error {
  constructor(status, detailsCode, details) {
    super(typeof details === 'string' ? details : STATUS_TEXT[status]);
    this.status = status;
    this.body = { errorCode: status, errorMsg: STATUS_TEXT[status] || 'Error', errorDetails: details, errorDetailsCode: detailsCode };
  }
}

// Like the real server, which stored `guest2@mycompany`: one `@` with something on both sides,
// no white space or control characters.
export const lenientEmail = (s) => typeof s === 'string' && /^[^\s@\x00-\x1f\x7f]+@[^\s@\x00-\x1f\x7f]+$/.test(s);
export const lower = (s) => s.toLowerCase();

export function toList(body, field) {
  const v = body[field];
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.map((s) => s.trim()).filter(Boolean);
  throw new ApiError(400, 400001, `${field} must be an array of strings`);
}

export function optString(body, field) {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new ApiError(400, 400001, `${field} must be a string`);
  return v;
}

export function optBool(body, field) {
  const v = body[field];
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw new ApiError(400, 400001, `${field} must be a boolean`);
  return v;
}

/** The list without repeats, compared case-insensitively; the first spelling is kept. */
export function uniqueCI(list) {
  const seen = new Set();
  return list.filter((s) => (seen.has(lower(s)) ? false : (seen.add(lower(s)), true)));
}
