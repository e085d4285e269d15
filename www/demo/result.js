// The Result panel: "Sending…" while a request is in flight, then the answer in words (what the
// server did, who was concerned, the room's guests now) or the error explained with what to do,
// and a note on a result that no longer matches (the mock was reset after it).
// Each `input` here passed the check before it was sent, so it has a base URL.

import { $, el, rich, boundedList, number, LIMIT } from './dom.js';
import { SCENARIO_NAMES } from './form.js';
import { describe } from './words.js';
import { requestHeaders } from './preview.js';

const box = () => $('result');
const asArray = (v) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]);
const isObject = (v) => v !== null && typeof v === 'object';

function start(outcome) {
  const b = box();
  b.dataset.outcome = outcome;
  delete b.dataset.stale;
  return b;
}

/** While a request is in flight: the previous result is gone, so nothing stale is on show. */
export function renderSending(input) {
  const b = box();
  delete b.dataset.outcome;
  delete b.dataset.stale;
  b.replaceChildren(el('p', { class: 'sending', text: `Sending to ${input.options.baseUrl}… waiting for the answer.` }));
}

/** Marks the result on show as out of date, saying why; once. */
export function markStale(why) {
  const b = box();
  if (!b.dataset.outcome || b.dataset.stale) return;
  b.dataset.stale = 'true';
  b.prepend(el('p', { class: 'stale-note' }, el('strong', { text: 'Out of date: ' }), why));
}

/** The guests this cancellation removed, from the answer: null when it doesn't say. */
function removedGuests(data, attendees) {
  if (Array.isArray(data.removedGuests)) return data.removedGuests;
  if (attendees.some((a) => 'removedFromGuests' in a)) return attendees.filter((a) => a.removedFromGuests).map((a) => a.email);
  return null;
}

/** One person of the answer's attendees, labelled by what the answer says of them. */
function attendeeText(a) {
  const who = a.displayName ? `${a.displayName} <${a.email}>` : a.email || a.userId || '?';
  const what = a.userId ? 'Rainbow user' : a.guest ? 'guest of the room' : 'neither a Rainbow user nor a guest of the room';
  return `${who}: ${what}${a.addedToRoom ? ', added to the room' : ''}${a.removedFromGuests ? ', removed from the guests' : ''}`;
}

// The token, wherever an answer echoes it (whole, or a run of its start: the package's rule).
let hideToken = (v) => v;
/** Sets the package's scrub (pkg/errors.js) as the way to hide the token in a success. */
export function hideTokenWith(scrub) {
  // The token the call sent, not the one set now: it may have been forgotten or replaced while
  // the call was under way.
  hideToken = (answer, token) => {
    // Only a server of the caller's, with the token set, has one to echo.
    if (!token) return answer;
    const hide = (v) => {
      if (typeof v == 'string') return scrub(v, token, '[token]');
      if (Array.isArray(v)) return v.map(hide);
      return isObject(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [hide(k), hide(x)])) : v;
    };
    return hide(answer);
  };
}

/** Shows a success; returns the heading, to move the focus to. */
export function renderSuccess(echoed, input) {
  const answer = hideToken(echoed, input.options.token);
  const data = isObject(answer) && 'data' in answer ? answer.data : answer;
  const d = isObject(data) ? data : {};
  const attendees = asArray(d.attendees).filter(isObject);
  const guests = asArray(d.guestEmails).map(String);
  const removed = input.op === 'cancel' ? removedGuests(d, attendees) : null;
  // Removing guests is all a chat or video cancellation does: removing no one is no success.
  const noEffect = removed !== null && removed.length === 0 && input.scenario !== 'pstn-conference';
  const status = typeof d.status === 'string' && d.status ? d.status : input.op === 'invite' ? 'Invitations sent' : 'Cancellation sent';
  const b = start(noEffect ? 'no-effect' : 'success');
  const title = el('h3', { class: `result-title ${noEffect ? 'warn' : 'ok'}`, tabindex: '-1', text: noEffect ? 'No one was removed' : status });
  const parts = [title];
  const scenario = SCENARIO_NAMES[d.scenario] || d.scenario || SCENARIO_NAMES[input.scenario];
  parts.push(el('p', {}, `${scenario}, room `, el('code', { text: input.roomId }), noEffect ? `. The server answered “${status}”.` : '.'));
  if (removed !== null) {
    const asked = asArray(input.body.emails);
    const gone = new Set(removed.map((e) => String(e).toLowerCase()));
    const kept = asked.filter((e) => !gone.has(e.toLowerCase()));
    if (removed.length) {
      parts.push(el('p', { class: 'label', text: `Removed from the room’s guests (${number(removed.length)}):` }));
      parts.push(boundedList('result-removed', removed.map(String), { noun: 'removed guest', label: 'Removed guests' }));
    } else {
      parts.push(el('p', { class: 'warn', text: 'No one was removed from the room’s guests.' }));
    }
    if (kept.length) {
      parts.push(el('p', { class: 'label', text: `Not guests of the room, so not removed (${number(kept.length)}):` }));
      parts.push(boundedList('result-kept', kept, { noun: ['address', 'addresses'], label: 'Addresses not removed' }));
    }
  }
  if (attendees.length) {
    parts.push(el('p', { class: 'label', text: `People concerned (${number(attendees.length)}):` }));
    parts.push(boundedList('result-attendees', attendees.map(attendeeText), { noun: ['person', 'people'], label: 'People concerned', attrs: { class: 'attendees' } }));
  }
  parts.push(el('p', { class: 'label', text: guests.length ? `Guests of the room now (${number(guests.length)}):` : 'The room has no guests now.' }));
  if (guests.length) parts.push(boundedList('result-guests', guests, { noun: 'guest', label: 'Guests of the room now', attrs: { class: 'result-guests' } }));
  const invalid = asArray(d.invalidUsers ?? (isObject(d.failed) ? d.failed.invalidUsers : undefined));
  if (invalid.length) parts.push(el('p', { class: 'warn' }, `Not found by the server, so not notified: ${invalid.join(', ')}.`));
  const invalidEmails = asArray(d.invalidEmails);
  if (invalidEmails.length) parts.push(el('p', { class: 'warn' }, `Refused by the server as addresses: ${invalidEmails.join(', ')}.`));
  parts.push(rawAnswer(answer));
  b.replaceChildren(...parts);
  return title;
}

function rawAnswer(answer) {
  return el('details', {}, el('summary', { text: 'Full answer' }),
    el('pre', { class: 'raw scroll-stop', role: 'region', 'aria-label': 'Full answer', text: JSON.stringify(answer, null, 2) }));
}

function apiWords(e, input) {
  const s = e.status;
  const dc = e.errorDetailsCode;
  if (s === 404 && dc === 404001) return ['Room not found', 'Check the room id. The mock’s rooms are listed under “Rooms and users of the mock”.'];
  if (s === 404 && dc === 404000) {
    // With no conference id sent, the room's own was looked for: the room has none.
    const given = input && input.body && input.body.confId;
    return ['Conference not found', given
      ? 'This room has no such conference: leave the conference id empty to use the room’s own, or pick a room with a conference.'
      : 'This room has no conference: pick a room with one (see “Rooms and users of the mock”).'];
  }
  if (s === 400 && dc === 400000) return ['Invalid identifier', 'An id is 24 characters: digits 0–9 and letters a–f.'];
  const words = {
    400: ['The server refused the request', 'The server’s reason is quoted above; correct the request and send it again.'],
    401: ['Not authorised', 'The server wants a valid token: set one under Server, “Another server”. Tokens expire.'],
    403: ['Access denied', 'You can only send invitations for a room you are a member of.'],
    404: ['Not found', 'Check the room id and the server address.'],
    409: ['Conflict', 'The server refused the request because of the room’s current state.'],
    413: ['Request too large', 'Send fewer recipients at a time.'],
    429: ['Too many requests', 'Wait a moment, then send again.'],
  };
  if (words[s]) return words[s];
  if (s >= 500) return ['The server failed', 'Try again later; if it goes on, give the request id below to the server’s team.'];
  return [`Error ${s}`, ''];
}

/** What a server on another origin must answer the browser's CORS pre-check with. */
function corsHint(input) {
  const origin = location.origin;
  const names = requestHeaders(input.options).map(([k]) => k.toLowerCase()).filter((k) => k !== 'accept');
  return [
    el('p', { class: 'advice' }, 'If the server is up, it may refuse requests from this page (CORS). Before sending, the browser asks the server (an OPTIONS request) whether this page may POST with the headers shown under “What will be sent”; the server must answer:'),
    el('pre', { class: 'raw cors', text: [
      `Access-Control-Allow-Origin: ${origin}`,
      'Access-Control-Allow-Methods: POST',
      `Access-Control-Allow-Headers: ${names.join(', ')}`,
    ].join('\n') }),
    el('p', { class: 'advice' }, 'and, so that the page can read the request id of an answer and how long a 429 or 503 asks it to wait, ', el('code', { text: 'Access-Control-Expose-Headers: x-rainbow-request-id, retry-after, retry-after-ms' }), '.'),
  ];
}

const crossOrigin = (input) => {
  try { return new URL(input.options.baseUrl).origin !== location.origin; } catch { return false; }
};

/** Shows an error; returns the heading, to move the focus to. */
export function renderError(e, input) {
  const name = e && e.name ? e.name : 'Error';
  let title;
  let explain;
  let advice = '';
  let extra = [];
  switch (name) {
    case 'RainbowValidationError':
      title = 'Not sent: the request is not valid';
      explain = 'Nothing was sent. Fix the problems marked in the form.';
      if (Array.isArray(e.errors)) extra = [el('ul', { class: 'issues-list' }, e.errors.slice(0, LIMIT).map((i) => el('li', { text: describe(i, input).text })))];
      break;
    case 'RainbowApiError': {
      [title, advice] = apiWords(e, input);
      const text = e.errorMsg ? `${e.status} ${e.errorMsg}` : `${e.status}`;
      explain = `The server answered ${text}`;
      // The reason: the details, or the message of details that are an object.
      const reason = typeof e.errorDetails === 'string' ? e.errorDetails : isObject(e.errorDetails) && typeof e.errorDetails.errorMsg === 'string' ? e.errorDetails.errorMsg : '';
      if (reason) explain += `: “${reason}”`;
      else if (e.status === 400) advice = 'The server’s reason is under “Rainbow details” below, if it gave one; correct the request and send it again.';
      explain += '.';
      break;
    }
    case 'RainbowNetworkError':
      title = 'Could not reach the server';
      explain = `No answer came from ${input.options.baseUrl}.`;
      if (crossOrigin(input)) extra = corsHint(input);
      advice = crossOrigin(input) ? 'Or the server is down, or the address is wrong.' : 'The server may be down, or the address wrong.';
      break;
    case 'RainbowTimeoutError':
      title = 'No answer in time';
      explain = `The server did not answer completely within ${e.timeoutMs ?? input.options.timeoutMs} ms.`;
      advice = 'The server may still have handled the request: check before sending again, or raise the timeout.';
      break;
    case 'RainbowAbortError':
      title = 'Stopped';
      explain = 'You stopped waiting for the answer.';
      advice = 'The server may still have handled the request.';
      break;
    case 'RainbowResponseError':
      title = 'Unexpected answer';
      explain = `The server answered ${e.status}, but not with a Rainbow success body.`;
      break;
    default:
      title = 'Something went wrong';
      explain = e && e.message ? e.message : String(e);
  }
  const b = start('error');
  const heading = el('h3', { class: 'result-title bad', tabindex: '-1', text: title });
  const parts = [heading, el('p', { class: 'explain', text: explain }), ...extra];
  if (advice) parts.push(el('p', { class: 'advice', text: advice }));
  parts.push(facts(e, name));
  b.replaceChildren(...parts);
  return heading;
}

/** The error's fields for whoever debugs it: name and code, HTTP and Rainbow codes, ids. */
function facts(e, name) {
  const list = [['Error', `${name}${e && e.code ? ` (${e.code})` : ''}`]];
  if (e && e.status !== undefined) list.push(['HTTP status', `${e.status}${e.errorMsg ? ` ${e.errorMsg}` : ''}`]);
  if (e && e.errorCode !== undefined) list.push(['Rainbow error code', String(e.errorCode)]);
  if (e && e.errorDetailsCode !== undefined) list.push(['Rainbow details code', String(e.errorDetailsCode)]);
  if (e && e.errorDetails !== undefined && typeof e.errorDetails !== 'string') list.push(['Rainbow details', JSON.stringify(e.errorDetails)]);
  if (e && e.requestId) list.push(['Request id', e.requestId]);
  if (e && e.correlationId) list.push(['Correlation id', e.correlationId]);
  if (e && e.attempts !== undefined) list.push(['Requests sent', String(e.attempts)]);
  if (e && e.body && typeof e.body === 'string') list.push(['Body', e.body.length > 300 ? `${e.body.slice(0, 300)}…` : e.body]);
  if (e && e.message) list.push(['Message', e.message]);
  return el('dl', { class: 'facts' }, list.map(([k, v]) => [el('dt', { text: k }), el('dd', {}, ...rich(v))]));
}
