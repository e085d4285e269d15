// Validation and request building for bodies of 10, 1,000 and 10,000 e-mails, in Node:
//   validate        validateJoinInvitation(roomId, body): validation + the request object
//   send (stub)     sendUsersJoinRoomInvitation with a stub fetch: validation, the request built
//                   and serialized, handed to fetch, the stub's tiny answer read
// and their baselines: JSON.stringify(body), and the hand-written client with the same stub fetch.
// Each figure is `samples` batches, each batch sized to take about `batchMs`; reports µs per call.
// Usage: node probes/validate.mjs <pkg dir> [samples] [batchMs]
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOM, joinBody, stubFetch } from '../lib/common.mjs';
import * as baseline from '../baseline-client.mjs';

const [pkgDir, samples = '7', batchMs = '40'] = process.argv.slice(2);
const pkg = await import(pathToFileURL(path.join(pkgDir, 'node.js')).href);
const options = { baseUrl: 'http://127.0.0.1:9', fetch: stubFetch() };

// Each case is sync or async; each returns something checked once, so nothing is optimized away.
const cases = {
  validate: { side: 'package', sync: true, run: (b) => pkg.validateJoinInvitation(ROOM, b) },
  stringify: { side: 'baseline', sync: true, run: (b) => JSON.stringify(b) },
  send: { side: 'package', sync: false, run: (b) => pkg.sendUsersJoinRoomInvitation(ROOM, b, options) },
  sendBaseline: { side: 'baseline', sync: false, run: (b) => baseline.sendUsersJoinRoomInvitation(ROOM, b, options) },
};

async function batch(c, body, n) {
  let sink = 0;
  const t0 = performance.now();
  if (c.sync) {
    for (let i = 0; i < n; i++) sink += c.run(body) ? 1 : 0;
  } else {
    for (let i = 0; i < n; i++) sink += (await c.run(body)) ? 1 : 0;
  }
  const ms = performance.now() - t0;
  if (sink !== n) throw new Error('a call returned nothing');
  return ms;
}

function check(body) {
  const v = pkg.validateJoinInvitation(ROOM, body);
  if (!v.valid || v.request.emails.length !== body.emails.length) {
    throw new Error(`the ${body.emails.length}-e-mail body did not validate: ${JSON.stringify(v.errors.slice(0, 3))}`);
  }
}

const out = {};
for (const n of [10, 1000, 10000]) {
  const body = joinBody(n);
  check(body);
  const bytes = Buffer.byteLength(JSON.stringify(body));
  out[n] = { emails: n, inputBytes: bytes };
  // Calibrate each case: iterations per batch so that a batch takes about batchMs (at least 3).
  const iters = {};
  for (const [name, c] of Object.entries(cases)) {
    await batch(c, body, 3); // warm-up
    let k = 1;
    let ms = await batch(c, body, k);
    while (ms < Number(batchMs) / 4 && k < 1e6) {
      k *= 4;
      ms = await batch(c, body, k);
    }
    iters[name] = Math.max(3, Math.round((k * Number(batchMs)) / Math.max(ms, 0.001)));
    out[n][name] = { iterations: iters[name], usPerCall: [] };
  }
  // Interleave the cases batch by batch so drift hits them all alike.
  for (let s = 0; s < Number(samples); s++) {
    for (const [name, c] of Object.entries(cases)) {
      const ms = await batch(c, body, iters[name]);
      out[n][name].usPerCall.push((ms * 1000) / iters[name]);
    }
  }
}
process.stdout.write(`${JSON.stringify(out)}\n`);
