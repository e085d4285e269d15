// rainbow-room-invitations from TypeScript: the declarations make a misspelled field, a wrong
// scenario or an unchecked validation result compile errors, and narrow every error by its class.
//
//   RAINBOW_HOST=https://sandbox.openrainbow.com RAINBOW_TOKEN=<jwt> ROOM_ID=<room id> npm start
//
// Defaults: the repository's mock server on http://127.0.0.1:8080 and its seeded room.
import {
  ApiClient,
  RoomsInvitationApi,
  SendUserRoomInvitationCancelation,
  SendUsersJoinRoomInvitation,
  validateJoinInvitation,
  RainbowApiError,
  RainbowError,
  RainbowNetworkError,
  RainbowTimeoutError,
  RainbowValidationError,
  type ClientOptions,
  type InvitationData,
  type Scenario,
} from 'rainbow-room-invitations';

// Works with or without @types/node.
type Env = Record<string, string | undefined>;
const env: Env = (globalThis as { process?: { env: Env } }).process?.env ?? {};
const fail = (why: string): void => {
  console.error(why);
  const proc = (globalThis as { process?: { exitCode?: number } }).process;
  if (proc) proc.exitCode = 1;
};

const roomId = env.ROOM_ID ?? '56f42c1914e2a8a91b99e595';
const options: ClientOptions = { baseUrl: env.RAINBOW_HOST ?? 'http://127.0.0.1:8080', timeoutMs: 10_000 };
if (env.RAINBOW_TOKEN) options.token = env.RAINBOW_TOKEN;

const show = (label: string, data: InvitationData): void =>
  console.log(`${label}: ${data.status} (${data.scenario}); guests: ${data.guestEmails.join(', ') || 'none'}; invalid users: ${data.invalidUsers.join(', ') || 'none'}`);

// A body typed as the package's model: `scenario` is checked against the union, and only real fields compile.
const scenario: Scenario = 'pstn-conference';
const pstn: SendUsersJoinRoomInvitation = {
  scenario,
  confId: '5c8f1e2d3b4a596877a6b5c4',
  users: ['5b1c2f3a4d5e6f7a8b9c0d03', '5b1c2f3a4d5e6f7a8b9c0dff'],
  emails: ['ts.guest@example.com'],
  noMail: false,
};

// `request` is null unless `valid` is checked first: the compiler insists.
const check = validateJoinInvitation(roomId, pstn, options);
if (!check.valid) {
  fail(`invalid: ${check.errors.map((e) => `${e.path} ${e.code}`).join(', ')}`);
} else {
  console.log(`would send ${check.path} with ${Object.keys(check.request).join(', ')}`);
  const api = new RoomsInvitationApi(options);
  show('pstn-conference', (await api.sendUsersJoinRoomInvitation(roomId, check.request)).data);

  // The generated client's style, typed too: an ApiClient, models built with `new` or from an object.
  const client = new ApiClient(options.baseUrl);
  client.timeout = 10_000;
  if (env.RAINBOW_TOKEN) {
    client.authentications.Bearer.apiKey = env.RAINBOW_TOKEN;
    client.authentications.Bearer.apiKeyPrefix = 'Bearer';
  }
  const generated = new RoomsInvitationApi(client);
  const video = new SendUsersJoinRoomInvitation('video-conference');
  video.emails = ['ts.video@example.com'];
  show('video-conference', (await generated.sendUsersJoinRoomInvitation(roomId, video)).data);
  const cancel = SendUserRoomInvitationCancelation.constructFromObject({ scenario: 'chat', emails: ['ts.video@example.com'] });
  const info = await generated.sendUserRoomInvitationCancelationWithHttpInfo(roomId, cancel);
  show(`cancel (HTTP ${info.status})`, info.data.data);

  // Every rejection is a RainbowError subclass; narrow by class to read its fields.
  try {
    await api.sendUserRoomInvitationCancelation('56f42c1914e2a8a91b99e599', { scenario: 'chat', emails: ['x@example.com'] });
    fail('unknown room: unexpectedly succeeded');
  } catch (error) {
    if (error instanceof RainbowApiError) console.log(`unknown room: ${error.name} ${error.status} ${error.errorDetailsCode ?? ''}`);
    else if (error instanceof RainbowValidationError) fail(`invalid: ${error.errors.map((e) => e.path).join(', ')}`);
    else if (error instanceof RainbowNetworkError || error instanceof RainbowTimeoutError) fail(`unreachable: ${error.message}`);
    else if (error instanceof RainbowError) fail(`${error.name}: ${error.message}`);
    else throw error;
  }
}
