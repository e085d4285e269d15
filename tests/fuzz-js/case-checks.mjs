// Oracles on validation results and on the bodies the server received (README "Validation
// result", "Request bodies"), and `show`, which describes any hostile value without running its
// getters or traps.
import util from 'node:util';
import { ROOM } from './inputs.mjs';

// README "Validation result": the issue codes.
const ISSUE_CODES = new Set(['required', 'invalid_type', 'invalid_value', 'invalid_id', 'invalid_email', 'invalid_lang', 'invalid_string',
  'unknown_field', 'no_recipients', 'invalid_option', 'duplicate', 'ignored_field']);

/** A one-line description of anything, Proxies and throwing getters included. */
export function show(v) {
  try {
    return util.inspect(v, { depth: 3, maxStringLength: 80, maxArrayLength: 5, breakLength: Infinity, showProxy: true, getters: false });
  } catch { return '(uninspectable)'; }
}

/**
 * A validation result (from validate… or a RainbowValidationError) for inputs whose `must` paths
 * are invalid by the README's rules: those are reported (by path, for plain ASCII field names;
 * how other names are written in a path is not documented), every issue has the documented
 * shape, and a valid request is exactly what would be sent.
 */
export function checkValidation(v, args, join, lib, finding) {
  if (!v || typeof v.valid != 'boolean' || !Array.isArray(v.errors)) { finding('validation-shape', show(v)); return; }
  if (args.must.length && v.valid) finding('invalid-input-accepted', `must report ${JSON.stringify(args.must)}; request=${show(v.request)}`);
  if (!v.valid && !v.errors.length) finding('validation-without-errors', show(v));
  for (const m of args.must) {
    if (m == null || !/^[A-Za-z_]+$/.test(m)) continue;
    if (!v.errors.some((x) => x.path === m || x.path?.startsWith(`${m}.`) || x.path?.startsWith(`${m}[`))) finding('validation-path-missing', `expected ${m} in ${JSON.stringify(v.errors.map((x) => x.path))}`);
  }
  for (const x of [...v.errors, ...(v.warnings ?? [])]) {
    if (typeof x?.path != 'string' || !ISSUE_CODES.has(x?.code) || typeof x?.message != 'string' || !x.message) finding('issue-shape', show(x));
  }
  if (v.valid && v.request) checkSentBody(JSON.stringify(v.request), join, lib, finding, 'validate….request');
}

/** A body the server received (or validate… returned): JSON that validates, in the normal form validate… gives. */
export function checkSentBody(text, join, lib, finding, where = 'sent') {
  let b;
  try { b = JSON.parse(text); } catch { finding('sent-not-json', `${where}: ${text.slice(0, 200)}`); return; }
  const v = (join ? lib.validateJoinInvitation : lib.validateCancelation)(ROOM, b);
  if (!v.valid) finding('sent-invalid-body', `${where}: ${text.slice(0, 300)} -> ${JSON.stringify(v.errors.map((x) => `${x.path}:${x.code}`))}`);
  else if (JSON.stringify(v.request) !== JSON.stringify(b)) finding('sent-body-not-normal', `${where}: ${text.slice(0, 300)} vs ${JSON.stringify(v.request).slice(0, 300)}`);
}
