// Memory, in one fresh process (run with --expose-gc): the wasm memory's size (its memory export,
// reached through the glue's initSync(), which returns the live exports once loaded), the length
// of wasm-bindgen's externref table (`__wbindgen_externrefs`, the module's one table export), and the JS heap after a full GC, at three points:
//   warm         after a warm-up (1,000 validations, 200 calls)
//   validations  after 100,000 validations (bodies cycling through 1, 10 and 3 e-mails and an
//                invalid one, so error paths allocate too)
//   calls        after 10,000 calls (join and cancel alternating, 64 in flight) to the minimal server
// with a trajectory every tenth of each phase. The baseline side runs the same phases with the
// hand-written client (JSON.stringify in place of validation): JS heap only, it has no wasm memory.
// Usage: node --expose-gc probes/memory.mjs <pkg dir> <server url> <package|baseline> [validations] [calls]
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOM, TOKEN, joinBody } from '../lib/common.mjs';
import * as baselineClient from '../baseline-client.mjs';

const [pkgDir, url, side, nValidations = '100000', nCalls = '10000'] = process.argv.slice(2);
if (typeof gc !== 'function') throw new Error('run with --expose-gc');
const pkg = await import(pathToFileURL(path.join(pkgDir, 'node.js')).href);
let memory = null;
let table = null;
if (side === 'package') {
  const glue = await import(pathToFileURL(path.join(pkgDir, 'rainbow_room_invitations.js')).href);
  const exports = glue.initSync(); // already initialized by node.js: returns the instance's exports
  // The build shortens export names (tools/minify-names.mjs), so each is found by its kind.
  const only = (type) => {
    const found = Object.values(exports || {}).filter((v) => v instanceof type);
    if (found.length !== 1) throw new Error(`expected one ${type.name} export reachable through initSync(), found ${found.length}`);
    return found[0];
  };
  memory = only(WebAssembly.Memory);
  // wasm-bindgen's table of the JS values the wasm holds: it grows when slots are not given back.
  table = only(WebAssembly.Table);
}
const client = side === 'package' ? pkg : baselineClient;
const validate = side === 'package' ? (b) => pkg.validateJoinInvitation(ROOM, b) : (b) => JSON.stringify(b);
const options = { baseUrl: url, token: TOKEN };

const bodies = [joinBody(1), joinBody(10), joinBody(3), { scenario: 'chat', email: ['typo@example.com'], lang: 'e n' }];
const callBodies = [joinBody(2), joinBody(20)];

function snapshot() {
  gc();
  return {
    wasmBytes: memory ? memory.buffer.byteLength : 0,
    externrefSlots: table ? table.length : 0,
    heapUsedBytes: process.memoryUsage().heapUsed,
  };
}

function validations(n) {
  let sink = 0;
  for (let i = 0; i < n; i++) sink += validate(bodies[i & 3]) ? 1 : 0;
  if (sink !== n) throw new Error('a validation returned nothing');
}

async function calls(n) {
  let i = 0;
  const worker = async () => {
    while (i < n) {
      const k = i++;
      const body = callBodies[k & 1];
      const r = await (k & 2 ? client.sendUserRoomInvitationCancelation(ROOM, body, options) : client.sendUsersJoinRoomInvitation(ROOM, body, options));
      if (!r || !r.data) throw new Error(`unexpected answer ${JSON.stringify(r)}`);
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker));
}

validations(1000);
await calls(200);
const warm = snapshot();

const trajectory = { validations: [], calls: [] };
const V = Number(nValidations);
for (let k = 0; k < 10; k++) {
  validations(V / 10);
  trajectory.validations.push(snapshot());
}
const afterValidations = trajectory.validations.at(-1);

const C = Number(nCalls);
for (let k = 0; k < 10; k++) {
  await calls(C / 10);
  trajectory.calls.push(snapshot());
}
const afterCalls = trajectory.calls.at(-1);

process.stdout.write(`${JSON.stringify({ side, validations: V, calls: C, warm, afterValidations, afterCalls, trajectory })}\n`);
