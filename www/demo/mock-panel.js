// "Inside the mock server": what the mock holds now, read from GET /mock/state after every call
// and on Refresh: the chosen room (conference, members, guests), the outbox of every e-mail and
// XMPP event the real server would have sent (newest first, the new ones highlighted), and the
// mock's rooms and users. Long guest lists and outboxes show their first entries and a count.

import { $, el, boundedList, isOpen, moreLine, number, LIMIT } from './dom.js';
import { target } from './form.js';

let mockState = null;
let seenSeq = 0; // the last outbox entry seen, to highlight the new ones

/** Reads the mock's state, then shows it. */
/** Reads the mock's state again and shows it; false when it could not be read. */
export async function refreshMock() {
  if (target() !== 'mock') return false;
  try {
    const res = await fetch('/mock/state', { cache: 'no-store' });
    if (!res.ok) throw new Error(`GET /mock/state answered ${res.status}`);
    mockState = await res.json();
  } catch (e) {
    mockState = null;
    $('mock-room').replaceChildren(el('p', { class: 'warn', text: `Could not read the mock’s state: ${e.message}` }));
    return false;
  }
  renderMock();
  return true;
}

/** Takes the mock back to its seed, then shows it; throws when the mock could not be reset. */
export async function resetMock() {
  const res = await fetch('/mock/reset', { method: 'POST' });
  if (!res.ok) throw new Error(`POST /mock/reset answered ${res.status}`);
  seenSeq = 0;
  await refreshMock();
}

function userLabel(id) {
  const u = mockState.users.find((x) => x.id === id);
  return u ? u.name : id;
}

function renderRoom() {
  const roomId = $('roomId').value.trim().toLowerCase();
  const room = mockState.rooms.find((r) => r.id === roomId);
  const box = $('mock-room');
  if (!room) {
    box.replaceChildren(el('h3', { text: 'Room' }), el('p', { class: 'muted', text: `The mock has no room with the id “${roomId}”.` }));
    return;
  }
  const members = room.members.map((m) => `${userLabel(m.userId)} (${m.privilege}, ${m.status === 'accepted' ? 'active' : m.status})`);
  box.replaceChildren(
    el('h3', { id: 'mock-room-title', text: `Room “${room.name}”` }),
    el('p', {}, 'Conference id: ', room.conference ? el('code', { text: room.conference.confId }) : 'none',
      room.conference && !room.conference.scheduled ? ' (instant meeting)' : ''),
    el('p', { class: 'label', text: 'Members:' }),
    el('ul', { class: 'members' }, members.map((t) => el('li', { text: t }))),
    el('p', { class: 'label', id: 'guest-list-label', text: `Guests (${number(room.guestEmails.length)}):` }),
    room.guestEmails.length
      ? boundedList('mock-guests', room.guestEmails, { noun: 'guest', label: 'Guests of the room', attrs: { id: 'guest-list', class: 'guest-list', 'aria-labelledby': 'guest-list-label' } })
      : el('p', { id: 'guest-list', class: 'muted', text: 'No guests.' }),
  );
}

function renderOutbox() {
  const all = [...mockState.outbox].reverse();
  const open = isOpen('outbox');
  const rows = (open ? all : all.slice(0, LIMIT)).map((m) => el('tr', { class: m.seq > seenSeq ? 'new' : undefined, 'data-kind': m.kind },
    // New since the last call: said in words too, not by the row's tint alone.
    el('td', { 'data-label': '#' }, String(m.seq), m.seq > seenSeq && el('span', { class: 'new-badge', text: ' new' })),
    el('td', { 'data-label': 'Kind' }, el('span', { class: `kind ${m.kind}`, text: m.kind === 'mail' ? 'e-mail' : 'XMPP' })),
    el('td', { 'data-label': 'To', class: 'to', text: m.kind === 'xmpp' ? `${userLabel(m.to)}` : m.to }),
    el('td', { 'data-label': 'Template', text: m.template }),
    el('td', { 'data-label': 'Lang', text: m.lang || '' }),
  ));
  $('outbox').tBodies[0].replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colspan: '5', class: 'muted', text: 'Nothing sent yet.' }))]));
  $('outbox-wrap').classList.toggle('scrolls', open && all.length > LIMIT);
  $('outbox-count').textContent = `(${number(mockState.outbox.length)})`;
  $('outbox-more').replaceChildren(moreLine('outbox', all.length, ['entry', 'entries'], renderOutbox) ?? '');
}

/** Puts a room of the directory in the form as if typed: the form's input listener does the rest. */
function useRoom(id) {
  const input = $('roomId');
  input.value = id;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.focus();
}

function renderDirectory() {
  $('room-list').replaceChildren(...mockState.rooms.map((r) => el('option', { value: r.id, label: r.name })));
  $('mock-directory').replaceChildren(
    // The heading its two lists sit under in the page's outline (the summary shows its words).
    el('h3', { class: 'visually-hidden', text: 'The mock’s rooms and users' }),
    el('h4', { text: 'Rooms' }),
    el('ul', { class: 'directory-list' }, mockState.rooms.map((r) => el('li', {},
      el('button', { type: 'button', class: 'link', onclick: () => useRoom(r.id) }, `Use “${r.name}”`),
      ' ', el('code', { text: r.id }),
    )),
    el('li', {}, 'Unknown room (for a 404): ', el('code', { text: '56f42c1914e2a8a91b99e599' }))),
    el('h4', { text: 'Users' }),
    el('ul', { class: 'directory-list' }, mockState.users.map((u) => el('li', {},
      `${u.name}${u.id === mockState.callerId ? ' (you)' : ''}: `, el('code', { text: u.email }), ' ', el('code', { text: u.id }),
    ))),
  );
}

/** Draws the panel from the last state read; the outbox's new entries are seen from now on. */
export function renderMock() {
  if (!mockState) return;
  renderRoom();
  renderOutbox();
  seenSeq = mockState.outbox.reduce((n, m) => Math.max(n, m.seq), 0);
  renderDirectory();
}
