// Call overhead in Node: the package's sendUsersJoinRoomInvitation against the hand-written fetch
// client (the baseline), both calling the minimal server over loopback. Rounds alternate which
// side goes first; each round times `seq` sequential calls, then `conc` calls with 64 in flight,
// each in blocks that alternate between the two sides.
// Usage: node probes/overhead.mjs <pkg dir> <server url> <rounds> <seq> <conc>
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOM, TOKEN, SMALL_BODY } from '../lib/common.mjs';
import * as baseline from '../baseline-client.mjs';

const [pkgDir, url, rounds = '7', seq = '600', conc = '2000'] = process.argv.slice(2);
const pkg = await import(pathToFileURL(path.join(pkgDir, 'node.js')).href);
const IN_FLIGHT = 64;
const options = { baseUrl: url, token: TOKEN };

const sides = {
  package: () => pkg.sendUsersJoinRoomInvitation(ROOM, SMALL_BODY, options),
  baseline: () => baseline.sendUsersJoinRoomInvitation(ROOM, SMALL_BODY, options),
};

// Both return the milliseconds taken by `n` calls.
async function sequential(call, n) {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const r = await call();
    if (!r || !r.data || r.data.status !== 'Invitations successfully sent') throw new Error(`unexpected answer ${JSON.stringify(r)}`);
  }
  return performance.now() - t0;
}

async function concurrent(call, n) {
  let left = n;
  const worker = async () => {
    while (left-- > 0) {
      const r = await call();
      if (!r || !r.data) throw new Error(`unexpected answer ${JSON.stringify(r)}`);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return performance.now() - t0;
}

// Warm-up: JIT, the connection pool (64 sockets) and the server.
for (const call of Object.values(sides)) {
  await sequential(call, 200);
  await concurrent(call, 640);
}

// One sample per side per round: its calls are run in blocks alternating with the other side's,
// so that the load of a shared machine, which drifts over seconds, hits both alike (3 blocks only
// when concurrent, so that each block keeps 64 calls in flight most of its time).
async function round(mode, n, first) {
  const run = mode === 'sequential' ? sequential : concurrent;
  const BLOCKS = mode === 'sequential' ? 5 : 3;
  const ms = { package: 0, baseline: 0 };
  const order = first === 'package' ? ['package', 'baseline'] : ['baseline', 'package'];
  for (let b = 0; b < BLOCKS; b++) {
    for (const side of b % 2 ? [...order].reverse() : order) ms[side] += await run(sides[side], Math.ceil(n / BLOCKS));
  }
  const calls = Math.ceil(n / BLOCKS) * BLOCKS;
  return { package: calls / (ms.package / 1000), baseline: calls / (ms.baseline / 1000) };
}

const out = { sequential: { package: [], baseline: [] }, concurrent: { package: [], baseline: [] } };
for (let r = 0; r < Number(rounds); r++) {
  for (const [mode, n] of [['sequential', Number(seq)], ['concurrent', Number(conc)]]) {
    const x = await round(mode, n, r % 2 ? 'package' : 'baseline');
    out[mode].package.push(x.package);
    out[mode].baseline.push(x.baseline);
  }
}
process.stdout.write(`${JSON.stringify(out)}\n`);
