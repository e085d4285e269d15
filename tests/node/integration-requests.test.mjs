// What the server receives: method, path, headers and JSON body of every scenario of both calls,
// over real TCP to the mock server.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import * as rri from '../../pkg/node.js';
import {
  SEED, TOKEN, useMock, baseOf, onlyRequest, apiRequests, jsonOf, invitePath, cancelPath,
  fetchSpy, rejectsWith, closedPort, HEX, assertRainbowError, assertFacts, UUID,
} from './helpers/env.mjs';

const ctx = useMock();

function assertStandardHeaders(req, { token, extra = {} } = {}) {
  const h = req.headers;
  assert.equal(h['content-type'], 'application/json', 'Content-Type');
  assert.equal(h['accept'], 'application/json, text/xml', 'Accept');
  if (token === undefined) assert.equal(h['authorization'], undefined, 'no Authorization without a token');
  else assert.equal(h['authorization'], `Bearer ${token}`, 'Authorization');
  // A fresh random correlation id, unless the caller gave their own.
  if (!Object.keys(extra).some((k) => k.toLowerCase() === 'x-rainbow-correlation-id')) {
    assert.match(h['x-rainbow-correlation-id'] ?? '', UUID, 'x-rainbow-correlation-id');
  }
  for (const [k, v] of Object.entries(extra)) assert.equal(h[k.toLowerCase()], v, `extra header ${k}`);
}

function assertSuccessShape(result, scenario) {
  assert.ok(result && typeof result === 'object', 'resolves to an object');
  assert.ok(result.data && typeof result.data === 'object', 'result.data is an object');
  assert.equal(result.data.scenario, scenario, 'data.scenario');
  assert.equal(typeof result.data.status, 'string', 'data.status is a string');
  assert.ok(Array.isArray(result.data.guestEmails) && result.data.guestEmails.every((e) => typeof e === 'string'), 'data.guestEmails: string[]');
  assert.ok(Array.isArray(result.data.invalidUsers) && result.data.invalidUsers.every((e) => typeof e === 'string'), 'data.invalidUsers: string[]');
}

const u = () => SEED.users;

// Each case: the call, its input, and exactly the JSON the server must receive.
const inviteCases = () => [
  {
    title: 'chat: users/confId/instantMessage/noMail/update left out, lang defaults to en, e-mails trimmed and de-duplicated case-insensitively',
    body: {
      scenario: 'chat',
      emails: [`  ${u()[0].email}  `, 'new.guest@example.com', u()[0].email.toUpperCase(), ' NEW.guest@example.com'],
      users: [u()[1].id], confId: SEED.confId, instantMessage: 'hello', noMail: true, update: true,
    },
    sent: { scenario: 'chat', emails: [u()[0].email, 'new.guest@example.com'], lang: 'en' },
  },
  {
    title: 'pstn-conference: every field is sent, duplicate user ids dropped, lang kept',
    body: {
      scenario: 'pstn-conference', confId: SEED.confId, users: [u()[0].id, u()[1].id, u()[0].id],
      emails: ['pstn.guest@example.com'], lang: 'fr', instantMessage: 'Join now', noMail: true, update: false,
    },
    sent: {
      scenario: 'pstn-conference', confId: SEED.confId, users: [u()[0].id, u()[1].id],
      emails: ['pstn.guest@example.com'], lang: 'fr', instantMessage: 'Join now', noMail: true, update: false,
    },
  },
  {
    title: 'pstn-conference with users only: no emails field is invented, lang defaults to en',
    body: { scenario: 'pstn-conference', users: [u()[0].id] },
    sent: { scenario: 'pstn-conference', users: [u()[0].id], lang: 'en' },
  },
  {
    title: 'video-conference: noMail/update left out, confId/users/emails/instantMessage sent, lang defaults to en',
    body: {
      scenario: 'video-conference', confId: SEED.confId, users: [u()[1].id], emails: [' video.guest@example.com '],
      instantMessage: 'Camera on', noMail: true, update: true,
    },
    sent: {
      scenario: 'video-conference', confId: SEED.confId, users: [u()[1].id], emails: ['video.guest@example.com'],
      lang: 'en', instantMessage: 'Camera on',
    },
  },
  {
    title: 'null and undefined fields count as absent',
    body: { scenario: 'chat', emails: ['null.case@example.com'], lang: null, confId: undefined, users: null, noMail: undefined },
    sent: { scenario: 'chat', emails: ['null.case@example.com'], lang: 'en' },
  },
];

const cancelCases = () => [
  {
    title: 'no scenario: defaults to pstn-conference, lang defaults to en, a misspelled guest address is accepted',
    body: { confId: SEED.confId, users: [u()[0].id], emails: ['guest2@mycompany'], noMail: true },
    sent: { scenario: 'pstn-conference', confId: SEED.confId, users: [u()[0].id], emails: ['guest2@mycompany'], lang: 'en', noMail: true },
  },
  {
    title: 'pstn-conference explicit: lang kept, e-mails trimmed and de-duplicated',
    body: { scenario: 'pstn-conference', emails: [' guest1@mycompany.com', 'GUEST1@MyCompany.com'], lang: 'en-US' },
    sent: { scenario: 'pstn-conference', emails: ['guest1@mycompany.com'], lang: 'en-US' },
  },
  {
    title: 'chat: only emails is sent (users, confId, lang, noMail left out; no lang default)',
    body: {
      scenario: 'chat', emails: [' guest2@mycompany ', 'Guest2@MyCompany', 'guest1@mycompany.com'],
      users: [u()[0].id], confId: SEED.confId, lang: 'fr', noMail: true,
    },
    sent: { scenario: 'chat', emails: ['guest2@mycompany', 'guest1@mycompany.com'] },
  },
  {
    title: 'video-conference: only emails is sent',
    body: { scenario: 'video-conference', emails: ['guest2@mycompany'], users: [u()[1].id], confId: SEED.confId, lang: 'fr', noMail: false },
    sent: { scenario: 'video-conference', emails: ['guest2@mycompany'] },
  },
];

describe('sendUsersJoinRoomInvitation: request on the wire', () => {
  for (const c of inviteCases()) {
    test(c.title, async () => {
      const { mock } = ctx;
      const result = await rri.sendUsersJoinRoomInvitation(SEED.roomId, c.body, { baseUrl: mock.url, token: TOKEN });
      const req = onlyRequest(mock);
      assert.equal(req.method, 'POST');
      assert.equal(req.path, invitePath(SEED.roomId));
      assertStandardHeaders(req, { token: TOKEN });
      assert.deepEqual(jsonOf(req), c.sent);
      // The validator announces exactly what was sent.
      const v = rri.validateJoinInvitation(SEED.roomId, c.body, { baseUrl: mock.url, token: TOKEN });
      assert.equal(v.valid, true, JSON.stringify(v.errors));
      assert.deepEqual(v.request, c.sent);
      assert.equal(v.path, invitePath(SEED.roomId));
      assertSuccessShape(result, c.sent.scenario);
    });
  }
});

describe('sendUserRoomInvitationCancelation: request on the wire', () => {
  for (const c of cancelCases()) {
    test(c.title, async () => {
      const { mock } = ctx;
      const result = await rri.sendUserRoomInvitationCancelation(SEED.roomId, c.body, { baseUrl: mock.url, token: TOKEN });
      const req = onlyRequest(mock);
      assert.equal(req.method, 'POST');
      assert.equal(req.path, cancelPath(SEED.roomId));
      assertStandardHeaders(req, { token: TOKEN });
      assert.deepEqual(jsonOf(req), c.sent);
      const v = rri.validateCancelation(SEED.roomId, c.body, { baseUrl: mock.url, token: TOKEN });
      assert.equal(v.valid, true, JSON.stringify(v.errors));
      assert.deepEqual(v.request, c.sent);
      assert.equal(v.path, cancelPath(SEED.roomId));
      assertSuccessShape(result, c.sent.scenario);
    });
  }
});

describe('request headers', () => {
  test('no token: no Authorization header, Content-Type and Accept still sent (both calls)', async () => {
    const { mock } = ctx;
    await rri.sendUsersJoinRoomInvitation(SEED.roomId, { scenario: 'chat', emails: ['a.guest@example.com'] }, { baseUrl: mock.url });
    assertStandardHeaders(onlyRequest(mock), {});
    mock.reset();
    await rri.sendUserRoomInvitationCancelation(SEED.roomId, { scenario: 'chat', emails: ['a.guest@example.com'] }, { baseUrl: mock.url });
    assertStandardHeaders(onlyRequest(mock), {});
  });

  test('each call has its own correlation id', async () => {
    const { mock } = ctx;
    for (let i = 0; i < 3; i += 1) await rri.sendUsersJoinRoomInvitation(SEED.roomId, { scenario: 'chat', emails: [`c${i}.guest@example.com`] }, { baseUrl: mock.url });
    const ids = apiRequests(mock).map((r) => r.headers['x-rainbow-correlation-id']);
    assert.equal(ids.length, 3);
    assert.equal(new Set(ids).size, 3, `fresh per call: ${ids}`);
  });

  test('a correlation id given as a header replaces the client\'s own (one header, not two joined)', async () => {
    const { mock } = ctx;
    const info = await new rri.RoomsInvitationApi({ baseUrl: mock.url, headers: { 'X-Rainbow-Correlation-Id': 'from-headers' } })
      .sendUsersJoinRoomInvitationWithHttpInfo(SEED.roomId, { scenario: 'chat', emails: ['hdr.guest@example.com'] });
    assert.equal(onlyRequest(mock).headers['x-rainbow-correlation-id'], 'from-headers');
    assert.equal(typeof info.correlationId, 'string');
  });

  test('extra headers option is sent along with the standard ones (both calls)', async () => {
    const { mock } = ctx;
    const extra = { 'X-Rainbow-Client': 'integration-tests', 'x-rainbow-correlation-id': 'corr-42' };
    await rri.sendUsersJoinRoomInvitation(SEED.roomId, { scenario: 'chat', emails: ['h.guest@example.com'] }, { baseUrl: mock.url, token: TOKEN, headers: extra });
    assertStandardHeaders(onlyRequest(mock), { token: TOKEN, extra });
    mock.reset();
    await rri.sendUserRoomInvitationCancelation(SEED.roomId, { emails: ['h.guest@example.com'] }, { baseUrl: mock.url, token: TOKEN, headers: extra });
    assertStandardHeaders(onlyRequest(mock), { token: TOKEN, extra });
  });

  test('headers named like Object.prototype\'s members are handed to fetch as own headers', async () => {
    const { mock } = ctx;
    // JSON.parse makes `__proto__` an own key, as a config file read at run time would.
    const extra = JSON.parse('{"__proto__":"p-value","constructor":"c-value","toString":"t-value"}');
    const spy = fetchSpy();
    await rri.sendUsersJoinRoomInvitation(SEED.roomId, { scenario: 'chat', emails: ['proto.guest@example.com'] }, { baseUrl: mock.url, token: TOKEN, headers: extra, fetch: spy });
    const given = spy.calls[0].init.headers;
    for (const [k, v] of Object.entries(extra)) assert.deepEqual(Object.getOwnPropertyDescriptor(given, k)?.value, v, `own header ${k}`);
    // Over the wire with Node's own fetch: undici's reading of a headers record drops `__proto__`
    // itself, the others arrive.
    await rri.sendUsersJoinRoomInvitation(SEED.roomId, { scenario: 'chat', emails: ['proto.guest@example.com'] }, { baseUrl: mock.url, token: TOKEN, headers: extra });
    assertStandardHeaders(onlyRequest(mock), { token: TOKEN, extra: { constructor: 'c-value', toString: 't-value' } });
  });

  for (const name of ['Content-Type', 'content-type']) {
    test(`headers option cannot replace ${name}: refused before sending, or sent as application/json`, async () => {
      const { mock } = ctx;
      let err = null;
      try {
        await rri.sendUsersJoinRoomInvitation(SEED.roomId, { scenario: 'chat', emails: ['ct.guest@example.com'] },
          { baseUrl: mock.url, headers: { [name]: 'text/plain' } });
      } catch (e) {
        err = e;
      }
      if (err) {
        assertRainbowError(err, 'RainbowValidationError');
        assert.ok(err.errors.some((i) => i.path.startsWith('options.headers')), JSON.stringify(err.errors));
        assert.equal(apiRequests(mock).length, 0, 'nothing sent');
      } else {
        assert.equal(onlyRequest(mock).headers['content-type'], 'application/json');
      }
    });
  }
});

describe('URL building (custom fetch option, no network)', () => {
  const body = { scenario: 'chat', emails: ['url.guest@example.com'] };

  test('a path prefix of baseUrl is kept, with or without a trailing slash', async () => {
    for (const baseUrl of ['https://sandbox.openrainbow.com/gw', 'https://sandbox.openrainbow.com/gw/']) {
      const spy = fetchSpy();
      await rri.sendUsersJoinRoomInvitation(HEX.c, body, { baseUrl, token: TOKEN, fetch: spy });
      await rri.sendUserRoomInvitationCancelation(HEX.c, body, { baseUrl, token: TOKEN, fetch: spy });
      assert.deepEqual(spy.calls.map((c) => [c.method, c.url]), [
        ['POST', `https://sandbox.openrainbow.com/gw${invitePath(HEX.c)}`],
        ['POST', `https://sandbox.openrainbow.com/gw${cancelPath(HEX.c)}`],
      ], `baseUrl ${baseUrl}`);
      for (const c of spy.calls) {
        assert.equal(c.headers['authorization'], `Bearer ${TOKEN}`, 'token allowed over https');
        assert.equal(c.headers['content-type'], 'application/json');
        assert.equal(c.headers['accept'], 'application/json, text/xml');
      }
    }
  });

  test('a path prefix is kept over real TCP too', async () => {
    const { mock } = ctx;
    const spyless = `${baseOf(mock)}/prefix`;
    // Whatever the mock answers for an unknown prefix, the request line is what matters here.
    await rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: spyless }).catch(() => {});
    const reqs = mock.requests.filter((r) => r.path.includes('/invitations'));
    assert.equal(reqs.length, 1, JSON.stringify(mock.requests.map((r) => r.path)));
    assert.equal(reqs[0].path, `/prefix${invitePath(SEED.roomId)}`);
  });

  test('the default baseUrl in Node is http://localhost', async () => {
    const spy = fetchSpy();
    await rri.sendUsersJoinRoomInvitation(HEX.c, body, { fetch: spy });
    assert.equal(spy.calls.length, 1);
    assert.equal(spy.calls[0].url, `http://localhost${invitePath(HEX.c)}`);
  });

  test('a token is allowed over plain http to loopback hosts', async () => {
    for (const baseUrl of ['http://localhost:8080', 'http://127.0.0.1:9', 'http://[::1]:8080']) {
      const spy = fetchSpy();
      await rri.sendUsersJoinRoomInvitation(HEX.c, body, { baseUrl, token: TOKEN, fetch: spy });
      assert.equal(spy.calls.length, 1, baseUrl);
      assert.equal(spy.calls[0].headers['authorization'], `Bearer ${TOKEN}`, baseUrl);
    }
  });

  test('the fetch option is used instead of the global fetch', async () => {
    const port = await closedPort(); // the global fetch would fail here
    const spy = fetchSpy(() => ({ status: 200, body: { data: { scenario: 'chat', status: 'spy', guestEmails: ['x@example.com'], invalidUsers: [] } } }));
    const res = await rri.sendUsersJoinRoomInvitation(HEX.c, body, { baseUrl: `http://127.0.0.1:${port}`, fetch: spy });
    assert.equal(spy.calls.length, 1);
    assert.equal(res.data.status, 'spy');
    assert.deepEqual(JSON.parse(spy.calls[0].body), { scenario: 'chat', emails: ['url.guest@example.com'], lang: 'en' });
  });

  test('a refused token over plain http to another host sends nothing', async () => {
    const spy = fetchSpy();
    const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(HEX.c, body, { baseUrl: 'http://example.com', token: TOKEN, fetch: spy }), 'RainbowValidationError');
    assert.ok(err.errors.some((i) => ['options.token', 'options.baseUrl'].includes(i.path) && /token/i.test(i.message)), JSON.stringify(err.errors));
    assert.equal(spy.calls.length, 0);
    assertFacts(err, { attempts: 0, delivered: false });
  });
});
