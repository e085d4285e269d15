// What Rainbow does for each operation and scenario, on the mock's state: who is added to the
// room, which guests are added or removed, and which e-mails and XMPP events the real server would
// send (recorded in the outbox). `invite` and `cancel` return the success body's `data`, or throw
// an ApiError. `world` is the mock's state (state.mjs); the room is already found and the caller
// known to be one of its members (routes.mjs checks that first).
//
// Conventions beyond the public Rainbow material:
// - a pstn-conference invitation is an "instant meeting" when the room's conference is not
//   scheduled or the body carries `instantMessage`: then no XMPP event is sent to found users;
// - `guestEmails` in a success body is the room's whole guest list after the call.

import { ApiError, HEX24, SCENARIOS, lenientEmail, lower, optBool, optString, toList, uniqueCI } from './fields.mjs';

function activeMembers(world, room) {
  return room.members.filter((m) => m.status === 'accepted').map((m) => world.userById(m.userId)).filter(Boolean);
}

function notifyGuestList(world, room, ctx) {
  for (const u of activeMembers(world, room)) {
    world.push({ kind: 'xmpp', to: u.id, jid: `${u.id}@openrainbow.com`, template: 'room-guests-updated', lang: u.lang || ctx.lang, roomId: room.id, guestEmails: [...room.guestEmails], requestId: ctx.requestId });
  }
}

function conferenceOf(room, confId, scenario) {
  const conf = room.conference;
  if (!conf || (confId !== undefined && lower(confId) !== conf.confId)) {
    throw new ApiError(404, 404000, `Conference endpoint ${confId ?? ''} not found for room ${room.id}`.replace('  ', ' '));
  }
  return scenario === 'pstn-conference'
    ? { confId: conf.confId, mediaType: 'pstnAudio', scheduled: conf.scheduled, phoneNumbers: [...conf.phoneNumbers], participantCode: conf.participantCode }
    : { confId: conf.confId, mediaType: 'webrtc', scheduled: conf.scheduled };
}

function resolveRecipients(world, body, scenario) {
  const invalidUsers = [];
  const invalidEmails = [];
  const found = new Map(); // id -> user
  const guests = [];
  if (scenario !== 'chat') {
    for (const id of uniqueCI(toList(body, 'users'))) {
      const u = HEX24.test(id) ? world.userById(id) : undefined;
      if (u) found.set(u.id, u); else invalidUsers.push(id);
    }
  }
  for (const email of uniqueCI(toList(body, 'emails'))) {
    if (!lenientEmail(email)) { invalidEmails.push(email); continue; }
    const u = world.userByEmail(email);
    if (u) found.set(u.id, u); else guests.push(email);
  }
  return { found: [...found.values()], guests, invalidUsers, invalidEmails };
}

function addGuests(room, guests) {
  for (const g of guests) {
    if (!room.guestEmails.some((e) => lower(e) === lower(g))) room.guestEmails.push(g);
  }
}

export function invite(world, room, body, ctx) {
  const scenario = body.scenario;
  if (scenario === undefined) throw new ApiError(400, 400004, 'scenario is mandatory: chat, pstn-conference or video-conference');
  if (!SCENARIOS.includes(scenario)) throw new ApiError(400, 400004, `Unknown scenario ${JSON.stringify(scenario)}: chat, pstn-conference or video-conference`);
  const lang = optString(body, 'lang') || 'en';
  const confIdIn = scenario === 'chat' ? undefined : optString(body, 'confId');
  if (confIdIn !== undefined && !HEX24.test(confIdIn)) throw new ApiError(400, 400000, 'identifier must be alpha-numeric and have a length of 24 chars');
  const instantMessage = scenario === 'chat' ? undefined : optString(body, 'instantMessage');
  const noMail = scenario === 'pstn-conference' ? optBool(body, 'noMail') : false;
  const update = scenario === 'pstn-conference' ? optBool(body, 'update') : false;
  const r = resolveRecipients(world, body, scenario);
  if (r.found.length === 0 && r.guests.length === 0) {
    throw new ApiError(400, 400002, 'No valid recipient: at least one known user id or well-formed e-mail is needed');
  }
  const confEndPoint = scenario === 'chat' ? undefined : conferenceOf(room, confIdIn, scenario);
  const instant = scenario === 'pstn-conference' && (!confEndPoint.scheduled || instantMessage !== undefined);
  const common = { roomId: room.id, roomName: room.name, scenario, requestId: ctx.requestId };
  const attendees = [];

  for (const u of r.found) {
    const member = room.members.find((m) => m.userId === u.id);
    const added = !member;
    if (added) {
      room.members.push({ userId: u.id, privilege: 'user', status: 'invited' });
      world.push({ kind: 'xmpp', to: u.id, jid: `${u.id}@openrainbow.com`, template: 'room-invitation', lang: u.lang || lang, ...common, invitedBy: ctx.callerId });
    }
    const mailLang = u.lang || lang;
    if (scenario === 'pstn-conference') {
      if (!noMail) {
        world.push({ kind: 'mail', to: u.email, userId: u.id, template: update ? 'pstn-conference-update' : 'pstn-conference-invitation', lang: mailLang, ...common, confId: confEndPoint.confId, phoneNumbers: confEndPoint.phoneNumbers, participantCode: confEndPoint.participantCode, ...(instantMessage !== undefined ? { instantMessage } : {}) });
      }
      if (!instant) {
        world.push({ kind: 'xmpp', to: u.id, jid: `${u.id}@openrainbow.com`, template: 'conference-invitation', lang: mailLang, ...common, confId: confEndPoint.confId });
      }
    } else if (scenario === 'video-conference') {
      world.push({ kind: 'xmpp', to: u.id, jid: `${u.id}@openrainbow.com`, template: 'video-conference-invitation', lang: mailLang, ...common, confId: confEndPoint.confId, ...(instantMessage !== undefined ? { instantMessage } : {}) });
    }
    attendees.push({ userId: u.id, email: u.email, displayName: u.name, lang: mailLang, guest: false, addedToRoom: added });
  }
  addGuests(room, r.guests);
  for (const g of r.guests) {
    const template = `${scenario}-guest-invitation`;
    if (!noMail) {
      world.push({ kind: 'mail', to: g, template, lang, ...common, ...(confEndPoint ? { confId: confEndPoint.confId } : {}), ...(scenario === 'pstn-conference' ? { phoneNumbers: confEndPoint.phoneNumbers, participantCode: confEndPoint.participantCode } : {}), ...(instantMessage !== undefined ? { instantMessage } : {}) });
    }
    attendees.push({ email: g, lang, guest: true, addedToRoom: false });
  }
  const data = {
    scenario,
    status: 'Invitations successfully sent',
    roomId: room.id,
    ...(confEndPoint ? { confEndPoint } : {}),
    attendees,
    guestEmails: [...room.guestEmails],
    invalidUsers: r.invalidUsers,
    ...(r.invalidEmails.length ? { invalidEmails: r.invalidEmails } : {}),
    ...(scenario === 'pstn-conference' ? { noMail, instantMeeting: instant } : {}),
  };
  return data;
}

export function cancel(world, room, body, ctx) {
  const scenario = body.scenario ?? 'pstn-conference';
  if (!SCENARIOS.includes(scenario)) throw new ApiError(400, 400004, `Unknown scenario ${JSON.stringify(scenario)}: chat, pstn-conference or video-conference`);
  const common = { roomId: room.id, roomName: room.name, scenario, requestId: ctx.requestId };
  if (scenario !== 'pstn-conference') {
    const emails = toList(body, 'emails');
    if (emails.length === 0) {
      throw new ApiError(400, 400003, 'A list of emails is mandatory to revoke guests from a chat or video conference bubble.');
    }
    const valid = uniqueCI(emails).filter(lenientEmail);
    if (valid.length === 0) throw new ApiError(400, 400002, 'No valid recipient: at least one well-formed e-mail is needed');
    const removed = [];
    for (const e of valid) {
      const i = room.guestEmails.findIndex((g) => lower(g) === lower(e));
      if (i >= 0) removed.push(...room.guestEmails.splice(i, 1));
    }
    if (removed.length) notifyGuestList(world, room, { ...ctx, lang: 'en' });
    return {
      scenario,
      status: 'Cancellation successfully sent',
      roomId: room.id,
      attendees: removed.map((email) => ({ email, guest: true, removedFromGuests: true })),
      guestEmails: [...room.guestEmails],
      removedGuests: removed,
      invalidUsers: [],
    };
  }
  const lang = optString(body, 'lang') || 'en';
  const confIdIn = optString(body, 'confId');
  if (confIdIn !== undefined && !HEX24.test(confIdIn)) throw new ApiError(400, 400000, 'identifier must be alpha-numeric and have a length of 24 chars');
  const noMail = optBool(body, 'noMail');
  const r = resolveRecipients(world, body, scenario);
  // For a cancellation, an unknown but well-formed address is still someone to tell.
  if (r.found.length === 0 && r.guests.length === 0) {
    throw new ApiError(400, 400002, 'No valid recipient: at least one known user id or well-formed e-mail is needed');
  }
  const confEndPoint = conferenceOf(room, confIdIn, scenario);
  const attendees = [];
  for (const u of r.found) {
    const mailLang = u.lang || lang;
    if (!noMail) world.push({ kind: 'mail', to: u.email, userId: u.id, template: 'pstn-conference-cancelation', lang: mailLang, ...common, confId: confEndPoint.confId });
    attendees.push({ userId: u.id, email: u.email, displayName: u.name, lang: mailLang, guest: false });
  }
  const removed = [];
  for (const e of r.guests) {
    const i = room.guestEmails.findIndex((g) => lower(g) === lower(e));
    if (i >= 0) removed.push(...room.guestEmails.splice(i, 1));
    if (!noMail) world.push({ kind: 'mail', to: e, template: 'pstn-conference-cancelation', lang, ...common, confId: confEndPoint.confId });
    attendees.push({ email: e, lang, guest: i >= 0, removedFromGuests: i >= 0 });
  }
  if (removed.length) notifyGuestList(world, room, { ...ctx, lang });
  return {
    scenario,
    status: 'Cancellation successfully sent',
    roomId: room.id,
    confEndPoint,
    attendees,
    guestEmails: [...room.guestEmails],
    removedGuests: removed,
    invalidUsers: r.invalidUsers,
    ...(r.invalidEmails.length ? { invalidEmails: r.invalidEmails } : {}),
    noMail,
  };
}
