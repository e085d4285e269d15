// CPU per call of one side alone in this process: `n` calls with 64 in flight to the minimal
// server, after a warm-up, timed by wall clock and by this process's CPU time (user + system,
// `process.cpuUsage`). Run in a fresh process per side and repetition, so that no side shares
// its JIT, heap or GC with another: steadier than calls/s on a shared machine.
// Usage: node probes/cpu.mjs <pkg dir> <server url> <package|baseline|withTimeout> <n>
import { callSides } from '../lib/sides.mjs';

const [pkgDir, url, side, n = '20000'] = process.argv.slice(2);
const IN_FLIGHT = 64;
const call = (await callSides(pkgDir, url))[side];
if (!call) throw new Error(`unknown side ${side}`);

async function concurrent(total) {
  let left = total;
  const worker = async () => {
    while (left-- > 0) {
      const r = await call();
      if (!r || !r.data) throw new Error(`unexpected answer ${JSON.stringify(r)}`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

await concurrent(3000);
const c0 = process.cpuUsage();
const t0 = performance.now();
await concurrent(Number(n));
const wall = performance.now() - t0;
const cpu = process.cpuUsage(c0);
process.stdout.write(`${JSON.stringify({ side, calls: Number(n), wallUsPerCall: (wall * 1000) / Number(n), cpuUsPerCall: (cpu.user + cpu.system) / Number(n) })}\n`);
