// Checking the form with the package's own validation (validateJoinInvitation,
// validateCancelation) and showing what it found: each problem at its field in the form's words
// (words.js), notes apart from errors, the line by the Send button, and the Send button's look.
// A "required" problem waits until its field has been touched or Send has been pressed, so a
// fresh page is not red before anyone typed. The problems of the field being typed in wait until
// it is left (or Send is pressed), unless it already showed some when the focus came to it: a
// half-typed address is not an error yet, and a fix is seen as soon as it is made.

import { $, el, number, plural } from './dom.js';
import { form, LABELS, SCENARIO_NAMES } from './form.js';
import { describe } from './words.js';

const touched = new Set();
let revealed = false;
let quiet = null; // the field being typed in whose problems wait until it is left

/** Marks a field as touched (typed in, or left): its "required" problems show from now on. True if new. */
export function touch(name) {
  if (touched.has(name)) return false;
  touched.add(name);
  return true;
}
/** Send was pressed: every problem shows from now on. */
export const revealAll = () => { revealed = true; quiet = null; };

/** The focus came to a field one types in: its problems wait unless it shows some already. */
export function enterField(name, showsProblems) {
  quiet = showsProblems ? null : name;
}
/** The focus left a field: true if it had problems waiting, which show from now on. */
export function leaveField(name) {
  if (quiet !== name) return false;
  quiet = null;
  return true;
}

/**
 * The package's verdict on `input`, plus the page's own rule that another server needs an address
 * (the mock's is always set, by readInput: only "Another server" can leave it out).
 */
export function check(lib, input) {
  const fn = input.op === 'invite' ? lib.validateJoinInvitation : lib.validateCancelation;
  let result;
  try {
    result = fn(input.roomId, input.body, input.options);
  } catch (e) {
    result = { valid: false, errors: [{ path: '', code: e.code || 'exception', message: e.message }], warnings: [], path: null, request: null };
  }
  const errors = [...result.errors];
  if (!input.options.baseUrl) {
    errors.unshift({ path: 'options.baseUrl', code: 'required', message: 'Enter the address of the server.' });
  }
  return { ...result, valid: result.valid && errors.length === 0, errors };
}

// At most this many problems are listed under one field; a count stands for the rest.
const PER_FIELD = 10;

function clearIssues() {
  for (const ul of form.querySelectorAll('.issues')) ul.replaceChildren();
  for (const c of form.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
}

function issueItem(issue, said, severity) {
  const li = el('li', { class: `issue ${severity}`, 'data-code': issue.code, 'data-path': issue.path });
  li.append(el('span', { class: 'badge', text: severity === 'error' ? 'Error' : 'Note' }), ' ');
  if (said.line !== null) li.append(el('strong', { text: `Line ${said.line}: ` }));
  else if (said.shownElsewhere) li.append(el('strong', { text: `${LABELS[said.name]}: ` }));
  li.append(said.text);
  return li;
}

/** The note under Scenario naming the filled fields this scenario leaves out of the request. */
function unsentNote(input) {
  if (!input.unsent.length) return null;
  const how = input.op === 'invite' ? `An invitation of the ${SCENARIO_NAMES[input.scenario]} scenario` : `Cancelling a ${SCENARIO_NAMES[input.scenario]} invitation`;
  const names = input.unsent.map((n) => LABELS[n]).join(', ');
  return el('li', { class: 'issue warning', 'data-code': 'unsent_fields' },
    el('span', { class: 'badge', text: 'Note' }), ' ',
    `Not sent: ${names}. ${how} doesn’t use ${input.unsent.length > 1 ? 'them' : 'it'}; `,
    `${input.unsent.length > 1 ? 'they stay' : 'it stays'} filled in for when you switch back.`);
}

/**
 * Shows `checked` (from check) on the form. Returns { shown, hidden, notes }: the errors shown,
 * the names of the fields whose only problems wait for a touch, and the number of notes.
 */
export function showIssues(checked, input) {
  clearIssues();
  const perList = new Map();
  const add = (listId, li) => {
    const n = (perList.get(listId) ?? 0) + 1;
    perList.set(listId, n);
    if (n <= PER_FIELD) $(listId).append(li);
  };
  let shown = 0;
  const hidden = [];
  const place = (issue, severity) => {
    const said = describe(issue, input);
    const wrapper = said.name && form.querySelector(`.field[data-field="${said.name}"]`);
    const visible = wrapper && !wrapper.hidden;
    // No recipient at all is a problem of both lists: touching either one shows it.
    const seen = touched.has(said.name) || (issue.code === 'no_recipients' && touched.has('users'));
    if (severity === 'error' && ((said.missing && !revealed && !seen) || said.name === quiet)) {
      if (!hidden.includes(said.name)) hidden.push(said.name);
      return;
    }
    said.shownElsewhere = !visible && said.name !== null;
    add(visible ? `${said.name}-issues` : 'general-issues', issueItem(issue, said, severity));
    if (severity === 'error') {
      shown++;
      if (visible) $(said.name).setAttribute('aria-invalid', 'true');
    }
  };
  for (const issue of checked.errors) place(issue, 'error');
  for (const issue of checked.warnings) place(issue, 'warning');
  const note = unsentNote(input);
  if (note) $('scenario-issues').append(note);
  for (const [listId, n] of perList) {
    if (n > PER_FIELD) $(listId).append(el('li', { class: 'issue more-issues', text: `… and ${number(n - PER_FIELD)} more in this box.` }));
  }
  return { shown, hidden, notes: checked.warnings.length + (note ? 1 : 0) };
}

/**
 * The line by the Send button and the button's look: "aria-disabled" (still focusable, so that
 * pressing it shows what is missing) while the request can't be sent. `counts` (from showIssues)
 * is not read while `busy`.
 */
export function showValidity(checked, counts, { busy, justSent }) {
  const send = $('send');
  send.setAttribute('aria-disabled', String(!checked.valid));
  if (busy) return say('', 'Sending… the answer will show under Result.');
  const notes = counts.notes ? ` ${plural(counts.notes, 'note')} below.` : '';
  if (checked.valid) {
    say('ok', justSent ? `Sent: see the Result. Sending again would send it a second time.${notes}` : `Ready to send.${notes}`);
  } else if (counts.shown) {
    say('bad', `${plural(counts.shown, 'problem')} to fix before sending.${notes}`);
  } else {
    const names = counts.hidden.map((n) => LABELS[n] || 'the form');
    say('', `Fill in ${names.join(' and ') || 'the form'} to send.${notes}`);
  }
}

/**
 * Sets the line by the Send button, with its look (`ok`, `bad` or none), only when it changes: it
 * is a live region, which a screen reader may read again at every rewrite, and validation runs
 * at each keystroke.
 */
export function say(look, text) {
  const v = $('validity');
  v.className = look ? `validity ${look}` : 'validity';
  if (v.textContent !== text) v.textContent = text;
}
