// The mock's state: the users and rooms (guest lists included) as the calls have left them, and
// the outbox of every e-mail and XMPP event the real server would have sent. One per mock server;
// `reset` takes it back to the seed.

import { SEED, freshState } from './seed.mjs';
import { lower } from './fields.mjs';

export function createState() {
  let data = freshState();
  return {
    /** The live users, rooms and outbox (tests read and change them directly). */
    get data() { return data; },
    reset() { data = freshState(); },
    userById: (id) => data.users.find((u) => u.id === lower(id)),
    userByEmail: (email) => data.users.find((u) => lower(u.email) === lower(email)),
    roomById: (id) => data.rooms.find((r) => r.id === lower(id)),
    /** Records a message the real server would send, numbered from 1 in the order sent. */
    push: (entry) => data.outbox.push({ seq: data.outbox.length + 1, at: new Date().toISOString(), ...entry }),
    /** A copy of everything, with each room's guests also listed by room id (GET /mock/state). */
    snapshot() {
      const guests = {};
      for (const r of data.rooms) guests[r.id] = [...r.guestEmails];
      return structuredClone({ callerId: SEED.callerId, users: data.users, rooms: data.rooms, guests, outbox: data.outbox });
    },
  };
}
