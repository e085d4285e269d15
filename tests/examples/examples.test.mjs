// Runs examples/ against the mock, as a user would after `npm install` in each example's folder
// (here the package resolves to the built pkg/, or PKG_DIR, through a symlink):
//   - examples/node: invite.mjs (the package's API) and generated-client.cjs (the generated
//     client's style), with node;
//   - examples/typescript: type-checked by the repository's tsc under its strict tsconfig, then
//     compiled and run;
//   - examples/vite-app: built by the repository's Vite, served on its own origin and driven in
//     headless Chromium.
// Each check covers what the example prints or shows, and what the mock received.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startMockServer, SEED } from '../../www/mock-server.mjs';
import { serveStatic } from '../helpers/serve-static.mjs';
import { REPO, assertBuilt, tempDir, consumerProject, childEnv, runNode, run, newToken, assertNoSecret, INVITE, CANCEL } from './helpers.mjs';
import { launchChromium } from '../helpers/chromium.mjs';

const EXAMPLES = path.join(REPO, 'examples');
const TSC = path.join(REPO, 'node_modules/.bin/tsc');
const ROOM = SEED.roomId;
const TOKEN = newToken();

let tmp;
let mock;

before(async () => {
  assertBuilt('generated-client.js');
  tmp = tempDir('rri-examples-');
  mock = await startMockServer({ port: 0, host: '127.0.0.1', quiet: true, token: TOKEN });
});

after(async () => {
  if (mock) await mock.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

beforeEach(() => mock.reset());

let copies = 0;
const example = (name) => consumerProject(path.join(tmp, `${name}-${++copies}`), { copyFrom: path.join(EXAMPLES, name) });
const envFor = () => childEnv({ RAINBOW_HOST: mock.url, RAINBOW_TOKEN: TOKEN, ROOM_ID: ROOM });
const sent = () => mock.requests.map((q) => ({ path: q.path, auth: q.headers.authorization, body: q.json }));
const bearer = `Bearer ${TOKEN}`;

test('every example folder is a project that depends on the built package', () => {
  for (const name of ['node', 'typescript', 'vite-app']) {
    const manifest = JSON.parse(fs.readFileSync(path.join(EXAMPLES, name, 'package.json'), 'utf8'));
    assert.equal(manifest.private, true, name);
    assert.equal(manifest.dependencies['rainbow-room-invitations'], 'file:../../pkg', name);
  }
});

test('examples/node/invite.mjs: validates, invites (chat, pstn-conference), removes a guest, reports typed errors', async () => {
  const dir = example('node');
  const r = await runNode(['invite.mjs'], { cwd: dir, env: envFor() });
  assertNoSecret(TOKEN, r.stdout, r.stderr);
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.equal(r.stderr, '');
  const out = r.stdout.split('\n');
  assert.equal(out[0], 'draft valid: false');
  assert.match(out[1], /^ {2}emails\[1\] invalid_email: 'grace@example' /);
  assert.match(out[2], /^ {2}emails\[2\] duplicate: /);
  assert.match(out[3], /^chat: Invitations successfully sent; guests now: .*ada@example\.com, grace@example\.com$/);
  assert.equal(out[4], 'pstn-conference: HTTP 200, Invitations successfully sent; invalid users: 0; request id received');
  assert.match(out[5], /^cancel: Cancellation successfully sent; guests now: /);
  assert.ok(!out[5].includes('guest2@mycompany'), out[5]);
  assert.equal(out[6], 'typo: ERR_VALIDATION email:unknown_field emails:no_recipients (nothing sent)');
  assert.equal(out[7], 'unknown room: ERR_API HTTP 404 404001 (delivered: false)');

  assert.deepEqual(sent(), [
    { path: INVITE(ROOM), auth: bearer, body: { scenario: 'chat', emails: ['ada@example.com', 'grace@example.com'], lang: 'en' } },
    { path: INVITE(ROOM), auth: bearer, body: { scenario: 'pstn-conference', users: ['5b1c2f3a4d5e6f7a8b9c0d03'], emails: ['linus@example.com'], lang: 'fr' } },
    { path: CANCEL(ROOM), auth: bearer, body: { scenario: 'chat', emails: ['guest2@mycompany'] } },
    { path: INVITE(SEED.unknownRoomId), auth: bearer, body: { scenario: 'chat', emails: ['x@example.com'], lang: 'en' } },
  ]);
  // The mock did what the script says: Carol was added to the room and e-mailed in French.
  const mail = mock.snapshot().outbox.find((m) => m.kind === 'mail' && m.userId === '5b1c2f3a4d5e6f7a8b9c0d03');
  assert.ok(mail, 'no pstn-conference mail to Carol');
});

test('examples/node/generated-client.cjs: the generated client\'s code, require line changed, runs against the mock', async () => {
  const dir = example('node');
  const source = fs.readFileSync(path.join(dir, 'generated-client.cjs'), 'utf8');
  assert.match(source, /^\/\/ var RainbowEnduserPortal = require\('rainbow_enduser_portal'\);$/m);
  assert.match(source, /^var RainbowEnduserPortal = require\('rainbow-room-invitations'\);$/m);
  const r = await runNode(['generated-client.cjs'], { cwd: dir, env: envFor() });
  assertNoSecret(TOKEN, r.stdout, r.stderr);
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.equal(r.stderr, '');
  const [invited, cancelled] = r.stdout.trim().split('\n');
  assert.match(invited, /^invited: Invitations successfully sent; guests: .*margaret@example\.com$/);
  assert.match(cancelled, /^cancelled: Cancellation successfully sent; guests: /);
  assert.ok(!cancelled.includes('guest1@mycompany.com'), cancelled);
  assert.deepEqual(sent(), [
    { path: INVITE(ROOM), auth: bearer, body: { scenario: 'video-conference', users: ['5b1c2f3a4d5e6f7a8b9c0d02'], emails: ['margaret@example.com'], lang: 'en' } },
    { path: CANCEL(ROOM), auth: bearer, body: { scenario: 'chat', emails: ['guest1@mycompany.com'] } },
  ]);
});

test('examples/node/generated-client.cjs: an API error reaches the error callback (exit code 1)', async () => {
  const dir = example('node');
  const r = await runNode(['generated-client.cjs'], { cwd: dir, env: { ...envFor(), ROOM_ID: SEED.forbiddenRoomId } });
  assertNoSecret(TOKEN, r.stdout, r.stderr);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^RainbowApiError ERR_API 403: /);
});

test('examples/typescript: type-checks under its strict tsconfig with the repository\'s tsc, then runs', async () => {
  assert.ok(fs.existsSync(TSC), `${TSC} is missing: run \`npm ci\` (make setup-node)`);
  const dir = example('typescript');
  const config = JSON.parse(fs.readFileSync(path.join(dir, 'tsconfig.json'), 'utf8'));
  assert.equal(config.compilerOptions.strict, true);
  assert.equal(config.compilerOptions.skipLibCheck, false, 'the package\'s declarations are checked too');
  const check = await run(TSC, ['-p', '.', '--noEmit', '--pretty', 'false'], { cwd: dir });
  assert.equal(`${check.stdout}${check.stderr}`, '', 'tsc reported diagnostics');
  assert.equal(check.status, 0);

  const build = await run(TSC, ['-p', '.', '--pretty', 'false'], { cwd: dir });
  assert.equal(build.status, 0, build.stdout);
  const r = await runNode(['dist/invite.js'], { cwd: dir, env: envFor() });
  assertNoSecret(TOKEN, r.stdout, r.stderr);
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.equal(r.stderr, '');
  const out = r.stdout.trim().split('\n');
  assert.equal(out[0], `would send ${INVITE(ROOM)} with scenario, confId, users, emails, lang, noMail`);
  assert.match(out[1], /^pstn-conference: Invitations successfully sent \(pstn-conference\); guests: .*ts\.guest@example\.com; invalid users: 5b1c2f3a4d5e6f7a8b9c0dff$/);
  assert.match(out[2], /^video-conference: Invitations successfully sent \(video-conference\); guests: .*ts\.video@example\.com; invalid users: none$/);
  assert.match(out[3], /^cancel \(HTTP 200\): Cancellation successfully sent \(chat\); guests: /);
  assert.ok(!out[3].includes('ts.video@example.com'), out[3]);
  assert.equal(out[4], 'unknown room: RainbowApiError 404 404001');
  assert.deepEqual(sent().map((s) => [s.path, s.auth, s.body.scenario]), [
    [INVITE(ROOM), bearer, 'pstn-conference'],
    [INVITE(ROOM), bearer, 'video-conference'],
    [CANCEL(ROOM), bearer, 'chat'],
    [CANCEL(SEED.unknownRoomId), bearer, 'chat'],
  ]);
});

test('examples/typescript: a misspelled field in it would not compile', async () => {
  const dir = example('typescript');
  const file = path.join(dir, 'invite.ts');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace("emails: ['ts.guest@example.com'],", "email: ['ts.guest@example.com'],"));
  const check = await run(TSC, ['-p', '.', '--noEmit', '--pretty', 'false'], { cwd: dir });
  assert.notEqual(check.status, 0);
  assert.match(check.stdout, /invite\.ts\(\d+,\d+\): error TS2561: .*'email' does not exist in type 'SendUsersJoinRoomInvitation'\. Did you mean to write 'emails'\?/);
});

// ---- the Vite app --------------------------------------------------------------------------------


test('examples/vite-app: built with Vite, validates as you type in Chromium, invites and removes guests on the mock', async (t) => {
  const dir = example('vite-app');
  const { build } = await import('vite');
  await build({ root: dir, configFile: false, logLevel: 'warn', build: { outDir: path.join(dir, 'dist'), emptyOutDir: true } });
  const assets = fs.readdirSync(path.join(dir, 'dist/assets'));
  assert.equal(assets.filter((f) => f.endsWith('.wasm')).length, 1, assets.join());
  const bundle = assets.filter((f) => f.endsWith('.js')).map((f) => fs.readFileSync(path.join(dir, 'dist/assets', f), 'utf8')).join('\n');
  assert.ok(!bundle.includes('node:fs'), 'the Node entry leaked into the browser bundle');

  const site = await serveStatic(path.join(dir, 'dist'));
  t.after(() => site.close());
  const browser = await launchChromium();
  t.after(() => browser.close());
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  const consoleText = [];
  page.on('console', (m) => consoleText.push(m.text()));
  const requested = [];
  page.on('request', (r) => requested.push(r.url()));

  await page.goto(`${site.url}/`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  assert.equal(await page.inputValue('#server'), site.url, 'the server defaults to the page\'s origin');
  await page.fill('#server', mock.url);
  await page.fill('#token', TOKEN);

  // Validation as you type: a bad address is flagged at its index and Invite is disabled.
  await page.fill('#emails', 'vite.guest@example.com\nbroken@example');
  await page.waitForSelector('#issues li.error');
  assert.match(await page.textContent('#issues'), /^emails\[1\]: 'broken@example' is not a valid e-mail address/);
  assert.equal(await page.isDisabled('#invite'), true);
  assert.deepEqual(mock.requests, [], 'validation sends nothing');

  // Fixed: a warning for the ignored field, Invite enabled, then sent.
  await page.fill('#emails', 'vite.guest@example.com\nguest2@mycompany.com');
  await page.fill('#users', SEED.users[1].id);
  await page.waitForFunction(() => !document.querySelector('#invite').disabled);
  assert.equal(await page.textContent('#issues li.warning'), 'users: `users` is not used by the chat scenario; it is left out of the request.');
  // video-conference sends the users too: no warning left.
  await page.selectOption('#scenario', 'video-conference');
  await page.waitForFunction(() => document.querySelectorAll('#issues li').length === 0);
  await page.click('#invite');
  await page.waitForSelector('#result[data-state="done"]', { timeout: 15_000 });
  const invited = await page.textContent('#result');
  assert.match(invited, /^Invitations successfully sent \(video-conference\)\nguests: .*vite\.guest@example\.com.*\ninvalid users: none$/);

  // Remove a guest: the same fields go to the cancellation.
  await page.fill('#emails', 'guest2@mycompany');
  await page.selectOption('#scenario', 'chat');
  await page.click('#cancel');
  await page.waitForFunction(() => document.querySelector('#result').dataset.state === 'done' && document.querySelector('#result').textContent.startsWith('Cancellation'));
  const cancelled = await page.textContent('#result');
  assert.match(cancelled, /^Cancellation successfully sent \(chat\)\nguests: /);
  assert.ok(!cancelled.split('\n')[1].slice('guests: '.length).split(', ').includes('guest2@mycompany'), cancelled);

  // An unknown room: the API error is shown.
  await page.fill('#room', SEED.unknownRoomId);
  await page.click('#cancel');
  await page.waitForSelector('#result[data-state="error"]');
  assert.match(await page.textContent('#result'), /^Rainbow answered 404 \(404001\): Room with id 56f42c1914e2a8a91b99e599 does not exist$/);

  assert.deepEqual(problems, []);
  assertNoSecret(TOKEN, consoleText.join('\n'), await page.content());
  assert.deepEqual(requested.filter((u) => !u.startsWith(site.url) && !u.startsWith(mock.url)), [], 'the page talked only to the two local servers');
  assert.deepEqual(sent(), [
    { path: INVITE(ROOM), auth: bearer, body: { scenario: 'video-conference', users: [SEED.users[1].id], emails: ['vite.guest@example.com', 'guest2@mycompany.com'], lang: 'en' } },
    { path: CANCEL(ROOM), auth: bearer, body: { scenario: 'chat', emails: ['guest2@mycompany'] } },
    { path: CANCEL(SEED.unknownRoomId), auth: bearer, body: { scenario: 'chat', emails: ['guest2@mycompany'] } },
  ]);
  for (const q of mock.requests) assert.equal(q.headers.origin, site.url);
});
