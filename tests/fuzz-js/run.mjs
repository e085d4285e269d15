// `make fuzz-js`: runs the Node, Chromium and CLI fuzzers one after the other, each for
// FUZZ_SECONDS (default 30) with the seed FUZZ_SEED (default: a random one, always printed), and
// lists every finding with its seed, case and the command that replays that case alone. Exits 1
// when anything was found (or a fuzzer could not run), 0 otherwise.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { HERE, REPO } from './package-path.mjs';

const FUZZERS = ['node-fuzz.mjs', 'browser-fuzz.mjs', 'cli-fuzz.mjs'];
const seconds = process.env.FUZZ_SECONDS || '30';
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) >>> 0 : Math.floor(Math.random() * 2 ** 32);
console.log(`fuzz-js: seed ${seed} (FUZZ_SEED=${seed} replays this run), ${seconds}s per fuzzer`);

const summary = [];
let failed = false;
for (const f of FUZZERS) {
  const lines = [];
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(HERE, f), '--seconds', seconds, '--seed', String(seed)], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
    let rest = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      const text = rest + chunk;
      const parts = text.split('\n');
      rest = parts.pop();
      lines.push(...parts);
    });
    child.on('close', (c, signal) => { if (rest) lines.push(rest); resolve(c ?? signal); });
  });
  // A fuzzer's summary lines: `fuzz-js: <name> seed=S case=N [kind] replay: <command>`.
  const found = lines.filter((l) => / seed=\d+ case=-?\d+ \[.*\] replay: /.test(l));
  summary.push(...found);
  if (code !== 0) {
    failed = true;
    if (!found.length) summary.push(`fuzz-js: ${f} exited with ${code} without a finding (it could not run: see above)`);
  }
}
console.log(`\nfuzz-js: seed ${seed}: ${summary.length ? `${summary.length} findings` : 'no findings'}`);
for (const l of summary) console.log(l);
process.exitCode = failed ? 1 : 0;
