// The command line's words (issue 18, "library words in a command-line tool" and "flags"): its
// errors name its flags (--timeout, --host, --room), never the library's options (timeoutMs,
// baseUrl) nor a browser's CORS; an unknown flag comes with the closest one; --json keeps the
// flag, file and line of every problem; a dry run without a token warns of the 401 to come.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CANCEL, INVITE } from '../examples/helpers.mjs';
import { cliHarness, closedPort, ROOM, SEED } from './harness.mjs';

const h = cliHarness();
const { cli, file } = h;
const INVITE_CHAT = ['invite', '--room', ROOM, '--scenario', 'chat', '--emails', 'a@example.com'];
// The library's words, which have no place in the command line's output.
const LIBRARY_WORDS = /allowInsecureHttp|timeoutMs|baseUrl|maxRetries|CORS|signal|aborted/;

test('an unknown flag names the closest known one, in text and in JSON', async () => {
  for (const [flag, suggestion] of [['--email', '--emails'], ['--dryrun', '--dry-run'], ['-room', '--room'], ['--Scenario', '--scenario'], ['--timeout-ms', '--timeout'], ['--user', '--users'], ['--bogus', undefined]]) {
    const r = await cli([...INVITE_CHAT, flag, 'x']);
    assert.equal(r.status, 2, flag);
    assert.equal(r.stdout, '');
    const expected = suggestion ? `unknown option ${flag}; did you mean ${suggestion}?` : `unknown option ${flag}\n`;
    assert.ok(r.stderr.startsWith(`rainbow-room-invitations: ${expected}`), `${flag}: ${r.stderr}`);
  }
  const j = await cli(['invite', '--room', ROOM, '--email', 'a@example.com', '--json']);
  assert.equal(j.status, 2);
  assert.equal(j.stderr, '');
  assert.deepEqual(JSON.parse(j.stdout), {
    error: { name: 'UsageError', code: 'ERR_USAGE', message: 'unknown option --email; did you mean --emails?', flag: '--email', suggestion: '--emails' },
  });
  const missing = await cli(['invite', '--room', ROOM, '--emails', '--json']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /--emails needs a value, got the option --json/);
  // A token that starts with '-' is not shown in that message (nor with --json).
  const dashed = '-q8Zp4Lx2Wv_secret_signature';
  for (const json of [[], ['--json']]) {
    const t = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', 'a@example.com', '--token', dashed, ...json]);
    assert.equal(t.status, 2);
    assert.match(t.stdout + t.stderr, /--token needs a value, got something that starts with - \(write --token=<token> if that is the value\)/);
    assert.ok(!(t.stdout + t.stderr).includes(dashed), 'the token is not printed');
  }
  assert.deepEqual(h.mock.requests, []);
});

test('errors printed with --json keep the flag, value, file and line, as the text does', async () => {
  const csv = file('bad.csv', 'name,email\nAda,ada@example.com\nTypo,typo@example\nNobody,\n');
  const args = ['invite', '--room', ROOM.slice(1), '--scenario', 'chat', '--emails', `@${csv}`, '--emails', 'x@example.com,X@example.com', '--timeout', '0', '--json'];
  const r = await cli(args);
  assert.equal(r.status, 2);
  const { error } = JSON.parse(r.stdout);
  assert.equal(error.code, 'ERR_VALIDATION');
  const located = (i) => [i.code, i.flag, i.value, i.file, i.line];
  assert.deepEqual(error.errors.map(located), [
    ['empty_cell', '--emails', undefined, csv, 4],
    ['invalid_id', '--room', undefined, undefined, undefined],
    ['invalid_email', '--emails', 'typo@example', csv, 3],
    ['invalid_option', '--timeout', undefined, undefined, undefined],
  ]);
  assert.deepEqual(error.warnings.map(located), [['duplicate', '--emails', 'X@example.com', undefined, undefined]]);
  // The duplicate names the item it repeats by its place, in a file or on the command line.
  assert.equal(error.warnings[0].message, "'X@example.com' repeats \"x@example.com\", given earlier to --emails; it is sent once.");
  const dup = file('dup.csv', 'email\nada@example.com\nbob@example.com\nADA@example.com\n');
  const d = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', `@${dup}`, '--dry-run']);
  assert.equal(d.status, 0, d.stderr);
  assert.ok(d.stderr.includes(`warning: --emails "ADA@example.com" (${dup}, line 4): 'ADA@example.com' repeats ${dup}, line 2; it is sent once.\n`), d.stderr);
  // The same file given twice: its rows repeat themselves, and the warning says why.
  const twice = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', `@${dup}`, '--emails', `@${dup}`, '--dry-run']);
  assert.ok(twice.stderr.includes(`repeats itself: ${dup}, line 2 is read twice (the file is given twice)`), twice.stderr);
  // The text names the same.
  const t = await cli(args.slice(0, -1));
  for (const line of [`--emails (${csv}, line 4): `, '--room: ', `--emails "typo@example" (${csv}, line 3): `, '--timeout: ']) assert.ok(t.stderr.includes(`\n  ${line}`), line);

  // A file that can't be read, with --json.
  const unread = await cli(['invite', '--room', ROOM, '--emails', '@/nonexistent/list.csv', '--json']);
  assert.equal(unread.status, 2);
  assert.deepEqual(JSON.parse(unread.stdout).error, {
    name: 'UsageError', code: 'ERR_USAGE', message: "--emails @/nonexistent/list.csv: can't read the file (ENOENT)", flag: '--emails', file: '/nonexistent/list.csv',
  });
  assert.deepEqual(h.mock.requests, []);
});

test('a timeout names --timeout and says the request may have reached Rainbow', async () => {
  h.mock.script({ delayMs: 3000 });
  const r = await cli([...INVITE_CHAT, '--timeout', '200']);
  assert.equal(r.status, 4, r.stderr);
  const lines = r.stderr.split('\n');
  assert.equal(lines[0], `error: no complete answer from ${h.mock.url} within 200 ms (--timeout)`);
  assert.equal(lines[1], '  Give a larger --timeout (in milliseconds) to wait longer.');
  assert.equal(lines[2], '  The request may have reached Rainbow: check the room before running the command again.');
  assert.doesNotMatch(r.stderr, LIBRARY_WORDS);

  h.mock.script({ delayMs: 3000 });
  const j = await cli([...INVITE_CHAT, '--timeout', '200', '--json']);
  assert.equal(j.status, 4, j.stderr);
  const { error } = JSON.parse(j.stdout);
  assert.deepEqual([error.name, error.code, error.flag, error.timeoutMs, error.message], ['RainbowTimeoutError', 'ERR_TIMEOUT', '--timeout', 200, lines[0].slice('error: '.length)]);
});

test('the library\'s names are given as the command line\'s: an item by its flag and value, a field by its flag, also in the --verbose log', async () => {
  // users[0], `roomId`, `confId`, `emails` and the like, and the options' names (timeoutMs).
  const NAMES = /`\w+`|\b(users|emails)\[\d+\]|roomId|confId|instantMessage|noMail|timeoutMs|maxRetries|baseUrl|allowInsecureHttp/;
  const fields = await cli(['invite', '--room', ROOM.slice(1), '--scenario', 'video-conference', '--users', '123', '--conf-id', 'zz', '--emails', 'x@example.com']);
  assert.equal(fields.status, 2);
  assert.deepEqual(fields.stderr.split('\n').slice(1, 4), [
    `  --room: must be a Rainbow room id: 24 hexadecimal characters like 56f42c1914e2a8a91b99e595, got '${ROOM.slice(1)}' (23 characters).`,
    "  --conf-id: must be a Rainbow conference id: 24 hexadecimal characters like 56f42c1914e2a8a91b99e595, got 'zz' (2 characters).",
    "  --users \"123\": must be a Rainbow user id: 24 hexadecimal characters like 56f42c1914e2a8a91b99e595, got '123' (3 characters).",
  ]);
  const none = await cli(['invite', '--room', ROOM, '--scenario', 'pstn-conference']);
  assert.match(none.stderr, /^ {2}--emails: The pstn-conference scenario needs at least one recipient: a user id in --users or an address in --emails\.$/m);
  const cancel = await cli(['cancel', '--room', ROOM, '--scenario', 'chat', '--emails', 'a@example.com', '--update']);
  assert.match(cancel.stderr, /^ {2}--update: this command does not take it; it takes --scenario, --conf-id, --users, --emails, --lang, --no-mail\.$/m);
  const ignored = await cli([...INVITE_CHAT, '--conf-id', SEED.confId, '--dry-run']);
  assert.equal(ignored.stderr, 'warning: --conf-id: is not used by the chat scenario; it is left out of the request.\n');
  const json = JSON.parse((await cli(['invite', '--room', ROOM, '--scenario', 'video-conference', '--users', '123', '--json'])).stdout);
  assert.deepEqual(json.error.errors.map((i) => [i.path, i.flag, i.value]), [['users[0]', '--users', '123']], 'path stays, for programs');
  for (const r of [fields, none, cancel, ignored]) assert.doesNotMatch(r.stderr, NAMES);
  assert.doesNotMatch(JSON.stringify(json.error.errors.map((i) => i.message)), NAMES);

  // The --verbose log: the library's lines, but for the warnings printed above, in flag words.
  h.mock.script({ delayMs: 3000 });
  const slow = await cli([...INVITE_CHAT, '--users', SEED.users[1].id, '--timeout', '200', '--verbose']);
  assert.equal(slow.status, 4, slow.stderr);
  assert.match(slow.stderr, /^\[error\] \[rainbow-room-invitations\] No complete response within 200 ms \(--timeout\)\. .*raise --timeout\.$/m);
  assert.equal(slow.stderr.match(/is not used by the chat scenario/g).length, 1, 'the warning once');
  assert.doesNotMatch(slow.stderr, NAMES);
  const noToken = await cli([...INVITE_CHAT, '--verbose'], { env: { RAINBOW_TOKEN: '' } });
  assert.equal(noToken.status, 3, noToken.stderr);
  assert.match(noToken.stderr, /^\[error\] .*expired: get a fresh one from Rainbow's login and give it with RAINBOW_TOKEN or --token-file\./m);
  assert.doesNotMatch(noToken.stderr, NAMES);
});

test('a refused connection says so and names --host: no CORS, no baseUrl', async () => {
  const port = await closedPort();
  const args = [...INVITE_CHAT, '--host', `http://127.0.0.1:${port}`, '--max-retries', '0'];
  const r = await cli(args);
  assert.equal(r.status, 4);
  assert.match(r.stderr, new RegExp(`^error: could not connect: the connection to 127\\.0\\.0\\.1:${port} was refused: no server listens there \\(check the host and port of --host\\)\\n`));
  assert.doesNotMatch(r.stderr, LIBRARY_WORDS);
  const { error } = JSON.parse((await cli([...args, '--json'])).stdout);
  assert.deepEqual([error.code, error.flag, error.cause.code], ['ERR_NETWORK', '--host', 'ECONNREFUSED']);
  assert.doesNotMatch(JSON.stringify(error.message), LIBRARY_WORDS);
  // The host given by RAINBOW_HOST: the JSON's flag and the advice say so.
  const env = JSON.parse((await cli([...INVITE_CHAT, '--max-retries', '0', '--json'], { env: { RAINBOW_HOST: `http://127.0.0.1:${port}` } })).stdout);
  assert.equal(env.error.flag, 'RAINBOW_HOST');
  assert.match(env.error.message, /\(check the host and port of RAINBOW_HOST\)/);
  assert.doesNotMatch(JSON.stringify(env.error), /--host/);
});

test('a redirect says so and what to give --host, not "could not connect"', async () => {
  h.mock.script({ status: 302, headers: { location: 'https://elsewhere.example/api' } });
  const r = await cli([...INVITE_CHAT, '--max-retries', '0']);
  assert.equal(r.status, 4);
  assert.match(r.stderr, /^error: http:\/\/127\.0\.0\.1:\d+ redirected the request elsewhere, and a POST is not followed: give RAINBOW_HOST the address it points to/);
  // Node's fetch hides a redirect's status, and a 303 is answered after acting.
  assert.match(r.stderr, /may have reached Rainbow: check the room/);
  assert.doesNotMatch(r.stderr, LIBRARY_WORDS);
});

test('--host without a scheme: http:// for this machine, https:// elsewhere; https to a plain-http server says to write http://', async () => {
  const urlOf = async (host) => JSON.parse((await cli(['cancel', '--room', ROOM, '--emails', 'a@b', '--dry-run', '--json', '--host', host])).stdout).url;
  assert.equal(await urlOf('localhost:8301'), `http://localhost:8301${CANCEL(ROOM)}`);
  assert.equal(await urlOf('127.0.0.1:8301'), `http://127.0.0.1:8301${CANCEL(ROOM)}`);
  assert.equal(await urlOf('[::1]:8301'), `http://[::1]:8301${CANCEL(ROOM)}`);
  assert.equal(await urlOf('rainbow.example.com:8443'), `https://rainbow.example.com:8443${CANCEL(ROOM)}`);
  // Not `*.localhost`, which the library does not count as this machine (Node asks the system for it).
  assert.equal(await urlOf('foo.localhost:8080'), `https://foo.localhost:8080${CANCEL(ROOM)}`);

  // The mock, as `localhost:<port>`: the call is made, over http.
  const { port } = new URL(h.mock.url);
  const local = await cli([...INVITE_CHAT, '--host', `localhost:${port}`]);
  assert.equal(local.status, 0, local.stderr);
  assert.deepEqual(h.mock.requests.map((q) => q.path), [INVITE(ROOM)]);

  // https:// written to a server that speaks http.
  const tls = await cli([...INVITE_CHAT, '--host', `https://127.0.0.1:${port}`]);
  assert.equal(tls.status, 4);
  assert.equal(tls.stderr.split('\n')[0], `error: could not connect: 127.0.0.1:${port} does not answer in https: if it serves plain http, write --host http://127.0.0.1:${port}`);
  assert.doesNotMatch(tls.stderr, LIBRARY_WORDS);
  // The same host from RAINBOW_HOST: the advice is written for it.
  const fromEnv = await cli([...INVITE_CHAT], { env: { RAINBOW_HOST: `https://127.0.0.1:${port}` } });
  assert.equal(fromEnv.stderr.split('\n')[0], `error: could not connect: 127.0.0.1:${port} does not answer in https: if it serves plain http, write RAINBOW_HOST=http://127.0.0.1:${port}`);
});

test('a problem of the host shows it as given, naming --host or RAINBOW_HOST; the token given there by mistake stays hidden', async () => {
  const env = await cli([...INVITE_CHAT], { env: { RAINBOW_HOST: 'rainbow.example.com?x=1' } });
  assert.equal(env.status, 2, env.stderr);
  assert.match(env.stderr, /^ {2}RAINBOW_HOST "rainbow\.example\.com\?x=1": must not have a query/m);
  const { error } = JSON.parse((await cli([...INVITE_CHAT, '--json'], { env: { RAINBOW_HOST: 'rainbow.example.com?x=1' } })).stdout);
  assert.deepEqual(error.errors.map((i) => [i.code, i.flag, i.value]), [['invalid_option', 'RAINBOW_HOST', 'rainbow.example.com?x=1']]);
  // The token given to --host by mistake, as copied from a header: its value is shown scrubbed.
  for (const json of [[], ['--json']]) {
    const r = await cli([...INVITE_CHAT, '--host', `Bearer ${h.token}`, ...json]);
    assert.equal(r.status, 2, r.stderr);
    assert.ok((r.stdout + r.stderr).includes(json.length ? '"value": "Bearer <token>"' : '--host "Bearer <token>": contains white space'), r.stdout + r.stderr);
  }
  assert.deepEqual(h.mock.requests, []);
});

test('a JWT pasted where it does not belong (--token-file, another flag, an argument) is never printed', async () => {
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwYXN0ZWQifQ.c2lnbmF0dXJlLW9mLXRoZS1qd3Q';
  for (const args of [['--token-file', jwt], [`--token-file=${jwt}`], ['--timeout', jwt], [jwt]]) {
    for (const json of [[], ['--json']]) {
      const r = await cli([...INVITE_CHAT, ...args, ...json]);
      assert.equal(r.status, 2, r.stderr);
      for (const part of jwt.split('.')) assert.ok(!(r.stdout + r.stderr).includes(part), `${args} ${json}: ${r.stdout}${r.stderr}`);
    }
  }
  assert.deepEqual(h.mock.requests, []);
});

test('RAINBOW_TOKEN is read without the white space around it (a .env file written on Windows leaves a \\r)', async () => {
  const r = await cli([...INVITE_CHAT], { env: { RAINBOW_TOKEN: `${h.token}\r` } });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(h.mock.requests.at(-1).headers.authorization, `Bearer ${h.token}`);
});

test('a validation error of the connection names the flag, in the command line\'s words', async () => {
  const tokenFile = file('two-lines.txt', 'first\nsecond\n');
  const cases = [
    [['--timeout', '0'], '--timeout: must be a whole number from 1 to 2147483647, got 0.'],
    [['--max-retries', '99'], '--max-retries: must be a whole number from 0 to 10, got 99.'],
    [['--host', 'http://rainbow.example.com'], '--host "http://rainbow.example.com": Refusing to send the token over plain http:// to a host other than this machine; use https://, or give --allow-insecure-http if you really mean it.'],
    [['--host', 'bad host'], '--host "bad host": contains white space or control characters; use an absolute URL like https://openrainbow.com.'],
    // The value shown, but not the password in it.
    [['--host', 'https://user:secret@rainbow.example.com'], '--host "https://<credentials>@rainbow.example.com": must not carry credentials (user:password@); give the token with --token or RAINBOW_TOKEN; use an absolute URL like https://openrainbow.com.'],
    [['--token-file', tokenFile], '--token-file: contains a line break, a control character or a character above U+00FF; pass the JWT alone, or leave it out.'],
    [['--token', 'tok-first\ntok-second'], '--token / RAINBOW_TOKEN: contains a line break, a control character or a character above U+00FF; pass the JWT alone, or leave it out.'],
  ];
  for (const [flags, line] of cases) {
    const r = await cli([...INVITE_CHAT, ...flags]);
    assert.equal(r.status, 2, flags.join(' '));
    assert.equal(r.stderr, `error: the request is invalid; nothing was sent.\n  ${line}\n`);
    assert.doesNotMatch(r.stderr, LIBRARY_WORDS);
    assert.doesNotMatch(r.stderr, /`\w+`|the option/, 'an option of the library, named');
    const { error } = JSON.parse((await cli([...INVITE_CHAT, ...flags, '--json'])).stdout);
    assert.deepEqual(error.errors.map((i) => `${i.flag}${i.value === undefined ? '' : ` "${i.value}"`}: ${i.message}`), [line]);
  }
  assert.deepEqual(h.mock.requests, []);
});

test('an API error speaks of the flags: a 404 says to check --room, a 401 to set RAINBOW_TOKEN', async () => {
  const notFound = await cli(['invite', '--room', SEED.unknownRoomId, '--scenario', 'chat', '--emails', 'a@example.com']);
  assert.equal(notFound.status, 3);
  assert.match(notFound.stderr, /^ {2}Check --room \(and --conf-id\), and that RAINBOW_HOST is the Rainbow server\.$/m);
  const noToken = await cli(INVITE_CHAT, { env: { RAINBOW_TOKEN: '' } });
  assert.equal(noToken.status, 3);
  assert.match(noToken.stderr, /^ {2}The token is missing, wrong or expired: set RAINBOW_TOKEN \(or --token-file\) to a fresh one\.$/m);
  for (const r of [notFound, noToken]) {
    assert.doesNotMatch(r.stderr, LIBRARY_WORDS);
    assert.doesNotMatch(r.stderr, /roomId|`token`/);
  }
});

test('--dry-run without a token against a real host warns that the server will answer 401', async () => {
  const dry = ['invite', '--room', ROOM, '--scenario', 'chat', '--emails', 'a@example.com', '--dry-run'];
  const r = await cli(dry, { env: { RAINBOW_HOST: 'sandbox', RAINBOW_TOKEN: '' } });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, 'warning: --token / RAINBOW_TOKEN: none given; sent for real, this request would be answered 401 Unauthorized by sandbox.openrainbow.com. Set RAINBOW_TOKEN or give --token-file.\n');
  assert.match(r.stdout, /^Authorization: \(no token\)$/m);
  const j = await cli([...dry, '--json'], { env: { RAINBOW_HOST: 'sandbox', RAINBOW_TOKEN: '' } });
  assert.deepEqual(JSON.parse(j.stdout).warnings.map((w) => [w.code, w.flag]), [['no_token', '--token / RAINBOW_TOKEN']]);
  // No warning with a token, nor for a server on this machine (a local test server may want none).
  for (const env of [{ RAINBOW_HOST: 'sandbox' }, { RAINBOW_TOKEN: '' }]) {
    const quiet = await cli(dry, { env });
    assert.equal(quiet.status, 0);
    assert.equal(quiet.stderr, '', JSON.stringify(env));
  }
  assert.deepEqual(h.mock.requests, []);
});
