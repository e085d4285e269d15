// Reading the form: which fields each operation and scenario sends, the fields' labels as the
// page shows them, the values turned into the package's arguments (roomId, body, options), and
// the filled fields that the chosen scenario leaves out. Also shows the fields that apply to the
// chosen operation, scenario and server, and hides the others.

import { $ } from './dom.js';

export const form = $('request-form');

// The body fields each (operation, scenario) sends, as the README's Request bodies table says.
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

/** Each field's name in the form's words (the label a person sees). */
export const LABELS = {
  baseUrl: 'Base URL',
  token: 'Token',
  timeoutMs: 'Timeout',
  scenario: 'Scenario',
  roomId: 'Room id',
  emails: 'E-mail addresses',
  users: 'Rainbow user ids',
  confId: 'Conference id',
  lang: 'Language of the e-mails',
  instantMessage: 'Message for an instant meeting',
  noMail: 'Send no e-mail',
  update: 'The meeting was updated',
};

export const SCENARIO_NAMES = { chat: 'Chat', 'pstn-conference': 'Phone conference', 'video-conference': 'Video conference' };

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

const radio = (name) => form.querySelector(`input[name="${name}"]:checked`).value;
export const target = () => radio('target');
const operation = () => radio('operation');

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

/** Whether a body field holds something: a ticked box, or text other than spaces. */
function filled(name) {
  const control = $(name);
  return control.type === 'checkbox' ? control.checked : control.value.trim() !== '';
}

/**
 * The form as the package's arguments: { op, scenario, roomId, body, options, lists, unsent }.
 * `lists` keeps each list's entries with their line numbers; `unsent` names the filled fields
 * this operation and scenario don't send (they stay in the form for a switch back).
 */
export function readInput({ token, correlationId }) {
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
  const options = { correlationId };
  if (target() === 'mock') options.baseUrl = location.origin;
  else if ($('baseUrl').value.trim()) options.baseUrl = $('baseUrl').value.trim();
  if (target() === 'custom' && token !== null) options.token = token;
  const t = $('timeoutMs').value.trim();
  if (t) options.timeoutMs = /^\d+$/.test(t) ? Number(t) : t;
  const unsent = BODY_FIELDS.filter((name) => !used.includes(name) && filled(name));
  return { op, scenario, roomId: $('roomId').value.trim(), body, options, lists, unsent };
}

/** Shows the fields the chosen operation, scenario and server use, with their hints. */
export function updateVisibility() {
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
}

/** The Send button's words for the chosen operation. */
export const sendLabel = () => (operation() === 'invite' ? 'Send invitations' : 'Send cancellation');
