// Validation: the send calls reject with RainbowValidationError listing every problem with its path
// and send nothing (the mock server stays silent); validateJoinInvitation / validateCancelation
// return { valid, errors, warnings, path, request } synchronously.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import * as rri from '../../pkg/node.js';
import {
  SEED, TOKEN, HEX, useMock, apiRequests, invitePath, cancelPath, rejectsWith, assertIssues, fetchSpy,
  sleep, assertFacts,
} from './helpers/env.mjs';

const ctx = useMock();

const CALLS = {
  invite: { send: 'sendUsersJoinRoomInvitation', validate: 'validateJoinInvitation', pathOf: invitePath },
  cancel: { send: 'sendUserRoomInvitationCancelation', validate: 'validateCancelation', pathOf: cancelPath },
};

/**
 * The message lists the problems with their paths; a long list may stop after a few problems if it
 * says how many more there are (they are all in `errors`).
 */
function assertMessageLists(err, errors) {
  assert.ok(err.message.includes(String(errors.length)) || errors.length === 1, `the message gives the number of problems (${errors.length}): ${err.message}`);
  const missing = errors.filter((i) => !err.message.includes(`${i.path}:`) && !err.message.includes(`\`${i.path}\``));
  if (missing.length === 0) return;
  const more = /(\d+) more/.exec(err.message);
  assert.ok(more, `the message lists ${JSON.stringify(missing.map((i) => i.path))} or says how many more there are: ${err.message}`);
  assert.equal(Number(more[1]), missing.length, `"${more[0]}" counts the problems left out of the message: ${err.message}`);
  const listed = errors.length - missing.length;
  assert.ok(listed >= 3, `the message lists at least the first problems, it listed ${listed}: ${err.message}`);
}

/**
 * Runs both the validator and the send call on the same input; checks the expected issues on both,
 * that they agree, that the send call rejected with RainbowValidationError listing every path in its
 * message, and that nothing reached the server (nor a fetch option).
 */
async function expectInvalid(kind, roomId, body, options, expected) {
  const { mock } = ctx;
  const { send, validate, pathOf } = CALLS[kind];
  const opts = { baseUrl: mock.url, ...options }; // the global fetch: anything sent would reach the mock

  const v = rri[validate](roomId, body, opts);
  assert.ok(v && typeof v.then !== 'function', `${validate} is synchronous`);
  assert.deepEqual(Object.keys(v).sort(), ['errors', 'path', 'request', 'valid', 'warnings']);
  assert.equal(v.valid, false);
  assert.equal(v.request, null, 'no request when not valid');
  assertIssues(v.errors, expected);
  assertIssues(v.warnings, {}, 'warnings');
  if (typeof roomId !== 'string' || !/^[0-9a-fA-F]{24}$/.test(roomId)) assert.equal(v.path, null, 'no path without a valid roomId');
  else assert.ok(v.path === null || v.path === pathOf(roomId), `path ${v.path}`);

  const err = await rejectsWith(rri[send](roomId, body, opts), 'RainbowValidationError');
  assertIssues(err.errors, expected);
  assert.deepEqual(err.errors, v.errors, 'the rejection lists the same problems as the validator');
  assert.ok(Array.isArray(err.warnings), 'warnings is an array');
  assert.deepEqual(err.warnings, v.warnings);
  assertMessageLists(err, v.errors);
  assertFacts(err, { attempts: 0, delivered: false });
  await sleep(20);
  assert.equal(apiRequests(mock).length, 0, 'nothing was sent');
  return { v, err };
}

describe('every problem is listed with its path, nothing is sent', () => {
  test('invite: many problems at once, in the roomId, the body and the options', async () => {
    await expectInvalid('invite', 'not-a-room-id', {
      scenario: 'pstn-conference',
      confId: 'xyz',
      users: [HEX.a, 'abc', 123],
      emails: ['ok@example.com', 'not-an-email', 42, 'guest2@mycompany'],
      lang: 'not a lang',
      instantMessage: 5,
      noMail: 'true',
      update: 1,
      email: 'typo@example.com',
    }, { timeoutMs: 0 }, {
      roomId: 'invalid_id',
      confId: 'invalid_id',
      'users[1]': 'invalid_id',
      'users[2]': 'invalid_type',
      'emails[1]': 'invalid_email',
      'emails[2]': 'invalid_type',
      'emails[3]': 'invalid_email',
      lang: 'invalid_lang',
      instantMessage: 'invalid_type',
      noMail: 'invalid_type',
      update: 'invalid_type',
      email: 'unknown_field',
      'options.timeoutMs': 'invalid_option',
    });
  });

  test('cancel: many problems at once', async () => {
    await expectInvalid('cancel', HEX.a.slice(1), {
      scenario: 'meeting',
      emails: ['guest2@mycompany', 'no-at-sign', '@mycompany', 'guest@', 'two@at@signs', 'with space@x'],
      noMail: 'false',
      instantMessage: 'not a cancel field',
    }, {}, {
      roomId: 'invalid_id',
      scenario: 'invalid_value',
      'emails[1]': 'invalid_email',
      'emails[2]': 'invalid_email',
      'emails[3]': 'invalid_email',
      'emails[4]': 'invalid_email',
      'emails[5]': 'invalid_email',
      noMail: 'invalid_type',
      instantMessage: 'unknown_field',
    });
  });

  test('unknown fields suggest the closest real name', async () => {
    const { v } = await expectInvalid('invite', SEED.roomId, { scenario: 'chat', emails: ['a@example.com'], email: 'b@example.com', lnag: 'fr', confid: HEX.a, scenrio: 'chat' }, {}, {
      email: 'unknown_field', lnag: 'unknown_field', confid: 'unknown_field', scenrio: 'unknown_field',
    });
    const msg = (p) => v.errors.find((i) => i.path === p).message;
    assert.match(msg('email'), /\bemails\b/);
    assert.match(msg('lnag'), /\blang\b/);
    assert.match(msg('confid'), /\bconfId\b/);
    assert.match(msg('scenrio'), /\bscenario\b/);
  });

  test('invite: scenario is required; an unknown scenario is refused', async () => {
    await expectInvalid('invite', SEED.roomId, { emails: ['a@example.com'] }, {}, { scenario: 'required' });
    await expectInvalid('invite', SEED.roomId, { scenario: 'meeting', emails: ['a@example.com'] }, {}, { scenario: 'invalid_value' });
    await expectInvalid('invite', SEED.roomId, { scenario: 'CHAT', emails: ['a@example.com'] }, {}, { scenario: 'invalid_value' });
    await expectInvalid('invite', SEED.roomId, { scenario: 7, emails: ['a@example.com'] }, {}, { scenario: 'invalid_type' });
  });

  test('wrong types are errors, even where a conversion would be easy', async () => {
    await expectInvalid('invite', SEED.roomId, { scenario: 'chat', emails: 'a@example.com' }, {}, { emails: 'invalid_type' });
    await expectInvalid('invite', SEED.roomId, { scenario: 'pstn-conference', users: HEX.a }, {}, { users: 'invalid_type' });
    await expectInvalid('invite', SEED.roomId, { scenario: 'pstn-conference', users: [HEX.a], update: 'false' }, {}, { update: 'invalid_type' });
    await expectInvalid('invite', SEED.roomId, { scenario: 'chat', emails: ['a@example.com'], lang: 5 }, {}, { lang: 'invalid_type' });
    await expectInvalid('cancel', SEED.roomId, { emails: ['a@example.com'], noMail: 0 }, {}, { noMail: 'invalid_type' });
    await expectInvalid('cancel', SEED.roomId, { emails: [null] }, {}, { 'emails[0]': 'invalid_type' });
  });

  for (const kind of ['invite', 'cancel']) {
    test(`${kind}: the body must be a plain object`, async () => {
      for (const body of [null, undefined, 'scenario=chat', 42, [], [{ scenario: 'chat' }], new Map([['scenario', 'chat']])]) {
        const v = rri[CALLS[kind].validate](SEED.roomId, body, { baseUrl: ctx.mock.url });
        assert.equal(v.valid, false, `body ${String(body)}`);
        assert.ok(v.errors.length > 0);
        assert.equal(v.request, null);
        await rejectsWith(rri[CALLS[kind].send](SEED.roomId, body, { baseUrl: ctx.mock.url }), 'RainbowValidationError');
      }
      await sleep(20);
      assert.equal(apiRequests(ctx.mock).length, 0, 'nothing was sent');
    });

    test(`${kind}: roomId must be 24 hexadecimal characters (nothing can be injected into the path)`, async () => {
      const cases = ['', 'roomId_example', 'z'.repeat(24), HEX.a.slice(1), `${HEX.a}0`, `../../${HEX.a.slice(6)}`, `${HEX.a.slice(0, 20)}%2F..`, `${HEX.a.slice(0, 22)}?x`, ` ${HEX.a.slice(1)}`];
      for (const roomId of cases) {
        await expectInvalid(kind, roomId, { scenario: 'chat', emails: ['a@example.com'] }, {}, { roomId: 'invalid_id' });
      }
      for (const roomId of [undefined, null, 42, { id: HEX.a }]) {
        const v = rri[CALLS[kind].validate](roomId, { scenario: 'chat', emails: ['a@example.com'] }, {});
        assert.equal(v.valid, false);
        assert.ok(v.errors.some((i) => i.path === 'roomId'), JSON.stringify(v.errors));
        assert.equal(v.path, null);
        await rejectsWith(rri[CALLS[kind].send](roomId, { scenario: 'chat', emails: ['a@example.com'] }, { baseUrl: ctx.mock.url }), 'RainbowValidationError');
      }
      assert.equal(apiRequests(ctx.mock).length, 0, 'nothing was sent');
    });
  }
});

describe('e-mail rules', () => {
  const local64 = 'a'.repeat(64);
  const domain189 = `${'b'.repeat(61)}.${'c'.repeat(61)}.${'d'.repeat(61)}.com`;
  const len254 = `${local64}@${domain189}`;
  const len255 = `${local64}@${'b'.repeat(62)}.${'c'.repeat(61)}.${'d'.repeat(61)}.com`;

  test('fixture sanity', () => {
    assert.equal(len254.length, 254);
    assert.equal(len255.length, 255);
  });

  test('invite accepts practical addresses', () => {
    for (const e of ['ada@example.com', 'first.last+tag@sub.example.co.uk', 'o\'brien@example.ie', 'x_y-z@my-company.fr', len254]) {
      const v = rri.validateJoinInvitation(SEED.roomId, { scenario: 'chat', emails: [e] });
      assert.equal(v.valid, true, `${e}: ${JSON.stringify(v.errors)}`);
      assert.deepEqual(v.request.emails, [e]);
    }
  });

  test('invite refuses addresses that are not practical RFC 5321 ones', async () => {
    const bad = ['guest2@mycompany', 'no-at-sign', '@example.com', 'a@', 'a@@example.com', 'a@b@example.com', 'a b@example.com',
      'a@exa mple.com', 'a\u0000@example.com', 'a\n@example.com', 'a@-bad-.example.com', 'a@example..com', 'a@.example.com', len255];
    await expectInvalid('invite', SEED.roomId, { scenario: 'chat', emails: bad }, {},
      Object.fromEntries(bad.map((_, i) => [`emails[${i}]`, 'invalid_email'])));
  });

  test('cancel is lenient: any address that could have been stored, e.g. guest2@mycompany', () => {
    for (const e of ['guest2@mycompany', 'x@y', 'guest1@mycompany.com', 'first.last+tag@sub.example.co.uk']) {
      const v = rri.validateCancelation(SEED.roomId, { scenario: 'chat', emails: [e] });
      assert.equal(v.valid, true, `${e}: ${JSON.stringify(v.errors)}`);
      assert.deepEqual(v.request.emails, [e]);
    }
  });

  test('cancel still refuses what cannot be an address', async () => {
    const bad = ['no-at-sign', '@mycompany', 'guest@', 'two@at@signs', 'with space@x', 'tab\t@x', 'nul\u0000@x'];
    await expectInvalid('cancel', SEED.roomId, { scenario: 'video-conference', emails: bad }, {},
      Object.fromEntries(bad.map((_, i) => [`emails[${i}]`, 'invalid_email'])));
  });
});

describe('long lists (16 entries or more, read in one piece when they are plain ASCII)', () => {
  const list = (n) => Array.from({ length: n }, (_, i) => `guest${i}@example.com`);
  const validate = (emails) => rri.validateJoinInvitation(SEED.roomId, { scenario: 'chat', emails });

  test('a plain list is sent as given, and the same in any case of reading', () => {
    for (const n of [15, 16, 40]) {
      const emails = list(n);
      const v = validate(emails);
      assert.equal(v.valid, true, JSON.stringify(v.errors));
      assert.deepEqual(v.request.emails, emails);
      assert.notEqual(v.request.emails, emails, 'a list of its own');
    }
  });

  test('an entry that is not plain ASCII text is read on its own, and checked as ever', () => {
    const cases = [
      [(e) => { e[20] = 'ad\0a@example.com'; }, 'emails[20]', 'invalid_email'],
      [(e) => { e[3] = 'ada\uD800@example.com'; }, 'emails[3]', 'invalid_string'],
      [(e) => { e[19] = 42; }, 'emails[19]', 'invalid_type'],
      [(e) => { e[0] = 'x'.repeat(1_000_001); }, 'emails[0]', 'invalid_string'],
    ];
    for (const [spoil, path, code] of cases) {
      const emails = list(30);
      spoil(emails);
      const v = validate(emails);
      assert.equal(v.valid, false, path);
      assert.deepEqual(v.errors.map((i) => [i.path, i.code]), [[path, code]]);
    }
    const emails = list(30);
    emails[7] = 'jos\u00e9@example.com';
    emails[8] = ` ${emails[8]} `;
    const v = validate(emails);
    assert.equal(v.valid, true, JSON.stringify(v.errors));
    assert.equal(v.request.emails[7], 'jos\u00e9@example.com');
    assert.equal(v.request.emails[8], 'guest8@example.com', 'trimmed');
  });

  test("a list whose constructor's species makes anything is still read as a genuine array", async () => {
    // Array.prototype.slice would make its copy through this species, and get back an object whose
    // every read throws.
    class Odd extends Array {
      static get [Symbol.species]() {
        return function () {
          return new Proxy({}, { get() { throw new Error('species'); } });
        };
      }
    }
    for (const n of [3, 30]) {
      const emails = Odd.from(list(n));
      const v = validate(emails);
      assert.equal(v.valid, true, JSON.stringify(v.errors));
      assert.deepEqual(v.request.emails, list(n));
      const spy = fetchSpy();
      await rri.sendUsersJoinRoomInvitation(SEED.roomId, { scenario: 'chat', emails }, { baseUrl: 'http://127.0.0.1:9', token: TOKEN, fetch: spy });
      assert.equal(spy.calls.length, 1);
      assert.deepEqual(JSON.parse(spy.calls[0].body).emails, list(n));
    }
  });

  test("a list whose `length` can't be read (a Proxy's throws, or is not a count) is unreadable, not empty", () => {
    for (const length of [() => { throw new Error('length'); }, () => NaN, () => -1, () => 1.5, () => '1']) {
      const emails = new Proxy(list(3), { get: (t, k) => (k === 'length' ? length() : Reflect.get(t, k)) });
      assert.deepEqual(validate(emails).errors.map((i) => [i.path, i.code, i.message]), [
        ['emails', 'invalid_type', "`emails` must be an array of strings, got an array whose length can't be read."],
      ]);
    }
  });

  test('a sparse list is read item by item: its holes are errors', () => {
    const emails = list(20);
    delete emails[5];
    assert.deepEqual(validate(emails).errors.map((i) => [i.path, i.code]), [['emails[5]', 'invalid_type']]);
  });
});

describe('recipients', () => {
  test('chat invite needs an e-mail (users do not count: chat ignores them)', async () => {
    const { v } = await expectInvalid('invite', SEED.roomId, { scenario: 'chat', users: [HEX.a] }, {}, {});
    assert.ok(v.errors.some((i) => i.code === 'no_recipients'), JSON.stringify(v.errors));
    const { v: v2 } = await expectInvalid('invite', SEED.roomId, { scenario: 'chat', emails: [] }, {}, {});
    assert.ok(v2.errors.some((i) => i.code === 'no_recipients'), JSON.stringify(v2.errors));
  });

  test('pstn-conference and video-conference invites need a user or an e-mail', async () => {
    for (const scenario of ['pstn-conference', 'video-conference']) {
      const { v } = await expectInvalid('invite', SEED.roomId, { scenario, confId: SEED.confId }, {}, {});
      assert.deepEqual(v.errors.map((i) => i.code), ['no_recipients']);
      assert.equal(rri.validateJoinInvitation(SEED.roomId, { scenario, users: [HEX.a] }).valid, true);
      assert.equal(rri.validateJoinInvitation(SEED.roomId, { scenario, emails: ['a@example.com'] }).valid, true);
    }
  });

  test('chat and video-conference cancels need an e-mail; pstn-conference takes a user or an e-mail', async () => {
    for (const scenario of ['chat', 'video-conference']) {
      const { v } = await expectInvalid('cancel', SEED.roomId, { scenario, users: [HEX.a] }, {}, {});
      assert.ok(v.errors.some((i) => i.code === 'no_recipients'), JSON.stringify(v.errors));
    }
    const { v } = await expectInvalid('cancel', SEED.roomId, {}, {}, {});
    assert.deepEqual(v.errors.map((i) => i.code), ['no_recipients']);
    assert.equal(rri.validateCancelation(SEED.roomId, { users: [HEX.a] }).valid, true);
    assert.equal(rri.validateCancelation(SEED.roomId, { scenario: 'pstn-conference', emails: ['a@b'] }).valid, true);
  });
});

describe('language tags', () => {
  test('valid tags are kept', () => {
    for (const lang of ['en', 'fr', 'en-US', 'pt-BR', 'de']) {
      const v = rri.validateJoinInvitation(SEED.roomId, { scenario: 'chat', emails: ['a@example.com'], lang });
      assert.equal(v.valid, true, `${lang}: ${JSON.stringify(v.errors)}`);
      assert.equal(v.request.lang, lang);
    }
  });

  test('invalid tags are refused', async () => {
    for (const lang of ['', 'not a lang', 'e', '123', 'fr-', '-fr', 'en\nUS', 'toolonglanguage']) {
      await expectInvalid('invite', SEED.roomId, { scenario: 'chat', emails: ['a@example.com'], lang }, {}, { lang: 'invalid_lang' });
    }
    await expectInvalid('cancel', SEED.roomId, { emails: ['a@example.com'], lang: 'not a lang' }, {}, { lang: 'invalid_lang' });
  });
});

describe('options', () => {
  const body = { scenario: 'chat', emails: ['a@example.com'] };

  test('timeoutMs: a positive integer up to 2147483647', async () => {
    for (const timeoutMs of [0, -1, 1.5, 2147483648, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expectInvalid('invite', SEED.roomId, body, { timeoutMs }, { 'options.timeoutMs': 'invalid_option' });
    }
    for (const timeoutMs of ['1000', true]) {
      const { v } = await expectInvalid('invite', SEED.roomId, body, { timeoutMs }, {});
      assert.ok(v.errors.some((i) => i.path === 'options.timeoutMs' && ['invalid_option', 'invalid_type'].includes(i.code)), JSON.stringify(v.errors));
    }
    for (const timeoutMs of [1, 2147483647, undefined]) {
      assert.equal(rri.validateJoinInvitation(SEED.roomId, body, { timeoutMs }).valid, true, `timeoutMs ${timeoutMs}`);
    }
  });

  test('baseUrl: absolute http(s), no credentials, query or fragment', async () => {
    for (const baseUrl of ['ftp://127.0.0.1', 'not a url', '/relative/path', 'http://user:pw@127.0.0.1:8080', 'http://user@127.0.0.1:8080',
      'http://127.0.0.1:8080/?q=1', 'http://127.0.0.1:8080/#frag', 'javascript:alert(1)', 'file:///etc/passwd']) {
      const spy = fetchSpy();
      const v = rri.validateJoinInvitation(SEED.roomId, body, { baseUrl, fetch: spy });
      assert.equal(v.valid, false, baseUrl);
      assertIssues(v.errors, { 'options.baseUrl': 'invalid_option' });
      await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl, fetch: spy }), 'RainbowValidationError');
      assert.equal(spy.calls.length, 0, `nothing fetched for ${baseUrl}`);
    }
  });

  test("baseUrl: a host or port the platform's URL parser refuses is a validation error, and what it accepts passes", async () => {
    for (const baseUrl of ['http://127.0.0.1:99999', 'http://127.0.0.1:8o80', 'http://[g::1]:8080', 'http://[::1', 'http://256.0.0.1', 'http://example.1', 'http://exa|mple.com']) {
      assert.throws(() => new URL(baseUrl), TypeError, `the platform refuses ${baseUrl}`);
      const spy = fetchSpy();
      const v = rri.validateJoinInvitation(SEED.roomId, body, { baseUrl, fetch: spy });
      assert.equal(v.valid, false, baseUrl);
      assert.equal(v.request, null, baseUrl);
      assertIssues(v.errors, { 'options.baseUrl': 'invalid_option' });
      assert.match(v.errors[0].message, /has a host or port a URL can't hold .*IPv6 address is in brackets .*from 0 to 65535/, baseUrl);
      const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl, fetch: spy }), 'RainbowValidationError');
      assert.equal(err.mayHaveBeenDelivered, false, baseUrl);
      assert.equal(spy.calls.length, 0, `nothing fetched for ${baseUrl}`);
    }
    for (const baseUrl of ['http://127.1:8080', 'http://[::ffff:127.0.0.1]:8080', 'https://bücher.example', 'http://127.0.0.1:']) {
      assert.equal(rri.validateJoinInvitation(SEED.roomId, body, { baseUrl }).valid, true, baseUrl);
    }
  });

  test('token: refused over plain http to a host other than loopback; must be a string', async () => {
    for (const baseUrl of ['http://example.com', 'http://sandbox.openrainbow.com', 'http://10.0.0.1:8080']) {
      const spy = fetchSpy();
      const v = rri.validateCancelation(SEED.roomId, body, { baseUrl, token: TOKEN, fetch: spy });
      assert.equal(v.valid, false, baseUrl);
      // The README puts the rule under `token`; reporting it on the URL is as actionable.
      assert.ok(v.errors.some((i) => ['options.token', 'options.baseUrl'].includes(i.path) && i.code === 'invalid_option' && /token/i.test(i.message)),
        `an invalid_option issue about the token: ${JSON.stringify(v.errors)}`);
      await rejectsWith(rri.sendUserRoomInvitationCancelation(SEED.roomId, body, { baseUrl, token: TOKEN, fetch: spy }), 'RainbowValidationError');
      assert.equal(spy.calls.length, 0, `nothing fetched for ${baseUrl}`);
      // Without a token the same URL is fine.
      assert.equal(rri.validateCancelation(SEED.roomId, body, { baseUrl }).valid, true, baseUrl);
    }
    const { v } = await expectInvalid('invite', SEED.roomId, body, { token: 42 }, {});
    assert.ok(v.errors.some((i) => i.path === 'options.token'), JSON.stringify(v.errors));
  });

  test('token: a CR/LF in it is refused before sending (no header injection)', async () => {
    await expectInvalid('invite', SEED.roomId, body, { token: `${TOKEN}\r\nX-Injected: 1` }, { 'options.token': ['invalid_option', 'invalid_string'] });
  });

  test('headers: string values only, CR, LF and NUL refused', async () => {
    for (const headers of [{ 'X-Bad': 'a\r\nX-Injected: 1' }, { 'X-Bad': 'a\nb' }, { 'X-Bad': 'a\rb' }, { 'X-Bad': 'a\u0000b' }, { 'X-Num': 5 }]) {
      const { v } = await expectInvalid('invite', SEED.roomId, body, { headers }, {});
      assert.ok(v.errors.some((i) => i.path.startsWith('options.headers')), `${JSON.stringify(headers)}: ${JSON.stringify(v.errors)}`);
    }
    for (const headers of ['X-A: 1', 5]) {
      const { v } = await expectInvalid('invite', SEED.roomId, body, { headers }, {});
      assert.ok(v.errors.some((i) => i.path.startsWith('options.headers')), JSON.stringify(v.errors));
    }
  });

  test('maxRetries: a whole number from 0 to 10', async () => {
    for (const maxRetries of [-1, 11, 1.5, Number.NaN]) {
      await expectInvalid('invite', SEED.roomId, body, { maxRetries }, { 'options.maxRetries': 'invalid_option' });
    }
    const { v } = await expectInvalid('invite', SEED.roomId, body, { maxRetries: '2' }, {});
    assert.ok(v.errors.some((i) => i.path === 'options.maxRetries'), JSON.stringify(v.errors));
    for (const maxRetries of [0, 10, undefined]) assert.equal(rri.validateJoinInvitation(SEED.roomId, body, { maxRetries }).valid, true, `maxRetries ${maxRetries}`);
  });

  test('totalTimeoutMs and maxResponseBytes: whole numbers from 1 to 2147483647', async () => {
    for (const name of ['totalTimeoutMs', 'maxResponseBytes']) {
      for (const value of [0, -5, 2.5, 2147483648]) {
        await expectInvalid('cancel', SEED.roomId, body, { [name]: value }, { [`options.${name}`]: 'invalid_option' });
      }
      for (const value of [1, 2147483647]) assert.equal(rri.validateCancelation(SEED.roomId, body, { [name]: value }).valid, true, `${name} ${value}`);
    }
  });

  test('logLevel: off, error, warn, info or debug; logger: a function or an object with a method per level or a log method', async () => {
    for (const logLevel of ['verbose', 'DEBUG', 'none', 3]) {
      const { v } = await expectInvalid('invite', SEED.roomId, body, { logLevel }, {});
      assert.ok(v.errors.some((i) => i.path === 'options.logLevel'), `${logLevel}: ${JSON.stringify(v.errors)}`);
    }
    for (const logger of [42, 'console', {}, { write() {} }, { info: 'not a function' }]) {
      const { v } = await expectInvalid('invite', SEED.roomId, body, { logger }, {});
      assert.ok(v.errors.some((i) => i.path === 'options.logger'), `${JSON.stringify(logger)}: ${JSON.stringify(v.errors)}`);
    }
    for (const logLevel of ['off', 'error', 'warn', 'info', 'debug']) {
      assert.equal(rri.validateJoinInvitation(SEED.roomId, body, { logLevel, logger: console }).valid, true, logLevel);
    }
    assert.equal(rri.validateJoinInvitation(SEED.roomId, body, { logger: () => {} }).valid, true);
    // pino and bunyan have a method per level and no `log`; loglevel and winston have both.
    for (const logger of [{ info() {} }, { debug() {}, info() {}, warn() {}, error() {} }, { log() {} }]) {
      assert.equal(rri.validateJoinInvitation(SEED.roomId, body, { logger }).valid, true, Object.keys(logger).join());
    }
  });

  test('correlationId: false or a non-empty string of at most 200 characters without line breaks', async () => {
    for (const correlationId of ['', 'a\r\nX-Injected: 1', 'x'.repeat(201), 42, {}]) {
      await expectInvalid('invite', SEED.roomId, body, { correlationId }, { 'options.correlationId': 'invalid_option' });
    }
    for (const correlationId of [false, 'x', 'x'.repeat(200), 'trace-1234']) {
      assert.equal(rri.validateJoinInvitation(SEED.roomId, body, { correlationId }).valid, true, String(correlationId));
    }
  });

  test('getToken: a function, and not together with token', async () => {
    await expectInvalid('invite', SEED.roomId, body, { getToken: TOKEN }, { 'options.getToken': ['invalid_option', 'invalid_type'] });
    await expectInvalid('invite', SEED.roomId, body, { getToken: () => TOKEN, token: TOKEN }, { 'options.getToken': 'invalid_option' });
    assert.equal(rri.validateJoinInvitation(SEED.roomId, body, { getToken: () => TOKEN }).valid, true);
  });

  test('getToken: the token it gives is checked before sending; a failure is a validation error whose cause is what it threw', async () => {
    const { mock } = ctx;
    for (const [what, getToken] of [['an empty string', () => ''], ['a CR/LF', async () => `${TOKEN}\r\nX-Injected: 1`], ['a number', () => 42], ['undefined', async () => undefined]]) {
      const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, getToken }), 'RainbowValidationError');
      assert.ok(err.errors.some((i) => i.path === 'options.getToken' && i.code === 'invalid_option'), `${what}: ${JSON.stringify(err.errors)}`);
      assertFacts(err, { attempts: 0, delivered: false });
    }
    const boom = new Error('the identity provider is down');
    for (const getToken of [() => { throw boom; }, () => Promise.reject(boom)]) {
      const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: mock.url, getToken }), 'RainbowValidationError');
      assert.ok(err.errors.some((i) => i.path === 'options.getToken'), JSON.stringify(err.errors));
      assert.equal(err.cause, boom, 'cause is what getToken threw');
      assertFacts(err, { attempts: 0, delivered: false });
    }
    assert.equal(apiRequests(mock).length, 0, 'nothing was sent');
  });

  test('allowInsecureHttp: a boolean; true lets a token go over plain http to a remote host', async () => {
    await expectInvalid('invite', SEED.roomId, body, { allowInsecureHttp: 'yes' }, { 'options.allowInsecureHttp': ['invalid_option', 'invalid_type'] });
    const spy = fetchSpy();
    await rri.sendUsersJoinRoomInvitation(HEX.a, body, { baseUrl: 'http://10.0.0.1:8080', token: TOKEN, allowInsecureHttp: true, fetch: spy });
    assert.equal(spy.calls.length, 1);
    assert.equal(spy.calls[0].url, `http://10.0.0.1:8080${invitePath(HEX.a)}`);
    assert.equal(spy.calls[0].headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(rri.validateJoinInvitation(HEX.a, body, { baseUrl: 'http://10.0.0.1:8080', getToken: () => TOKEN, allowInsecureHttp: false }).valid, false,
      'the rule holds for getToken too');
  });

  test('a misspelt new option suggests the real one', async () => {
    const { v } = await expectInvalid('invite', SEED.roomId, body, { maxRetry: 1 }, { 'options.maxRetry': 'unknown_field' });
    assert.match(v.errors.find((i) => i.path === 'options.maxRetry').message, /maxRetries/);
  });

  test('signal must be an AbortSignal, fetch a function', async () => {
    const { v } = await expectInvalid('invite', SEED.roomId, body, { signal: { aborted: 'no' } }, {});
    assert.ok(v.errors.some((i) => i.path === 'options.signal'), JSON.stringify(v.errors));
    const r = rri.validateJoinInvitation(SEED.roomId, body, { fetch: 'not a function' });
    assert.equal(r.valid, false);
    assert.ok(r.errors.some((i) => i.path === 'options.fetch'), JSON.stringify(r.errors));
    await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, body, { baseUrl: ctx.mock.url, fetch: 'not a function' }), 'RainbowValidationError');
    assert.equal(apiRequests(ctx.mock).length, 0);
  });
});

describe('validate results', () => {
  test('a valid invite: valid, no errors, warnings for duplicates and ignored fields, path, request', () => {
    const v = rri.validateJoinInvitation(SEED.roomId, {
      scenario: 'chat', emails: ['a@example.com', ' b@example.com ', 'A@EXAMPLE.COM'], users: [HEX.a], noMail: true,
    });
    assert.deepEqual(Object.keys(v).sort(), ['errors', 'path', 'request', 'valid', 'warnings']);
    assert.equal(v.valid, true);
    assert.deepEqual(v.errors, []);
    assert.equal(v.path, invitePath(SEED.roomId));
    assert.deepEqual(v.request, { scenario: 'chat', emails: ['a@example.com', 'b@example.com'], lang: 'en' });
    assertIssues(v.warnings, { 'emails[2]': 'duplicate', users: 'ignored_field', noMail: 'ignored_field' }, 'warnings');
    assert.equal(v.warnings.length, 3, JSON.stringify(v.warnings));
  });

  test('a valid cancel: scenario defaulted, duplicate user ids warned', () => {
    const v = rri.validateCancelation(SEED.roomId, { users: [HEX.a, HEX.b, HEX.a], emails: ['guest2@mycompany'] });
    assert.equal(v.valid, true, JSON.stringify(v.errors));
    assert.equal(v.path, cancelPath(SEED.roomId));
    assert.deepEqual(v.request, { scenario: 'pstn-conference', users: [HEX.a, HEX.b], emails: ['guest2@mycompany'], lang: 'en' });
    assertIssues(v.warnings, { 'users[2]': 'duplicate' }, 'warnings');
    assert.equal(v.warnings.length, 1);
  });

  test('warnings alone never make a call fail, and the rejection of an invalid call carries them', async () => {
    const { mock } = ctx;
    await rri.sendUsersJoinRoomInvitation(SEED.roomId, { scenario: 'chat', emails: ['w@example.com', 'W@example.com'], users: [HEX.a] }, { baseUrl: mock.url });
    assert.equal(apiRequests(mock).length, 1);
    mock.reset();
    const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, { scenario: 'chat', emails: ['w@example.com', 'W@example.com', 'bad'], users: [HEX.a] }, { baseUrl: mock.url }), 'RainbowValidationError');
    assertIssues(err.errors, { 'emails[2]': 'invalid_email' });
    assertIssues(err.warnings, { 'emails[1]': 'duplicate', users: 'ignored_field' }, 'warnings');
    assert.equal(apiRequests(mock).length, 0);
  });

  test('the validators do not touch the network', async () => {
    const { mock } = ctx;
    const spy = fetchSpy();
    rri.validateJoinInvitation(SEED.roomId, { scenario: 'chat', emails: ['a@example.com'] }, { baseUrl: mock.url, fetch: spy });
    rri.validateCancelation(SEED.roomId, { emails: ['a@example.com'] }, { baseUrl: mock.url });
    await sleep(50);
    assert.equal(spy.calls.length, 0);
    assert.equal(apiRequests(mock).length, 0);
  });

  test('the caller\'s body is not modified', () => {
    const body = { scenario: 'chat', emails: [' a@example.com ', 'A@example.com'], users: [HEX.a] };
    const copy = structuredClone(body);
    rri.validateJoinInvitation(SEED.roomId, body);
    assert.deepEqual(body, copy);
  });
});

// client.js hands the arguments over as UTF-8 through a reused buffer: text of every size, ASCII
// or not, before and after the buffer has grown, must come back exactly.
test('text of any size and script reaches the request unchanged', () => {
  const texts = ['plain', 'é', 'x'.repeat(5000) + 'é😀', 'é'.repeat(3000), '😀'.repeat(70000), 'a'.repeat(300000) + 'ü', 'short again ß'];
  for (const text of texts) {
    const r = rri.validateJoinInvitation(HEX.a, { scenario: 'video-conference', emails: ['a@example.com'], instantMessage: text });
    assert.equal(r.valid, true, JSON.stringify(r.errors).slice(0, 300));
    assert.equal(r.request.instantMessage, text, `a text of ${text.length} UTF-16 units`);
  }
});
