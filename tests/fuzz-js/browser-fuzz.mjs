// The Chromium fuzzer: the built package's browser entry (pkg/browser.js) in headless Chromium
// (playwright-core), served with this folder by the project's mock server (www/mock-server.mjs).
// The page runs the cases of browser-cases.mjs; for `mock` cases this side first scripts the mock's
// answers (429, 503 with and without a Retry-After, an expired token, errors echoing the token,
// connections closed, answers late or stalled), then checks what the mock received against the
// README's "Retries" rules. After each case, a known-good call.
//
//   node tests/fuzz-js/browser-fuzz.mjs [--seconds 30] [--seed S] [--case N]
import { cli, createReport, loop } from './harness.mjs';
import { HERE, PKG, pkgUrl } from './package-path.mjs';
import { reseed, ri, pick, newToken } from './prng.mjs';
import { mayResend } from './retry-rules.mjs';
import { SUCCESS_DATA } from './payloads.mjs';
import { startMockServer } from '../../www/mock-server.mjs';
import { launchChromium } from '../helpers/chromium.mjs';

const opts = cli(import.meta.filename);
pkgUrl('browser.js'); // says so when the package was not built
const report = createReport(opts);
const mock = await startMockServer({ port: 0, host: '127.0.0.1', quiet: true, root: HERE, pkgDir: PKG });
const browser = await launchChromium();
const page = await browser.newPage();
page.on('pageerror', (e) => report.finding('page-error', String(e?.stack ?? e)));
await page.goto(`${mock.url}/payloads.mjs`); // any page of the mock's origin
await page.evaluate(async () => { window.fz = await import('/browser-cases.mjs'); await window.fz.install(); });
console.log(`fuzz-js: browser-fuzz for ${opts.seconds}s, seed ${opts.seed}`);

/** One scripted answer of the mock (www/mock-server.mjs "Scripted faults"); `{}` is the real processing. */
function scripted(token) {
  const echo = () => pick([token, token.slice(0, ri(8, token.length - 1))]);
  return pick([
    { status: 429, headers: { 'retry-after': pick(['0', '1', 'x']) }, body: {} },
    { status: 503, headers: pick([{ 'retry-after': '0' }, {}, { 'retry-after-ms': '10' }, { 'retry-after': '61' }, { 'retry-after': 'soon' }]), body: {} },
    { status: 401, body: { errorCode: 401, errorMsg: 'Unauthorized', errorDetails: 'jwt expired' } },
    { status: pick([400, 403, 404, 408, 409, 500, 502, 504]), body: { errorCode: 1, errorMsg: `echo ${echo()}`, errorDetails: { a: echo() } } },
    { status: 200, headers: { 'x-rainbow-request-id': echo() }, body: { data: { ...SUCCESS_DATA, guestEmails: [echo()] } } },
    { destroy: pick(['before-read', 'after-read']) },
    { delayMs: ri(0, 2500) },
    { stallBodyMs: ri(100, 3000) },
    {},
  ]);
}

// What the package saw of a scripted answer, for mayResend: null for a connection closed without one.
function seen(item) {
  if (item.destroy) return null;
  if (item.status === undefined) return { status: 'the real processing (200 or a 4xx)', headers: [] };
  return { status: item.status, headers: Object.entries(item.headers ?? {}) };
}

async function runCase(n) {
  reseed(opts.seed, 'browser', n);
  const mode = pick(['response', 'response', 'mock', 'mock', 'concurrent']);
  const token = newToken();
  const script = mode === 'mock' ? Array.from({ length: 4 }, () => scripted(token)) : [];
  mock.reset();
  for (const item of script) mock.script(item);
  let out;
  report.at(n, () => `${out?.what ?? mode} script=${JSON.stringify(script)} result=${JSON.stringify({ ...out, what: undefined, findings: undefined })}`);
  out = await Promise.race([
    page.evaluate(([s, k, m, t]) => window.fz.runCase(s, k, m, t), [opts.seed, n, mode, token]),
    new Promise((res) => setTimeout(() => res({ stuck: true, findings: [] }), 180_000)),
  ]);
  if (out.stuck) { report.finding('page-stuck', 'the case did not return within 3 minutes'); return; }
  for (const [kind, detail] of out.findings) report.finding(kind, detail);
  if (mode !== 'mock' || out.pending) return;
  const reqs = mock.requests.length;
  if (out.code === 'ERR_VALIDATION' && reqs) report.finding('validation-error-but-sent', `${reqs} requests`);
  // The package's attempts are its fetch calls (README "Errors": attempts).
  if (out.attempts !== undefined && out.attempts !== out.fetchCalls) report.finding('attempts-wrong', `attempts=${out.attempts}, fetch was called ${out.fetchCalls} times`);
  // README "Retries": a browser may itself send a request again after losing a keep-alive
  // connection; then which scripted answer met which attempt is not known, and is not checked.
  if (reqs > out.fetchCalls) return;
  for (let k = 0; k + 1 < out.fetchCalls; k++) {
    const a = seen(script[k] ?? {});
    const why = a ? mayResend(a, { getToken: false, renewed: false, totalTimeoutMs: out.totalTimeoutMs }) : 'the connection closed without an answer (a browser\'s network error is not retried)';
    if (why !== 'retry') report.finding('sent-again', `fetch call ${k + 2} after scripted answer ${JSON.stringify(script[k] ?? {})}: ${why}`);
  }
  if (out.fetchCalls > out.maxRetries + 1) report.finding('sent-again', `${out.fetchCalls} fetch calls with maxRetries ${out.maxRetries}`);
}

async function knownGood() {
  mock.reset();
  mock.script({ status: 200, body: { data: SUCCESS_DATA } });
  const problem = await page.evaluate(() => window.fz.knownGood());
  if (problem) report.finding('module-broken', problem);
}

const { ran, ms } = await loop({ ...opts, report, runCase, afterCase: knownGood, stop: () => report.findings.some((f) => f.kind === 'module-broken' || f.kind === 'ERR_INTERNAL' || f.kind === 'page-stuck') });
await browser.close();
await mock.close();
process.exitCode = report.end(ran, ms);
setTimeout(() => process.exit(), 200).unref();
