// Runs one case of cases.mjs in a process of its own, as a user's script would: no
// `unhandledRejection` or `uncaughtException` listener, no process.exit. Prints one line of JSON,
// then must exit by itself with code 0; a rejection nobody handled kills it with code 1, and a
// leaked timer or socket keeps it running (the parent checks both).
//   node tests/isolated/child.mjs "<case name>" <base URL>
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { CASES } from './cases.mjs';

const [name, baseUrl] = process.argv.slice(2);
const pkg = process.env.RRI_PKG_DIR || new URL('../../pkg/', import.meta.url).pathname;
const lib = await import(pathToFileURL(path.join(pkg, 'node.js')).href);
try {
  const summary = await CASES[name](lib, baseUrl);
  process.stdout.write(`${JSON.stringify({ ok: true, summary })}\n`);
} catch (e) {
  process.stdout.write(`${JSON.stringify({ ok: false, error: String(e && e.stack) })}\n`);
  process.exitCode = 2;
}
