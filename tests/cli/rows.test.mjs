// The rows of --emails/--users files (issue 18, "rows lost silently"): every row is sent or
// reported with its file and line; any row left out stops the command (exit 2, nothing sent)
// unless --skip-invalid says so, and then the summary counts what it left out. Also the CSV
// headers recognised, the line numbers around quoted cells that span lines, and the files that
// are not UTF-8 (refused, naming the file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { INVITE, PKG } from '../examples/helpers.mjs';
import { cliHarness, ROOM, SEED } from './harness.mjs';

const h = cliHarness();
const { cli, file, bodies } = h;
const [, BOB, CAROL] = SEED.users;

// Rows 2 and 5 are fine; 3 has an unterminated quote, 4 an empty e-mail cell, 6 an invalid address.
const MIXED = 'Name,E-mail,Team\n"Lovelace, Ada",ada@example.com,R&D\n"Hopper, Grace,grace@example.com,Navy\nNo Mail,,Sales\nTuring,alan@example.com,Maths\nTypo,typo@example,X\n';

test('a row that is not valid CSV, or whose e-mail cell is empty, stops the command: each is reported with its file and line; exit 2, nothing sent', async () => {
  const csv = file('mixed.csv', MIXED);
  const r = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', `@${csv}`]);
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stdout, '');
  assert.equal(
    r.stderr,
    'error: the request is invalid; nothing was sent.\n' +
      `  --emails (${csv}, line 3): the row can't be read: a quoted cell is never closed (a " is missing)\n` +
      `  --emails (${csv}, line 4): the row has no e-mail address: its "E-mail" cell is empty\n` +
      `  --emails "typo@example" (${csv}, line 6): 'typo@example' is not a valid e-mail address: the domain has no dot (like example.com).\n` +
      "Fix them, or give --skip-invalid to leave out the rows and items that can't be used and send the rest.\n",
  );
  assert.deepEqual(h.mock.requests, []);

  // The same with only the rows the parser drops (no invalid address): still exit 2.
  const quiet = file('quiet.csv', 'email\nok@example.com\n"broken@example.com\n');
  const q = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', `@${quiet}`, '--dry-run']);
  assert.equal(q.status, 2);
  assert.match(q.stderr, new RegExp(`--emails \\(${quiet.replace(/[.]/g, '\\.')}, line 3\\): the row can't be read`));
});

test('each unclosed quote of a file is reported as such, not as the text after the next one', async () => {
  // Lines 3 and 5 each open a quote they never close; csv-parse reads line 5's as the closing
  // quote of line 3's cell, followed by text.
  const csv = file('two-quotes.csv', 'Name,E-mail\nAda,ada@example.com\n"Hopper, Grace,grace@example.com\nAlan,alan@example.com\n"Turing, Alan,turing@example.com\nEdsger,edsger@example.com\n');
  const r = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', `@${csv}`, '--skip-invalid', '--dry-run', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const { body, skipped } = JSON.parse(r.stdout);
  assert.deepEqual(body.emails, ['ada@example.com', 'alan@example.com', 'edsger@example.com']);
  const quote = 'the row can\'t be read: a quoted cell is never closed (a " is missing)';
  assert.deepEqual(skipped.map((s) => [s.line, s.lastLine, s.message]), [[3, undefined, quote], [5, undefined, quote]]);
});

test('--skip-invalid lists what it skipped in the order of the file, whichever check refused each row', async () => {
  const csv = file('order.csv', 'Name,E-mail\nTypo,typo@example\nNo Mail,\nAda,ada@example.com\n');
  const r = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', `@${csv}`, '--skip-invalid']);
  assert.equal(r.status, 0, r.stderr);
  const warnings = r.stderr.trim().split('\n');
  assert.deepEqual(warnings.map((w) => /line (\d+)/.exec(w)?.[1]), ['2', '3'], r.stderr);
  assert.equal(r.stdout.split('\n').find((l) => l.includes('Skipped')), `  Skipped, not sent (2): ${csv}, line 2; ${csv}, line 3`);
});

test('--skip-invalid sends the other rows, warns of each skipped one with its file and line, and the summary counts them', async () => {
  const csv = file('mixed.csv', MIXED);
  const r = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', `@${csv}`, '--emails', 'bad@@example.com', '--skip-invalid']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(bodies(), [[INVITE(ROOM), { scenario: 'chat', emails: ['ada@example.com', 'alan@example.com'], lang: 'en' }]]);
  const warnings = r.stderr.trim().split('\n');
  assert.equal(warnings.length, 4, r.stderr);
  assert.equal(warnings[0], `warning: skipped --emails (${csv}, line 3): the row can't be read: a quoted cell is never closed (a " is missing)`);
  assert.equal(warnings[1], `warning: skipped --emails (${csv}, line 4): the row has no e-mail address: its "E-mail" cell is empty`);
  assert.match(warnings[2], new RegExp(`^warning: skipped --emails "typo@example" \\(${csv.replace(/[.]/g, '\\.')}, line 6\\): 'typo@example' is not a valid e-mail address`));
  assert.match(warnings[3], /^warning: skipped --emails "bad@@example\.com": /);
  assert.match(r.stdout, /^ {2}New guests, e-mailed to create an account \(2\): ada@example\.com, alan@example\.com$/m);
  assert.equal(r.stdout.split('\n').find((l) => l.includes('Skipped')), `  Skipped, not sent (4): ${csv}, line 3; ${csv}, line 4; ${csv}, line 6; --emails "bad@@example.com"`);

  // With --json: the result, and what was skipped with its flag, file and line.
  h.mock.reset();
  const j = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', `@${csv}`, '--skip-invalid', '--json']);
  assert.equal(j.status, 0, j.stderr);
  const out = JSON.parse(j.stdout);
  assert.equal(out.data.status, 'Invitations successfully sent');
  assert.deepEqual(out.skipped.map((s) => [s.code, s.flag, s.file, s.line, s.value]), [
    ['unreadable_row', '--emails', csv, 3, undefined],
    ['empty_cell', '--emails', csv, 4, undefined],
    ['invalid_email', '--emails', csv, 6, 'typo@example'],
  ]);
  assert.ok(out.skipped.every((s) => !('path' in s)), 'a skipped item has no path into the list sent');

  // When nothing is left, nothing is sent.
  h.mock.reset();
  const none = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', `@${file('empty-cells.csv', 'name,email\nAda,\nGrace,\n')}`, '--skip-invalid']);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /^error: the request is invalid; nothing was sent\.$/m);
  assert.deepEqual(h.mock.requests, []);
});

test('every row of a file is sent or skipped, one stray quote costing one row', async () => {
  // 40 rows: every 7th has an unterminated quote, every 5th an empty cell, every 11th a bad address.
  const rows = [];
  for (let i = 1; i <= 40; i++) {
    if (i % 7 == 0) rows.push(`"Person ${i},p${i}@example.com`);
    else if (i % 5 == 0) rows.push(`Person ${i},`);
    else if (i % 11 == 0) rows.push(`Person ${i},p${i}@example`);
    else rows.push(`Person ${i},p${i}@example.com`);
  }
  const csv = file('forty.csv', `name,email\n${rows.join('\n')}\n`);
  const r = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', `@${csv}`, '--skip-invalid', '--dry-run', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const { body, skipped } = JSON.parse(r.stdout);
  const sent = body.emails.map((e) => Number(/^p(\d+)@/.exec(e)[1]));
  const left = skipped.map((s) => s.line - 1);
  assert.deepEqual([...sent, ...left].sort((a, b) => a - b), rows.map((_, i) => i + 1), 'a row was neither sent nor skipped');
  assert.deepEqual(left.sort((a, b) => a - b), rows.map((_, i) => i + 1).filter((i) => i % 7 == 0 || i % 5 == 0 || i % 11 == 0));
});

test('reading a file is linear: a file four times as long gives the parser about four times as much text, however many bad rows; quoted cells are parsed about once', async () => {
  // Counted, not timed: every character csv-parse is given, over the three separators tried.
  const { rowsOfLines } = await import(pathToFileURL(path.join(PKG, 'cli/lists.js')));
  const fed = (lines) => {
    let chars = 0;
    const read = rowsOfLines(lines, (text, options) => ((chars += text.length), parse(text, options)));
    return { chars, read };
  };
  const files = {
    'every row an unclosed quote': (n) => ['name,email', ...Array.from({ length: n }, (_, i) => `"Person ${i},p${i}@example.com`)],
    'every 7th row an unclosed quote': (n) => ['name,email', ...Array.from({ length: n }, (_, i) => `${i % 7 ? '' : '"'}Person ${i},p${i}@example.com`)],
    'quoted cells and semicolons (a bad row for , and tab)': (n) => ['"Name";"Email"', ...Array.from({ length: n }, (_, i) => `"Person; ${i}";"p${i}@example.com"`)],
    'one quote never closed, at the start': (n) => ['name,email', '"never closed', ...Array.from({ length: n }, (_, i) => `Person ${i},p${i}@example.com`)],
    'cells over several lines': (n) => ['email,notes', ...Array.from({ length: n }, (_, i) => `p${i}@example.com,"one\ntwo"`).join('\n').split('\n')],
  };
  for (const [name, make] of Object.entries(files)) {
    const small = fed(make(500));
    const large = fed(make(2000));
    assert.ok(large.chars < 5 * small.chars, `${name}: 4 times the rows, ${(large.chars / small.chars).toFixed(1)} times the text parsed`);
    assert.ok(large.chars < 12 * make(2000).join('\n').length, `${name}: ${large.chars} characters parsed`);
  }
  // A file of quoted cells (as Outlook writes them) has a bad row on every line for ';' and tab:
  // they are given up at once, and the file is parsed about once.
  const quoted = ['"Name","E-mail Address"', ...Array.from({ length: 2000 }, (_, i) => `"Person ${i}","p${i}@example.com"`)];
  const once = fed(quoted);
  assert.ok(once.chars < 1.5 * quoted.join('\n').length, `${once.chars} characters parsed for ${quoted.join('\n').length}`);
  assert.equal(once.read.rows.length, 2001);
  // What was read is unchanged: each unclosed quote is one bad row, every other row is read.
  const { read } = fed(files['every 7th row an unclosed quote'](2000));
  assert.deepEqual([read.rows.length, read.bad.length], [1 + 2000 - 286, 286]);
  assert.ok(read.bad.every((b) => b.lastLine == b.line && b.why.startsWith('a quoted cell is never closed')));
});

test('the separator is the one that splits the most rows, \',\' on a tie, whichever is more frequent', async () => {
  // ';' is more frequent, and splits as many rows as ',': ',' wins, and the "email" column is read.
  const csv = file('tie.csv', 'email,notes;x\nada@example.com,a;b;c;d\n');
  const r = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', `@${csv}`, '--dry-run', '--json']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).body.emails, ['ada@example.com']);
  // ';' splits more rows: it wins.
  const semi = file('semi.csv', 'Name;Email\n"Lovelace, Ada";ada@example.com\nGrace;grace@example.com\n');
  const s = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', `@${semi}`, '--dry-run', '--json']);
  assert.deepEqual(JSON.parse(s.stdout).body.emails, ['ada@example.com', 'grace@example.com']);
});

test('a quoted cell over several lines is read, and the rows after it keep their line numbers', async () => {
  const csv = file('notes.csv', 'email,notes\nada@example.com,"first line\nsecond line"\n\n# a comment\ngrace@example.com,ok\ntypo@example,x\n');
  const r = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', `@${csv}`]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, new RegExp(`^ {2}--emails "typo@example" \\(${csv.replace(/[.]/g, '\\.')}, line 7\\): `, 'm'));
  const ok = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', `@${csv}`, '--skip-invalid', '--dry-run', '--json']);
  assert.deepEqual(JSON.parse(ok.stdout).body.emails, ['ada@example.com', 'grace@example.com']);
});

test('a file given to --users and --emails: each row needs one of the two cells', async () => {
  const csv = file('people.csv', `name,userId,email\nBob,${BOB.id},\nCarol,${CAROL.id},carol@example.com\nNew,,new.guest@example.com\nNobody,,\n`);
  const r = await cli(['invite', '--room', ROOM, '--scenario', 'video-conference', '--users', `@${csv}`, '--emails', `@${csv}`]);
  assert.equal(r.status, 2);
  assert.equal(r.stderr.match(/^ {2}--/gm).length, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`^ {2}--emails \\(${csv.replace(/[.]/g, '\\.')}, line 5\\): the row has no e-mail address: its "email" cell is empty$`, 'm'));
  const sent = await cli(['invite', '--room', ROOM, '--scenario', 'video-conference', '--users', `@${csv}`, '--emails', `@${csv}`, '--skip-invalid']);
  assert.equal(sent.status, 0, sent.stderr);
  assert.deepEqual(bodies(), [[INVITE(ROOM), { scenario: 'video-conference', users: [BOB.id, CAROL.id], emails: ['carol@example.com', 'new.guest@example.com'], lang: 'en' }]]);
  assert.match(sent.stdout, /^ {2}Skipped, not sent \(1\): .*people\.csv, line 5$/m);
});

test('standard input given to --users and --emails is read once, and each column is sent', async () => {
  const input = `name,userId,email\nBob,${BOB.id},\nNew,,new.guest@example.com\n`;
  const r = await cli(['invite', '--room', ROOM, '--scenario', 'video-conference', '--users', '@-', '--emails', '@-'], { input });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.deepEqual(bodies(), [[INVITE(ROOM), { scenario: 'video-conference', users: [BOB.id], emails: ['new.guest@example.com'], lang: 'en' }]]);
});

test('CSV headers: "Work Email", "E-mail", "Mail" and others name the e-mail column, over a column of addresses before it', async () => {
  for (const header of ['Work Email', 'E-mail', 'Mail', 'email address', 'E-Mail Address', 'Courriel', 'Adresse e-mail', 'work_email']) {
    // The "Manager" column holds addresses too, and comes first: only the header can tell them apart.
    const csv = file('headers.csv', `Manager;${header};Team\nboss@example.com;ada@example.com;R&D\nboss@example.com;grace@example.com;Navy\n`);
    const r = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', `@${csv}`, '--dry-run', '--json']);
    assert.equal(r.status, 0, `${header}: ${r.stderr}`);
    assert.deepEqual(JSON.parse(r.stdout).body.emails, ['ada@example.com', 'grace@example.com'], header);
  }
  for (const header of ['User ID', 'userId', 'Rainbow id', 'user']) {
    const csv = file('user-headers.csv', `name\t${header}\nBob\t${BOB.id}\n`);
    const r = await cli(['invite', '--room', ROOM, '--scenario', 'video-conference', '--users', `@${csv}`, '--dry-run', '--json']);
    assert.equal(r.status, 0, `${header}: ${r.stderr}`);
    assert.deepEqual(JSON.parse(r.stdout).body.users, [BOB.id], header);
  }
  assert.deepEqual(h.mock.requests, []);
});

test('a header that names its column surely wins over one that may mean another thing: "Email" over "Address", "userId" over "id"', async () => {
  const postal = file('postal.csv', 'Name,Address,Email\nAda,1 rue de la Paix,ada@example.com\n');
  const e = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', `@${postal}`, '--dry-run', '--json']);
  assert.equal(e.status, 0, e.stderr);
  assert.deepEqual(JSON.parse(e.stdout).body.emails, ['ada@example.com']);
  const numbered = file('numbered.csv', `id,Name,userId\n1,Bob,${BOB.id}\n`);
  const u = await cli(['invite', '--room', ROOM, '--scenario', 'pstn-conference', '--users', `@${numbered}`, '--dry-run', '--json']);
  assert.equal(u.status, 0, u.stderr);
  assert.deepEqual(JSON.parse(u.stdout).body.users, [BOB.id]);
  // A bare "Address" column is still read when nothing else names the e-mails.
  const only = file('address.csv', 'Name,Address\nAda,ada@example.com\n');
  const a = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', `@${only}`, '--dry-run', '--json']);
  assert.deepEqual(JSON.parse(a.stdout).body.emails, ['ada@example.com']);
});

test('a file that is not UTF-8 (Latin-1, UTF-16) stops the command, naming it and saying to save it as UTF-8; a UTF-8 BOM is read', async () => {
  const text = 'Name,Email\nRené,rene@example.com\nZoë,zoe@example.com\n';
  const save = '; save it as UTF-8 (in Excel: "CSV UTF-8") and give it again\n';
  const bom = (bytes) => Buffer.concat([Buffer.from(bytes), Buffer.from(text, 'utf16le')]);
  const swapped = Buffer.from(text, 'utf16le').swap16();
  for (const [name, bytes, why] of [
    ['latin1.csv', Buffer.from(text, 'latin1'), 'is not UTF-8 text (line 2 is the first that is not: Latin-1 or Windows-1252?)'],
    ['utf16le.csv', bom([0xff, 0xfe]), 'is UTF-16 text, not UTF-8'],
    ['utf16be.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), swapped]), 'is UTF-16 text, not UTF-8'],
    ['utf16-no-bom.csv', Buffer.from(text, 'utf16le'), 'holds NUL characters (UTF-16 text without its byte order mark?), not UTF-8 text'],
  ]) {
    const csv = file(name, bytes);
    const r = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', `@${csv}`]);
    assert.equal(r.status, 2, `${name}: ${r.stderr}`);
    assert.equal(r.stdout, '');
    assert.ok(r.stderr.startsWith(`rainbow-room-invitations: --emails @${csv}: the file ${why}${save}`), `${name}: ${r.stderr}`);
    const j = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', `@${csv}`, '--json']);
    assert.equal(j.status, 2);
    assert.deepEqual(JSON.parse(j.stdout).error, { name: 'UsageError', code: 'ERR_USAGE', message: `--emails @${csv}: the file ${why}${save.trimEnd()}`, flag: '--emails', file: csv });
  }
  // Standard input, the same.
  const piped = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', '@-'], { input: Buffer.from(text, 'latin1') });
  assert.equal(piped.status, 2);
  assert.ok(piped.stderr.startsWith('rainbow-room-invitations: --emails @-: standard input is not UTF-8 text (line 2 '), piped.stderr);
  assert.deepEqual(h.mock.requests, []);

  // UTF-8, with its byte order mark (Excel's "CSV UTF-8") or without: read, the accents kept.
  for (const [name, bytes] of [['utf8-bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])], ['utf8.csv', Buffer.from(text)]]) {
    const csv = file(name, bytes);
    const r = await cli(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', `@${csv}`, '--dry-run', '--json']);
    assert.equal(r.status, 0, `${name}: ${r.stderr}`);
    assert.deepEqual(JSON.parse(r.stdout).body.emails, ['rene@example.com', 'zoe@example.com'], name);
  }
});
