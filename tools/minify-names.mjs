// Shortens the names the .wasm and its glue know each other by, the way Emscripten does: binaryen's
// --minify-imports-and-exports-and-modules renames every import (module and name) and export of
// the .wasm, prints the mapping, and this script renames the same names in wasm-bindgen's glue and
// in the browser entry's check of the exports. Nothing outside the package sees these names: the
// glue's own exports (sendUsersJoinRoomInvitation…) keep theirs.
// Fails the build when a name it must rename is not where wasm-bindgen's output puts it.
// Usage: node tools/minify-names.mjs <pkg dir>    (wasm-opt from the npm package binaryen on PATH)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
const wasm = path.join(dir, 'rainbow_room_invitations_bg.wasm');
const glue = path.join(dir, 'rainbow_room_invitations.js');
const entry = path.join(dir, 'browser.js');

const fail = (what) => {
  console.error(`tools/minify-names.mjs: ${what}`);
  process.exit(1);
};

// The pass only renames; it changes no code. The features are those the module uses (its
// target-features section is stripped by then), so that it is read and written as it is.
const map = JSON.parse(
  execFileSync('wasm-opt', [wasm, '-o', wasm, '--minify-imports-and-exports-and-modules',
    '--enable-reference-types', '--enable-multivalue', '--enable-bulk-memory', '--enable-nontrapping-float-to-int',
    '--enable-sign-ext', '--enable-mutable-globals'], { encoding: 'utf8' }),
);
// The module the renamed imports now come from, as the platform reads the new .wasm.
const imports = WebAssembly.Module.imports(new WebAssembly.Module(fs.readFileSync(wasm)));
const renamed = new Set(imports.map((i) => i.module));
if (renamed.size !== 1) fail(`expected the .wasm to import from one module, got ${[...renamed].join(', ')}`);
const [to] = renamed;

const escape = (s) => s.replace(/[$]/g, '\\$&');
// One exact occurrence of `re` in `text`, replaced by `to` as it is (a minified name may hold `$`,
// which a replacement string would read as a pattern); anything else means the glue changed shape.
function once(text, re, to, what) {
  const n = (text.match(re) || []).length;
  if (n !== 1) fail(`expected ${what} once in the glue, found it ${n} times`);
  return text.replace(re, () => to);
}

let js = fs.readFileSync(glue, 'utf8');
const modules = new Set(map.imports.map(([module]) => module));
const [module] = modules;
if (modules.size !== 1) fail(`expected the imports of one module, got ${[...modules].join(', ')}`);
js = once(js, new RegExp(`"${escape(module.replace(/\./g, '\\.'))}": import0`, 'g'), `"${to}": import0`, `"${module}": import0`);
for (const [, from, name] of map.imports) {
  js = once(js, new RegExp(`(?<=^ +)${escape(from)}(?=: function)`, 'gm'), name, `import ${from}`);
}
// Exports are read as `wasm.name` in the glue; names like `memory` are common words, so only there.
for (const [from, name] of map.exports) {
  js = js.replace(new RegExp(`\\bwasm\\.${escape(from)}\\b`, 'g'), () => `wasm.${name}`);
}
const left = js.match(/\bwasm\.(?!\w{1,3}\b)\w+/g);
if (left) fail(`the glue still reads exports by their long names: ${[...new Set(left)].join(', ')}`);
fs.writeFileSync(glue, js);

// The browser entry checks that a module it loaded is this package's by one of its exports.
const check = map.exports.find(([from]) => from === 'sendUsersJoinRoomInvitation');
if (!check) fail('the .wasm exports no sendUsersJoinRoomInvitation');
let browser = fs.readFileSync(entry, 'utf8');
const n = browser.split('exports.sendUsersJoinRoomInvitation').length - 1;
if (n !== 1) fail(`expected browser.js to check exports.sendUsersJoinRoomInvitation once, found ${n}`);
browser = browser.replace('exports.sendUsersJoinRoomInvitation', () => `exports.${check[1]}`);
fs.writeFileSync(entry, browser);
