// Drop-in for the generated `rainbow_enduser_portal` client: the seed's two Example blocks
// (fixtures/seed-*.js, copied verbatim from RoomsInvitationApi.md) run with only their require
// line changed, against the mock; and ApiClient, the model classes and
// `new RoomsInvitationApi(apiClient)` behave as that client's users expect.
import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import { startMockServer, SEED } from '../../www/mock-server.mjs';
import { PKG, assertBuilt, tempDir, consumerProject, childEnv, runNode, newToken, assertNoSecret, INVITE, CANCEL } from './helpers.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOM = SEED.roomId;
const TOKEN = newToken();
const REQUIRE_LINE = "var RainbowEnduserPortal = require('rainbow_enduser_portal');";

let tmp;
let project;
let mock;
let rri; // pkg/node.js, in this process

before(async () => {
  assertBuilt('generated-client.js');
  tmp = tempDir('rri-generated-');
  project = consumerProject(path.join(tmp, 'app'), { packageJson: { name: 'app', private: true } });
  mock = await startMockServer({ port: 0, host: '127.0.0.1', quiet: true, token: TOKEN });
  rri = await import(pathToFileURL(path.join(PKG, 'node.js')));
});

after(async () => {
  if (mock) await mock.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

beforeEach(() => mock.reset());

// ---- the seed's examples ---------------------------------------------------------------------

const SEEDS = {
  join: { file: 'seed-join.js', model: 'SendUsersJoinRoomInvitation', path: INVITE },
  cancelation: { file: 'seed-cancelation.js', model: 'SendUserRoomInvitationCancelation', path: CANCEL },
};

function seedExample(name) {
  const text = fs.readFileSync(path.join(HERE, 'fixtures', SEEDS[name].file), 'utf8');
  assert.ok(text.startsWith(`${REQUIRE_LINE}\n`), `${SEEDS[name].file} is not the seed's example`);
  // The one change: the package's name.
  return text.replace(REQUIRE_LINE, "var RainbowEnduserPortal = require('rainbow-room-invitations');");
}

// Configuration a generated-client application does once, before the calls (the generated
// documentation's own examples for authenticated operations start with these lines).
const configure = (base, token) => `
var defaultClient = require('rainbow-room-invitations').ApiClient.instance;
defaultClient.basePath = ${JSON.stringify(base)};
defaultClient.defaultHeaders = { 'x-app': 'seed-example' };
defaultClient.timeout = 5000;
var Bearer = defaultClient.authentications['Bearer'];
Bearer.apiKey = ${JSON.stringify(token)};
Bearer.apiKeyPrefix = 'Bearer';
`;

async function runScript(name, source) {
  const file = path.join(project, name);
  fs.writeFileSync(file, source);
  const r = await runNode([file], { cwd: project, env: childEnv() });
  assertNoSecret(TOKEN, r.stdout, r.stderr);
  return r;
}

for (const name of Object.keys(SEEDS)) {
  const { model, path: pathOf } = SEEDS[name];

  test(`seed example (${name}) as written: the empty model and "roomId_example" are refused before sending`, async () => {
    const r = await runScript(`${name}-as-written.cjs`, configure(mock.url, TOKEN) + seedExample(name));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '', 'the success callback ran');
    // console.error(error) of the rejection: a typed validation error naming the bad room id.
    assert.match(r.stderr, /RainbowValidationError/);
    assert.match(r.stderr, /code: 'ERR_VALIDATION'/);
    assert.match(r.stderr, /path: 'roomId',\s+code: 'invalid_id'/);
    assert.deepEqual(mock.requests, [], 'nothing may be sent for an invalid request');
  });

  test(`seed example (${name}) with a real room id and the model filled field by field reaches the mock`, async () => {
    const fields = name === 'join'
      ? "body.scenario = 'chat';\nbody.emails = ['seed.guest@example.com'];\n"
      : "body.scenario = 'chat';\nbody.emails = ['guest2@mycompany'];\n";
    const filled = seedExample(name)
      .replace('"roomId_example"', JSON.stringify(ROOM))
      .replace(new RegExp(`(var body = new RainbowEnduserPortal\\.${model}\\(\\);[^\\n]*\\n)`), `$1${fields}`);
    assert.notEqual(filled, seedExample(name));
    const r = await runScript(`${name}-filled.cjs`, configure(mock.url, TOKEN) + filled);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, 'API called successfully. Returned data: [object Object]\n');

    assert.equal(mock.requests.length, 1);
    const [req] = mock.requests;
    assert.equal(req.method, 'POST');
    assert.equal(req.path, pathOf(ROOM));
    assert.equal(req.headers.authorization, `Bearer ${TOKEN}`, 'authentications.Bearer is sent');
    assert.equal(req.headers['x-app'], 'seed-example', 'defaultHeaders are sent');
    assert.equal(req.headers.accept, 'application/json, text/xml');
    assert.deepEqual(
      req.json,
      name === 'join' ? { scenario: 'chat', emails: ['seed.guest@example.com'], lang: 'en' } : { scenario: 'chat', emails: ['guest2@mycompany'] },
    );
    const guests = mock.snapshot().guests[ROOM];
    if (name === 'join') assert.ok(guests.includes('seed.guest@example.com'), guests.join());
    else assert.ok(!guests.includes('guest2@mycompany'), guests.join());
  });
}

test('the seed examples also run as ES modules (import * as …)', async () => {
  const source = seedExample('cancelation')
    .replace("var RainbowEnduserPortal = require('rainbow-room-invitations');", "import * as RainbowEnduserPortal from 'rainbow-room-invitations';")
    .replace('"roomId_example"', JSON.stringify(ROOM))
    .replace(/(var body = [^\n]*\n)/, "$1body.scenario = 'chat';\nbody.emails = ['guest1@mycompany.com'];\n");
  const preamble = `import { ApiClient } from 'rainbow-room-invitations';
ApiClient.instance.basePath = ${JSON.stringify(mock.url)};
ApiClient.instance.authentications.Bearer.apiKey = ${JSON.stringify(TOKEN)};
`;
  const r = await runScript('cancelation.mjs', preamble + source);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'API called successfully. Returned data: [object Object]\n');
  assert.deepEqual(mock.requests.map((q) => q.path), [CANCEL(ROOM)]);
  assert.equal(mock.requests[0].headers.authorization, `Bearer ${TOKEN}`);
});

// ---- ApiClient -------------------------------------------------------------------------------

describe('ApiClient', () => {
  let saved;
  beforeEach(() => {
    saved = { ...rri.ApiClient.instance, authentications: { Bearer: { ...rri.ApiClient.instance.authentications.Bearer } } };
  });
  const restore = () => Object.assign(rri.ApiClient.instance, saved);

  test('has the generated client\'s fields; its defaults are the package\'s', () => {
    const c = new rri.ApiClient();
    assert.deepEqual(Object.keys(c).sort(), ['authentications', 'basePath', 'defaultHeaders', 'timeout']);
    assert.equal(c.basePath, 'http://localhost');
    assert.deepEqual(c.authentications, { Bearer: { type: 'apiKey', in: 'header', name: 'Authorization' } });
    assert.deepEqual(c.defaultHeaders, {});
    assert.equal(c.timeout, 30000);
    assert.equal(new rri.ApiClient('https://openrainbow.com').basePath, 'https://openrainbow.com');
    assert.ok(rri.ApiClient.instance instanceof rri.ApiClient);
    assert.equal(rri.ApiClient.instance, rri.ApiClient.instance);
  });

  test('node.js and browser.js share one ApiClient.instance', async () => {
    const browser = await import(pathToFileURL(path.join(PKG, 'browser.js')));
    assert.equal(browser.ApiClient, rri.ApiClient);
    assert.equal(browser.SendUsersJoinRoomInvitation, rri.SendUsersJoinRoomInvitation);
  });

  test('in a browser, basePath defaults to the page\'s origin (as the package\'s baseUrl does)', async () => {
    const copy = path.join(tmp, 'browser-copy.mjs');
    fs.copyFileSync(path.join(PKG, 'generated-client.js'), copy);
    globalThis.location = { origin: 'https://app.example.com' };
    try {
      const { ApiClient } = await import(pathToFileURL(copy));
      assert.equal(ApiClient.instance.basePath, 'https://app.example.com');
      assert.equal(new ApiClient().basePath, 'https://app.example.com');
    } finally {
      delete globalThis.location;
    }
  });

  test('new RoomsInvitationApi() reads ApiClient.instance at each call: basePath, Bearer, defaultHeaders', async (t) => {
    t.after(restore);
    const api = new rri.RoomsInvitationApi();
    assert.equal(api.apiClient, rri.ApiClient.instance);
    assert.equal(api.options, undefined);
    // Configured after the API object was made, as generated-client code often does.
    rri.ApiClient.instance.basePath = `${mock.url}/`;
    rri.ApiClient.instance.authentications.Bearer.apiKey = TOKEN;
    rri.ApiClient.instance.defaultHeaders = { 'x-tenant': 'acme' };
    const res = await api.sendUsersJoinRoomInvitation(ROOM, { scenario: 'chat', emails: ['instance@example.com'] });
    assert.equal(res.data.status, 'Invitations successfully sent');
    const [req] = mock.requests;
    assert.equal(req.path, INVITE(ROOM));
    assert.equal(req.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(req.headers['x-tenant'], 'acme');
  });

  test('new RoomsInvitationApi(apiClient) uses that client, not ApiClient.instance', async () => {
    const client = new rri.ApiClient(mock.url);
    client.authentications.Bearer.apiKey = TOKEN;
    client.authentications.Bearer.apiKeyPrefix = 'Bearer';
    client.defaultHeaders = { 'x-default': 'd', 'X-Call': 'replaced' };
    const api = new rri.RoomsInvitationApi(client);
    assert.equal(api.apiClient, client);
    assert.equal(rri.ApiClient.instance.basePath, 'http://localhost');
    const info = await api.sendUserRoomInvitationCancelationWithHttpInfo(ROOM, { scenario: 'chat', emails: ['guest2@mycompany'] });
    assert.equal(info.status, 200);
    assert.equal(mock.requests[0].headers.authorization, `Bearer ${TOKEN}`);
    // A detached method keeps its client, and a call's own options are laid over it.
    const { sendUsersJoinRoomInvitation } = api;
    await sendUsersJoinRoomInvitation(ROOM, { scenario: 'chat', emails: ['detached@example.com'] }, { headers: { 'x-call': '1' } });
    assert.equal(mock.requests[1].headers['x-call'], '1', 'a header given again, in another case, is replaced');
    assert.equal(mock.requests[1].headers['x-default'], 'd', "the client's other headers are kept");
    assert.equal(mock.requests[1].headers.authorization, `Bearer ${TOKEN}`);
  });

  test('the token can be written as the generated client allowed: "Bearer <jwt>" in apiKey, or an Authorization default header', async () => {
    const inKey = new rri.ApiClient(mock.url);
    inKey.authentications.Bearer.apiKey = `Bearer ${TOKEN}`;
    await new rri.RoomsInvitationApi(inKey).sendUsersJoinRoomInvitation(ROOM, { scenario: 'chat', emails: ['a1@example.com'] });
    const inHeader = new rri.ApiClient(mock.url);
    inHeader.defaultHeaders = { Authorization: `Bearer ${TOKEN}`, 'x-other': 'kept' };
    await new rri.RoomsInvitationApi(inHeader).sendUsersJoinRoomInvitation(ROOM, { scenario: 'chat', emails: ['a2@example.com'] });
    // "Bearer <jwt>" in apiKey with the prefix 'Bearer' too: the prefix is not doubled.
    const both = new rri.ApiClient(mock.url);
    both.authentications.Bearer.apiKey = `Bearer ${TOKEN}`;
    both.authentications.Bearer.apiKeyPrefix = 'Bearer';
    await new rri.RoomsInvitationApi(both).sendUsersJoinRoomInvitation(ROOM, { scenario: 'chat', emails: ['a3@example.com'] });
    assert.equal(mock.requests.length, 3);
    for (const req of mock.requests) assert.equal(req.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(mock.requests[1].headers['x-other'], 'kept');
  });

  test('the token from an ApiClient keeps the token option\'s protections', async () => {
    // Over plain http to a remote host: refused before sending.
    const remote = new rri.ApiClient('http://rainbow.example.com');
    remote.authentications.Bearer.apiKey = TOKEN;
    let calls = 0;
    const spy = async () => {
      calls++;
      throw new Error('must not be called');
    };
    const e1 = await new rri.RoomsInvitationApi(remote).sendUsersJoinRoomInvitation(ROOM, { scenario: 'chat', emails: ['a@example.com'] }, { fetch: spy }).then(
      () => assert.fail('resolved'),
      (e) => e,
    );
    assert.equal(e1.name, 'RainbowValidationError');
    assert.ok(e1.errors.some((i) => i.path === 'options.baseUrl'), JSON.stringify(e1.errors));
    assert.equal(calls, 0);
    // Echoed back by the server: scrubbed.
    mock.script({ status: 401, body: { errorCode: 401, errorMsg: 'Unauthorized', errorDetails: `bad token ${TOKEN}` } });
    const echo = new rri.ApiClient(mock.url);
    echo.authentications.Bearer.apiKey = TOKEN;
    const e2 = await new rri.RoomsInvitationApi(echo).sendUsersJoinRoomInvitation(ROOM, { scenario: 'chat', emails: ['a@example.com'] }).then(
      () => assert.fail('resolved'),
      (e) => e,
    );
    assert.equal(e2.name, 'RainbowApiError');
    assertNoSecret(TOKEN, e2.message, JSON.stringify(e2), String(e2.stack));
  });

  test('what an unreadable ApiClient or call option threw is the cause, with the token it quotes scrubbed', async () => {
    const client = new rri.ApiClient(mock.url);
    client.authentications.Bearer.apiKey = TOKEN;
    Object.defineProperty(client, 'timeout', { get() { throw new Error(`timeout getter ${TOKEN}`); } });
    const e1 = await new rri.RoomsInvitationApi(client).sendUsersJoinRoomInvitation(ROOM, { scenario: 'chat', emails: ['a@example.com'] }).then(() => assert.fail('resolved'), (e) => e);
    const api = new rri.RoomsInvitationApi({ baseUrl: mock.url, token: TOKEN });
    const throwing = new Proxy({}, { ownKeys() { throw new Error(`ownKeys ${TOKEN}`); } });
    const e2 = await api.sendUsersJoinRoomInvitation(ROOM, { scenario: 'chat', emails: ['a@example.com'] }, throwing).then(() => assert.fail('resolved'), (e) => e);
    // The token given as an `Authorization: Bearer` default header, which wins over apiKey.
    const byHeader = new rri.ApiClient(mock.url);
    byHeader.authentications.Bearer.apiKey = 'not-the-token-sent';
    byHeader.defaultHeaders = { authorization: `Bearer ${TOKEN}` };
    Object.defineProperty(byHeader, 'timeout', { get() { throw new Error(`timeout getter ${TOKEN}`); } });
    const e3 = await new rri.RoomsInvitationApi(byHeader).sendUsersJoinRoomInvitation(ROOM, { scenario: 'chat', emails: ['a@example.com'] }).then(() => assert.fail('resolved'), (e) => e);
    // The token given to the call itself, quoted by a getter of the ApiClient.
    const quoting = new rri.ApiClient(mock.url);
    Object.defineProperty(quoting, 'authentications', { get() { throw new Error(`auth getter ${TOKEN}`); } });
    const e4 = await new rri.RoomsInvitationApi(quoting).sendUsersJoinRoomInvitation(ROOM, { scenario: 'chat', emails: ['a@example.com'] }, { token: TOKEN }).then(() => assert.fail('resolved'), (e) => e);
    // A credential of another scheme in defaultHeaders (refused, but a secret all the same); the
    // call's token given as its own Authorization header.
    const basic = new rri.ApiClient(mock.url);
    basic.defaultHeaders = { Authorization: `Basic ${TOKEN}` };
    Object.defineProperty(basic, 'timeout', { get() { throw new Error(`timeout getter ${TOKEN}`); } });
    const e5 = await new rri.RoomsInvitationApi(basic).sendUsersJoinRoomInvitation(ROOM, { scenario: 'chat', emails: ['a@example.com'] }).then(() => assert.fail('resolved'), (e) => e);
    const headerOptions = { headers: { authorization: `Bearer ${TOKEN}` } };
    const e6 = await new rri.RoomsInvitationApi(quoting).sendUsersJoinRoomInvitation(ROOM, { scenario: 'chat', emails: ['a@example.com'] }, headerOptions).then(() => assert.fail('resolved'), (e) => e);
    for (const [e, path] of [[e1, 'apiClient'], [e2, 'options'], [e3, 'apiClient'], [e4, 'apiClient'], [e5, 'apiClient'], [e6, 'apiClient']]) {
      assert.equal(e.name, 'RainbowValidationError');
      assert.deepEqual(e.errors.map((i) => i.path), [path]);
      assert.match(e.cause.message, /getter \[redacted\]|ownKeys \[redacted\]/);
      assertNoSecret(TOKEN, e.message, JSON.stringify(e), inspect(e, { depth: Infinity, showHidden: true }));
    }
    assert.deepEqual(mock.requests, []);
  });

  test('an apiKeyPrefix other than Bearer rejects with a validation error; nothing is sent', async () => {
    const client = new rri.ApiClient(mock.url);
    client.authentications.Bearer.apiKey = TOKEN;
    client.authentications.Bearer.apiKeyPrefix = 'Token';
    const api = new rri.RoomsInvitationApi(client);
    const pending = api.sendUsersJoinRoomInvitation(ROOM, { scenario: 'chat', emails: ['a@example.com'] });
    assert.ok(pending instanceof Promise, 'the call returns a promise, not a throw');
    const e = await pending.then(() => assert.fail('resolved'), (err) => err);
    assert.ok(e instanceof rri.RainbowValidationError);
    assert.equal(e.code, 'ERR_VALIDATION');
    assert.deepEqual(e.errors.map((i) => [i.path, i.code]), [['apiClient.authentications.Bearer.apiKeyPrefix', 'invalid_option']]);
    assert.equal(e.attempts, 0);
    assert.equal(e.mayHaveBeenDelivered, false);
    assertNoSecret(TOKEN, e.message, JSON.stringify(e));
    assert.deepEqual(mock.requests, []);
  });

  test('timeout is honoured as the per-attempt timeout; 0 (no timeout to the generated client) leaves the default', async () => {
    const client = new rri.ApiClient(mock.url);
    client.authentications.Bearer.apiKey = TOKEN;
    client.timeout = 150;
    mock.script({ delayMs: 1500 });
    const started = Date.now();
    const e = await new rri.RoomsInvitationApi(client).sendUsersJoinRoomInvitation(ROOM, { scenario: 'chat', emails: ['slow@example.com'] }).then(
      () => assert.fail('resolved'),
      (err) => err,
    );
    assert.equal(e.name, 'RainbowTimeoutError');
    assert.equal(e.timeoutMs, 150);
    assert.ok(Date.now() - started < 1400, `took ${Date.now() - started} ms`);

    client.timeout = 0;
    mock.reset();
    mock.script({ delayMs: 300 });
    const ok = await new rri.RoomsInvitationApi(client).sendUsersJoinRoomInvitation(ROOM, { scenario: 'chat', emails: ['slow@example.com'] });
    assert.equal(ok.data.status, 'Invitations successfully sent');
  });

  test('bad ApiClient fields are reported by the validation, and nothing is sent', async () => {
    const client = new rri.ApiClient('ftp://rainbow.example.com');
    client.defaultHeaders = { 'x-bad': 'line\nbreak' };
    const e = await new rri.RoomsInvitationApi(client).sendUsersJoinRoomInvitation(ROOM, { scenario: 'chat', emails: ['a@example.com'] }).then(
      () => assert.fail('resolved'),
      (err) => err,
    );
    assert.equal(e.name, 'RainbowValidationError');
    const paths = e.errors.map((i) => i.path);
    assert.ok(paths.includes('options.baseUrl'), paths.join());
    assert.ok(paths.some((p) => p.startsWith('options.headers')), paths.join());
  });

  test('an options object is still taken as options (not as an ApiClient)', () => {
    const api = new rri.RoomsInvitationApi({ baseUrl: mock.url, token: TOKEN });
    assert.equal(api.apiClient, undefined);
    assert.deepEqual(Object.keys(api.options), ['baseUrl', 'token']);
  });
});

// ---- models ----------------------------------------------------------------------------------

describe('model classes', () => {
  const JOIN = ['scenario', 'confId', 'users', 'emails', 'lang', 'instantMessage', 'noMail', 'update'];
  const CANCEL_FIELDS = ['scenario', 'confId', 'users', 'emails', 'lang', 'noMail'];

  test('new: no enumerable field but those set; the tag is [object Object], so the validator reads them', () => {
    const empty = new rri.SendUsersJoinRoomInvitation();
    assert.deepEqual(Object.keys(empty), []);
    assert.equal(Object.prototype.toString.call(empty), '[object Object]');
    const withScenario = new rri.SendUsersJoinRoomInvitation('chat');
    assert.deepEqual({ ...withScenario }, { scenario: 'chat' });
    assert.deepEqual({ ...new rri.SendUserRoomInvitationCancelation() }, {});
    for (const key in new rri.SendUsersJoinRoomInvitation('chat')) assert.equal(key, 'scenario', 'nothing inherited is enumerable');
  });

  test("new takes the generated client's required fields, in its order", () => {
    // SendUsersJoinRoomInvitation(scenario, confId, users, emails); the cancellation's scenario is
    // optional in the generated model, so its constructor takes (confId, users, emails).
    const join = new rri.SendUsersJoinRoomInvitation('pstn-conference', SEED.confId, [SEED.users[1].id], ['a@example.com']);
    assert.deepEqual({ ...join }, { scenario: 'pstn-conference', confId: SEED.confId, users: [SEED.users[1].id], emails: ['a@example.com'] });
    assert.equal(rri.validateJoinInvitation(ROOM, join).valid, true);
    const cancel = new rri.SendUserRoomInvitationCancelation(SEED.confId, undefined, ['a@example.com']);
    assert.deepEqual({ ...cancel }, { confId: SEED.confId, emails: ['a@example.com'] });
    const check = rri.validateCancelation(ROOM, cancel);
    assert.equal(check.valid, true, JSON.stringify(check.errors));
    assert.equal(check.request.scenario, 'pstn-conference');
  });

  test("Model.ScenarioEnum holds the scenarios, as the generated client's did", () => {
    const all = { chat: 'chat', 'video-conference': 'video-conference', 'pstn-conference': 'pstn-conference' };
    assert.deepEqual(rri.SendUsersJoinRoomInvitation.ScenarioEnum, all);
    assert.deepEqual(rri.SendUserRoomInvitationCancelation.ScenarioEnum, all);
    const body = new rri.SendUsersJoinRoomInvitation(rri.SendUsersJoinRoomInvitation.ScenarioEnum.chat);
    body.emails = ['a@example.com'];
    assert.equal(rri.validateJoinInvitation(ROOM, body).valid, true);
  });

  test('filled field by field, an instance validates like the same object literal', () => {
    const body = new rri.SendUsersJoinRoomInvitation();
    body.scenario = 'pstn-conference';
    body.confId = SEED.confId;
    body.users = [SEED.users[1].id];
    body.emails = [' pstn.guest@example.com '];
    body.lang = 'fr';
    body.noMail = true;
    body.update = false;
    const check = rri.validateJoinInvitation(ROOM, body);
    assert.equal(check.valid, true, JSON.stringify(check.errors));
    assert.deepEqual(check, rri.validateJoinInvitation(ROOM, { ...body }));
    assert.deepEqual(check.request.emails, ['pstn.guest@example.com']);
  });

  test('constructFromObject copies the model\'s fields (values as given, arrays copied) and leaves the others out', () => {
    const emails = ['a@example.com'];
    const data = { scenario: 'pstn-conference', emails, email: ['typo@example.com'], extra: 1, noMail: 'false' };
    const body = rri.SendUsersJoinRoomInvitation.constructFromObject(data);
    assert.ok(body instanceof rri.SendUsersJoinRoomInvitation);
    assert.deepEqual(Object.keys(body), ['scenario', 'emails', 'noMail']);
    assert.notEqual(body.emails, emails, 'the array is copied');
    assert.deepEqual(body.emails, emails);
    // 'false' is not coerced to true as the generated client did: the validation reports it.
    const check = rri.validateJoinInvitation(ROOM, body);
    assert.equal(check.valid, false);
    assert.deepEqual(check.errors.map((i) => [i.path, i.code]), [['noMail', 'invalid_type']]);

    const full = Object.fromEntries(JOIN.map((k) => [k, k === 'noMail' || k === 'update' ? true : k === 'users' || k === 'emails' ? [] : 'x']));
    assert.deepEqual(Object.keys(rri.SendUsersJoinRoomInvitation.constructFromObject(full)), JOIN);
    const cancel = rri.SendUserRoomInvitationCancelation.constructFromObject(full);
    assert.ok(cancel instanceof rri.SendUserRoomInvitationCancelation);
    assert.deepEqual(Object.keys(cancel), CANCEL_FIELDS, 'instantMessage and update are not cancellation fields');
  });

  test('constructFromObject fills a given instance, and returns it unchanged for no data', () => {
    const target = new rri.SendUserRoomInvitationCancelation(SEED.confId);
    assert.equal(rri.SendUserRoomInvitationCancelation.constructFromObject({ emails: ['x@y'] }, target), target);
    assert.deepEqual({ ...target }, { confId: SEED.confId, emails: ['x@y'] });
    assert.equal(rri.SendUserRoomInvitationCancelation.constructFromObject(null, target), target);
    assert.equal(rri.SendUsersJoinRoomInvitation.constructFromObject(undefined), undefined);
    const init = {};
    rri.SendUsersJoinRoomInvitation.initialize(init, 'video-conference', undefined, ['u']);
    assert.deepEqual(init, { scenario: 'video-conference', users: ['u'] });
  });

  test('instances go through the calls: what is on the wire is the model\'s fields', async () => {
    const client = new rri.ApiClient(mock.url);
    client.authentications.Bearer.apiKey = TOKEN;
    const api = new rri.RoomsInvitationApi(client);
    const video = rri.SendUsersJoinRoomInvitation.constructFromObject({ scenario: 'video-conference', users: [SEED.users[2].id], emails: ['video.guest@example.com'], instantMessage: 'Join now' });
    const res = await api.sendUsersJoinRoomInvitation(ROOM, video);
    assert.equal(res.data.scenario, 'video-conference');
    const cancel = new rri.SendUserRoomInvitationCancelation();
    cancel.scenario = 'video-conference';
    cancel.emails = ['video.guest@example.com'];
    await api.sendUserRoomInvitationCancelation(ROOM, cancel);
    assert.deepEqual(mock.requests.map((q) => [q.path, q.json]), [
      [INVITE(ROOM), { scenario: 'video-conference', users: [SEED.users[2].id], emails: ['video.guest@example.com'], lang: 'en', instantMessage: 'Join now' }],
      [CANCEL(ROOM), { scenario: 'video-conference', emails: ['video.guest@example.com'] }],
    ]);
  });
});
