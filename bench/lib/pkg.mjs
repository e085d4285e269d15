// The package under test is copied out of pkg/ first: others may rebuild pkg/ during a run, and
// every measurement must see one and the same build.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

export const WASM = 'rainbow_room_invitations_bg.wasm';
const GLUE = 'rainbow_room_invitations.js';
/** The JS a browser loads from the package: wasm-bindgen's glue and what the browser entry imports. */
export const BROWSER_JS = [GLUE, 'browser.js', 'api.js', 'errors.js', 'generated-client.js'];
const NEEDED = ['package.json', 'node.js', ...BROWSER_JS, WASM];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function complete(dir) {
  try {
    return NEEDED.every((f) => fs.statSync(path.join(dir, f)).size > 0) && WebAssembly.validate(fs.readFileSync(path.join(dir, WASM)));
  } catch {
    return false;
  }
}

/** Copies `src` (a built pkg/) to `dest` once it is complete; waits up to `waitMs` for a rebuild. */
export async function snapshotPackage(src, dest, { waitMs = 90_000, log = () => {} } = {}) {
  const until = Date.now() + waitMs;
  for (let attempt = 0; ; attempt++) {
    if (complete(src)) {
      fs.rmSync(dest, { recursive: true, force: true });
      fs.cpSync(src, dest, { recursive: true });
      // A rebuild may have happened while copying: check the copy and its glue/wasm pair.
      if (complete(dest) && hash(path.join(src, WASM)) === hash(path.join(dest, WASM))) return describe(dest);
    }
    if (Date.now() > until) {
      throw new Error(`${src} is missing or incomplete (${NEEDED.join(', ')}): run \`make build\` first`);
    }
    if (attempt === 0) log(`waiting for ${src} to be (re)built…`);
    await sleep(2000);
  }
}

const hash = (file) => {
  try {
    return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return null;
  }
};

function describe(dir) {
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  return { dir, name: pkg.name, version: pkg.version, wasmSha256: hash(path.join(dir, WASM)).slice(0, 16) };
}
