// The README's code is run, not just read: each block of "### Examples by scenario" against the
// mock, checking that the body on the wire is the one its `// sends` comment shows; and the
// blocks of "## Moving from the generated client or the Rainbow SDK", with the mock's URL in place
// of Rainbow's.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startMockServer, SEED } from '../../www/mock-server.mjs';
import { REPO, assertBuilt, tempDir, consumerProject, childEnv, runNode, newToken, assertNoSecret, INVITE, CANCEL } from './helpers.mjs';

const README = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
const ROOM = SEED.roomId;
const TOKEN = newToken();

let tmp;
let project;
let mock;

before(async () => {
  assertBuilt('generated-client.js');
  tmp = tempDir('rri-readme-');
  project = consumerProject(path.join(tmp, 'app'), { packageJson: { name: 'app', private: true } });
  mock = await startMockServer({ port: 0, host: '127.0.0.1', quiet: true, token: TOKEN });
});

after(async () => {
  if (mock) await mock.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

beforeEach(() => mock.reset());

/** The text of the section that starts with `heading` (up to the next heading of its level or above). */
function section(heading) {
  const start = README.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `README.md has no "${heading}"`);
  const level = heading.split(' ')[0];
  const next = README.slice(start + heading.length + 2).search(new RegExp(`\\n#{2,${level.length}} `));
  return next < 0 ? README.slice(start) : README.slice(start, start + heading.length + 2 + next);
}

const blocks = (text, lang) => [...text.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);

async function runModule(name, source) {
  const file = path.join(project, name);
  fs.writeFileSync(file, source);
  const r = await runNode([file], { cwd: project, env: childEnv() });
  assertNoSecret(TOKEN, r.stdout, r.stderr);
  assert.equal(r.status, 0, `${name} failed:\n${source}\n${r.stdout}\n${r.stderr}`);
  assert.equal(r.stderr, '', name);
  return r;
}

test('"## Install and use": each block runs as written against the mock, importing what it uses', async () => {
  const found = blocks(section('## Install and use'), 'js');
  assert.equal(found.length, 3, 'the call, the generated-client style, WithHttpInfo');
  // Only the values a reader supplies are defined; the blocks' own imports must do the rest.
  const given = `const jwt = ${JSON.stringify(TOKEN)};
const token = jwt;
const baseUrl = ${JSON.stringify(mock.url)};
const roomId = ${JSON.stringify(ROOM)};
`;
  const outputs = [];
  for (const [i, code] of found.entries()) {
    assert.match(code, /^import \{[^}]+\} from 'rainbow-room-invitations';$/m, `block ${i + 1} imports from the package`);
    mock.reset();
    const r = await runModule(`install-and-use-${i + 1}.mjs`, given + code.replace("'https://sandbox.openrainbow.com'", 'baseUrl'));
    assert.equal(mock.requests.length, 1, `block ${i + 1} sent ${mock.requests.length} requests`);
    assert.equal(mock.requests[0].headers.authorization, `Bearer ${TOKEN}`);
    outputs.push(r.stdout);
  }
  assert.match(outputs[0], /ada@example\.com/);
  assert.match(outputs[1], /guestEmails/);
  // WithHttpInfo: the status, request id and attempts, then the guest list at info.data.data.guestEmails.
  const [head, guests] = outputs[2].trim().split('\n');
  assert.match(head, /^200 \S+ 1$/);
  assert.match(guests, /ada@example\.com/);
});

test('"### Examples by scenario": every block runs and sends the body its comment shows', async () => {
  const api = section('### Examples by scenario');
  assert.ok(README.indexOf('### Examples by scenario') < README.indexOf('\n## ', README.indexOf('\n## API\n') + 1), 'the subsection is part of "## API" (and so of the npm README)');
  const found = blocks(api, 'js');
  assert.equal(found.length, 5, 'one block per scenario, invitations and cancellations');
  const paths = [];
  for (const [i, code] of found.entries()) {
    const sends = [...code.matchAll(/^\/\/ sends (.*)$/gm)].map((m) => JSON.parse(m[1]));
    assert.equal(sends.length, 1, `block ${i + 1} has no "// sends" line`);
    mock.reset();
    await runModule(`scenario-${i + 1}.mjs`, `import { RoomsInvitationApi } from 'rainbow-room-invitations';
const baseUrl = ${JSON.stringify(mock.url)};
const token = ${JSON.stringify(TOKEN)};
const roomId = ${JSON.stringify(ROOM)};
const api = new RoomsInvitationApi({ baseUrl, token });
${code}`);
    assert.equal(mock.requests.length, 1, `block ${i + 1} sent ${mock.requests.length} requests`);
    assert.deepEqual(mock.requests[0].json, sends[0], `block ${i + 1}`);
    assert.equal(mock.requests[0].headers.authorization, `Bearer ${TOKEN}`);
    paths.push(mock.requests[0].path);
    // Field for field and in the order shown.
    assert.equal(JSON.stringify(mock.requests[0].json), JSON.stringify(sends[0]), `block ${i + 1}: field order`);
  }
  assert.deepEqual(paths, [INVITE(ROOM), INVITE(ROOM), INVITE(ROOM), CANCEL(ROOM), CANCEL(ROOM)]);
  const scenarios = found.map((code) => /scenario: '([a-z-]+)'/.exec(code)?.[1] ?? 'pstn-conference');
  assert.deepEqual(scenarios, ['chat', 'pstn-conference', 'video-conference', 'chat', 'pstn-conference']);
});

test('"## Moving from …": the generated-client block runs with the mock in place of openrainbow.com', async () => {
  const moving = section('## Moving from the generated client or the Rainbow SDK');
  const [generated, sdk] = blocks(moving, 'js');
  assert.match(generated, /require\('rainbow-room-invitations'\)/);
  const r = await runModule('moving-generated.cjs', `const jwt = ${JSON.stringify(TOKEN)};
const roomId = ${JSON.stringify(ROOM)};
${generated.replace("'https://openrainbow.com'", JSON.stringify(mock.url))}`);
  assert.match(r.stdout, /ada@example\.com/);
  assert.deepEqual(mock.requests.map((q) => [q.path, q.headers.authorization, q.json]), [
    [INVITE(ROOM), `Bearer ${TOKEN}`, { scenario: 'chat', emails: ['ada@example.com'], lang: 'en' }],
  ]);

  mock.reset();
  await runModule('moving-sdk.mjs', `import { sendUsersJoinRoomInvitation } from 'rainbow-room-invitations';
const jwt = ${JSON.stringify(TOKEN)};
const bubble = { id: ${JSON.stringify(ROOM)} };
const emails = ['sdk.user@example.com'];
${sdk.replace("'https://openrainbow.com'", JSON.stringify(mock.url))}`);
  assert.deepEqual(mock.requests.map((q) => [q.path, q.json]), [[INVITE(ROOM), { scenario: 'chat', emails: ['sdk.user@example.com'], lang: 'en' }]]);
});

test('"## Command line" documents every flag of --help', async () => {
  const text = section('## Command line');
  const help = await runNode([path.join(project, 'node_modules/rainbow-room-invitations/cli.js'), '--help'], { cwd: project, env: childEnv() });
  assert.equal(help.status, 0);
  const flags = [...new Set([...help.stdout.matchAll(/^ {2}(?:-\w, )?(--[a-z-]+)/gm)].map((m) => m[1]))];
  assert.ok(flags.length >= 20, flags.join());
  for (const flag of flags.filter((f) => f !== '--help' && f !== '--version')) assert.ok(text.includes(`\`${flag}\``), `README's "## Command line" lacks ${flag}`);
  for (const code of ['`0`', '`1`', '`2`', '`3`', '`4`', '`130`']) assert.ok(text.includes(code), `exit code ${code}`);
});
