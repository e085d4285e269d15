// The mock Rainbow server's API semantics: each scenario's effect on the room state and on the
// outbox, and each Rainbow-style error.
import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startMockServer, SEED } from '../../www/mock-server.mjs';

const API = '/api/rainbow/enduser/v1.0/rooms/';
const [ALICE, BOB, CAROL, DAVID, EVE] = SEED.users;

let mock;
before(async () => { mock = await startMockServer({ port: 0, quiet: true }); });
after(async () => { await mock.close(); });
beforeEach(() => mock.reset());

async function call(op, roomId, body, { headers = {}, raw } = {}) {
  const res = await fetch(`${mock.url}${API}${roomId}/invitations${op === 'cancel' ? '/cancel' : ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/xml', ...headers },
    body: raw !== undefined ? raw : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, text, json };
}
const invite = (body, roomId = SEED.roomId, o) => call('invite', roomId, body, o);
const cancel = (body, roomId = SEED.roomId, o) => call('cancel', roomId, body, o);
const room = (id = SEED.roomId) => mock.state.rooms.find((r) => r.id === id);
const outbox = (filter = {}) => mock.state.outbox.filter((e) => Object.entries(filter).every(([k, v]) => e[k] === v));

describe('SEED', () => {
  test('exposes the ids the other suites rely on', () => {
    assert.equal(SEED.roomId, '56f42c1914e2a8a91b99e595');
    for (const id of [SEED.roomId, SEED.forbiddenRoomId, SEED.unknownRoomId, SEED.confId, SEED.callerId, ...SEED.users.map((u) => u.id)]) {
      assert.match(id, /^[0-9a-f]{24}$/);
    }
    assert.ok(SEED.guestEmails.includes('guest2@mycompany'));
    assert.ok(SEED.users.length >= 4 && SEED.users.every((u) => u.id && u.email && u.name));
    assert.notEqual(SEED.forbiddenRoomId, SEED.roomId);
    assert.ok(!SEED.rooms.some((r) => r.id === SEED.unknownRoomId));
    assert.ok(Object.isFrozen(SEED) && Object.isFrozen(SEED.users[0]));
  });

  test('the seeded state matches SEED and the caller is not in the forbidden room', () => {
    assert.deepEqual(room().guestEmails, ['guest1@mycompany.com', 'guest2@mycompany']);
    assert.equal(room().conference.confId, SEED.confId);
    assert.ok(room().members.some((m) => m.userId === SEED.callerId));
    assert.ok(!room(SEED.forbiddenRoomId).members.some((m) => m.userId === SEED.callerId));
    assert.deepEqual(mock.state.outbox, []);
  });
});

describe('invite: chat', () => {
  test('unknown e-mails become guests with a mail; known e-mails join the room; users are ignored', async () => {
    const r = await invite({ scenario: 'chat', emails: ['ada@example.com', ' Carol.Smith@mycompany.com '], users: [BOB.id, 'nonsense'], lang: 'fr' });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('x-rainbow-request-id'), /^[0-9a-f]{24}$/);
    const d = r.json.data;
    assert.equal(d.scenario, 'chat');
    assert.equal(d.status, 'Invitations successfully sent');
    assert.deepEqual(d.guestEmails, ['guest1@mycompany.com', 'guest2@mycompany', 'ada@example.com']);
    assert.deepEqual(d.invalidUsers, [], 'chat ignores users, so none is invalid');
    assert.equal(d.confEndPoint, undefined);
    assert.deepEqual(d.attendees.map((a) => [a.email, a.guest]), [['carol.smith@mycompany.com', false], ['ada@example.com', true]]);

    assert.deepEqual(room().guestEmails, d.guestEmails);
    assert.deepEqual(room().members.find((m) => m.userId === CAROL.id), { userId: CAROL.id, privilege: 'user', status: 'invited' });

    const box = mock.state.outbox;
    assert.equal(box.length, 2);
    assert.deepEqual(
      box.map(({ kind, to, template, lang, roomId }) => ({ kind, to, template, lang, roomId })),
      [
        { kind: 'xmpp', to: CAROL.id, template: 'room-invitation', lang: 'fr', roomId: SEED.roomId },
        { kind: 'mail', to: 'ada@example.com', template: 'chat-guest-invitation', lang: 'fr', roomId: SEED.roomId },
      ],
    );
    assert.equal(box[1].requestId, r.headers.get('x-rainbow-request-id'));
  });

  test('an existing guest is not listed twice and an existing member is not re-invited', async () => {
    const r = await invite({ scenario: 'chat', emails: ['GUEST1@mycompany.com', BOB.email] });
    assert.equal(r.status, 200);
    assert.deepEqual(room().guestEmails, ['guest1@mycompany.com', 'guest2@mycompany']);
    assert.equal(room().members.length, SEED.rooms[0].members.length);
    // The guest is mailed again (a reminder); Bob, already a member, gets nothing.
    assert.deepEqual(mock.state.outbox.map((e) => [e.kind, e.to]), [['mail', 'GUEST1@mycompany.com']]);
  });

  test('users alone are no valid recipient for chat', async () => {
    const r = await invite({ scenario: 'chat', users: [BOB.id] });
    assert.equal(r.status, 400);
    assert.equal(r.json.errorDetailsCode, 400002);
    assert.deepEqual(mock.state.outbox, []);
  });
});

describe('invite: pstn-conference', () => {
  test('found users get a mail and an XMPP event, guests a mail with the phone numbers', async () => {
    const r = await invite({ scenario: 'pstn-conference', users: [BOB.id, SEED.unknownUserId, 'not-an-id'], emails: ['new.guest@example.org'], confId: SEED.confId });
    assert.equal(r.status, 200);
    const d = r.json.data;
    assert.deepEqual(d.invalidUsers, [SEED.unknownUserId, 'not-an-id']);
    assert.equal(d.confEndPoint.confId, SEED.confId);
    assert.ok(d.confEndPoint.phoneNumbers.length > 0);
    assert.ok(d.guestEmails.includes('new.guest@example.org'));
    const box = mock.state.outbox.map(({ kind, to, template, lang }) => ({ kind, to, template, lang }));
    assert.deepEqual(box, [
      { kind: 'mail', to: BOB.email, template: 'pstn-conference-invitation', lang: 'fr' },
      { kind: 'xmpp', to: BOB.id, template: 'conference-invitation', lang: 'fr' },
      { kind: 'mail', to: 'new.guest@example.org', template: 'pstn-conference-guest-invitation', lang: 'en' },
    ]);
    assert.deepEqual(mock.state.outbox[2].phoneNumbers, SEED.rooms[0].conference.phoneNumbers);
    assert.equal(mock.state.outbox[2].participantCode, SEED.rooms[0].conference.participantCode);
  });

  test('a user known only by e-mail is found and added to the room', async () => {
    const r = await invite({ scenario: 'pstn-conference', emails: [EVE.email] });
    assert.equal(r.status, 200);
    assert.ok(room().members.some((m) => m.userId === EVE.id && m.status === 'invited'));
    assert.deepEqual(mock.state.outbox.map((e) => e.template), ['room-invitation', 'pstn-conference-invitation', 'conference-invitation']);
    assert.ok(!room().guestEmails.includes(EVE.email));
  });

  test('noMail sends no mail but keeps the XMPP event and returns what custom mails need', async () => {
    const r = await invite({ scenario: 'pstn-conference', users: [BOB.id], emails: ['g@example.org'], noMail: true });
    assert.equal(r.status, 200);
    assert.equal(outbox({ kind: 'mail' }).length, 0);
    assert.deepEqual(outbox({ kind: 'xmpp' }).map((e) => e.to), [BOB.id]);
    assert.equal(r.json.data.noMail, true);
    assert.ok(r.json.data.confEndPoint.participantCode);
    assert.deepEqual(r.json.data.attendees.map((a) => a.email), [BOB.email, 'g@example.org']);
    assert.ok(room().guestEmails.includes('g@example.org'), 'guests are stored even without mails');
  });

  test('update switches the mail template', async () => {
    await invite({ scenario: 'pstn-conference', users: [BOB.id], update: true });
    assert.deepEqual(outbox({ kind: 'mail' }).map((e) => e.template), ['pstn-conference-update']);
  });

  test('an instant meeting sends no XMPP event (unscheduled room, or instantMessage given)', async () => {
    let r = await invite({ scenario: 'pstn-conference', users: [BOB.id] }, SEED.instantRoomId);
    assert.equal(r.status, 200);
    assert.equal(r.json.data.instantMeeting, true);
    assert.deepEqual(mock.state.outbox.map((e) => e.kind), ['mail']);
    mock.reset();
    r = await invite({ scenario: 'pstn-conference', users: [BOB.id], instantMessage: 'Join now please' });
    assert.equal(r.status, 200);
    assert.deepEqual(mock.state.outbox.map((e) => [e.kind, e.instantMessage]), [['mail', 'Join now please']]);
  });

  test('the user language wins over lang; lang is used when the user has none', async () => {
    await invite({ scenario: 'pstn-conference', users: [BOB.id, CAROL.id], lang: 'de' });
    const mails = outbox({ kind: 'mail' });
    assert.deepEqual(mails.map((m) => [m.to, m.lang]), [[BOB.email, 'fr'], [CAROL.email, 'de']]);
  });

  test('a confId that is not the room\'s is 404000; a malformed one is 400000', async () => {
    let r = await invite({ scenario: 'pstn-conference', users: [BOB.id], confId: 'aaaaaaaaaaaaaaaaaaaaaaaa' });
    assert.equal(r.status, 404);
    assert.equal(r.json.errorDetailsCode, 404000);
    r = await invite({ scenario: 'pstn-conference', users: [BOB.id], confId: 'xyz' });
    assert.equal(r.status, 400);
    assert.equal(r.json.errorDetailsCode, 400000);
    r = await invite({ scenario: 'pstn-conference', users: [CAROL.id] }, SEED.noConferenceRoomId);
    assert.equal(r.status, 404);
    assert.equal(r.json.errorDetailsCode, 404000);
    assert.deepEqual(mock.state.outbox, []);
    assert.ok(!room().members.some((m) => m.userId === CAROL.id), 'a failed call changes nothing');
  });
});

describe('invite: video-conference', () => {
  test('found users get an XMPP event, guests a mail', async () => {
    const r = await invite({ scenario: 'video-conference', users: [BOB.id], emails: ['v@example.org'] });
    assert.equal(r.status, 200);
    assert.equal(r.json.data.confEndPoint.mediaType, 'webrtc');
    assert.deepEqual(mock.state.outbox.map(({ kind, to, template }) => [kind, to, template]), [
      ['xmpp', BOB.id, 'video-conference-invitation'],
      ['mail', 'v@example.org', 'video-conference-guest-invitation'],
    ]);
    assert.ok(room().guestEmails.includes('v@example.org'));
  });

  test('only invalid users is no valid recipient', async () => {
    const r = await invite({ scenario: 'video-conference', users: ['123'], emails: ['no-at-sign'] });
    assert.equal(r.status, 400);
    assert.equal(r.json.errorCode, 400);
    assert.equal(r.json.errorMsg, 'Bad Request');
    assert.equal(r.json.errorDetailsCode, 400002);
  });
});

describe('cancel', () => {
  test('chat: removes the guest and tells active members the new list', async () => {
    const r = await cancel({ scenario: 'chat', emails: ['guest2@mycompany'] });
    assert.equal(r.status, 200);
    const d = r.json.data;
    assert.equal(d.status, 'Cancellation successfully sent');
    assert.deepEqual(d.guestEmails, ['guest1@mycompany.com']);
    assert.deepEqual(d.removedGuests, ['guest2@mycompany']);
    assert.deepEqual(room().guestEmails, ['guest1@mycompany.com']);
    // Alice and Bob are active; David is only invited.
    assert.deepEqual(mock.state.outbox.map(({ kind, to, template }) => [kind, to, template]), [
      ['xmpp', ALICE.id, 'room-guests-updated'],
      ['xmpp', BOB.id, 'room-guests-updated'],
    ]);
    assert.deepEqual(mock.state.outbox[0].guestEmails, ['guest1@mycompany.com']);
    assert.ok(!mock.state.outbox.some((e) => e.to === DAVID.id));
  });

  test('video-conference: same, case-insensitively; an address that is no guest changes nothing', async () => {
    let r = await cancel({ scenario: 'video-conference', emails: ['GUEST1@MYCOMPANY.COM'] });
    assert.equal(r.status, 200);
    assert.deepEqual(room().guestEmails, ['guest2@mycompany']);
    const events = mock.state.outbox.length;
    r = await cancel({ scenario: 'video-conference', emails: ['nobody@example.org'] });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.data.removedGuests, []);
    assert.equal(mock.state.outbox.length, events, 'nothing changed, nobody is told');
  });

  test('chat or video without e-mails is the documented 400', async () => {
    for (const body of [{ scenario: 'chat' }, { scenario: 'video-conference', users: [BOB.id] }, { scenario: 'chat', emails: [] }]) {
      const r = await cancel(body);
      assert.equal(r.status, 400);
      assert.equal(r.json.errorDetails, 'A list of emails is mandatory to revoke guests from a chat or video conference bubble.');
      assert.equal(r.json.errorDetailsCode, 400003);
    }
    assert.deepEqual(room().guestEmails, SEED.guestEmails);
  });

  test('pstn-conference (the default): mails everyone, removes guests, tells members', async () => {
    const r = await cancel({ users: [BOB.id, 'bad'], emails: ['guest1@mycompany.com'], lang: 'fr' });
    assert.equal(r.status, 200);
    assert.equal(r.json.data.scenario, 'pstn-conference');
    assert.deepEqual(r.json.data.invalidUsers, ['bad']);
    assert.deepEqual(room().guestEmails, ['guest2@mycompany']);
    assert.deepEqual(mock.state.outbox.map(({ kind, to, template, lang }) => [kind, to, template, lang]), [
      ['mail', BOB.email, 'pstn-conference-cancelation', 'fr'],
      ['mail', 'guest1@mycompany.com', 'pstn-conference-cancelation', 'fr'],
      ['xmpp', ALICE.id, 'room-guests-updated', 'en'],
      ['xmpp', BOB.id, 'room-guests-updated', 'fr'],
    ]);
  });

  test('pstn-conference with noMail: no mail, guest still removed', async () => {
    const r = await cancel({ scenario: 'pstn-conference', emails: ['guest2@mycompany'], noMail: true });
    assert.equal(r.status, 200);
    assert.equal(outbox({ kind: 'mail' }).length, 0);
    assert.deepEqual(room().guestEmails, ['guest1@mycompany.com']);
    assert.equal(outbox({ kind: 'xmpp' }).length, 2);
  });

  test('pstn-conference with no valid recipient is 400', async () => {
    const r = await cancel({ scenario: 'pstn-conference', users: ['nope'] });
    assert.equal(r.status, 400);
    assert.equal(r.json.errorDetailsCode, 400002);
  });
});

describe('errors', () => {
  test('400000 for a room id that is not 24 hexadecimal characters', async () => {
    for (const id of ['123', 'zzzzzzzzzzzzzzzzzzzzzzzz', '56f42c1914e2a8a91b99e5950']) {
      const r = await invite({ scenario: 'chat', emails: ['a@b.co'] }, id);
      assert.equal(r.status, 400, id);
      assert.deepEqual(r.json, { errorCode: 400, errorMsg: 'Bad Request', errorDetails: 'identifier must be alpha-numeric and have a length of 24 chars', errorDetailsCode: 400000 });
    }
  });

  test('404001 for an unknown room', async () => {
    const r = await cancel({ scenario: 'chat', emails: ['a@b.co'] }, SEED.unknownRoomId);
    assert.equal(r.status, 404);
    assert.deepEqual(r.json, { errorCode: 404, errorMsg: 'Not Found', errorDetails: `Room with id ${SEED.unknownRoomId} does not exist`, errorDetailsCode: 404001 });
    assert.match(r.headers.get('x-rainbow-request-id'), /^[0-9a-f]{24}$/);
  });

  test('403000 when the caller is not in the room', async () => {
    const r = await invite({ scenario: 'chat', emails: ['a@b.co'] }, SEED.forbiddenRoomId);
    assert.equal(r.status, 403);
    assert.equal(r.json.errorDetailsCode, 403000);
    assert.equal(r.json.errorDetails, `Access denied: user (${SEED.callerId}) is not registered inside the roomId(${SEED.forbiddenRoomId})`);
    assert.deepEqual(room(SEED.forbiddenRoomId).guestEmails, []);
  });

  test('400 for a JSON syntax error, a body that is not an object, a wrong type, a bad scenario', async () => {
    let r = await invite(undefined, SEED.roomId, { raw: '{"scenario": "chat",' });
    assert.equal(r.status, 400);
    assert.equal(r.json.errorDetailsCode, 400001);
    assert.match(r.json.errorDetails, /^Invalid JSON body/);
    r = await invite(['chat']);
    assert.equal(r.status, 400);
    assert.equal(r.json.errorDetailsCode, 400001);
    r = await invite({ scenario: 'chat', emails: [1] });
    assert.equal(r.status, 400);
    r = await invite({ scenario: 'pstn-conference', users: [BOB.id], noMail: 'true' });
    assert.equal(r.status, 400);
    assert.match(r.json.errorDetails, /noMail/);
    r = await invite({ scenario: 'meeting', emails: ['a@b.co'] });
    assert.equal(r.status, 400);
    assert.equal(r.json.errorDetailsCode, 400004);
    r = await invite({ emails: ['a@b.co'] });
    assert.equal(r.status, 400, 'invite has no default scenario');
    r = await invite({ scenario: 'chat', emails: ['a@b.co'] }, SEED.roomId, { headers: { 'content-type': 'text/plain' } });
    assert.equal(r.status, 400);
    assert.match(r.json.errorDetails, /Content-Type/);
    assert.deepEqual(room().guestEmails, SEED.guestEmails);
    assert.deepEqual(mock.state.outbox, []);
  });

  test('unknown routes are a Rainbow-style 404 and are recorded', async () => {
    const res = await fetch(`${mock.url}/api/rainbow/enduser/v1.0/rooms`, { method: 'POST' });
    const body = await res.json();
    assert.equal(res.status, 404);
    assert.equal(body.errorDetailsCode, 404002);
    const get = await fetch(`${mock.url}${API}${SEED.roomId}/invitations`);
    assert.equal(get.status, 405);
    assert.deepEqual(mock.requests.map((r) => [r.method, r.path]), [
      ['POST', '/api/rainbow/enduser/v1.0/rooms'],
      ['GET', `${API}${SEED.roomId}/invitations`],
    ]);
  });

  test('a body over 1 MiB is 413', async () => {
    const r = await invite({ scenario: 'chat', emails: ['a@b.co'], pad: 'x'.repeat(1100 * 1024) });
    assert.equal(r.status, 413);
    assert.equal(r.json.errorDetailsCode, 413000);
  });
});

describe('with a token', () => {
  let secured;
  const TOKEN = 'test-token-not-secret-1234';
  before(async () => { secured = await startMockServer({ port: 0, token: TOKEN }); });
  after(async () => { await secured.close(); });

  const post = (headers) => fetch(`${secured.url}${API}${SEED.roomId}/invitations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ scenario: 'chat', emails: ['t@example.org'] }),
  });

  test('401 without the Bearer token or with a wrong one; the token never appears in the answer', async () => {
    for (const headers of [{}, { authorization: 'Bearer nope' }, { authorization: TOKEN }, { authorization: `Basic ${TOKEN}` }]) {
      const res = await post(headers);
      const text = await res.text();
      assert.equal(res.status, 401);
      assert.equal(JSON.parse(text).errorCode, 401);
      assert.equal(JSON.parse(text).errorDetailsCode, 401000);
      assert.ok(!text.includes(TOKEN));
      assert.ok(res.headers.get('x-rainbow-request-id'));
    }
    assert.deepEqual(secured.state.rooms[0].guestEmails, SEED.guestEmails);
  });

  test('200 with the right token, and the request records the header', async () => {
    const res = await post({ authorization: `Bearer ${TOKEN}` });
    assert.equal(res.status, 200);
    assert.ok(secured.state.rooms[0].guestEmails.includes('t@example.org'));
    assert.equal(secured.requests.at(-1).headers.authorization, `Bearer ${TOKEN}`);
  });
});

describe('requests, state and reset', () => {
  test('every API request is recorded in order with lower-case headers, raw body and parsed JSON', async () => {
    await invite({ scenario: 'chat', emails: ['r1@example.org'] }, SEED.roomId, { headers: { 'X-Rainbow-Client': 'demo' } });
    await cancel(undefined, SEED.roomId, { raw: 'not json' });
    assert.equal(mock.requests.length, 2);
    const [a, b] = mock.requests;
    assert.equal(a.method, 'POST');
    assert.equal(a.path, `${API}${SEED.roomId}/invitations`);
    assert.equal(a.headers['x-rainbow-client'], 'demo');
    assert.equal(a.headers['content-type'], 'application/json');
    assert.equal(a.body, '{"scenario":"chat","emails":["r1@example.org"]}');
    assert.deepEqual(a.json, { scenario: 'chat', emails: ['r1@example.org'] });
    assert.equal(b.path, `${API}${SEED.roomId}/invitations/cancel`);
    assert.equal(b.body, 'not json');
    assert.equal(b.json, undefined);
  });

  test('GET /mock/state and POST /mock/reset', async () => {
    await invite({ scenario: 'chat', emails: ['s@example.org'] });
    let state = await (await fetch(`${mock.url}/mock/state`)).json();
    assert.ok(state.rooms.find((r) => r.id === SEED.roomId).guestEmails.includes('s@example.org'));
    assert.ok(state.guests[SEED.roomId].includes('s@example.org'));
    assert.equal(state.outbox.length, 1);
    assert.equal(state.outbox[0].to, 's@example.org');
    assert.equal(mock.requests.length, 1, '/mock/* calls are not recorded');
    mock.script({ status: 500 });
    const res = await fetch(`${mock.url}/mock/reset`, { method: 'POST' });
    assert.equal(res.status, 200);
    state = await (await fetch(`${mock.url}/mock/state`)).json();
    assert.deepEqual(state.guests[SEED.roomId], SEED.guestEmails);
    assert.deepEqual(state.outbox, []);
    assert.equal(mock.requests.length, 0);
    assert.equal(mock.pending, 0, 'reset clears the script queue');
  });

  test('reset() restores the seed after any change', async () => {
    await cancel({ scenario: 'chat', emails: ['guest1@mycompany.com', 'guest2@mycompany'] });
    assert.deepEqual(room().guestEmails, []);
    mock.reset();
    assert.deepEqual(room().guestEmails, SEED.guestEmails);
    assert.deepEqual(mock.state.rooms, JSON.parse(JSON.stringify(SEED.rooms)));
    assert.equal(mock.requests.length, 0);
  });
});
