// The mock's seed: the users and rooms it starts with (and returns to on reset), and SEED, a
// frozen description of them for tests and for the command line's listing. The caller (the token's
// user) is Alice; the rooms cover a member room with a scheduled conference, a room the caller is
// not in, a room without a conference and an instant meeting.

const USERS = [
  { id: '5b1c2f3a4d5e6f7a8b9c0d01', email: 'alice.martin@mycompany.com', name: 'Alice Martin', lang: 'en' },
  { id: '5b1c2f3a4d5e6f7a8b9c0d02', email: 'bob.dupont@mycompany.com', name: 'Bob Dupont', lang: 'fr' },
  { id: '5b1c2f3a4d5e6f7a8b9c0d03', email: 'carol.smith@mycompany.com', name: 'Carol Smith', lang: null },
  { id: '5b1c2f3a4d5e6f7a8b9c0d04', email: 'david.lee@mycompany.com', name: 'David Lee', lang: 'en' },
  { id: '5b1c2f3a4d5e6f7a8b9c0d05', email: 'eve.moreau@partner.org', name: 'Eve Moreau', lang: 'fr' },
];
const [ALICE, BOB, CAROL, DAVID, EVE] = USERS;

const ROOMS = [
  {
    id: '56f42c1914e2a8a91b99e595',
    name: 'Weekly sync',
    creator: ALICE.id,
    conference: {
      confId: '5c8f1e2d3b4a596877a6b5c4',
      scheduled: true,
      phoneNumbers: ['+33 1 70 00 00 01', '+1 646 555 0101'],
      participantCode: '482913',
    },
    members: [
      { userId: ALICE.id, privilege: 'moderator', status: 'accepted' },
      { userId: BOB.id, privilege: 'user', status: 'accepted' },
      { userId: DAVID.id, privilege: 'user', status: 'invited' },
    ],
    guestEmails: ['guest1@mycompany.com', 'guest2@mycompany'],
  },
  {
    id: '56f42c1914e2a8a91b99e596',
    name: 'Partner board (caller is not a member)',
    creator: EVE.id,
    conference: { confId: '5c8f1e2d3b4a596877a6b5c5', scheduled: true, phoneNumbers: ['+33 1 70 00 00 02'], participantCode: '190245' },
    members: [
      { userId: EVE.id, privilege: 'moderator', status: 'accepted' },
      { userId: BOB.id, privilege: 'user', status: 'accepted' },
    ],
    guestEmails: [],
  },
  {
    id: '56f42c1914e2a8a91b99e597',
    name: 'Design chat (no conference)',
    creator: ALICE.id,
    conference: null,
    members: [
      { userId: ALICE.id, privilege: 'moderator', status: 'accepted' },
      { userId: CAROL.id, privilege: 'user', status: 'accepted' },
    ],
    guestEmails: [],
  },
  {
    id: '56f42c1914e2a8a91b99e598',
    name: 'Instant meeting',
    creator: ALICE.id,
    conference: { confId: '5c8f1e2d3b4a596877a6b5c6', scheduled: false, phoneNumbers: ['+33 1 70 00 00 03'], participantCode: '777001' },
    members: [
      { userId: ALICE.id, privilege: 'moderator', status: 'accepted' },
      { userId: BOB.id, privilege: 'user', status: 'accepted' },
    ],
    guestEmails: [],
  },
];

function deepFreeze(value) {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

export const SEED = deepFreeze({
  callerId: ALICE.id,
  caller: { ...ALICE },
  roomId: ROOMS[0].id,
  confId: ROOMS[0].conference.confId,
  forbiddenRoomId: ROOMS[1].id,
  noConferenceRoomId: ROOMS[2].id,
  instantRoomId: ROOMS[3].id,
  unknownRoomId: '56f42c1914e2a8a91b99e599',
  unknownUserId: '5b1c2f3a4d5e6f7a8b9c0dff',
  guestEmails: [...ROOMS[0].guestEmails],
  users: USERS.map((u) => ({ ...u })),
  rooms: structuredClone(ROOMS),
});

/** A fresh, mutable copy of the seed: what the mock holds after start and after each reset. */
export function freshState() {
  return { users: structuredClone(USERS), rooms: structuredClone(ROOMS), outbox: [] };
}
