// The published package as users get it: `npm pack` of pkg/ (or PKG_DIR), installed offline from
// the tarball into a fresh project, then used
//   - from Node with `import` and with `require()`, against the mock Rainbow server;
//   - from a Vite-built one-page app loaded in headless Chromium, calling the mock cross-origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMockServer, SEED } from '../../www/mock-server.mjs';
import { serveStatic } from '../helpers/serve-static.mjs';
import { installPackage, chromiumBrowser, closeChromium, copyApp, checkApp as checkAppIn } from './consumer.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const ROOM = SEED.roomId;

// Everything a user needs, and nothing else.
const EXPECTED_FILES = [
  'CHANGELOG.md',
  'LICENSE',
  'README.md',
  'api.js',
  'browser.js',
  'cli.js',
  'cli/arguments.js',
  'cli/failures.js',
  'cli/help.js',
  'cli/lists.js',
  'cli/output.js',
  'errors.js',
  'generated-client.d.ts',
  'generated-client.js',
  'index.d.cts',
  'index.d.ts',
  'node.js',
  'package.json',
  'rainbow_room_invitations.js',
  'rainbow_room_invitations_bg.wasm',
];

let tmp; // root of every temporary file of this run
let project; // the consumer project the tarball is installed into
let packed; // npm pack --json output for the package
let mock;

before(async () => {
  ({ tmp, project, packed } = installPackage('rri-package-'));
  for (const f of ['exercise.cjs', 'consumer-esm.mjs', 'consumer-cjs.cjs']) {
    fs.copyFileSync(path.join(HERE, 'fixtures', f), path.join(project, f));
  }
  mock = await startMockServer({ port: 0, host: '127.0.0.1', quiet: true });
});

after(async () => {
  await closeChromium();
  if (mock) await mock.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('npm pack ships exactly the files users need', () => {
  assert.equal(packed.name, 'rainbow-room-invitations');
  assert.equal(packed.version, '0.1.0');
  assert.deepEqual(packed.files.map((f) => f.path).sort(), EXPECTED_FILES);
  const wasm = packed.files.find((f) => f.path.endsWith('.wasm'));
  assert.ok(wasm.size > 1000, `the .wasm is only ${wasm.size} bytes`);
});

test("the package's README carries the repository README's API section, unchanged", () => {
  const section = (text) => {
    const start = text.indexOf('\n## API\n');
    assert.ok(start >= 0, 'no "## API" section');
    const end = text.indexOf('\n## ', start + 1);
    return text.slice(start, end < 0 ? undefined : end);
  };
  const repo = section(fs.readFileSync(path.join(REPO, 'README.md'), 'utf8'));
  const shipped = section(fs.readFileSync(path.join(project, 'node_modules/rainbow-room-invitations/README.md'), 'utf8'));
  assert.equal(shipped, repo, "pkg/README.md lacks the repository README's API section: make build copies it (tools/npm-readme.mjs)");
});

test('the installed package.json routes Node to node.js and browsers to browser.js', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(project, 'node_modules/rainbow-room-invitations/package.json'), 'utf8'));
  assert.equal(manifest.type, 'module');
  assert.deepEqual(Object.keys(manifest.exports['.']), ['types', 'node', 'browser', 'default']);
  assert.equal(manifest.exports['.'].node, './node.js');
  assert.equal(manifest.exports['.'].browser, './browser.js');
  assert.equal(manifest.exports['.'].default, './browser.js');
  // TypeScript: CommonJS consumers (require) get index.d.cts, everyone else index.d.ts.
  assert.deepEqual(manifest.exports['.'].types, { require: './index.d.cts', default: './index.d.ts' });
  // require() of an ES module works unflagged from Node 20.19 and 22.12 (README "TypeScript and Node versions").
  assert.equal(manifest.engines.node, '^20.19.0 || >=22.12.0');
  // One dependency, csv-parse, which only the command-line tool imports.
  assert.deepEqual(Object.keys(manifest.dependencies), ['csv-parse']);
  const root = path.join(project, 'node_modules/rainbow-room-invitations');
  for (const f of packed.files.map((x) => x.path).filter((p) => p.endsWith('.js') && p != 'cli.js' && !p.startsWith('cli/'))) {
    assert.ok(!fs.readFileSync(path.join(root, f), 'utf8').includes('csv-parse'), `${f} uses csv-parse, a dependency meant for the CLI`);
  }
  const installed = fs.readdirSync(path.join(project, 'node_modules')).filter((n) => !n.startsWith('.'));
  assert.deepEqual(installed, ['csv-parse', 'rainbow-room-invitations'], 'installing the tarball brought in something else');
  // The .wasm, for a build that copies it or asks for its URL (README "Bundlers, workers and CDNs").
  assert.equal(manifest.exports['./rainbow_room_invitations_bg.wasm'], './rainbow_room_invitations_bg.wasm');
  const required = createRequire(path.join(project, 'index.js'));
  assert.equal(required.resolve('rainbow-room-invitations/rainbow_room_invitations_bg.wasm'), path.join(fs.realpathSync(root), 'rainbow_room_invitations_bg.wasm'));
  const targets = Object.values(manifest.exports['.']).flatMap((t) => (typeof t == 'string' ? [t] : Object.values(t)));
  for (const f of [manifest.main, manifest.module, manifest.types, ...targets]) {
    assert.ok(fs.existsSync(path.join(project, 'node_modules/rainbow-room-invitations', f)), `${f} is not in the package`);
  }
});

// Runs a Node script without blocking this process (the mock server lives here).
function runNode(script, cwd, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
  });
}

// Runs one Node consumer script in the installed project and checks what it saw and sent.
async function checkNodeConsumer(script, entry) {
  mock.reset();
  const env = { ...process.env, EXERCISE: JSON.stringify({ baseUrl: mock.url, roomId: ROOM, unknownRoomId: SEED.unknownRoomId, ignoredUser: SEED.users[1].id }) };
  const r = await runNode(script, project, env);
  assert.equal(r.status, 0, `${script} failed (${r.signal || r.status}):\n${r.stdout}\n${r.stderr}`);
  const report = JSON.parse(r.stdout.trim().split('\n').pop());

  // It loaded the installed copy, through the `node` condition.
  const resolved = report.resolved.startsWith('file:') ? fileURLToPath(report.resolved) : report.resolved;
  assert.equal(resolved, path.join(project, 'node_modules/rainbow-room-invitations', entry));
  for (const name of ['ready', 'validateJoinInvitation', 'validateCancelation', 'sendUsersJoinRoomInvitation', 'sendUserRoomInvitationCancelation', 'RoomsInvitationApi', 'RainbowError', 'RainbowValidationError', 'RainbowApiError', 'RainbowNetworkError', 'RainbowTimeoutError', 'RainbowAbortError', 'RainbowResponseError', 'RainbowNotReadyError']) {
    assert.ok(report.exports.includes(name), `${name} is not exported`);
  }

  // Validation, synchronously, with no network.
  assert.equal(report.validJoin.valid, true);
  assert.equal(report.validJoin.path, `/api/rainbow/enduser/v1.0/rooms/${ROOM}/invitations`);
  assert.equal(report.validJoin.request.scenario, 'chat');
  assert.deepEqual(report.validJoin.request.emails, ['new.guest@example.com'], 'e-mails are trimmed');
  assert.equal('users' in report.validJoin.request, false, 'chat ignores users');
  assert.ok(report.validJoin.warnings.some((w) => w.endsWith(':ignored_field')), report.validJoin.warnings.join());
  assert.equal(report.invalidCancel.valid, false);
  assert.equal(report.invalidCancel.request, null);
  assert.ok(report.invalidCancel.errors.some((e) => e.endsWith(':no_recipients')), report.invalidCancel.errors.join());

  // Real calls.
  assert.equal(report.joined.scenario, 'chat');
  assert.equal(report.joined.status, 'Invitations successfully sent');
  assert.ok(report.joined.guestEmails.includes('new.guest@example.com'));
  assert.deepEqual(report.joined.invalidUsers, []);
  assert.equal(report.cancelled.status, 200);
  assert.match(report.cancelled.contentType, /^application\/json/);
  assert.ok(!report.cancelled.guestEmails.includes('guest2@mycompany'));

  // Errors are typed, and `instanceof` works on them.
  const { message, errorPaths, ...apiError } = report.apiError;
  assert.deepEqual(apiError, { name: 'RainbowApiError', code: 'ERR_API', status: 404, errorDetailsCode: 404001, isError: true, isRainbowError: true, isApiError: true, isValidationError: false, isNetworkError: false });
  assert.ok(message.length > 0);
  assert.equal(report.validationError.name, 'RainbowValidationError');
  assert.equal(report.validationError.code, 'ERR_VALIDATION');
  assert.deepEqual(report.validationError.errorPaths, ['roomId']);
  assert.equal(report.validationError.isValidationError, true);
  assert.equal(report.validationError.isRainbowError, true);
  assert.equal(report.validationError.isApiError, false);

  // What the mock received: the three valid calls, nothing for the invalid one.
  assert.deepEqual(
    mock.requests.map((q) => `${q.method} ${q.path}`),
    [
      `POST /api/rainbow/enduser/v1.0/rooms/${ROOM}/invitations`,
      `POST /api/rainbow/enduser/v1.0/rooms/${ROOM}/invitations/cancel`,
      `POST /api/rainbow/enduser/v1.0/rooms/${SEED.unknownRoomId}/invitations`,
    ],
  );
  assert.equal(mock.requests[0].json.scenario, 'chat');
  assert.deepEqual(mock.requests[0].json.emails, ['new.guest@example.com']);
  assert.deepEqual(mock.requests[1].json, { scenario: 'chat', emails: ['guest2@mycompany'] }, 'chat cancellations send only e-mails');
  assert.equal(report.cancelled.requestId, mock.requests[1].requestId);
  for (const q of mock.requests) {
    assert.match(q.headers['content-type'], /^application\/json/);
    assert.equal(q.headers.accept, 'application/json, text/xml');
  }
}

test('Node: `import` of the installed package validates and calls the mock', async () => {
  await checkNodeConsumer('consumer-esm.mjs', 'node.js');
});

test('Node: `require()` of the installed package validates and calls the mock', async () => {
  await checkNodeConsumer('consumer-cjs.cjs', 'node.js');
});

// ---- browser ------------------------------------------------------------------------------------

const checkApp = (siteUrl) => checkAppIn(mock, siteUrl);


test('browser: a Vite-built app loads the package in Chromium and calls the mock', async (t) => {
  await chromiumBrowser();
  const app = copyApp(project, 'app-build');
  const { build } = await import('vite');
  await build({ root: app, configFile: false, logLevel: 'warn', build: { outDir: path.join(app, 'dist'), emptyOutDir: true } });

  // The build bundled the browser entry (not the Node one) and shipped the .wasm as an asset.
  const assets = fs.readdirSync(path.join(app, 'dist/assets'));
  const wasmAssets = assets.filter((f) => f.endsWith('.wasm'));
  assert.equal(wasmAssets.length, 1, `expected one .wasm asset, got ${assets.join(', ')}`);
  const bundle = assets.filter((f) => f.endsWith('.js')).map((f) => fs.readFileSync(path.join(app, 'dist/assets', f), 'utf8')).join('\n');
  assert.ok(!bundle.includes('node:fs') && !bundle.includes('readFileSync'), 'the Node entry leaked into the browser bundle');

  const site = await serveStatic(path.join(app, 'dist'));
  t.after(() => site.close());
  const wasmUrl = await checkApp(site.url);
  assert.equal(wasmUrl, `${site.url}/assets/${wasmAssets[0]}`);
});

test('browser: the same app works under the Vite dev server', async (t) => {
  await chromiumBrowser();
  const app = copyApp(project, 'app-dev');
  const { createServer } = await import('vite');
  const server = await createServer({ root: app, configFile: false, logLevel: 'warn', server: { host: '127.0.0.1', port: 0, strictPort: false } });
  t.after(() => server.close());
  await server.listen();
  const siteUrl = server.resolvedUrls.local[0].replace(/\/$/, '');
  const wasmUrl = await checkApp(siteUrl);
  assert.ok(wasmUrl.startsWith(siteUrl), wasmUrl);
});

test('browser: the same app bundled by webpack 5 loads the package in Chromium and calls the mock', async (t) => {
  await chromiumBrowser();
  const app = copyApp(project, 'app-webpack');
  const dist = path.join(app, 'dist');
  const { default: webpack } = await import('webpack');
  const stats = await new Promise((resolve, reject) => {
    webpack(
      // Webpack's defaults for a browser app: it picks the package's `browser` export and ships
      // the .wasm that `new URL(…, import.meta.url)` names as an asset.
      { mode: 'production', context: app, entry: './main.js', output: { path: dist, filename: 'main.js' }, target: 'web' },
      (err, s) => (err ? reject(err) : resolve(s)),
    );
  });
  assert.ok(!stats.hasErrors(), stats.toString('errors-only'));
  const wasmAssets = fs.readdirSync(dist).filter((f) => f.endsWith('.wasm'));
  assert.equal(wasmAssets.length, 1, `expected one .wasm asset, got ${fs.readdirSync(dist).join(', ')}`);
  const bundle = fs.readFileSync(path.join(dist, 'main.js'), 'utf8');
  assert.ok(!bundle.includes('node:fs') && !bundle.includes('readFileSync'), 'the Node entry leaked into the browser bundle');
  // webpack's output is a classic script, not a module.
  const html = fs.readFileSync(path.join(app, 'index.html'), 'utf8').replace('<script type="module" src="./main.js">', '<script src="./main.js">');
  fs.writeFileSync(path.join(dist, 'index.html'), html);

  const site = await serveStatic(dist);
  t.after(() => site.close());
  const wasmUrl = await checkApp(site.url);
  assert.equal(wasmUrl, `${site.url}/${wasmAssets[0]}`);
});
