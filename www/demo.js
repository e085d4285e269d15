// The demo page: a form over the package's browser entry, as a user's app would load it. This
// file loads the package and wires the page together: checking as the person types, sending,
// and the mock panel. The parts live in demo/: form.js (reading the form), token.js, words.js
// (the package's issues in the form's words), validation.js (showing them), preview.js ("What
// will be sent"), result.js (the Result panel), mock-panel.js, dom.js (helpers).
// The package is imported dynamically so that a missing build is reported on the page.

import { $, plural, watchScrollStops } from './demo/dom.js';
import { form, readInput, sendLabel, target, updateVisibility } from './demo/form.js';
import { commitToken, forgetToken, getToken } from './demo/token.js';
import { check, enterField, leaveField, revealAll, showIssues, showValidity, touch } from './demo/validation.js';
import { renderPreview } from './demo/preview.js';
import { hideTokenWith, markStale, renderError, renderSending, renderSuccess } from './demo/result.js';
import { refreshMock, renderMock, resetMock } from './demo/mock-panel.js';

const PACKAGE_URL = '/pkg/browser.js';

let lib = null;
let busy = false;
let controller = null;
let lastSent = null; // the last request that succeeded, to say so rather than "Ready to send"

/** A fresh x-rainbow-correlation-id for each request, chosen here so the preview can show it. */
function freshId() {
  try {
    return crypto.randomUUID();
  } catch {
    return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
  }
}
let correlationId = freshId();

/** What identifies a request apart from its correlation id: equal keys send the same thing. */
const requestKey = (input) => JSON.stringify([input.op, input.roomId, input.body, input.options.baseUrl]);

/** Checks the form and shows the verdict; returns { input, checked }, or null before the package loads. */
function validate() {
  if (!lib) return null;
  const input = readInput({ token: getToken(), correlationId });
  const state = { input, checked: check(lib, input) };
  const counts = showIssues(state.checked, input);
  showValidity(state.checked, counts, { busy, justSent: lastSent === requestKey(input) });
  renderPreview(state);
  return state;
}

function setBusy(on) {
  busy = on;
  const send = $('send');
  // Disabled, Send loses the focus: it goes to "Stop waiting", which replaces it meanwhile.
  const focused = document.activeElement === send;
  send.disabled = on;
  send.classList.toggle('busy', on);
  send.textContent = on ? 'Sending…' : sendLabel();
  form.setAttribute('aria-busy', String(on));
  $('result').setAttribute('aria-busy', String(on));
  $('stop').hidden = !on;
  if (on && focused) $('stop').focus();
}

async function send(event) {
  event.preventDefault();
  if (busy || !lib) return;
  commitToken();
  revealAll();
  const state = validate();
  if (!state.checked.valid) {
    $('validity').textContent = `Not sent: ${plural(state.checked.errors.length, 'problem')} to fix first.`;
    form.querySelector('[aria-invalid="true"]')?.focus();
    return;
  }
  const { input } = state;
  controller = new AbortController();
  setBusy(true);
  renderSending(input);
  showValidity(state.checked, null, { busy: true });
  let heading;
  try {
    const call = input.op === 'invite' ? lib.sendUsersJoinRoomInvitation : lib.sendUserRoomInvitationCancelation;
    const answer = await call(input.roomId, input.body, { ...input.options, signal: controller.signal });
    heading = renderSuccess(answer, input);
    lastSent = requestKey(input);
  } catch (e) {
    heading = renderError(e, input);
  } finally {
    controller = null;
    correlationId = freshId();
    setBusy(false);
  }
  validate();
  heading.focus();
  if (target() === 'mock') await refreshMock();
}

function onChange() {
  updateVisibility();
  if (!busy) $('send').textContent = sendLabel();
  validate();
  renderMock();
}

// A field is touched once typed in or left: its "required" problems show from then on.
form.addEventListener('input', (e) => {
  if (e.target.id === 'token') return; // committed on change / Enter
  if (e.target.name) touch(e.target.name);
  onChange();
});
// The problems of a field one types in wait until it is left (see validation.js).
form.addEventListener('focusin', (e) => {
  if (!e.target.name || e.target.id === 'token' || !e.target.matches('textarea, input:not([type=radio], [type=checkbox])')) return;
  enterField(e.target.name, e.target.getAttribute('aria-invalid') === 'true');
});
form.addEventListener('focusout', (e) => {
  if (!e.target.name || e.target.type === 'radio') return;
  const waited = leaveField(e.target.name);
  if (touch(e.target.name) || waited) validate();
});
form.addEventListener('change', (e) => {
  if (e.target.id === 'token') { commitToken(); validate(); return; }
  if (e.target.name === 'target') { onChange(); refreshMock(); return; }
  onChange();
});
$('token').addEventListener('keydown', (e) => {
  if (e.key === 'Enter') { e.preventDefault(); commitToken(); validate(); }
});
$('token-forget').addEventListener('click', () => { forgetToken(); validate(); });
$('stop').addEventListener('click', () => controller && controller.abort());
form.addEventListener('submit', send);
// What the mock's buttons did, said beside them.
const mockStatus = (text) => ($('mock-status').textContent = text);
$('mock-refresh').addEventListener('click', async () => {
  mockStatus('');
  mockStatus((await refreshMock()) ? 'Read again just now.' : 'Could not read the mock’s state: is the demo server still running?');
});
$('mock-reset').addEventListener('click', async () => {
  mockStatus('');
  try {
    await resetMock();
  } catch (e) {
    mockStatus(`Could not reset the mock (${e.message}): is the demo server still running?`);
    return;
  }
  markStale('the mock was reset after this answer; the room, its guests and the outbox are back to their first state (see “Inside the mock server”).');
  lastSent = null;
  validate();
  mockStatus('The mock is back to its first state.');
});

async function boot() {
  watchScrollStops();
  updateVisibility();
  $('send').textContent = sendLabel();
  renderPreview(null);
  refreshMock();
  const status = $('load-status');
  try {
    const mod = await import(PACKAGE_URL);
    await mod.ready();
    // The package scrubs the token from its errors, not from a success: the page does it there.
    hideTokenWith((await import(new URL('errors.js', new URL(PACKAGE_URL, location.href)).href)).scrub);
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
