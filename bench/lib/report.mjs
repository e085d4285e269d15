// The printed table: every figure as median (min–max) over its repetitions, package beside baseline.

const num = (x, d = 0) => {
  if (x == null || Number.isNaN(x)) return '—';
  const t = x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
  return /^-[0.,]+$/.test(t) ? t.slice(1) : t; // no "-0"
};
const sig = (x) => (Math.abs(x) >= 100 ? num(x, 0) : Math.abs(x) >= 10 ? num(x, 1) : Math.abs(x) >= 1 ? num(x, 2) : num(x, 3));
const med = (s, f = sig, unit = '') => (s ? `${f(s.median)} (${f(s.min)}–${f(s.max)})${unit}` : '—');
const kb = (b) => `${num(b / 1024, 1)} KB`;
const times = (s) => (s ? `${num(s.median, 2)}× (${num(s.min, 2)}–${num(s.max, 2)})` : '—');

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? '').length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c ?? '').padEnd(widths[i]) : String(c ?? '').padStart(widths[i]))).join('  ');
  return [line(headers), ...rows.map(line)].map((l) => `  ${l}`).join('\n');
}

export function report(r) {
  const out = [];
  const m = r.meta;
  out.push(
    `${m.package.name} ${m.package.version} (wasm sha256 ${m.package.wasmSha256}…) at ${m.commit}${m.worktreeDirty ? ' + uncommitted changes' : ''}; ` +
      `Node ${m.node}, ${m.cpus} CPUs, load ${m.loadAverageAtStart[0]} → ${m.loadAverageAtEnd?.[0]}${m.quick ? '; QUICK run' : ''}`,
  );
  out.push('Timings are median (min–max) over the repetitions; package and baseline alternate within one run.');

  const s = r.size;
  if (s) {
    out.push('\n1. Size (bytes; gzip -9, brotli -q 11)');
    const row = (name, x) => [name, num(x.raw), num(x.gzip), num(x.brotli)];
    const app = (c) => s.viteApp[c];
    out.push(
      table(['', 'raw', 'gzip', 'brotli'], [
        row('.wasm', s.wasm),
        row(`JS as shipped (${Object.keys(s.shippedJs.files).join(' + ')})`, s.shippedJs.total),
        row('JS bundled + minified (rolldown)', s.minifiedJs),
        row('package as shipped: .wasm + JS', s.packageAsShipped),
        row('package minified: .wasm + minified JS', s.packageMinified),
        row('Vite app with the package: total download', app('package').total),
        ...['html', 'js', 'wasm'].filter((k) => app('package').byKind[k]).map((k) => row(`  of which ${k}`, app('package').byKind[k])),
        row('Vite app with the 20-line fetch client', app('baseline').total),
        row('Vite app with no client (the page itself)', app('none').total),
        row('→ the package\'s share of its app', s.clientShare.package),
        ...['wasm', 'js', 'html', 'other'].filter((k) => s.clientShareByKind.package[k]?.raw).map((k) => row(`    of which ${k}`, s.clientShareByKind.package[k])),
        row('→ the fetch client\'s share of its app', s.clientShare.baseline),
      ]),
    );
    const sec = s.wasmSections;
    out.push(
      `  .wasm by section (raw/gzip): ${sec.sections.filter((x) => x.raw >= 200).map((x) => `${x.name} ${num(x.raw)}/${num(x.gzip)}`).join(', ')}; ` +
        `${sec.functionCount} functions, largest bodies: ${sec.largestFunctions.slice(0, 5).map((f) => `#${f.index} ${num(f.bytes)}`).join(', ')}`,
    );
    out.push(`  package vs fetch client, gzip: ${num(s.clientShare.package.gzip / Math.max(1, s.clientShare.baseline.gzip), 0)}× (${kb(s.clientShare.package.gzip)} vs ${kb(s.clientShare.baseline.gzip)})`);
  }

  const o = r.overhead;
  if (o) {
    out.push('\n2. Call overhead in Node over loopback (minimal server in its own process; "raw fetch + timeout" is the raw fetch client given AbortSignal.timeout(30 s), what each package call carries)');
    const modes = ['sequential', 'concurrent'];
    const label = (k) => (k === 'sequential' ? 'sequential' : `${o.inFlight} in flight`);
    const block = (x, title) => {
      out.push(title);
      out.push(
        table(['calls/s', 'package', 'raw fetch client', 'package time ÷ its', 'raw fetch + timeout', 'package time ÷ its'], modes.map((k) => [
          label(k),
          med(x[k].package, (v) => num(v)),
          med(x[k].baseline, (v) => num(v)),
          times(x[k].timeRatio),
          med(x[k].withTimeout, (v) => num(v)),
          times(x[k].timeRatioVsWithTimeout),
        ])),
      );
      out.push(
        table(['CPU µs per call', 'package', 'raw fetch client', 'package CPU ÷ its', 'raw fetch + timeout', 'package CPU ÷ its'], modes.map((k) => [
          label(k),
          med(x[k].cpuUsPerCall.package, (v) => num(v)),
          med(x[k].cpuUsPerCall.baseline, (v) => num(v)),
          times(x[k].cpuRatio),
          med(x[k].cpuUsPerCall.withTimeout, (v) => num(v)),
          times(x[k].cpuRatioVsWithTimeout),
        ])),
      );
    };
    if (o.alone) {
      block(o.alone, `  Each side alone in a fresh process, ${o.alone.reps} times (${num(o.alone.calls.sequential)} sequential calls, then ${num(o.alone.calls.concurrent)} with ${o.inFlight} in flight): the budget's figures`);
    }
    if (o.interleaved) {
      block(o.interleaved, `  The sides interleaved in one process, ${o.interleaved.rounds} rounds of ${num(o.interleaved.callsPerSample.sequential)} sequential / ${num(o.interleaved.callsPerSample.concurrent)} concurrent calls (noisier: they share its JIT, heap and GC)`);
    }
  }

  const v = r.validation;
  if (v) {
    out.push('\n3. Validation in Node (µs per call; MB/s of the body as JSON)');
    const rows = [];
    for (const x of Object.values(v)) {
      const size = `${num(x.emails)} (${kb(x.inputBytes)})`;
      rows.push([size, 'validateJoinInvitation vs JSON.stringify', med(x.validate.usPerCall), sig(x.validate.mbPerS.median), med(x.stringify.usPerCall), num(x.validate.usPerCall.median / x.stringify.usPerCall.median, 0) + '×']);
      rows.push(['', 'send (stub fetch) vs fetch client (stub)', med(x.send.usPerCall), sig(x.send.mbPerS.median), med(x.sendBaseline.usPerCall), num(x.send.usPerCall.median / x.sendBaseline.usPerCall.median, 0) + '×']);
    }
    out.push(table(['e-mails (JSON)', 'package vs baseline', 'package µs', 'MB/s', 'baseline µs', 'ratio'], rows));
  }

  const c = r.coldStart;
  if (c) {
    out.push('\n4. Cold start (ms; a fresh process / browser context each time)');
    const rows = [];
    if (c.node) {
      const n = c.node;
      rows.push(['Node: import', med(n['package-send'].importMs), med(n['baseline-send'].importMs)]);
      rows.push(['Node: import → first request handed to fetch', med(n['package-send'].firstRequestMs), med(n['baseline-send'].firstRequestMs)]);
      rows.push(['Node: import → first validateJoinInvitation result', med(n['package-validate'].firstRequestMs), '—']);
      rows.push(['Node: process start → first request', med(n['package-send'].sinceProcessStartMs), med(n['baseline-send'].sinceProcessStartMs)]);
    }
    if (c.chromium) {
      const b = c.chromium;
      rows.push([`Chromium ${b.version}: import()`, med(b.package.importMs), med(b.baseline.importMs)]);
      rows.push(['Chromium: import() → first request (wasm fetched + compiled)', med(b.package.firstRequestMs), med(b.baseline.firstRequestMs)]);
      rows.push(['Chromium: navigation → first request', med(b.package.sinceNavigationMs), med(b.baseline.sinceNavigationMs)]);
    }
    out.push(table(['', 'package', 'fetch client'], rows));
  }

  const mem = r.memory;
  if (mem) {
    out.push(`\n5. Memory (after a full GC; warm-up, then ${num(mem.validations)} validations, then ${num(mem.calls)} calls)`);
    const kib = (b) => num(b / 1024);
    const row = (name, x) => [name, med(x.warm, kib), med(x.afterValidations, kib), med(x.afterCalls, kib), med(x.growthBetweenLateMeasurements, kib)];
    out.push(
      table(['KiB', 'warm', 'after validations', 'after calls', 'growth validations → calls'], [
        row('package: wasm memory', mem.package.wasmBytes),
        row('package: JS heap used', mem.package.heapUsedBytes),
        ...(mem.package.externrefSlots ? [['package: externref table (slots)', ...['warm', 'afterValidations', 'afterCalls', 'growthBetweenLateMeasurements'].map((k) => med(mem.package.externrefSlots[k], num))]] : []),
        row('fetch client: JS heap used', mem.baseline.heapUsedBytes),
      ]),
    );
  }

  out.push('\nBudgets');
  const fmt = (b, x) =>
    b.unit === 'bytes' ? `${num(x)} B (${kb(x)})` : b.unit === 'slots' ? `${num(x)} slots` : b.unit === '×' ? `${num(x, 2)}×` : `${num(x, 2)} ms`;
  for (const b of r.budgets) {
    out.push(`  ${b.pass ? 'PASS' : 'FAIL'}  ${b.name}: ${fmt(b, b.value)} (budget ${b.unit === 'ms' ? '<' : '≤'} ${fmt(b, b.limit)})${b.detail ? ` [${b.detail}]` : ''}`);
  }
  for (const w of r.watch || []) out.push(`  WATCH ${w}`);
  const failed = r.budgets.filter((b) => !b.pass).length;
  out.push(`  ${r.budgets.length - failed} of ${r.budgets.length} budgets met${failed ? `; ${failed} FAILED` : ''}`);
  return out.join('\n');
}
