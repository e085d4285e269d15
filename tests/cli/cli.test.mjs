// The command-line tool (pkg/cli.js, or PKG_DIR's) run as a child process against the mock:
// what it sends, what it prints, its exit codes, its inputs (flags, lists, files, environment),
// and that the token never appears in its output. The last test installs the packed tarball and
// runs it through `npx`, as users do. rows.test.mjs covers the rows of list files;
// messages.test.mjs the words of its errors and warnings (and the timeout and a refused connection).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PKG, childEnv, run, assertNoSecret, waitFor, INVITE, CANCEL } from '../examples/helpers.mjs';
import { packRuntimeDeps } from '../helpers/runtime-deps.mjs';
import { cliHarness, CLI, ROOM, SEED } from './harness.mjs';

const [ALICE, BOB, CAROL] = SEED.users;
const h = cliHarness();
const { cli, file, bodies } = h;

// ---- help, usage ---------------------------------------------------------------------------------

test('--help documents the commands, every flag, the environment and the exit codes', async () => {
  for (const args of [['--help'], ['-h'], ['help'], ['invite', '--help']]) {
    const r = await cli(args);
    assert.equal(r.status, 0, args.join(' '));
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /^Usage: rainbow-room-invitations <invite\|cancel> --room <id> \[options\]/);
    for (const flag of ['--room', '--scenario', '--emails', '--users', '--conf-id', '--lang', '--instant-message', '--no-mail', '--update', '--skip-invalid', '--host', '--token', '--token-file', '--timeout', '--max-retries', '--allow-insecure-http', '--dry-run', '--json', '--verbose', '--help', '--version']) {
      assert.match(r.stdout, new RegExp(`^ {2}(-\\w, )?${flag}( <[^>]+>)? `, 'm'), `--help does not document ${flag}`);
    }
    for (const text of ['RAINBOW_HOST', 'RAINBOW_TOKEN', '@file', 'CSV', '@-']) assert.ok(r.stdout.includes(text), text);
    for (const [code, what] of [[0, 'done'], [1, 'unexpected'], [2, 'invalid'], [3, 'server answered'], [4, 'network'], [130, 'interrupted']]) {
      assert.match(r.stdout, new RegExp(`^ {2}${code} +[^\\n]*${what}`, 'm'), `exit code ${code}`);
    }
  }
  assert.deepEqual(h.mock.requests, []);
});

test('--version prints the package\'s version', async () => {
  const r = await cli(['--version']);
  assert.equal(r.status, 0);
  assert.equal(r.stdout, `${JSON.parse(fs.readFileSync(path.join(PKG, 'package.json'), 'utf8')).version}\n`);
});

test('usage errors exit with 2, say what is wrong on standard error, and send nothing', async () => {
  const cases = [
    [[], /missing command: invite or cancel/],
    [['invit'], /unknown command "invit": use invite or cancel/],
    [['invite', '--scenario', 'chat', '--emails', 'a@example.com'], /--room is required/],
    [['invite', '--room', ROOM, '--bogus'], /unknown option --bogus\n/],
    [['invite', '--room', ROOM, '--emails'], /--emails/],
    [['invite', '--room', ROOM, 'extra'], /unexpected argument "extra"/],
    [['invite', '--room', ROOM, '--timeout', 'soon'], /--timeout must be a whole number, got "soon"/],
    [['invite', '--room', ROOM, '--emails', '@/nonexistent/list.txt'], /--emails @\/nonexistent\/list\.txt: can't read the file \(ENOENT\)/],
    [['invite', '--room', ROOM, '--token', 'a', '--token-file', '/x'], /give --token or --token-file, not both/],
  ];
  for (const [args, message] of cases) {
    const r = await cli(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, message);
    assert.match(r.stderr, /Run rainbow-room-invitations --help for the options\.\n$/);
  }
  const noHost = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', 'a@example.com'], { env: { RAINBOW_HOST: '' } });
  assert.equal(noHost.status, 2);
  assert.match(noHost.stderr, /no Rainbow server: give --host or set RAINBOW_HOST/);
  assert.deepEqual(h.mock.requests, []);
});

// ---- invite ------------------------------------------------------------------------------------

test('invite (chat): sends the validated body with the token; the summary says who was invited and who became a guest', async () => {
  const r = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', `${ALICE.email}, new.guest@example.com`, '--emails', 'NEW.guest@example.com', '--users', BOB.id]);
  assert.equal(r.status, 0, r.stderr);
  // The validation's warnings, on standard error, naming the flag.
  assert.equal(
    r.stderr,
    'warning: --users: is not used by the chat scenario; it is left out of the request.\n' +
      "warning: --emails \"NEW.guest@example.com\": 'NEW.guest@example.com' repeats \"new.guest@example.com\", given earlier to --emails; it is sent once.\n",
  );
  const lines = r.stdout.split('\n');
  assert.equal(lines[0], `Invitation (chat) for room ${ROOM}: Invitations successfully sent`);
  assert.equal(lines[1], `  Invited Rainbow users (1): ${ALICE.email}`);
  assert.equal(lines[2], '  New guests, e-mailed to create an account (1): new.guest@example.com');
  assert.equal(lines[3], '  Room guests now (3): guest1@mycompany.com, guest2@mycompany, new.guest@example.com');
  assert.equal(lines[4], `  Request id: ${h.mock.requests[0].requestId}`);

  assert.equal(h.mock.requests.length, 1);
  const [req] = h.mock.requests;
  assert.equal(req.path, INVITE(ROOM));
  assert.equal(req.headers.authorization, `Bearer ${h.token}`);
  assert.deepEqual(req.json, { scenario: 'chat', emails: [ALICE.email, 'new.guest@example.com'], lang: 'en' });
});

test('invite (pstn-conference): every field flag reaches the body; invalid users are reported', async () => {
  const r = await cli([
    'invite', '--room', ROOM, '--scenario', 'pstn-conference', '--conf-id', SEED.confId,
    '--users', `${BOB.id},${SEED.unknownUserId}`, '--emails', 'pstn.guest@example.com', '--lang', 'fr',
    '--no-mail', '--update', '--instant-message', 'Dial in now',
  ]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.deepEqual(bodies(), [[INVITE(ROOM), {
    scenario: 'pstn-conference', confId: SEED.confId, users: [BOB.id, SEED.unknownUserId], emails: ['pstn.guest@example.com'],
    lang: 'fr', instantMessage: 'Dial in now', noMail: true, update: true,
  }]]);
  assert.match(r.stdout, new RegExp(`^ {2}Invited Rainbow users \\(1\\): ${BOB.id}$`, 'm'));
  assert.match(r.stdout, /^ {2}New guests, e-mailed to create an account \(1\): pstn\.guest@example\.com$/m);
  assert.match(r.stdout, new RegExp(`^ {2}Invalid \\(1\\): ${SEED.unknownUserId}$`, 'm'));
});

test('--json prints the server\'s result as JSON on standard output, nothing else', async () => {
  const r = await cli(['invite', '--room', ROOM, '--scenario', 'video-conference', '--users', CAROL.id, '--json']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  const result = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(result), ['data', 'warnings']);
  assert.deepEqual(result.warnings, []);
  assert.equal(result.data.scenario, 'video-conference');
  assert.equal(result.data.status, 'Invitations successfully sent');
  assert.deepEqual(result.data.invalidUsers, []);
  assert.deepEqual(result.data.guestEmails, SEED.guestEmails);
  assert.deepEqual(result.data.attendees.map((a) => a.userId), [CAROL.id], 'fields beyond the model are passed on');
});

test('--json keeps the warnings of a call that succeeds, as standard error gives them, scrubbed of the token', async () => {
  // A field the scenario ignores, and a duplicate that quotes the token (given by mistake in an address).
  const mistaken = `${h.token}@example.com`;
  const args = ['invite', '--room', ROOM, '--scenario', 'chat', '--users', BOB.id, '--emails', `${mistaken},${mistaken}`];
  const text = await cli(args);
  assert.equal(text.status, 0, text.stderr);
  const j = await cli([...args, '--json']);
  assert.equal(j.status, 0, j.stderr);
  assert.equal(j.stderr, text.stderr, 'standard error is the same with --json');
  const { data, warnings } = JSON.parse(j.stdout);
  assert.equal(data.status, 'Invitations successfully sent');
  assert.deepEqual(warnings.map((w) => [w.code, w.flag, w.value]), [['ignored_field', '--users', undefined], ['duplicate', '--emails', '<token>@example.com']]);
  assert.deepEqual(warnings.map((w) => `warning: ${w.flag}${w.value ? ` "${w.value}"` : ''}: ${w.message}\n`).join(''), j.stderr);
});

test('the summary shows the first 10 items of a long list and how many more; --json has them all', async () => {
  const emails = Array.from({ length: 25 }, (_, i) => `many${i}@example.com`);
  const list = file('many-guests.txt', emails.join('\n'));
  const r = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', `@${list}`]);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split('\n');
  assert.equal(lines[1], `  New guests, e-mailed to create an account (25): ${emails.slice(0, 10).join(', ')} … and 15 more`);
  assert.equal(lines[2], `  Room guests now (27): ${[...SEED.guestEmails, ...emails].slice(0, 10).join(', ')} … and 17 more`);
  // What --skip-invalid left out, the same.
  h.mock.reset();
  const bad = file('bad-many.txt', ['ok@example.com', ...Array.from({ length: 12 }, (_, i) => `bad${i}@example`)].join('\n'));
  const s = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', `@${bad}`, '--skip-invalid']);
  assert.equal(s.status, 0, s.stderr);
  const places = Array.from({ length: 10 }, (_, i) => `${bad}, line ${i + 2}`).join('; ');
  assert.equal(s.stdout.split('\n').find((l) => l.includes('Skipped')), `  Skipped, not sent (12): ${places} … and 2 more`);
  h.mock.reset();
  const j = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', `@${list}`, '--json']);
  assert.equal(JSON.parse(j.stdout).data.guestEmails.length, 27);
});

// ---- lists from files --------------------------------------------------------------------------

test('--emails @file: one address per line (header, comments, blank lines, CRLF, BOM)', async () => {
  const list = file('guests.txt', '\uFEFFemail\r\n# invited by the board\r\nline.one@example.com\r\n\r\n  line.two@example.com  \r\n');
  const r = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', `@${list}`, '--dry-run', '--json']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).body.emails, ['line.one@example.com', 'line.two@example.com']);
});

test('--emails @file: the e-mail column of a CSV file, by its header or by its content', async () => {
  const named = file('people.csv', 'Name,E-mail,Team\n"Lovelace, Ada",ada@example.com,R&D\n"Hopper, Grace","grace@example.com",Navy\n');
  const semicolons = file('people-semicolons.csv', 'name;mail address;id\nAda;ada@example.com;1\n');
  const headerless = file('people-noheader.csv', 'Ada,ada@example.com,1\nGrace,grace@example.com,2\n');
  const unnamed = file('people-unnamed.csv', 'who,contact\nAda,ada@example.com\nGrace,grace@example.com\n');
  for (const [csv, expected] of [
    [named, ['ada@example.com', 'grace@example.com']],
    [semicolons, ['ada@example.com']],
    [headerless, ['ada@example.com', 'grace@example.com']],
    [unnamed, ['ada@example.com', 'grace@example.com']],
  ]) {
    const r = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', `@${csv}`, '--dry-run', '--json']);
    assert.equal(r.status, 0, `${csv}: ${r.stderr}`);
    assert.deepEqual(JSON.parse(r.stdout).body.emails, expected, csv);
  }
  const none = file('no-emails.csv', 'name,team\nAda,R&D\n');
  const r = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', `@${none}`]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no column of e-mail addresses found; name it "email" in a header line/);
  const noIds = await cli(['invite', '--room', ROOM, '--scenario', 'video-conference', '--users', `@${none}`]);
  assert.equal(noIds.status, 2);
  assert.match(noIds.stderr, /: no column of user ids found; name it "userId" in a header line\n/);
  assert.deepEqual(h.mock.requests, []);
});

test('--users @file (a CSV userId column) and --emails @- (standard input) are sent', async () => {
  const users = file('users.csv', `userId,name\n${BOB.id},Bob\n${CAROL.id},Carol\n`);
  const r = await cli(['invite', '--room', ROOM, '--scenario', 'video-conference', '--users', `@${users}`, '--emails', '@-'], { input: 'stdin.one@example.com\nstdin.two@example.com\n' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(bodies(), [[INVITE(ROOM), { scenario: 'video-conference', users: [BOB.id, CAROL.id], emails: ['stdin.one@example.com', 'stdin.two@example.com'], lang: 'en' }]]);
});

test('an invalid address from a file is reported with its file and line; exit 2, nothing sent', async () => {
  const list = file('bad.csv', 'name,email\nAda,ada@example.com\nTypo,typo@example\n');
  const r = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', `@${list}`]);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.equal(
    r.stderr,
    `error: the request is invalid; nothing was sent.\n  --emails "typo@example" (${list}, line 3): 'typo@example' is not a valid e-mail address: the domain has no dot (like example.com).\n` +
      "Fix them, or give --skip-invalid to leave out the rows and items that can't be used and send the rest.\n",
  );
  assert.deepEqual(h.mock.requests, []);
});

// ---- validation, dry run -------------------------------------------------------------------------

test('validation errors name the flags, exit 2 and send nothing; --json gives them as JSON', async () => {
  const args = ['invite', '--room', '56f42c1914e2a8a91b99e59', '--scenario', 'chats', '--emails', 'a@example.com', '--timeout', '0'];
  const r = await cli(args);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines[0], 'error: the request is invalid; nothing was sent.');
  assert.match(lines[1], /^ {2}--room: must be a Rainbow room id/);
  assert.match(lines[2], /^ {2}--scenario: must be one of 'chat', 'pstn-conference' or 'video-conference', got 'chats'/);
  assert.equal(lines[3], '  --timeout: must be a whole number from 1 to 2147483647, got 0.');

  const j = await cli([...args, '--json']);
  assert.equal(j.status, 2);
  const { error } = JSON.parse(j.stdout);
  assert.equal(error.name, 'RainbowValidationError');
  assert.equal(error.code, 'ERR_VALIDATION');
  assert.equal(error.message, 'The request is invalid (3 problems); nothing was sent.');
  assert.deepEqual(error.errors.map((i) => [i.path, i.code]), [['roomId', 'invalid_id'], ['scenario', 'invalid_value'], ['options.timeoutMs', 'invalid_option']]);

  const cancelOnly = await cli(['cancel', '--room', ROOM, '--scenario', 'pstn-conference', '--emails', 'a@example.com', '--update']);
  assert.equal(cancelOnly.status, 2);
  assert.match(cancelOnly.stderr, /^ {2}--update: /m, 'a flag the cancellation does not have');
  assert.deepEqual(h.mock.requests, []);
});

test('--dry-run prints the method, URL and body, never the token, and sends nothing', async () => {
  const r = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', ' dry@example.com ']);
  assert.equal(r.status, 0);
  h.mock.reset();
  const dry = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', ' dry@example.com ', '--dry-run']);
  assert.equal(dry.status, 0, dry.stderr);
  assert.equal(
    dry.stdout,
    `Dry run: nothing was sent.\nPOST ${h.mock.url}${INVITE(ROOM)}\nAuthorization: Bearer <token, not shown>\n${JSON.stringify({ scenario: 'chat', emails: ['dry@example.com'], lang: 'en' }, null, 2)}\n`,
  );
  const json = await cli(['cancel', '--room', ROOM, '--emails', 'guest2@mycompany', '--dry-run', '--json']);
  assert.equal(json.status, 0, json.stderr);
  assert.deepEqual(JSON.parse(json.stdout), {
    dryRun: true,
    method: 'POST',
    url: `${h.mock.url}${CANCEL(ROOM)}`,
    token: 'given',
    body: { scenario: 'pstn-conference', emails: ['guest2@mycompany'], lang: 'en' }, // the defaults, made explicit
    warnings: [],
  });
  assert.deepEqual(h.mock.requests, [], 'a dry run sends nothing');
});

test('--host and RAINBOW_HOST: a URL, a bare host name (https), sandbox, official (in any case); the flag wins', async () => {
  const urlOf = async (args, env) => JSON.parse((await cli(['cancel', '--room', ROOM, '--emails', 'a@b', '--dry-run', '--json', ...args], { env })).stdout).url;
  assert.equal(await urlOf([], { RAINBOW_HOST: 'sandbox' }), `https://sandbox.openrainbow.com${CANCEL(ROOM)}`);
  assert.equal(await urlOf([], { RAINBOW_HOST: 'official' }), `https://openrainbow.com${CANCEL(ROOM)}`);
  assert.equal(await urlOf(['--host', 'Sandbox']), `https://sandbox.openrainbow.com${CANCEL(ROOM)}`);
  assert.equal(await urlOf([], { RAINBOW_HOST: ' OFFICIAL ' }), `https://openrainbow.com${CANCEL(ROOM)}`);
  assert.equal(await urlOf([], { RAINBOW_HOST: 'rainbow.example.com' }), `https://rainbow.example.com${CANCEL(ROOM)}`);
  assert.equal(await urlOf(['--host', 'https://openrainbow.com/'], { RAINBOW_HOST: 'sandbox' }), `https://openrainbow.com${CANCEL(ROOM)}`);
  assert.equal(await urlOf([], { RAINBOW_HOST: '' }), `<RAINBOW_HOST>${CANCEL(ROOM)}`, 'a dry run needs no host');
  // The token over plain http to a remote host is refused unless asked for.
  const insecure = await cli(['cancel', '--room', ROOM, '--emails', 'a@b', '--dry-run'], { env: { RAINBOW_HOST: 'http://rainbow.example.com' } });
  assert.equal(insecure.status, 2);
  assert.match(insecure.stderr, /^ {2}RAINBOW_HOST "http:\/\/rainbow\.example\.com": Refusing to send the token over plain http:\/\//m);
  const allowed = await cli(['cancel', '--room', ROOM, '--emails', 'a@b', '--dry-run', '--allow-insecure-http'], { env: { RAINBOW_HOST: 'http://rainbow.example.com' } });
  assert.equal(allowed.status, 0, allowed.stderr);
  // A port alone names no server (the URL parser reads 8301 as the address 0.0.32.125): refused.
  for (const [args, env, text] of [
    [['--host', '8301'], {}, '--host "8301" is a port alone, not a server: write --host localhost:8301 for a server on this machine'],
    [[], { RAINBOW_HOST: ':8301' }, 'RAINBOW_HOST ":8301" is a port alone, not a server: write RAINBOW_HOST=localhost:8301 for a server on this machine'],
  ]) {
    const r = await cli(['cancel', '--room', ROOM, '--emails', 'a@b', ...args], { env });
    assert.equal(r.status, 2, r.stderr);
    assert.ok(r.stderr.startsWith(`rainbow-room-invitations: ${text}\n`), r.stderr);
    const j = JSON.parse((await cli(['cancel', '--room', ROOM, '--emails', 'a@b', '--json', ...args], { env })).stdout);
    assert.deepEqual(j.error, { name: 'UsageError', code: 'ERR_USAGE', message: text, flag: args[0] ?? 'RAINBOW_HOST', value: args[1] ?? ':8301' });
  }
  assert.deepEqual(h.mock.requests, []);
});

test('the token from --token, --token-file or RAINBOW_TOKEN (the flag wins); none gives a 401 from the server', async () => {
  const tokenFile = file('token.txt', `${h.token}\n`);
  for (const [args, env] of [
    [['--token', h.token], { RAINBOW_TOKEN: 'not-this-one' }],
    [['--token-file', tokenFile], { RAINBOW_TOKEN: '' }],
    [[], {}],
  ]) {
    h.mock.reset();
    const r = await cli(['cancel', '--room', ROOM, '--scenario', 'chat', '--emails', 'guest2@mycompany', ...args], { env });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(h.mock.requests[0].headers.authorization, `Bearer ${h.token}`);
  }
  h.mock.reset();
  const none = await cli(['cancel', '--room', ROOM, '--scenario', 'chat', '--emails', 'guest2@mycompany'], { env: { RAINBOW_TOKEN: '' } });
  assert.equal(none.status, 3);
  assert.equal(h.mock.requests[0].headers.authorization, undefined);
  assert.match(none.stderr, /^error: Rainbow answered 401/);
});

// ---- cancel ------------------------------------------------------------------------------------

test('cancel (chat): removes a misspelled guest; the summary says who is no longer a guest', async () => {
  const r = await cli(['cancel', '--room', ROOM, '--scenario', 'chat', '--emails', 'guest2@mycompany']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(bodies(), [[CANCEL(ROOM), { scenario: 'chat', emails: ['guest2@mycompany'] }]]);
  const lines = r.stdout.split('\n');
  assert.equal(lines[0], `Cancellation (chat) for room ${ROOM}: Cancellation successfully sent`);
  assert.equal(lines[1], '  No longer guests (1): guest2@mycompany');
  assert.equal(lines[2], '  Room guests now (1): guest1@mycompany.com');
});

test('cancel (pstn-conference, the default scenario): users and guests are told; --no-mail and --lang are sent', async () => {
  const r = await cli(['cancel', '--room', ROOM, '--users', BOB.id, '--emails', 'guest1@mycompany.com', '--lang', 'fr', '--no-mail']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(bodies(), [[CANCEL(ROOM), { scenario: 'pstn-conference', users: [BOB.id], emails: ['guest1@mycompany.com'], lang: 'fr', noMail: true }]]);
  assert.match(r.stdout, /^Cancellation \(pstn-conference\) for room /);
  assert.match(r.stdout, new RegExp(`^ {2}Told of the cancellation \\(2\\): ${BOB.id}, guest1@mycompany\\.com$`, 'm'));
  assert.match(r.stdout, /^ {2}No longer guests \(1\): guest1@mycompany\.com$/m);
});

// ---- failures ----------------------------------------------------------------------------------

test('an API error exits with 3: the server\'s message on standard error, or the error as JSON', async () => {
  const r = await cli(['invite', '--room', SEED.unknownRoomId, '--scenario', 'chat', '--emails', 'a@example.com']);
  assert.equal(r.status, 3);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^error: Rainbow answered 404 Not Found \(404001\): Room with id 56f42c1914e2a8a91b99e599 does not exist\./);
  assert.match(r.stderr, /\n {2}correlation id: [0-9a-f-]{36}\n$/);
  assert.equal(h.mock.requests[0].headers['x-rainbow-correlation-id'], /correlation id: (\S+)/.exec(r.stderr)[1]);

  // With a warning too (a field the scenario ignores): the JSON has it beside the error.
  const j = await cli(['invite', '--room', SEED.forbiddenRoomId, '--scenario', 'chat', '--users', BOB.id, '--emails', 'a@example.com', '--json']);
  assert.equal(j.status, 3);
  const { error, warnings } = JSON.parse(j.stdout);
  assert.deepEqual(warnings.map((w) => [w.code, w.flag]), [['ignored_field', '--users']]);
  assert.equal(error.name, 'RainbowApiError');
  assert.equal(error.code, 'ERR_API');
  assert.equal(error.status, 403);
  assert.equal(error.errorDetailsCode, 403000);
  assert.equal(error.requestId, h.mock.requests[1].requestId);
  assert.match(error.message, /^Rainbow answered 403/);

  // A server that echoes the token back: still never printed.
  h.mock.script({ status: 400, body: { errorCode: 400, errorMsg: 'Bad Request', errorDetails: `token ${h.token} rejected` } });
  const echo = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', 'a@example.com', '--json']);
  assert.equal(echo.status, 3);
});

test('a success whose answer can\'t be read exits with 3 and says the request was probably done: check the room before running again', async () => {
  const invite = ['invite', '--room', ROOM, '--scenario', 'chat', '--emails', 'a@example.com'];
  // A JSON answer that is not the result: Rainbow's, changed.
  h.mock.script({ status: 200, body: { data: 'done' } });
  const r = await cli(invite);
  assert.equal(r.status, 3, r.stderr);
  assert.equal(r.stdout, '');
  assert.deepEqual(r.stderr.split('\n').slice(0, 3), [
    "error: Rainbow answered 200, a success, but its answer can't be read as the result: the invitations were probably sent.",
    '  Check the room before running the command again, which would send the invitations a second time.',
    '  The answer began: {"data":"done"}',
  ]);
  assert.match(r.stderr.split('\n')[3], /^ {2}request id: /);
  assert.doesNotMatch(r.stderr, /may have reached|answered with an error|running the command again is safe/);

  // A web page: what answered may not be Rainbow. With --json: the same words, and the body.
  const page = `<!doctype html>\n<html><body>${'Welcome to our portal. '.repeat(10)}</body></html>`;
  h.mock.script({ status: 200, body: page });
  const j = await cli(['cancel', '--room', ROOM, '--scenario', 'chat', '--emails', 'a@example.com', '--json']);
  assert.equal(j.status, 3, j.stderr);
  const { error } = JSON.parse(j.stdout);
  assert.deepEqual([error.name, error.code, error.status, error.body, error.mayHaveBeenDelivered], ['RainbowResponseError', 'ERR_RESPONSE', 200, page, true]);
  assert.equal(error.message, "Rainbow answered 200, a success, but its answer can't be read as the result: the cancellation was probably done.");
  assert.deepEqual(error.hints, [
    'Check the room before running the command again, which would send the cancellation a second time.',
    `The answer began: ${page.replace('\n', ' ').slice(0, 80)}…`,
    `If ${h.mock.url} is not the Rainbow server, nothing was sent to Rainbow: check RAINBOW_HOST.`,
  ]);

  // An answer too large to read (declared so): what answered is not Rainbow, most likely.
  h.mock.script({ status: 200, streamBytes: 11 * 1024 * 1024 });
  const large = await cli(invite);
  assert.equal(large.status, 3, large.stderr);
  assert.deepEqual(large.stderr.split('\n').slice(0, 2), [
    `error: ${h.mock.url} answered 200 with a body too large to read; a Rainbow answer is never this large (check RAINBOW_HOST).`,
    '  The request may have reached Rainbow: check the room before running the command again.',
  ]);
});

test("the token's start echoed by the server, or the token given by mistake in a list, is never printed", async () => {
  // A request id that echoes the token's first 12 characters.
  const data = { scenario: 'chat', status: 'Invitations successfully sent', guestEmails: ['a@example.com'], invalidUsers: [] };
  h.mock.script({ status: 200, headers: { 'x-rainbow-request-id': h.token.slice(0, 12) }, body: { data } });
  const echoed = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', 'a@example.com']);
  assert.equal(echoed.status, 0, echoed.stderr);
  assert.match(echoed.stdout, /Request id: <token>/);
  // The token as a user id: validation quotes the value cut short.
  const listed = await cli(['invite', '--room', ROOM, '--scenario', 'video-conference', '--users', h.token]);
  assert.equal(listed.status, 2, listed.stderr);
  assert.match(listed.stderr, /^ {2}--users "<token>": must be a Rainbow user id/m);
  // The same with a --token that ends in a line break (refused, and scrubbed as it is sent).
  const broken = await cli(['invite', '--room', ROOM, '--scenario', 'video-conference', '--token', `${h.token}\n`, '--users', h.token]);
  assert.equal(broken.status, 2, broken.stderr);
  assert.match(broken.stderr, /--token \/ RAINBOW_TOKEN: contains a line break/);
  // RAINBOW_TOKEN (h.cli's) left unused by --token-file, and given in a list: still a secret.
  const other = file('other-token.txt', '');
  const unused = await cli(['invite', '--room', ROOM, '--scenario', 'video-conference', '--token-file', other, '--users', h.token, '--dry-run']);
  assert.equal(unused.status, 2, unused.stderr);
  assert.match(unused.stderr, /^ {2}--users "<token>": must be a Rainbow user id/m);
  // A --token whose value a usage error would quote.
  const flagged = await cli(['invite', '--room', ROOM, '--token', h.token, '--max-retries', h.token], { env: { RAINBOW_TOKEN: '' } });
  assert.equal(flagged.status, 2, flagged.stderr);
  assert.match(flagged.stderr, /--max-retries must be a whole number, got "<token>"/);
  // The token given by mistake as the host: the lookup's error names the host in lower case.
  const mixed = 'Tok-SECRET-ab12CD34ef';
  const host = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', 'a@example.com', '--host', `${mixed}.invalid`, '--max-retries', '0'], { env: { RAINBOW_TOKEN: mixed } });
  assert.equal(host.status, 4, host.stderr);
  assert.match(host.stderr, /the host name <token>\.invalid was not found/);
  assert.ok(!host.stderr.toLowerCase().includes(mixed.toLowerCase().slice(0, 8)), host.stderr);
  assert.equal(h.mock.requests.length, 1);
});

test('Ctrl-C (SIGINT) while waiting stops the call and exits with 130', async () => {
  h.mock.script({ delayMs: 5000 });
  const r = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', 'interrupted@example.com'], {
    onStart: (child) => waitFor(() => h.mock.requests.length === 1, 'the request').then(() => child.kill('SIGINT')),
  });
  assert.equal(r.status, 130, r.stderr);
  assert.match(r.stderr, /^error: interrupted \(Ctrl-C\)\n {2}The request may have reached Rainbow: check the room before running the command again\.\n/);
  assert.doesNotMatch(r.stderr, /signal|abort/i, 'the library\'s words');
});

test('Ctrl-C while standard input is still being read ends the command at once; nothing is sent', async () => {
  const child = spawn(process.execPath, [CLI, 'invite', '--room', ROOM, '--scenario', 'chat', '--emails', '@-'], {
    env: childEnv({ RAINBOW_HOST: h.mock.url, RAINBOW_TOKEN: h.token }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const closed = new Promise((resolve) => child.on('close', (status, signal) => resolve({ status, signal })));
  await new Promise((r) => setTimeout(r, 500));
  child.kill('SIGINT');
  const bound = setTimeout(() => child.kill('SIGKILL'), 5000);
  const { status, signal } = await closed;
  clearTimeout(bound);
  assert.ok(signal === 'SIGINT' || status === 130, `ended by ${signal ?? status}, not at once by Ctrl-C`);
  assert.equal(out, '');
  assert.equal(h.mock.requests.length, 0);
});

test('output cut short by its reader (| head) ends quietly, without a stack trace', () => {
  const list = file('many.txt', Array.from({ length: 20_000 }, (_, i) => `guest${i}@example.com`).join('\n'));
  const q = (a) => `'${a.replace(/'/g, "'\\''")}'`;
  const command = [process.execPath, CLI, 'invite', '--room', ROOM, '--scenario', 'chat', '--emails', `@${list}`, '--dry-run', '--json'].map(q).join(' ');
  const r = spawnSync('bash', ['-c', `${command} 2>stderr.txt | head -1; echo "exit \${PIPESTATUS[0]}"`], {
    cwd: h.tmp, env: childEnv({ RAINBOW_HOST: h.mock.url, RAINBOW_TOKEN: h.token }), encoding: 'utf8', timeout: 20_000,
  });
  assert.equal(r.stdout, '{\nexit 0\n');
  assert.equal(fs.readFileSync(path.join(h.tmp, 'stderr.txt'), 'utf8'), '');
});

test('--verbose logs each attempt on standard error with the token redacted', async () => {
  const r = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', 'verbose@example.com', '--verbose']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`^\\[debug\\] .*POST ${h.mock.url.replace(/\./g, '\\.')}${INVITE(ROOM)} attempt 1 of 3.*Authorization: Bearer \\[redacted\\]`, 'm'));
  assert.match(r.stderr, /^\[debug\] .*answered 200/m);
  assert.match(r.stdout, /^Invitation \(chat\)/);
});

// ---- as users run it -------------------------------------------------------------------------------

test('npx rainbow-room-invitations: the packed, installed package\'s bin works', async () => {
  const npm = (args, cwd) => {
    const r = spawnSync('npm', args, { cwd, encoding: 'utf8', env: { ...childEnv(), npm_config_cache: path.join(h.tmp, 'npm-cache'), npm_config_update_notifier: 'false' } });
    assert.equal(r.status, 0, `npm ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };
  const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', h.tmp], PKG))[0];
  assert.ok(packed.files.some((f) => f.path === 'cli.js'), 'cli.js is not in the package');
  const project = path.join(h.tmp, 'npx-project');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'ops', version: '1.0.0', private: true }));
  const deps = packRuntimeDeps(PKG, h.tmp, { ...childEnv(), npm_config_cache: path.join(h.tmp, 'npm-cache') });
  npm(['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', path.join(h.tmp, packed.filename), ...deps], project);
  const bin = path.join(project, 'node_modules/.bin/rainbow-room-invitations');
  assert.ok(fs.existsSync(bin), 'no bin link');

  const env = childEnv({ RAINBOW_HOST: h.mock.url, RAINBOW_TOKEN: h.token, npm_config_cache: path.join(h.tmp, 'npm-cache'), npm_config_update_notifier: 'false', npm_config_offline: 'true' });
  const help = await run('npx', ['--no-install', 'rainbow-room-invitations', '--help'], { cwd: project, env });
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /^Usage: rainbow-room-invitations/);
  // A CSV file: the installed copy reads it with its own csv-parse (the repository's is not in reach).
  fs.writeFileSync(path.join(project, 'guests.csv'), 'Name;Work Email\n"Npx; Two";npx.two@example.com\n');
  const invite = await run('npx', ['--no-install', 'rainbow-room-invitations', 'invite', '--room', ROOM, '--scenario', 'chat', '--emails', 'npx@example.com', '--emails', '@guests.csv'], { cwd: project, env });
  assertNoSecret(h.token, invite.stdout, invite.stderr);
  assert.equal(invite.status, 0, invite.stderr);
  assert.match(invite.stdout, /New guests, e-mailed to create an account \(2\): npx@example\.com, npx\.two@example\.com/);
  assert.deepEqual(bodies(), [[INVITE(ROOM), { scenario: 'chat', emails: ['npx@example.com', 'npx.two@example.com'], lang: 'en' }]]);
});
