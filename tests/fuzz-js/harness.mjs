// What every fuzzer shares: its command line (--seed, --seconds, --case), the loop that runs
// cases until the time is up, the record of findings, and the report at the end: each finding
// with its seed, its case and a command that replays that case alone. A fuzzer exits 1 when it
// found anything, 0 otherwise (2 for a fuzzer that could not run at all).
import { parseArgs } from 'node:util';
import path from 'node:path';
import { fromRepo } from './package-path.mjs';

/** The options of the fuzzer started as `file` (its import.meta.filename). */
export function cli(file) {
  const { values } = parseArgs({
    options: { seed: { type: 'string' }, seconds: { type: 'string', default: '30' }, case: { type: 'string' } },
  });
  const seed = values.seed != null ? Number(values.seed) >>> 0 : Math.floor(Math.random() * 2 ** 32);
  const only = values.case != null ? Number(values.case) : null;
  return { seed, seconds: Number(values.seconds), only, name: path.basename(file, '.mjs'), script: fromRepo(file) };
}

/**
 * Findings of one run. `at(n, describe)` says which case is running (findings that arrive
 * asynchronously, such as an unhandled rejection, go to the case running when they arrive: the
 * message says it may be an earlier one).
 */
export function createReport({ name, seed, script }) {
  const findings = [];
  let current = -1;
  let describe = () => '';
  const replay = (n) => `node ${script} --seed ${seed} --case ${n}`;
  const report = {
    findings,
    at(n, desc = () => '') { current = n; describe = desc; },
    get current() { return current; },
    finding(kind, detail = '') {
      const f = { fuzzer: name, seed, case: current, kind, detail: String(detail).slice(0, 1500) };
      findings.push(f);
      let what = '';
      try { what = describe(); } catch (e) { what = `(the case could not be described: ${e?.message})`; }
      console.log(`\nfuzz-js: FINDING ${name} seed=${seed} case=${current} [${kind}] ${f.detail}`);
      if (what) console.log(`    case: ${String(what).slice(0, 2500)}`);
      console.log(`    replay: ${replay(current)}\n`);
    },
    /** Prints the summary, one line per finding; returns the exit code. */
    end(ran, ms) {
      console.log(`fuzz-js: ${name}: ${ran} cases in ${(ms / 1000).toFixed(1)}s, seed ${seed}, ${findings.length} findings`);
      for (const f of findings) console.log(`fuzz-js: ${name} seed=${seed} case=${f.case} [${f.kind}] replay: ${replay(f.case)}`);
      return findings.length ? 1 : 0;
    },
  };
  process.on('unhandledRejection', (r) => report.finding('unhandledRejection', `(in this case or an earlier one) ${safeString(r)}`));
  process.on('uncaughtException', (e) => report.finding('uncaughtException', `(in this case or an earlier one) ${safeString(e)}`));
  return report;
}

function safeString(v) {
  try { return v instanceof Error ? `${v.name}: ${v.message}\n${v.stack}` : String(v); } catch { return '(unprintable)'; }
}

/**
 * Runs `runCase(n)` for n = 0, 1, … until `seconds` have passed (or only case `only`), then
 * `afterCase(n)` (the known-good call). Stops early when `stop()` says the module is broken, as
 * every later case would report the same thing.
 */
export async function loop({ seconds, only, runCase, afterCase, report, stop = () => false }) {
  const start = Date.now();
  let ran = 0;
  for (let n = only ?? 0; only == null ? Date.now() - start < seconds * 1000 : n === only; n++) {
    try { await runCase(n); } catch (e) { report.finding('harness-error', safeString(e)); }
    if (afterCase) await afterCase(n);
    ran++;
    if (stop()) { console.log('fuzz-js: the module is broken: stopping'); break; }
    if (ran % 50 === 0) console.log(`fuzz-js: ${ran} cases, ${((Date.now() - start) / 1000).toFixed(0)}s, ${report.findings.length} findings`);
  }
  return { ran, ms: Date.now() - start };
}
