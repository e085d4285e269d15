// Invites two guests to a room's chat, then a Rainbow user to its PSTN conference, then removes a
// misspelled guest, with the package's own API. Every failure is a typed error.
//
//   RAINBOW_HOST=https://sandbox.openrainbow.com RAINBOW_TOKEN=<jwt> ROOM_ID=<room id> node invite.mjs
//
// Against the repository's mock server (`make demo`, or `node www/server.mjs --port 8080`), the
// defaults work as they are: http://127.0.0.1:8080 and the mock's seeded room.
import {
  validateJoinInvitation,
  sendUsersJoinRoomInvitation,
  RoomsInvitationApi,
  RainbowError,
  RainbowApiError,
  RainbowValidationError,
} from 'rainbow-room-invitations';

const options = {
  baseUrl: process.env.RAINBOW_HOST || 'http://127.0.0.1:8080',
  token: process.env.RAINBOW_TOKEN || undefined, // never print it: the package keeps it out of its errors and logs
  timeoutMs: 10_000,
};
const roomId = process.env.ROOM_ID || '56f42c1914e2a8a91b99e595';

// 1. Check a request without sending it: what would be sent, and why not.
const draft = { scenario: 'chat', emails: [' ada@example.com ', 'grace@example', 'ADA@example.com'] };
const check = validateJoinInvitation(roomId, draft, options);
console.log(`draft valid: ${check.valid}`);
for (const issue of [...check.errors, ...check.warnings]) console.log(`  ${issue.path} ${issue.code}: ${issue.message}`);

// 2. Fix it and send: chat invitations by e-mail. Unknown addresses become the room's guests.
const chat = await sendUsersJoinRoomInvitation(roomId, { scenario: 'chat', emails: ['ada@example.com', 'grace@example.com'] }, options);
console.log(`chat: ${chat.data.status}; guests now: ${chat.data.guestEmails.join(', ')}`);

// 3. The class form binds the options once; …WithHttpInfo also gives the status and request id.
const api = new RoomsInvitationApi(options);
const pstn = await api.sendUsersJoinRoomInvitationWithHttpInfo(roomId, {
  scenario: 'pstn-conference',
  users: ['5b1c2f3a4d5e6f7a8b9c0d03'],
  emails: ['linus@example.com'],
  lang: 'fr',
});
console.log(`pstn-conference: HTTP ${pstn.status}, ${pstn.data.data.status}; invalid users: ${pstn.data.data.invalidUsers.length}; request id ${pstn.requestId ? 'received' : 'missing'}`);

// 4. Remove a misspelled guest (cancellations accept any address that could have been stored).
const removed = await api.sendUserRoomInvitationCancelation(roomId, { scenario: 'chat', emails: ['guest2@mycompany'] });
console.log(`cancel: ${removed.data.status}; guests now: ${removed.data.guestEmails.join(', ')}`);

// 5. Errors: a typo in a field name is caught before sending; a room that doesn't exist is the server's answer.
for (const [label, call] of [
  ['typo', () => api.sendUsersJoinRoomInvitation(roomId, { scenario: 'chat', email: ['x@example.com'] })],
  ['unknown room', () => api.sendUsersJoinRoomInvitation('56f42c1914e2a8a91b99e599', { scenario: 'chat', emails: ['x@example.com'] })],
]) {
  try {
    await call();
    console.log(`${label}: unexpectedly succeeded`);
    process.exitCode = 1;
  } catch (error) {
    if (error instanceof RainbowValidationError) console.log(`${label}: ${error.code} ${error.errors.map((i) => `${i.path}:${i.code}`).join(' ')} (nothing sent)`);
    else if (error instanceof RainbowApiError) console.log(`${label}: ${error.code} HTTP ${error.status} ${error.errorDetailsCode} (delivered: ${error.mayHaveBeenDelivered})`);
    else if (error instanceof RainbowError) console.log(`${label}: ${error.name} ${error.message}`);
    else throw error;
  }
}
