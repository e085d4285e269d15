// One side of the call-overhead comparison alone in this fresh process, so that it shares no JIT,
// heap or GC with another: `seq` sequential calls, then `conc` calls with 64 in flight, to the
// minimal server, after a warm-up; each timed by wall clock and by this process's CPU time (user
// + system, `process.cpuUsage`). On a shared machine these vary far less between runs than
// calls/s of sides interleaved in one process.
// Usage: node probes/alone.mjs <pkg dir> <server url> <package|baseline|withTimeout> <seq> <conc>
import { callSides, sequential, concurrent } from '../lib/sides.mjs';

const [pkgDir, url, side, seq = '5000', conc = '20000'] = process.argv.slice(2);
const call = (await callSides(pkgDir, url))[side];
if (!call) throw new Error(`unknown side ${side}`);
const modes = { sequential, concurrent };

await sequential(call, 500);
await concurrent(call, 3000);
const out = { side };
for (const [mode, n] of [['sequential', Number(seq)], ['concurrent', Number(conc)]]) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await modes[mode](call, n);
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  out[mode] = { calls: n, callsPerS: n / (wall / 1000), cpuUsPerCall: (cpu.user + cpu.system) / n };
}
process.stdout.write(`${JSON.stringify(out)}\n`);
