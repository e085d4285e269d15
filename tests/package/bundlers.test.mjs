// The README's "Bundlers, workers and CDNs", followed as written: the one-page app of
// fixtures/vite-app built with esbuild (the README's command, then its copy of the .wasm) and
// with Rollup (the README's rollup.config.mjs), each served and run in headless Chromium against
// the mock server; the same esbuild app under a strict Content-Security-Policy; and an app that
// hands the .wasm over itself with ready(wasm), in each form; an app bundled for Node, run with
// and without the .wasm next to its bundle, and one bundled for Node by webpack. The package is the npm tarball,
// installed offline into a fresh project; the tools are the repository's dev dependencies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMockServer, SEED } from '../../www/mock-server.mjs';
import { serveStatic } from '../helpers/serve-static.mjs';
import { linkDevDeps } from '../helpers/dev-deps.mjs';
import { REPO, installPackage, chromiumBrowser, closeChromium, copyApp, checkApp } from './consumer.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const README = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
const WASM = 'rainbow_room_invitations_bg.wasm';

let tmp;
let project;
let mock;

before(async () => {
  ({ tmp, project } = installPackage('rri-bundlers-'));
  // The bundlers and the Rollup plugins the README names, as the app's own dev dependencies.
  linkDevDeps(project, ['esbuild', 'rollup', '@rollup/plugin-node-resolve', '@web/rollup-plugin-import-meta-assets']);
  mock = await startMockServer({ port: 0, host: '127.0.0.1', quiet: true });
});

after(async () => {
  await closeChromium();
  if (mock) await mock.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** The code block (```lang, indented as a list item's) that follows `marker` in the README's "Bundlers" section. */
function readmeBlock(marker, lang) {
  const section = README.slice(README.indexOf('\n## Bundlers, workers and CDNs\n'), README.indexOf('\n## TypeScript and Node versions\n'));
  const at = section.indexOf(marker);
  assert.ok(at >= 0, `README "Bundlers" has no ${marker}`);
  const m = new RegExp('^( *)```' + lang + '\\n([\\s\\S]*?)^\\1```', 'm').exec(section.slice(at));
  assert.ok(m, `no \`\`\`${lang} block after ${marker}`);
  return m[2].split('\n').map((l) => l.slice(m[1].length)).join('\n');
}

/** Runs a shell command line of the README in `cwd`, with the tools installed there on PATH. */
function sh(line, cwd) {
  const bin = path.join(REPO, 'node_modules/.bin');
  const r = spawnSync('bash', ['-euo', 'pipefail', '-c', line], { cwd, encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
  assert.equal(r.status, 0, `${line}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/**
 * The app as the README lays it out, a project of its own: its code in src/, its page in dist/
 * beside the bundle, its node_modules (the project's).
 */
function appFor(name) {
  const app = copyApp(project, name);
  fs.symlinkSync(path.join(project, 'node_modules'), path.join(app, 'node_modules'), 'dir');
  fs.mkdirSync(path.join(app, 'src'));
  fs.renameSync(path.join(app, 'main.js'), path.join(app, 'src/main.js'));
  fs.mkdirSync(path.join(app, 'dist'));
  fs.renameSync(path.join(app, 'index.html'), path.join(app, 'dist/index.html'));
  return app;
}

const bundleOf = (dist) =>
  fs.readdirSync(dist, { recursive: true }).filter((f) => f.endsWith('.js')).map((f) => fs.readFileSync(path.join(dist, f), 'utf8')).join('\n');

let esbuildDist; // reused by the CSP tests

test('esbuild: the README\'s command and copy build an app that loads the package in Chromium and calls the mock', async (t) => {
  const app = appFor('app-esbuild');
  const steps = readmeBlock('**esbuild**', 'sh');
  assert.match(steps, /^esbuild .*--bundle/m);
  assert.match(steps, /^cp node_modules\/rainbow-room-invitations\/rainbow_room_invitations_bg\.wasm dist\/$/m);
  sh(steps, app);
  const dist = path.join(app, 'dist');
  assert.ok(fs.existsSync(path.join(dist, 'main.js')), fs.readdirSync(dist).join());
  const bundle = bundleOf(dist);
  assert.ok(!bundle.includes('node:fs') && !bundle.includes('readFileSync'), 'the Node entry leaked into the browser bundle');

  const site = await serveStatic(dist);
  t.after(() => site.close());
  assert.equal(await checkApp(mock, site.url), `${site.url}/${WASM}`);
  esbuildDist = dist;
});

test('Rollup: the README\'s rollup.config.mjs (node-resolve, import-meta-assets) builds an app that loads the package in Chromium and calls the mock', async (t) => {
  const app = appFor('app-rollup');
  const config = readmeBlock('**Rollup**', 'js');
  assert.match(config, /importMetaAssets\(\)/);
  fs.writeFileSync(path.join(app, 'rollup.config.mjs'), config);
  sh('rollup -c --silent', app);
  const dist = path.join(app, 'dist');
  // The plugin emitted the .wasm as an asset, once, and the bundle names it.
  const wasms = fs.readdirSync(dist, { recursive: true }).filter((f) => f.endsWith('.wasm'));
  assert.equal(wasms.length, 1, `expected one .wasm asset, got ${fs.readdirSync(dist, { recursive: true }).join(', ')}`);
  const bundle = bundleOf(dist);
  assert.ok(bundle.includes(path.basename(wasms[0])), 'the bundle refers to the emitted .wasm');
  assert.ok(!bundle.includes('node:fs') && !bundle.includes('readFileSync'), 'the Node entry leaked into the browser bundle');

  const site = await serveStatic(dist);
  t.after(() => site.close());
  assert.equal(await checkApp(mock, site.url), `${site.url}/${wasms[0]}`);
});

/** A Node app in `project/<name>` whose main.mjs imports the package and prints a validation's `valid`. */
function nodeApp(name) {
  const app = path.join(project, name);
  fs.mkdirSync(app);
  fs.symlinkSync(path.join(project, 'node_modules'), path.join(app, 'node_modules'), 'dir');
  fs.writeFileSync(
    path.join(app, 'main.mjs'),
    "import { validateJoinInvitation } from 'rainbow-room-invitations';\n" +
      "console.log(validateJoinInvitation('56f42c1914e2a8a91b99e595', { scenario: 'chat', emails: ['a@example.com'] }).valid);\n",
  );
  return app;
}

// README "Node": an app bundled for Node has the package's JS in its bundle; without the .wasm
// next to it the import fails with RainbowNotReadyError saying where it looked, and with it (an
// ES module bundle and a CommonJS one, whose import.meta.url is empty) the app runs.
test('an app bundled for Node by esbuild: RainbowNotReadyError at import without the .wasm next to the bundle, runs with it', () => {
  const app = nodeApp('app-node');
  for (const [format, out] of [['esm', 'dist-esm/main.mjs'], ['cjs', 'dist-cjs/main.cjs']]) {
    sh(`esbuild main.mjs --bundle --platform=node --format=${format} --outfile=${out} --log-level=error`, app);
    const run = () => spawnSync(process.execPath, [out], { cwd: app, encoding: 'utf8' });
    const missing = run();
    const where = path.join(app, path.dirname(out), WASM);
    assert.notEqual(missing.status, 0, `${format}: the bundle ran without the .wasm`);
    assert.match(missing.stderr, /RainbowNotReadyError: Could not load rainbow_room_invitations_bg\.wasm from \S+/, format);
    assert.ok(missing.stderr.includes(where), `${format}: the message names ${where}:\n${missing.stderr}`);
    assert.match(missing.stderr, /copy it from node_modules\/rainbow-room-invitations\//, format);
    assert.match(missing.stderr, /Next\.js: serverExternalPackages: \['rainbow-room-invitations'\] in next\.config/, format);
    fs.copyFileSync(path.join(project, 'node_modules/rainbow-room-invitations', WASM), where);
    const ran = run();
    assert.equal(ran.status, 0, `${format}: ${ran.stderr}`);
    assert.equal(ran.stdout, 'true\n', format);
  }
});

// webpack bundling for Node (a server app's bundle, as Next.js makes): webpack emits the .wasm that
// the Node entry's `new URL('./….wasm', import.meta.url)` names, and nothing else of the package,
// and the bundle finds it from any working directory.
test('an app bundled for Node by webpack: the .wasm is emitted beside the bundle, alone, and found from any directory', async () => {
  const app = nodeApp('app-webpack-node');
  const dist = path.join(app, 'dist');
  const { default: webpack } = await import('webpack');
  const stats = await new Promise((resolve, reject) => {
    webpack({ mode: 'production', context: app, entry: './main.mjs', output: { path: dist, filename: 'main.js' }, target: 'node' }, (err, s) => (err ? reject(err) : resolve(s)));
  });
  assert.ok(!stats.hasErrors(), stats.toString('errors-only'));
  const emitted = fs.readdirSync(dist).filter((f) => f !== 'main.js');
  assert.equal(emitted.length, 1, `webpack emitted ${emitted.join(', ')}`);
  assert.match(emitted[0], /\.wasm$/);
  const ran = spawnSync(process.execPath, [path.join(dist, 'main.js')], { cwd: path.parse(app).root, encoding: 'utf8' });
  assert.equal(ran.status, 0, ran.stderr);
  assert.equal(ran.stdout, 'true\n');
});

test("a strict Content-Security-Policy with the README's script-src 'wasm-unsafe-eval' and connect-src: the esbuild app works", async (t) => {
  assert.ok(esbuildDist, 'the esbuild test built the app');
  const csp = `default-src 'self'; img-src data:; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' ${mock.url}`;
  const site = await serveStatic(esbuildDist, { 'content-security-policy': csp });
  t.after(() => site.close());
  await checkApp(mock, site.url);
});

test("a Content-Security-Policy without 'wasm-unsafe-eval': every call rejects with RainbowNotReadyError, the browser's refusal as its cause", async (t) => {
  assert.ok(esbuildDist, 'the esbuild test built the app');
  const csp = `default-src 'self'; img-src data:; script-src 'self'; connect-src 'self' ${mock.url}`;
  const site = await serveStatic(esbuildDist, { 'content-security-policy': csp });
  t.after(() => site.close());
  const page = await (await chromiumBrowser()).newPage();
  t.after(() => page.close());
  mock.reset();
  await page.goto(`${site.url}/?${new URLSearchParams({ api: mock.url, room: SEED.roomId, unknownRoom: SEED.unknownRoomId })}`);
  await page.waitForFunction(() => document.querySelector('#report').textContent !== '', null, { timeout: 30_000 });
  const report = JSON.parse(await page.textContent('#report'));
  assert.match(report.failed, /^RainbowNotReadyError: Could not load rainbow_room_invitations_bg\.wasm \(.*(Content Security Policy|unsafe-eval).*\)/);
  // The fix it gives is the policy's, not the .wasm's place.
  assert.match(report.failed, /\): add 'wasm-unsafe-eval' to the script-src of the page's Content-Security-Policy \(README/);
  assert.doesNotMatch(report.failed, /serve rainbow_room_invitations_bg\.wasm next to/);
  assert.deepEqual(mock.requests, [], 'nothing was sent');
});

// ---- ready(wasm) --------------------------------------------------------------------------------

// Each form the README lists; the page's code (fixtures/own-wasm/main.js) makes it from the URL.
const FORMS = ['string', 'URL', 'Request', 'Promise of a Response', 'Promise of bytes', 'Promise of a Module', 'Response', 'bytes', 'Module'];

test('ready(wasm): an app bundled without the .wasm next to it hands it over, in each form; a call made before it still sends', async (t) => {
  const app = path.join(project, 'app-own-wasm');
  fs.cpSync(path.join(HERE, 'fixtures/own-wasm'), app, { recursive: true });
  fs.symlinkSync(path.join(project, 'node_modules'), path.join(app, 'node_modules'), 'dir');
  sh('esbuild main.js --bundle --format=esm --outdir=dist && mkdir dist/static && cp node_modules/rainbow-room-invitations/rainbow_room_invitations_bg.wasm dist/static/rri.wasm && cp index.html dist/', app);
  assert.ok(!fs.existsSync(path.join(app, 'dist', WASM)));
  const site = await serveStatic(path.join(app, 'dist'));
  t.after(() => site.close());

  for (const form of FORMS) {
    const page = await (await chromiumBrowser()).newPage();
    try {
      const problems = [];
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        // The default place's 404, which the first call began before ready(wasm), is expected.
        if (m.type() === 'error' && !(m.location().url || '').endsWith(`/${WASM}`)) problems.push(`console: ${m.text()}`);
      });
      const wasmLoads = [];
      page.on('response', (r) => r.url().endsWith('.wasm') && wasmLoads.push(`${r.status()} ${new URL(r.url()).pathname}`));
      mock.reset();
      await page.goto(`${site.url}/?${new URLSearchParams({ api: mock.url, room: SEED.roomId, form })}`);
      await page.waitForFunction(() => document.querySelector('#report').textContent !== '', null, { timeout: 30_000 });
      const report = JSON.parse(await page.textContent('#report'));
      assert.equal(report.failed, undefined, `${form}: ${report.failed}`);
      assert.deepEqual(problems, [], form);
      assert.equal(report.beforeReady, 'ERR_NOT_READY', form);
      assert.deepEqual(report.joined, ['own.wasm@example.com'], form);
      assert.equal(report.valid, true, form);
      assert.equal(report.cancelled, 200, form);
      // The default place was tried once (by the first call) and failed; the given one loaded.
      assert.deepEqual(wasmLoads.filter((l) => l.endsWith(`/${WASM}`)), [`404 /${WASM}`], form);
      assert.ok(wasmLoads.includes('200 /static/rri.wasm'), `${form}: ${wasmLoads}`);
      assert.deepEqual(mock.requests.map((q) => q.path), [
        `/api/rainbow/enduser/v1.0/rooms/${SEED.roomId}/invitations`,
        `/api/rainbow/enduser/v1.0/rooms/${SEED.roomId}/invitations/cancel`,
      ], form);
    } finally {
      await page.close();
    }
  }
});
