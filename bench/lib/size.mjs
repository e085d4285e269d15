// Size: what a browser downloads. The package's own files (the .wasm, gzip and brotli; the JS of
// the browser entry as shipped and bundled + minified), the .wasm by section, and three Vite
// builds of the same page calling both functions: with the package, with the hand-written
// baseline client, and with no client (so each client's share of the download is the difference).
// Also builds the cold-start app used in Chromium.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { WASM, BROWSER_JS } from './pkg.mjs';

const BENCH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const gzip = (buf) => zlib.gzipSync(buf, { level: 9 }).length;
const brotli = (buf) =>
  zlib.brotliCompressSync(buf, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
  }).length;
export const measure = (buf) => ({ raw: buf.length, gzip: gzip(buf), brotli: brotli(buf) });
const add = (a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli });
const sub = (a, b) => ({ raw: a.raw - b.raw, gzip: a.gzip - b.gzip, brotli: a.brotli - b.brotli });
const ZERO = { raw: 0, gzip: 0, brotli: 0 };

// ---- the .wasm by section ---------------------------------------------------------------------

const SECTION_NAMES = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount'];

function leb(buf, pos) {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = buf[pos++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(b & 0x80)) return [result, pos];
  }
}

/** Sections of a wasm binary (raw and gzip each) and the largest function bodies. */
export function wasmSections(buf) {
  const sections = [];
  let functions = [];
  let pos = 8;
  while (pos < buf.length) {
    const id = buf[pos];
    const [size, start] = leb(buf, pos + 1);
    let name = SECTION_NAMES[id] || `section ${id}`;
    if (id === 0) {
      const [len, p] = leb(buf, start);
      name = `custom "${buf.subarray(p, p + len).toString('utf8')}"`;
    }
    if (id === 10) {
      let [count, p] = leb(buf, start);
      for (let i = 0; i < count; i++) {
        const [len, q] = leb(buf, p);
        functions.push({ index: i, bytes: len });
        p = q + len;
      }
    }
    sections.push({ name, ...measure(buf.subarray(pos, start + size)) });
    pos = start + size;
  }
  const count = functions.length;
  functions = functions.sort((a, b) => b.bytes - a.bytes).slice(0, 8);
  return { sections, functionCount: count, largestFunctions: functions };
}

// ---- Vite builds ------------------------------------------------------------------------------

function install(pkgDir, appDir) {
  const dest = path.join(appDir, 'node_modules/rainbow-room-invitations');
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.cpSync(pkgDir, dest, { recursive: true });
}

async function viteBuild(dir) {
  const { build } = await import('vite');
  const appDir = path.resolve(dir);
  const outDir = path.join(appDir, 'dist');
  await build({ root: appDir, configFile: false, logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  return outDir;
}

function filesOf(dir) {
  return fs
    .readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile())
    .sort();
}

/** Every file of a built app, what a browser downloads from it, by kind (html, js, wasm, other). */
function download(dist) {
  const files = filesOf(dist).map((f) => ({ file: path.relative(dist, f), ...measure(fs.readFileSync(f)) }));
  const kind = (f) => (f.endsWith('.html') ? 'html' : f.endsWith('.js') ? 'js' : f.endsWith('.wasm') ? 'wasm' : 'other');
  const byKind = {};
  for (const f of files) byKind[kind(f.file)] = add(byKind[kind(f.file)] || ZERO, f);
  return { files, byKind, total: files.reduce(add, ZERO) };
}

async function sizeApp(workDir, pkgDir, client) {
  const appDir = path.join(workDir, `size-app-${client}`);
  fs.rmSync(appDir, { recursive: true, force: true });
  fs.mkdirSync(appDir, { recursive: true });
  fs.copyFileSync(path.join(BENCH, 'apps/size/index.html'), path.join(appDir, 'index.html'));
  const spec = { package: 'rainbow-room-invitations', baseline: './baseline-client.js', none: './no-client.js' }[client];
  fs.writeFileSync(path.join(appDir, 'main.js'), fs.readFileSync(path.join(BENCH, 'apps/size/main.js'), 'utf8').replace('__CLIENT__', spec));
  fs.copyFileSync(path.join(BENCH, 'baseline-client.mjs'), path.join(appDir, 'baseline-client.js'));
  fs.copyFileSync(path.join(BENCH, 'apps/size/no-client.js'), path.join(appDir, 'no-client.js'));
  if (client === 'package') install(pkgDir, appDir);
  return download(await viteBuild(appDir));
}

/** Builds the Chromium cold-start app (both clients, each in its own dynamically imported chunk). */
export async function buildColdApp(workDir, pkgDir) {
  const appDir = path.join(workDir, 'cold-app');
  fs.rmSync(appDir, { recursive: true, force: true });
  fs.mkdirSync(appDir, { recursive: true });
  for (const f of ['index.html', 'main.js']) fs.copyFileSync(path.join(BENCH, 'apps/cold', f), path.join(appDir, f));
  fs.copyFileSync(path.join(BENCH, 'baseline-client.mjs'), path.join(appDir, 'baseline-client.js'));
  install(pkgDir, appDir);
  return viteBuild(appDir);
}

// The browser entry bundled and minified on its own, as Vite's build does (rolldown).
async function minifiedEntry(pkgDir) {
  const { rolldown } = await import('rolldown');
  const bundle = await rolldown({ input: path.join(pkgDir, 'browser.js'), platform: 'browser', logLevel: 'silent' });
  try {
    const { output } = await bundle.generate({ format: 'esm', minify: true });
    return Buffer.from(output.filter((o) => o.type === 'chunk').map((c) => c.code).join('\n'));
  } finally {
    await bundle.close();
  }
}

export async function measureSize({ pkgDir, workDir }) {
  const wasmBuf = fs.readFileSync(path.join(pkgDir, WASM));
  const wasm = measure(wasmBuf);
  const shipped = Object.fromEntries(BROWSER_JS.map((f) => [f, measure(fs.readFileSync(path.join(pkgDir, f)))]));
  const shippedJs = Object.values(shipped).reduce(add, ZERO);
  const minifiedJs = measure(await minifiedEntry(pkgDir));

  const apps = {};
  for (const client of ['package', 'baseline', 'none']) apps[client] = await sizeApp(workDir, pkgDir, client);
  const share = (client) => sub(apps[client].total, apps.none.total);
  // The share by kind of file: the .wasm, and the JS (and HTML) the client adds to the app's.
  const shareByKind = (client) => {
    const kinds = new Set([...Object.keys(apps[client].byKind), ...Object.keys(apps.none.byKind)]);
    return Object.fromEntries([...kinds].map((k) => [k, sub(apps[client].byKind[k] || ZERO, apps.none.byKind[k] || ZERO)]));
  };

  return {
    wasm,
    wasmSections: wasmSections(wasmBuf),
    shippedJs: { files: shipped, total: shippedJs },
    minifiedJs,
    packageAsShipped: add(wasm, shippedJs),
    packageMinified: add(wasm, minifiedJs),
    viteApp: apps,
    // What each client adds to the same page's download (the app's total minus the page with no client).
    clientShare: { package: share('package'), baseline: share('baseline') },
    clientShareByKind: { package: shareByKind('package'), baseline: shareByKind('baseline') },
  };
}
