#!/usr/bin/env node
// `make bench`: the five measurements of issue 4, each side by side with its baseline in the same
// run, repeated, reported as median and spread; a table on stdout, the same figures in
// bench/out/results.json, and PASS/FAIL against each budget. A failed budget is reported, not an
// error: the exit status is non-zero only when something could not be measured.
// Usage: node bench/run.mjs [--quick]   (--quick or BENCH_QUICK=1: fewer repetitions, a smoke run)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { summarize, runNode, startMinimalServer } from './lib/common.mjs';
import { SIDES, IN_FLIGHT, rotated } from './lib/sides.mjs';
import { snapshotPackage } from './lib/pkg.mjs';
import { measureSize, buildColdApp } from './lib/size.mjs';
import { coldStartChromium } from './lib/browser.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(BENCH, '..');
const OUT = path.join(BENCH, 'out');
const WORK = path.join(OUT, 'work');
const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const N = QUICK
  ? { overheadRounds: 3, seq: 200, conc: 960, aloneReps: 1, aloneSeq: 1_000, aloneConc: 4_000, validateSamples: 3, coldNode: 3, coldChromium: 2, memoryReps: 1, validations: 20_000, calls: 2_000 }
  : { overheadRounds: 7, seq: 500, conc: 1920, aloneReps: 5, aloneSeq: 5_000, aloneConc: 20_000, validateSamples: 7, coldNode: 9, coldChromium: 7, memoryReps: 3, validations: 100_000, calls: 10_000 };

const KB = 1024;
const BUDGETS = {
  sizeGzip: 44 * KB, // the package's share of a Vite app: .wasm + its JS, gzipped
  overheadRatio: 1.25, // a package call's time ÷ a raw fetch call's, each side alone
  validate10kMs: 5,
  coldNodeMs: 20,
  memoryGrowthBytes: 0, // wasm memory, over the 10,000 calls
  externrefGrowthSlots: 0, // wasm-bindgen's externref table (__wbindgen_externrefs), over the same calls
};

const log = (...a) => console.error(...a); // progress on stderr, the report on stdout
const started = performance.now();
const results = { meta: {}, size: null, overhead: null, validation: null, coldStart: null, memory: null, budgets: [], watch: [], errors: [] };

async function section(name, fn) {
  const t0 = performance.now();
  log(`· ${name}…`);
  try {
    await fn();
    log(`  ${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } catch (e) {
    results.errors.push({ section: name, message: e.message });
    log(`  ${name}: COULD NOT MEASURE: ${e.message}`);
  }
}

// ---- the package under test --------------------------------------------------------------------

fs.mkdirSync(WORK, { recursive: true });
const PKG = path.join(WORK, 'pkg');
let pkgInfo;
try {
  pkgInfo = await snapshotPackage(path.join(REPO, 'pkg'), PKG, { log });
} catch (e) {
  console.error(`bench: ${e.message}`);
  process.exit(2);
}
const git = (...args) => {
  try {
    return execFileSync('git', args, { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
};
results.meta = {
  date: new Date().toISOString(),
  quick: QUICK,
  commit: git('rev-parse', '--short', 'HEAD'),
  worktreeDirty: Boolean(git('status', '--porcelain', '--', 'src', 'pkg-template', 'Cargo.toml')),
  package: { name: pkgInfo.name, version: pkgInfo.version, wasmSha256: pkgInfo.wasmSha256 },
  node: process.version,
  platform: `${os.platform()} ${os.arch()}`,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0] && os.cpus()[0].model,
  loadAverageAtStart: os.loadavg().map((x) => +x.toFixed(2)),
  repetitions: N,
  budgets: BUDGETS,
};

// ---- 1. size -----------------------------------------------------------------------------------

let coldDist;
await section('size (Vite builds)', async () => {
  results.size = await measureSize({ pkgDir: PKG, workDir: WORK });
  coldDist = await buildColdApp(WORK, PKG);
});

// ---- 3. validation -----------------------------------------------------------------------------

await section('validation', async () => {
  const { json } = await runNode([path.join(BENCH, 'probes/validate.mjs'), PKG, String(N.validateSamples), '40'], { timeoutMs: 180_000 });
  results.validation = {};
  for (const [n, r] of Object.entries(json)) {
    const row = { emails: r.emails, inputBytes: r.inputBytes };
    for (const k of ['validate', 'send', 'stringify', 'sendBaseline']) {
      const us = summarize(r[k].usPerCall);
      row[k] = { iterationsPerSample: r[k].iterations, usPerCall: us, mbPerS: summarize(r[k].usPerCall.map((u) => r.inputBytes / u)) };
    }
    results.validation[n] = row;
  }
});

// ---- 2. call overhead, 5. memory: against the minimal server in its own process ----------------

const server = await startMinimalServer(path.join(BENCH, 'server.mjs')).catch((e) => {
  results.errors.push({ section: 'minimal server', message: e.message });
  return null;
});
try {
  if (server) {
    // Per mode: calls/s of each side, CPU µs per call, and the package against the other two,
    // paired by round (or repetition): a package call's time as a multiple of the other side's
    // (its calls/s ÷ the package's), and its CPU per call likewise.
    const compare = ({ package: p, baseline: b, withTimeout: t, cpuUsPerCall: cpu }) => ({
      package: summarize(p),
      baseline: summarize(b),
      withTimeout: summarize(t),
      timeRatio: summarize(p.map((x, i) => b[i] / x)),
      timeRatioVsWithTimeout: summarize(p.map((x, i) => t[i] / x)),
      cpuUsPerCall: { package: summarize(cpu.package), baseline: summarize(cpu.baseline), withTimeout: summarize(cpu.withTimeout) },
      cpuRatio: summarize(cpu.package.map((x, i) => x / cpu.baseline[i])),
      cpuRatioVsWithTimeout: summarize(cpu.package.map((x, i) => x / cpu.withTimeout[i])),
    });
    const MODES = ['sequential', 'concurrent'];

    await section('call overhead, each side alone', async () => {
      const lists = () => Object.fromEntries(SIDES.map((k) => [k, []]));
      const runs = Object.fromEntries(MODES.map((m) => [m, { ...lists(), cpuUsPerCall: lists() }]));
      for (let r = 0; r < N.aloneReps; r++) {
        // Each repetition starts with another side, so that a drift in the machine's load does
        // not always hit the same one.
        for (const side of rotated(r)) {
          const { json } = await runNode([path.join(BENCH, 'probes/alone.mjs'), PKG, server.url, side, String(N.aloneSeq), String(N.aloneConc)], { timeoutMs: 180_000 });
          for (const m of MODES) {
            runs[m][side].push(json[m].callsPerS);
            runs[m].cpuUsPerCall[side].push(json[m].cpuUsPerCall);
          }
        }
      }
      results.overhead = { inFlight: IN_FLIGHT, alone: { reps: N.aloneReps, calls: { sequential: N.aloneSeq, concurrent: N.aloneConc } } };
      for (const m of MODES) results.overhead.alone[m] = compare(runs[m]);
    });

    await section('call overhead, interleaved', async () => {
      const { json } = await runNode([path.join(BENCH, 'probes/overhead.mjs'), PKG, server.url, String(N.overheadRounds), String(N.seq), String(N.conc)], {
        timeoutMs: 180_000,
      });
      results.overhead ||= { inFlight: IN_FLIGHT };
      results.overhead.interleaved = { rounds: N.overheadRounds, callsPerSample: { sequential: N.seq, concurrent: N.conc } };
      for (const m of MODES) results.overhead.interleaved[m] = compare(json[m]);
    });

    await section('memory', async () => {
      const runs = { package: [], baseline: [] };
      for (let r = 0; r < N.memoryReps; r++) {
        for (const side of ['package', 'baseline']) {
          const { json } = await runNode([path.join(BENCH, 'probes/memory.mjs'), PKG, server.url, side, String(N.validations), String(N.calls)], {
            nodeArgs: ['--expose-gc'],
            timeoutMs: 180_000,
          });
          runs[side].push(json);
        }
      }
      const pick = (side, f) => summarize(runs[side].map(f));
      results.memory = { validations: N.validations, calls: N.calls, runs };
      for (const side of ['package', 'baseline']) {
        results.memory[side] = {
          wasmBytes: {
            warm: pick(side, (j) => j.warm.wasmBytes),
            afterValidations: pick(side, (j) => j.afterValidations.wasmBytes),
            afterCalls: pick(side, (j) => j.afterCalls.wasmBytes),
            growthBetweenLateMeasurements: pick(side, (j) => j.afterCalls.wasmBytes - j.afterValidations.wasmBytes),
          },
          externrefSlots: {
            warm: pick(side, (j) => j.warm.externrefSlots),
            afterValidations: pick(side, (j) => j.afterValidations.externrefSlots),
            afterCalls: pick(side, (j) => j.afterCalls.externrefSlots),
            growthBetweenLateMeasurements: pick(side, (j) => j.afterCalls.externrefSlots - j.afterValidations.externrefSlots),
          },
          heapUsedBytes: {
            warm: pick(side, (j) => j.warm.heapUsedBytes),
            afterValidations: pick(side, (j) => j.afterValidations.heapUsedBytes),
            afterCalls: pick(side, (j) => j.afterCalls.heapUsedBytes),
            growthBetweenLateMeasurements: pick(side, (j) => j.afterCalls.heapUsedBytes - j.afterValidations.heapUsedBytes),
          },
        };
      }
    });
  }
} finally {
  if (server) await server.close();
}

// ---- 4. cold start -----------------------------------------------------------------------------

await section('cold start in Node', async () => {
  const variants = ['package-send', 'package-validate', 'baseline-send'];
  const runs = Object.fromEntries(variants.map((v) => [v, []]));
  await runNode([path.join(BENCH, 'probes/cold-node.mjs'), PKG, 'package-send']); // warm the OS file cache; not counted
  for (let i = 0; i < N.coldNode; i++) {
    const order = i % 2 ? [...variants].reverse() : variants;
    for (const v of order) {
      const { json, wallMs } = await runNode([path.join(BENCH, 'probes/cold-node.mjs'), PKG, v], { timeoutMs: 30_000 });
      runs[v].push({ ...json, processWallMs: wallMs });
    }
  }
  const s = (v, k) => summarize(runs[v].map((r) => r[k]));
  results.coldStart = { node: {} };
  for (const v of variants) {
    results.coldStart.node[v] = { importMs: s(v, 'importMs'), firstRequestMs: s(v, 'firstRequestMs'), sinceProcessStartMs: s(v, 'sinceProcessStartMs'), processWallMs: s(v, 'processWallMs') };
  }
});

await section('cold start in Chromium', async () => {
  if (!coldDist) throw new Error('the cold-start app was not built (see the size section)');
  const r = await coldStartChromium(coldDist, { visits: N.coldChromium });
  results.coldStart ||= {};
  results.coldStart.chromium = { version: r.version };
  for (const side of ['package', 'baseline']) {
    results.coldStart.chromium[side] = {
      importMs: summarize(r[side].map((x) => x.importMs)),
      firstRequestMs: summarize(r[side].map((x) => x.firstRequestMs)),
      sinceNavigationMs: summarize(r[side].map((x) => x.sinceNavigationMs)),
    };
  }
});

results.meta.loadAverageAtEnd = os.loadavg().map((x) => +x.toFixed(2));
results.meta.durationS = +((performance.now() - started) / 1000).toFixed(1);

// ---- budgets -----------------------------------------------------------------------------------

const budget = (name, value, limit, unit, pass, detail) => results.budgets.push({ name, value, limit, unit, pass, detail });
if (results.size) {
  // What the package adds to the app's download but its HTML (the same page, give or take a
  // byte of gzip): its .wasm and its JS (and any other asset it brings).
  const parts = Object.entries(results.size.clientShareByKind.package)
    .filter(([k, x]) => k !== 'html' && x.raw)
    .sort(([a], [b]) => (b === 'wasm') - (a === 'wasm'));
  const share = parts.reduce((sum, [, x]) => sum + x.gzip, 0);
  const detail = parts.map(([k, x]) => `${k === 'wasm' ? '.wasm' : k === 'js' ? 'JS' : k} ${x.gzip.toLocaleString('en')}`).join(' + ');
  budget("size: the package's share of a Vite app, gzipped (.wasm + its JS)", share, BUDGETS.sizeGzip, 'bytes', share <= BUDGETS.sizeGzip, detail);
}
// The verdict is taken on the sides measured alone: interleaved in one process, they share its
// JIT, heap and GC, and their paired calls/s spread over ±15 % from round to round.
if (results.overhead?.alone) {
  for (const mode of ['sequential', 'concurrent']) {
    const v = results.overhead.alone[mode].timeRatio.median;
    budget(`call overhead, ${mode === 'sequential' ? 'sequential' : '64 in flight'}: a package call's time ÷ raw fetch's`, v, BUDGETS.overheadRatio, '×', v <= BUDGETS.overheadRatio);
  }
}
if (results.validation && results.validation[10000]) {
  const r = results.validation[10000];
  budget('validate a 10,000-e-mail body (validateJoinInvitation)', r.validate.usPerCall.median / 1000, BUDGETS.validate10kMs, 'ms', r.validate.usPerCall.median / 1000 < BUDGETS.validate10kMs);
  budget('validate + build + hand to fetch, 10,000 e-mails (send, stub fetch)', r.send.usPerCall.median / 1000, BUDGETS.validate10kMs, 'ms', r.send.usPerCall.median / 1000 < BUDGETS.validate10kMs);
}
if (results.coldStart && results.coldStart.node) {
  const v = results.coldStart.node['package-send'].firstRequestMs.median;
  budget('cold start in Node: import → first validated request handed to fetch', v, BUDGETS.coldNodeMs, 'ms', v < BUDGETS.coldNodeMs);
}
if (results.memory) {
  // Over the calls: from after the validations to after the calls, the worst of the runs.
  const over = `from after ${N.validations.toLocaleString('en')} validations to after ${N.calls.toLocaleString('en')} calls (worst run)`;
  const g = results.memory.package.wasmBytes.growthBetweenLateMeasurements;
  budget(`memory: wasm memory growth ${over}`, g.max, BUDGETS.memoryGrowthBytes, 'bytes', g.max <= BUDGETS.memoryGrowthBytes);
  const x = results.memory.package.externrefSlots;
  budget(`memory: externref table (__wbindgen_externrefs) growth ${over}`, x.growthBetweenLateMeasurements.max, BUDGETS.externrefGrowthSlots, 'slots',
    x.growthBetweenLateMeasurements.max <= BUDGETS.externrefGrowthSlots);
  // Not budgeted, but growth all the same: during the validations (a validation returns a JS
  // value too, so leaked slots would show there first).
  const during = (name, key, unit) => {
    const grown = results.memory.runs.package.filter((j) => j.afterValidations[key] > j.warm[key]);
    for (const j of grown) {
      results.watch.push(`memory: the ${name} grew during the validations, from ${j.warm[key].toLocaleString('en')} to ${j.afterValidations[key].toLocaleString('en')} ${unit}`);
    }
  };
  during('wasm memory', 'wasmBytes', 'bytes');
  during('externref table', 'externrefSlots', 'slots');
}

// ---- report ------------------------------------------------------------------------------------

fs.mkdirSync(OUT, { recursive: true });
fs.writeFileSync(path.join(OUT, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

const { report } = await import('./lib/report.mjs');
console.log(report(results));
console.log(`\nfigures in ${path.relative(process.cwd(), path.join(OUT, 'results.json'))}; ${results.meta.durationS} s`);
if (results.errors.length) {
  console.log(`\nCOULD NOT MEASURE: ${results.errors.map((e) => `${e.section}: ${e.message}`).join('\n  ')}`);
  process.exitCode = 1;
}
