// The demo page: a form over the package's browser entry, as a user's app would load it.
// The package is imported dynamically so that a missing build is reported on the page.
// The token is kept in a variable of this module only: never in the DOM, the preview or a message.

const PACKAGE_URL = '/pkg/browser.js';
const MASK = '••••••••';

const FIELDS = {
  invite: {
    chat: ['emails', 'lang'],
    'pstn-conference': ['users', 'emails', 'confId', 'lang', 'instantMessage', 'noMail', 'update'],
    'video-conference': ['users', 'emails', 'confId', 'lang', 'instantMessage'],
  },
  cancel: {
    chat: ['emails'],
    'pstn-conference': ['users', 'emails', 'confId', 'lang', 'noMail'],
    'video-conference': ['emails'],
  },
};
const BODY_FIELDS = ['users', 'emails', 'confId', 'lang', 'instantMessage', 'noMail', 'update'];

const HINTS = {
  invite: {
    chat: 'Addresses of Rainbow users add those users to the room; any other address becomes a guest of the room and gets an e-mail inviting them to create an account.',
    'pstn-conference': 'Users and addresses get an e-mail with the conference phone numbers and access code (and an in-app notification for a scheduled meeting); unknown addresses become guests.',
    'video-conference': 'Users get an in-app invitation to join the video conference; unknown addresses become guests and get an e-mail.',
  },
  cancel: {
    chat: 'Removes the listed guests (a misspelled address, for instance) from the room’s guest list; members are told the new list.',
    'pstn-conference': 'Tells the users and addresses that the conference is cancelled by e-mail; listed guests are removed from the room’s guest list.',
    'video-conference': 'Removes the listed guests from the room’s guest list; members are told the new list.',
  },
};

const $ = (id) => document.getElementById(id);
const form = $('request-form');

let lib = null;
let token = null; // memory only
let current = null; // { input, result } of the last validation
let busy = false;
let controller = null;
let mockState = null;
let seenSeq = 0;

// ---- small DOM helpers ------------------------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) if (c !== undefined && c !== null && c !== false) node.append(c);
  return node;
}

/** Text with `backticked` parts shown as code, built from text nodes only. */
function rich(text) {
  const parts = String(text).split('`');
  return parts.map((p, i) => (i % 2 ? el('code', { text: p }) : document.createTextNode(p)));
}

const radio = (name) => form.querySelector(`input[name="${name}"]:checked`).value;
const target = () => radio('target');
const operation = () => radio('operation');

// ---- reading the form -------------------------------------------------------------------------

/** Entries separated by new lines or commas, trimmed, empty ones dropped; remembers their line. */
function parseList(text) {
  const values = [];
  const lines = [];
  text.split(/\r?\n/).forEach((line, i) => {
    for (const part of line.split(',')) {
      const v = part.trim();
      if (v) { values.push(v); lines.push(i + 1); }
    }
  });
  return { values, lines };
}

function baseUrl() {
  return target() === 'mock' ? location.origin : $('baseUrl').value.trim();
}

function readInput() {
  const op = operation();
  const scenario = $('scenario').value;
  const used = FIELDS[op][scenario];
  const body = { scenario };
  const lists = {};
  for (const name of used) {
    const control = $(name);
    if (name === 'users' || name === 'emails') {
      const list = parseList(control.value);
      lists[name] = list;
      if (list.values.length) body[name] = list.values;
    } else if (control.type === 'checkbox') {
      if (control.checked) body[name] = true;
    } else {
      const v = name === 'instantMessage' ? control.value : control.value.trim();
      if (v.trim()) body[name] = v;
    }
  }
  const options = {};
  const base = baseUrl();
  if (base) options.baseUrl = base;
  if (target() === 'custom' && token !== null) options.token = token;
  const t = $('timeoutMs').value.trim();
  if (t) options.timeoutMs = /^\d+$/.test(t) ? Number(t) : t;
  return { op, scenario, roomId: $('roomId').value.trim(), body, options, lists };
}

// ---- validation, issues and preview -----------------------------------------------------------

function fieldOf(path) {
  if (!path) return null;
  const m = /^(?:options\.)?([A-Za-z]+)(?:\[(\d+)\])?/.exec(path);
  if (!m) return null;
  const name = m[1];
  const wrapper = form.querySelector(`.field[data-field="${name}"]`);
  if (!wrapper || wrapper.hidden) return null;
  return { name, index: m[2] === undefined ? null : Number(m[2]) };
}

function clearIssues() {
  for (const ul of form.querySelectorAll('.issues')) ul.replaceChildren();
  for (const c of form.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
}

function showIssue(issue, severity, input) {
  const where = fieldOf(issue.path);
  const list = where ? $(`${where.name}-issues`) : $('general-issues');
  const li = el('li', { class: `issue ${severity}`, 'data-code': issue.code, 'data-path': issue.path });
  li.append(el('span', { class: 'badge', text: severity === 'error' ? 'Error' : 'Note' }), ' ');
  if (where && where.index !== null && input.lists[where.name]) {
    const line = input.lists[where.name].lines[where.index];
    if (line !== undefined) li.append(el('strong', { text: `Line ${line}: ` }));
  } else if (!where && issue.path) {
    li.append(el('code', { text: issue.path }), ': ');
  }
  li.append(...rich(issue.message));
  list.append(li);
  if (severity === 'error' && where) $(where.name).setAttribute('aria-invalid', 'true');
}

function validate() {
  if (!lib) return null;
  const input = readInput();
  const fn = input.op === 'invite' ? lib.validateJoinInvitation : lib.validateCancelation;
  let result;
  try {
    result = fn(input.roomId, input.body, input.options);
  } catch (e) {
    result = { valid: false, errors: [{ path: '', code: e.code || 'exception', message: e.message }], warnings: [], path: null, request: null };
  }
  const errors = [...result.errors];
  if (target() === 'custom' && !input.options.baseUrl) {
    errors.unshift({ path: 'options.baseUrl', code: 'required', message: 'Enter the address of the server, such as https://sandbox.openrainbow.com.' });
  }
  const valid = result.valid && errors.length === 0;
  current = { input, result: { ...result, valid, errors } };

  clearIssues();
  for (const issue of errors) showIssue(issue, 'error', input);
  for (const issue of result.warnings) showIssue(issue, 'warning', input);
  const v = $('validity');
  v.className = `validity ${valid ? 'ok' : 'bad'}`;
  const notes = result.warnings.length ? ` ${result.warnings.length} note${result.warnings.length > 1 ? 's' : ''} below.` : '';
  v.textContent = valid
    ? `Ready to send.${notes}`
    : `${errors.length} problem${errors.length > 1 ? 's' : ''} to fix before sending.${notes}`;
  renderPreview();
  return current;
}

function renderPreview() {
  const pre = $('preview');
  if (!current) { pre.textContent = 'Loading the package…'; return; }
  const { input, result } = current;
  if (!result.valid) {
    pre.replaceChildren(el('span', { class: 'muted', text: 'Nothing will be sent until the problems in the form are fixed.' }));
    return;
  }
  const url = `${(input.options.baseUrl || location.origin).replace(/\/+$/, '')}${result.path}`;
  const lines = [
    `POST ${url}`,
    'Content-Type: application/json',
    'Accept: application/json, text/xml',
  ];
  if (input.options.token !== undefined) lines.push(`Authorization: Bearer ${MASK}`);
  pre.textContent = `${lines.join('\n')}\n\n${JSON.stringify(result.request, null, 2)}`;
}

// ---- visibility of fields ----------------------------------------------------------------------

function updateVisibility() {
  const op = operation();
  const scenario = $('scenario').value;
  const used = new Set(FIELDS[op][scenario]);
  for (const name of BODY_FIELDS) form.querySelector(`.field[data-field="${name}"]`).hidden = !used.has(name);
  $('scenario-hint').textContent = HINTS[op][scenario];
  $('emails-hint').textContent = op === 'cancel'
    ? 'One per line, or separated by commas. Any stored address can be removed, even a misspelled one.'
    : 'One per line, or separated by commas.';
  const custom = target() === 'custom';
  for (const name of ['baseUrl', 'token']) form.querySelector(`.field[data-field="${name}"]`).hidden = !custom;
  $('mock-panel').hidden = custom;
  $('send').textContent = op === 'invite' ? 'Send invitations' : 'Send cancellation';
}

// ---- the token --------------------------------------------------------------------------------

function commitToken() {
  const box = $('token');
  if (box.value) {
    token = box.value;
    box.value = '';
    $('token-state').textContent = 'A token is set. It is kept in memory only and not shown.';
    $('token-forget').hidden = false;
    box.placeholder = 'Type a new token to replace it';
  }
}

function forgetToken() {
  token = null;
  $('token').value = '';
  $('token').placeholder = '';
  $('token-state').textContent = 'No token set.';
  $('token-forget').hidden = true;
  $('token').focus();
  validate();
}

// ---- sending and results ----------------------------------------------------------------------

function setBusy(on) {
  busy = on;
  const send = $('send');
  send.disabled = on;
  send.classList.toggle('busy', on);
  if (on) send.textContent = 'Sending…';
  else updateVisibility();
  form.setAttribute('aria-busy', String(on));
  $('result').setAttribute('aria-busy', String(on));
  $('stop').hidden = !on;
}

function list(items, cls) {
  return el('ul', { class: cls }, items.map((t) => el('li', {}, t)));
}

function asArray(v) {
  if (v === undefined || v === null || v === '') return [];
  return Array.isArray(v) ? v : [v];
}

function renderSuccess(answer, input) {
  const data = answer && typeof answer === 'object' && 'data' in answer ? answer.data : answer;
  const box = $('result');
  box.dataset.outcome = 'success';
  const title = el('h3', { class: 'result-title ok', tabindex: '-1', text: (data && data.status) || (input.op === 'invite' ? 'Invitations sent' : 'Cancellation sent') });
  const parts = [title];
  const guests = asArray(data && data.guestEmails);
  parts.push(el('p', {}, `Scenario ${data && data.scenario ? data.scenario : input.scenario}, room `, el('code', { text: input.roomId }), '.'));
  parts.push(el('p', { class: 'label', text: guests.length ? `Guests of the room now (${guests.length}):` : 'The room has no guests now.' }));
  if (guests.length) parts.push(list(guests, 'result-guests'));
  const removed = asArray(data && data.removedGuests);
  if (removed.length) parts.push(el('p', {}, `Removed from the guests: ${removed.join(', ')}.`));
  const attendees = asArray(data && data.attendees).filter((a) => a && typeof a === 'object');
  if (attendees.length) {
    parts.push(el('p', { class: 'label', text: 'People concerned:' }));
    parts.push(list(attendees.map((a) => {
      const who = a.displayName ? `${a.displayName} <${a.email}>` : a.email || a.userId || '?';
      return `${who}: ${a.guest ? 'guest' : 'Rainbow user'}${a.addedToRoom ? ', added to the room' : ''}${a.removedFromGuests ? ', removed from the guests' : ''}`;
    }), 'attendees'));
  }
  const invalid = asArray(data && (data.invalidUsers ?? (data.failed && data.failed.invalidUsers)));
  if (invalid.length) parts.push(el('p', { class: 'warn' }, `Not found by the server, so not notified: ${invalid.join(', ')}.`));
  parts.push(el('details', {}, el('summary', { text: 'Full answer' }), el('pre', { class: 'raw', text: JSON.stringify(answer, null, 2) })));
  box.replaceChildren(...parts);
  return title;
}

function apiWords(e) {
  const s = e.status;
  const dc = e.errorDetailsCode;
  if (s === 404 && dc === 404001) return ['Room not found', 'Check the room id. The mock’s rooms are listed under “Rooms and users of the mock”.'];
  if (s === 404 && dc === 404000) return ['Conference not found', 'This room has no such conference: leave the conference id empty to use the room’s own, or pick a room with a conference.'];
  if (s === 400 && dc === 400000) return ['Invalid identifier', 'An id must be 24 hexadecimal characters.'];
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

function renderError(e, input) {
  const box = $('result');
  box.dataset.outcome = 'error';
  const name = e && e.name ? e.name : 'Error';
  let title;
  let explain;
  let advice = '';
  const facts = [];
  switch (name) {
    case 'RainbowValidationError':
      title = 'Not sent: the request is not valid';
      explain = 'Nothing was sent. Fix the problems marked in the form.';
      break;
    case 'RainbowApiError': {
      [title, advice] = apiWords(e);
      const text = e.errorMsg ? `${e.status} ${e.errorMsg}` : `${e.status}`;
      explain = `The server answered ${text}`;
      if (typeof e.errorDetails === 'string' && e.errorDetails) explain += `: “${e.errorDetails}”`;
      explain += '.';
      break;
    }
    case 'RainbowNetworkError':
      title = 'Could not reach the server';
      explain = `No answer came from ${input.options.baseUrl || location.origin}.`;
      advice = 'The server may be down, the address wrong, or the server does not allow requests from this page (CORS).';
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
  const heading = el('h3', { class: 'result-title bad', tabindex: '-1', text: title });
  const parts = [heading, el('p', { class: 'explain', text: explain })];
  if (advice) parts.push(el('p', { class: 'advice', text: advice }));
  if (name === 'RainbowValidationError' && Array.isArray(e.errors)) {
    parts.push(list(e.errors.map((i) => el('span', {}, el('code', { text: i.path }), ': ', ...rich(i.message))), 'issues-list'));
  }
  facts.push(['Error', `${name}${e && e.code ? ` (${e.code})` : ''}`]);
  if (e && e.status !== undefined) facts.push(['HTTP status', `${e.status}${e.errorMsg ? ` ${e.errorMsg}` : ''}`]);
  if (e && e.errorCode !== undefined) facts.push(['Rainbow error code', String(e.errorCode)]);
  if (e && e.errorDetailsCode !== undefined) facts.push(['Rainbow details code', String(e.errorDetailsCode)]);
  if (e && e.errorDetails !== undefined && typeof e.errorDetails !== 'string') facts.push(['Rainbow details', JSON.stringify(e.errorDetails)]);
  if (e && e.requestId) facts.push(['Request id', e.requestId]);
  if (e && e.body && typeof e.body === 'string') facts.push(['Body', e.body.length > 300 ? `${e.body.slice(0, 300)}…` : e.body]);
  if (e && e.message) facts.push(['Message', e.message]);
  parts.push(el('dl', { class: 'facts' }, facts.map(([k, v]) => [el('dt', { text: k }), el('dd', {}, ...rich(v))])));
  box.replaceChildren(...parts);
  return heading;
}

async function send(event) {
  event.preventDefault();
  if (busy || !lib) return;
  commitToken();
  const state = validate();
  if (!state.result.valid) {
    const first = form.querySelector('[aria-invalid="true"]');
    $('validity').textContent = `Not sent: ${state.result.errors.length} problem${state.result.errors.length > 1 ? 's' : ''} to fix first.`;
    (first || $('general-issues')).focus?.();
    return;
  }
  const { input } = state;
  controller = new AbortController();
  setBusy(true);
  let heading;
  try {
    const call = input.op === 'invite' ? lib.sendUsersJoinRoomInvitation : lib.sendUserRoomInvitationCancelation;
    const answer = await call(input.roomId, input.body, { ...input.options, signal: controller.signal });
    heading = renderSuccess(answer, input);
  } catch (e) {
    heading = renderError(e, input);
  } finally {
    controller = null;
    setBusy(false);
  }
  heading.focus();
  if (target() === 'mock') await refreshMock();
}

// ---- the mock panel ---------------------------------------------------------------------------

async function refreshMock() {
  if (target() !== 'mock') return;
  try {
    const res = await fetch('/mock/state', { cache: 'no-store' });
    if (!res.ok) throw new Error(`GET /mock/state answered ${res.status}`);
    mockState = await res.json();
  } catch (e) {
    mockState = null;
    $('mock-room').replaceChildren(el('p', { class: 'warn', text: `Could not read the mock’s state: ${e.message}` }));
    return;
  }
  renderMock();
}

function userLabel(id) {
  const u = mockState.users.find((x) => x.id === id);
  return u ? u.name : id;
}

function renderMock() {
  if (!mockState) return;
  const roomId = $('roomId').value.trim().toLowerCase();
  const room = mockState.rooms.find((r) => r.id === roomId);
  const box = $('mock-room');
  if (!room) {
    box.replaceChildren(el('h3', { text: 'Room' }), el('p', { class: 'muted', text: `The mock has no room with the id “${roomId}”.` }));
  } else {
    box.replaceChildren(
      el('h3', { id: 'mock-room-title', text: `Room “${room.name}”` }),
      el('p', {}, 'Conference id: ', room.conference ? el('code', { text: room.conference.confId }) : 'none',
        room.conference && !room.conference.scheduled ? ' (instant meeting)' : ''),
      el('p', { class: 'label', text: 'Members:' }),
      list(room.members.map((m) => `${userLabel(m.userId)} (${m.privilege}, ${m.status === 'accepted' ? 'active' : m.status})`), 'members'),
      el('p', { class: 'label', id: 'guest-list-label', text: `Guests (${room.guestEmails.length}):` }),
      room.guestEmails.length
        ? el('ul', { id: 'guest-list', class: 'guest-list', 'aria-labelledby': 'guest-list-label' }, room.guestEmails.map((g) => el('li', { text: g })))
        : el('p', { id: 'guest-list', class: 'muted', text: 'No guests.' }),
    );
  }
  const rows = [...mockState.outbox].reverse().map((m) => el('tr', { class: m.seq > seenSeq ? 'new' : undefined, 'data-kind': m.kind },
    el('td', { 'data-label': '#', text: String(m.seq) }),
    el('td', { 'data-label': 'Kind' }, el('span', { class: `kind ${m.kind}`, text: m.kind === 'mail' ? 'e-mail' : 'XMPP' })),
    el('td', { 'data-label': 'To', class: 'to', text: m.kind === 'xmpp' ? `${userLabel(m.to)}` : m.to }),
    el('td', { 'data-label': 'Template', text: m.template }),
    el('td', { 'data-label': 'Lang', text: m.lang || '' }),
  ));
  seenSeq = mockState.outbox.reduce((n, m) => Math.max(n, m.seq), 0);
  const tbody = $('outbox').tBodies[0];
  tbody.replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colspan: '5', class: 'muted', text: 'Nothing sent yet.' }))]));
  $('outbox-count').textContent = `(${mockState.outbox.length})`;

  $('room-list').replaceChildren(...mockState.rooms.map((r) => el('option', { value: r.id, label: r.name })));
  $('mock-directory').replaceChildren(
    el('h4', { text: 'Rooms' }),
    el('ul', { class: 'directory-list' }, mockState.rooms.map((r) => el('li', {},
      el('button', { type: 'button', class: 'link', onclick: () => { $('roomId').value = r.id; onChange(); $('roomId').focus(); } }, `Use “${r.name}”`),
      ' ', el('code', { text: r.id }),
    )),
    el('li', {}, 'Unknown room (for a 404): ', el('code', { text: '56f42c1914e2a8a91b99e599' }))),
    el('h4', { text: 'Users' }),
    el('ul', { class: 'directory-list' }, mockState.users.map((u) => el('li', {},
      `${u.name}${u.id === mockState.callerId ? ' (you)' : ''}: `, el('code', { text: u.email }), ' ', el('code', { text: u.id }),
    ))),
  );
}

async function resetMock() {
  await fetch('/mock/reset', { method: 'POST' });
  seenSeq = 0;
  await refreshMock();
  $('validity').textContent = 'The mock is back to its first state.';
}

// ---- wiring ------------------------------------------------------------------------------------

function onChange() {
  updateVisibility();
  validate();
  if (mockState) renderMock();
}

form.addEventListener('input', (e) => {
  if (e.target.id === 'token') return; // committed on change / Enter
  onChange();
});
form.addEventListener('change', (e) => {
  if (e.target.id === 'token') { commitToken(); validate(); return; }
  if (e.target.name === 'target') { onChange(); refreshMock(); return; }
  onChange();
});
$('token').addEventListener('keydown', (e) => {
  if (e.key === 'Enter') { e.preventDefault(); commitToken(); validate(); }
});
$('token-forget').addEventListener('click', forgetToken);
$('stop').addEventListener('click', () => controller && controller.abort());
form.addEventListener('submit', send);
$('mock-refresh').addEventListener('click', refreshMock);
$('mock-reset').addEventListener('click', resetMock);

async function boot() {
  updateVisibility();
  renderPreview();
  refreshMock();
  const status = $('load-status');
  try {
    const mod = await import(PACKAGE_URL);
    await mod.ready();
    lib = mod;
    status.textContent = 'Package loaded: requests are checked as you type.';
    status.className = 'load-status ok';
  } catch (e) {
    status.textContent = `Could not load the package from ${PACKAGE_URL} (${e.message}). Build it with “make build”, then reload this page.`;
    status.className = 'load-status bad';
    $('send').disabled = true;
    $('preview').textContent = 'The package is not loaded.';
    return;
  }
  validate();
  document.documentElement.dataset.ready = 'true';
}

boot();
