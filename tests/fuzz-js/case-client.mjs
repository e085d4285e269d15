// The Node fuzzer's generated-client case (README "Moving from the generated client"): an
// ApiClient (new, or ApiClient.instance) with random basePath, apiKey and apiKeyPrefix,
// defaultHeaders and timeout, some of them getters that throw; models built every documented way;
// methods called bound or taken off the instance, with odd call options. Oracles: the call
// settles; a rejection follows the README's "Errors" (no token, once the package could read it);
// a validation failure sends nothing; an Authorization sent is `Bearer <token>`, never
// `Bearer Bearer …` ("a leading `Bearer ` in the key is dropped either way").
import { reseed, ri, pick, chance, newToken } from './prng.mjs';
import { okPlan, tameAnswer } from './answers.mjs';
import { ROOM } from './inputs.mjs';
import { settle, checkError, checkLogs } from './node-oracles.mjs';
import { show } from './case-checks.mjs';

function model(lib) {
  const Model = lib.SendUsersJoinRoomInvitation;
  switch (ri(0, 5)) {
    case 0: return { scenario: 'chat', emails: ['ada@example.com'] };
    case 1: { const b = new Model('chat'); b.emails = ['ada@example.com']; return b; }
    case 2: return Model.constructFromObject({ scenario: 'chat', emails: ['ada@example.com'], extra: 1, noMail: pick([undefined, 'false', true]) });
    case 3: return Model.constructFromObject(pick([null, undefined, 0, '', {}]), pick([undefined, {}, new Model()]));
    case 4: { const b = new Model(); Model.initialize(b, pick(['chat', 'nope', undefined])); b.emails = ['ada@example.com']; return b; }
    default: return Model.constructFromObject({ scenario: 'chat', emails: ['ada@example.com'] }, new Model('video-conference'));
  }
}

export async function clientCase(n, env) {
  // ApiClient.instance is the package's global: put back what the other cases see.
  const instance = env.lib.ApiClient.instance;
  try { await clientCall(n, env); } finally { env.lib.ApiClient.instance = instance; }
}

async function clientCall(n, { lib, server, report, seed }) {
  reseed(seed, 'node-client', n);
  const token = newToken();
  const key = `a${n}`;
  const base = server.base(key);
  const ctx = { logs: [] };
  let readable = false; // the token reached the package through something it can read
  const answer = tameAnswer(false, token);
  server.answer(key, () => (answer.delay ? okPlan() : answer));
  const fresh = chance(0.5);
  const client = fresh ? new lib.ApiClient() : (lib.ApiClient.instance = new lib.ApiClient(pick([undefined, base])));
  client.basePath = chance(0.9) ? base : pick([`${base}/`, `${base}/api/rainbow/enduser/v1.0`, 'http://10.0.0.1', '', null, 5, `${base}?x`]);
  const apiKey = pick([token, `Bearer ${token}`, `bearer  ${token}`, ` ${token}`, `${token} `, '', null, 5, undefined, token]);
  const prefix = pick([undefined, undefined, 'Bearer', 'bearer', ' Bearer ', '', null, 'Token', 5]);
  if (apiKey !== undefined) client.authentications.Bearer.apiKey = apiKey;
  if (prefix !== undefined) client.authentications.Bearer.apiKeyPrefix = prefix;
  readable ||= typeof apiKey == 'string' && apiKey.includes(token);
  if (chance(0.2)) {
    client.defaultHeaders = pick([{ Authorization: `Bearer ${token}` }, { authorization: `bearer ${token}`, 'X-A': 'b' }, { Authorization: `Basic ${token}` }, { 'X-A': 'b' }, [], 'x', null, new Headers({ 'x-a': 'b' })]);
    readable ||= JSON.stringify(client.defaultHeaders ?? '').includes(token);
  }
  if (chance(0.3)) client.timeout = pick([0, 1, 100, 5000, -1, '100', NaN, 1e12, null, 2.5]);
  // Getters that throw an error naming the token: scrubbed when the package knows the token from elsewhere.
  const authThrows = chance(0.08);
  if (authThrows) { Object.defineProperty(client, 'authentications', { get() { throw new Error(`auth getter ${token}`); } }); readable = JSON.stringify(client.defaultHeaders ?? '').includes(token); }
  if (chance(0.05)) { Object.defineProperty(client, 'timeout', { get() { throw new Error(`timeout getter ${token}`); } }); }
  const useInstance = !fresh && chance(0.5);
  const api = useInstance ? new lib.RoomsInvitationApi() : new lib.RoomsInvitationApi(client);
  const callKind = ri(0, 9);
  // getToken's token is known to the package only once it has called it (a call that fails
  // reading the ApiClient never does).
  let asked = false;
  const callOpts = [{}, {}, {}, { token }, { getToken: () => { asked = true; return token; } }, { headers: { Authorization: `Bearer ${token}` } }, { baseUrl: base, timeoutMs: 500 },
    { logger: (level, line) => ctx.logs.push([level, line]), logLevel: 'debug' }, new Proxy({}, { ownKeys() { throw new Error(`ownKeys ${token}`); } }), pick([null, 5, () => {}])][callKind];
  readable ||= [3, 5].includes(callKind);
  const body = model(lib);
  const method = pick(['sendUsersJoinRoomInvitation', 'sendUsersJoinRoomInvitationWithHttpInfo']);
  const detached = chance(0.3);
  const fn = detached ? api[method] : api[method].bind(api);
  report.at(n, () => `client: basePath=${show(client.basePath)} apiKey=${show(apiKey)} prefix=${show(prefix)} defaultHeaders=${show(client.defaultHeaders)} authentications-getter-throws=${authThrows} useInstance=${useInstance} callOptions=#${callKind} body=${show(body)} method=${method} detached=${detached} answer=${answer.status}`);
  const { finding } = report;
  let p;
  try { p = fn(ROOM, body, callOpts); } catch (e) { finding('send-throws', show(e)); return; }
  const r = await settle(p, 60_000);
  await new Promise((res) => setTimeout(res, 30));
  const reqs = server.requests(key);
  server.forget(key);
  if (r.pending) { finding('never-settled', `after 60 s (timeoutMs at most 30 s, one attempt); ${reqs.length} requests`); return; }
  const tokens = readable || asked ? [token] : [];
  checkLogs(ctx.logs, tokens, finding);
  for (const q of reqs) {
    const a = q.headers.authorization;
    if (a !== undefined && !/^Bearer \S+$/.test(a)) finding('odd-authorization', JSON.stringify(a.split(token.slice(0, 8)).join('<TOKEN…>')));
  }
  if (r.ok) {
    const d = method.endsWith('Info') ? r.value?.data : r.value;
    if (!Array.isArray(d?.data?.guestEmails)) finding('success-shape', show(r.value));
    return;
  }
  checkError(r.error, { lib, tokens, finding });
  if (r.error?.code === 'ERR_VALIDATION' && reqs.length) finding('validation-error-but-sent', `${reqs.length} requests`);
}
