// The package's validation issues in the form's words. The package's messages are for
// programmers (`users[1]`, "`timeoutMs` must be a number"); a person filling in the form sees the
// field's label, "line 2" of the box they typed in, and what to do. Each issue's path and code
// (stable, documented in the README) decide the words; the message is used for why an e-mail
// address is refused (the package's reason, so the two never disagree) and for a code this page
// does not know, with its field names turned into labels.

import { plural } from './dom.js';
import { LABELS, SCENARIO_NAMES } from './form.js';

/** The field and list index an issue's path points at: 'emails[2]' → { name: 'emails', index: 2 }. */
function locate(path) {
  const m = /^(?:options\.)?([A-Za-z]+)(?:\[(\d+)\])?$/.exec(path || '');
  if (!m || !(m[1] in LABELS)) return null;
  return { name: m[1], index: m[2] === undefined ? null : Number(m[2]) };
}

const q = (v) => `“${v}”`;
const HEX = 'digits 0–9 and letters a–f';
const ADDRESS = 'address: ';

/** What is wrong with a would-be id, without quoting a length that happens to be right. */
function idDetail(value) {
  if (value.length !== 24) return `this one has ${plural(value.length, 'character')}`;
  const odd = [...value].find((c) => !/[0-9a-f]/i.test(c));
  return `${q(odd)} is not one of them`;
}

/**
 * Why an address is not one: the reason the package gives at the end of its message
 * ("'x' is not a valid e-mail address: {why}."), so the page never disagrees with the package;
 * null when the message has another shape.
 */
function emailWhy(message) {
  const m = String(message);
  const at = m.lastIndexOf(ADDRESS);
  const why = at < 0 || !m.endsWith('.') ? '' : m.slice(at + ADDRESS.length, -1);
  return why ? why.replaceAll("'@'", '@') : null;
}

function baseUrlWords(value, hasToken) {
  if (!value) return 'Enter the server’s address, such as https://sandbox.openrainbow.com.';
  if (!/^https?:\/\//i.test(value)) return 'Enter an address that starts with https://, such as https://sandbox.openrainbow.com.';
  if (hasToken && /^http:/i.test(value)) return 'The token would travel unencrypted: use an https:// address (plain http:// is kept for this machine only).';
  if (/[?#]/.test(value)) return 'Leave out the ?… and #… parts of the address.';
  if (/^https?:\/\/[^/]*@/i.test(value)) return 'Leave the user name and password out of the address; set the token below instead.';
  return 'Enter the server’s address, such as https://sandbox.openrainbow.com.';
}

/** The first earlier entry of the list equal to entry `i` (compared as the package does: ignoring case). */
function firstCopy(values, i) {
  const v = values[i].toLowerCase();
  return values.findIndex((x) => x.toLowerCase() === v);
}

/** The package's message with its `field[i]` names turned into labels: for codes not known here. */
function relabelled(message) {
  return String(message).replace(/`(?:options\.)?([A-Za-z]+)(?:\[(\d+)\])?`/g, (all, name, i) =>
    (LABELS[name] ? `${LABELS[name]}${i === undefined ? '' : `, entry ${Number(i) + 1}`}` : all.slice(1, -1)));
}

/**
 * An issue in the form's words: { name, line, text, missing }. `name` is the field it belongs to
 * (null for none), `line` the line of a list box, `missing` whether it only says that something
 * required is not filled in yet (shown once the field is touched or Send is pressed).
 */
export function describe(issue, input) {
  const where = locate(issue.path);
  const name = where ? where.name : null;
  const list = name && input.lists[name];
  const value = list && where.index !== null ? list.values[where.index] ?? '' : '';
  const line = list && where.index !== null ? list.lines[where.index] ?? null : null;
  const cancelling = input.op === 'cancel';
  let text;
  let missing = issue.code === 'required' || issue.code === 'no_recipients';
  switch (`${name}:${issue.code}`) {
    case 'roomId:invalid_id':
    case 'roomId:required':
      missing = input.roomId === '';
      text = missing ? 'Enter the room id.' : `A room id is 24 characters, ${HEX}: ${idDetail(input.roomId)}.`;
      break;
    case 'confId:invalid_id':
      text = `A conference id is 24 characters, ${HEX}: ${idDetail(input.body.confId ?? '')}. Leave it empty to use the room’s own conference.`;
      break;
    case 'users:invalid_id':
      text = value.includes('@')
        ? `${q(value)} is an e-mail address: put it under ${LABELS.emails}.`
        : `${q(value)} is not a Rainbow user id. A user id is 24 characters, ${HEX}: ${idDetail(value)}.`;
      break;
    case 'emails:invalid_email': {
      const why = emailWhy(issue.message);
      text = why ? `${q(value)} is not an e-mail address: ${why}.` : relabelled(issue.message);
      break;
    }
    case 'emails:no_recipients':
    case 'users:no_recipients': {
      const both = input.scenario === 'pstn-conference' || (!cancelling && input.scenario === 'video-conference');
      text = both ? 'Enter at least one e-mail address or Rainbow user id.' : 'Enter at least one e-mail address.';
      break;
    }
    case 'emails:duplicate':
    case 'users:duplicate': {
      const first = firstCopy(list.values, where.index);
      const where1 = list.lines[first] === line ? 'is already on this line' : `repeats line ${list.lines[first]}`;
      text = `${q(value)} ${where1}; it is sent once.`;
      break;
    }
    case 'lang:invalid_lang':
      text = 'Enter a language code such as en, fr or en-US, or leave it empty for English.';
      break;
    case 'timeoutMs:invalid_option':
      text = 'Enter a whole number of milliseconds, from 1 to 2,147,483,647: 30000 is 30 seconds.';
      break;
    case 'baseUrl:invalid_option':
    case 'baseUrl:required':
      missing = !input.options.baseUrl;
      text = baseUrlWords(input.options.baseUrl ?? '', input.options.token !== undefined);
      break;
    case 'scenario:invalid_value':
      text = `Choose one of: ${Object.values(SCENARIO_NAMES).join(', ')}.`;
      break;
    default:
      text = relabelled(issue.message);
  }
  return { name, line, text, missing };
}
