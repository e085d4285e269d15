// The wasm instance behind pkg/node.js, for the tests of what it keeps: its memory and
// wasm-bindgen's externref table (the JS values the wasm holds). initSync, with node.js's module
// already instantiated, returns that same instance's exports. The build shortens their names
// (tools/minify-names.mjs), so both are found by their kind: the module exports one of each.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { initSync } from '../../../pkg/rainbow_room_invitations.js';

const exports = Object.values(initSync({ module: readFileSync(new URL('../../../pkg/rainbow_room_invitations_bg.wasm', import.meta.url)) }));
const only = (type) => {
  const found = exports.filter((v) => v instanceof type);
  assert.equal(found.length, 1, `one ${type.name} export`);
  return found[0];
};

export const memory = only(WebAssembly.Memory);
export const table = only(WebAssembly.Table);
