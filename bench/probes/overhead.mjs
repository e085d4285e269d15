// Call overhead in Node: the package's sendUsersJoinRoomInvitation against the hand-written fetch
// client (the baseline), both calling the minimal server over loopback. A third side is the same
// client given a 30 s timeout signal (`AbortSignal.timeout`), the one thing every package call
// has that the baseline's don't: Node's fetch charges for any signal, and this side shows how
// much. Rounds rotate which side goes first; each round times `seq` sequential calls, then `conc`
// calls with 64 in flight, each in blocks that alternate between the sides. Each block's CPU
// time (this process's, `process.cpuUsage`) is taken too: on a shared machine it varies far less
// than calls per second.
// Usage: node probes/overhead.mjs <pkg dir> <server url> <rounds> <seq> <conc>
import { SIDES, callSides, rotated, sequential, concurrent } from '../lib/sides.mjs';

const [pkgDir, url, rounds = '7', seq = '600', conc = '2000'] = process.argv.slice(2);
const sides = await callSides(pkgDir, url);

// The milliseconds `run` takes for `n` calls.
const timed = async (run, call, n) => {
  const t0 = performance.now();
  await run(call, n);
  return performance.now() - t0;
};

// Warm-up: JIT, the connection pool (64 sockets) and the server.
for (const call of Object.values(sides)) {
  await sequential(call, 200);
  await concurrent(call, 640);
}

// One sample per side per round: its calls are run in blocks alternating with the other sides',
// so that the load of a shared machine, which drifts over seconds, hits all alike (3 blocks only
// when concurrent, so that each block keeps 64 calls in flight most of its time).
async function round(mode, n, r) {
  const run = mode === 'sequential' ? sequential : concurrent;
  const BLOCKS = mode === 'sequential' ? 5 : 3;
  const ms = Object.fromEntries(SIDES.map((k) => [k, 0]));
  const cpu = Object.fromEntries(SIDES.map((k) => [k, 0]));
  const order = rotated(r);
  const per = Math.ceil(n / BLOCKS);
  for (let b = 0; b < BLOCKS; b++) {
    for (const side of b % 2 ? [...order].reverse() : order) {
      const c0 = process.cpuUsage();
      ms[side] += await timed(run, sides[side], per);
      const c = process.cpuUsage(c0);
      cpu[side] += c.user + c.system;
    }
  }
  const calls = per * BLOCKS;
  return Object.fromEntries(SIDES.map((k) => [k, { callsPerS: calls / (ms[k] / 1000), cpuUsPerCall: cpu[k] / calls }]));
}

const out = {};
for (const mode of ['sequential', 'concurrent']) {
  out[mode] = Object.fromEntries(SIDES.map((k) => [k, []]));
  out[mode].cpuUsPerCall = Object.fromEntries(SIDES.map((k) => [k, []]));
}
for (let r = 0; r < Number(rounds); r++) {
  for (const [mode, n] of [['sequential', Number(seq)], ['concurrent', Number(conc)]]) {
    const x = await round(mode, n, r);
    for (const k of SIDES) {
      out[mode][k].push(x[k].callsPerS);
      out[mode].cpuUsPerCall[k].push(x[k].cpuUsPerCall);
    }
  }
}
process.stdout.write(`${JSON.stringify(out)}\n`);
