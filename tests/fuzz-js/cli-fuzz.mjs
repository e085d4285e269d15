// The CLI fuzzer: runs the built CLI's main() (pkg/cli.js) in this process with random command
// lines (cli-inputs.mjs) against the hostile server answering tame plans. Oracles (README
// "Command line"): main settles and returns a documented exit code, never 1 ("unexpected
// failure"); the token is in neither stdout nor stderr; exit 2 and --dry-run send nothing; exit 0
// sent something (or was help, version or a dry run) and exit 3 got an answer; --json prints
// JSON; every Authorization sent is `Bearer <a token given>`; requests are sent again only as the
// README's "Retries" allows; no unhandled rejection or uncaught exception; after each case, a
// known-good invitation still works.
//
//   node tests/fuzz-js/cli-fuzz.mjs [--seconds 30] [--seed S] [--case N]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli, createReport, loop } from './harness.mjs';
import { pkgUrl } from './package-path.mjs';
import { reseed, pick, chance, newToken } from './prng.mjs';
import { startHostileServer } from './hostile-server.mjs';
import { okPlan, SUCCESS, SUCCESS_DATA, echoOf, seenAnswer } from './answers.mjs';
import { commandLine } from './cli-inputs.mjs';
import { checkResends } from './retry-rules.mjs';
import { leak, needlesOf } from './error-rules.mjs';
import { settle } from './node-oracles.mjs';
import { ROOM } from './inputs.mjs';
import util from 'node:util';

const opts = cli(import.meta.filename);
const { main } = await import(pkgUrl('cli.js'));
const report = createReport(opts);
const server = await startHostileServer();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-js-cli-'));
console.log(`fuzz-js: cli-fuzz for ${opts.seconds}s, seed ${opts.seed}`);

const EXIT_CODES = [0, 2, 3, 4, 130]; // README "Exit codes", without 1: "unexpected failure"
const json = (status, body, headers = []) => ({ ...okPlan(), status, headers: [['Content-Type', 'application/json'], ...headers], body: Buffer.from(body) });

function answer(token) {
  return pick([
    okPlan(), okPlan(), json(200, 'not json'), json(429, '{}', [['Retry-After', '0']]), json(503, '{}'), json(503, '{}', [['Retry-After', '0']]),
    json(401, JSON.stringify({ errorMsg: 'Unauthorized', errorDetails: `echo ${echoOf(token)}` })), json(403, JSON.stringify({ errorDetails: { a: echoOf(token) } })),
    json(404, `<html>${echoOf(token)}</html>`), json(500, ''), json(302, '', [['Location', `http://x/${echoOf(token)}`]]),
    { ...okPlan(), destroy: 'before' }, { ...okPlan(), hang: 'nohead' },
    json(200, SUCCESS(), [['x-rainbow-request-id', echoOf(token)]]), json(200, JSON.stringify({ data: { guestEmails: [echoOf(token)] } })),
  ]);
}

// The flags main() reads are those before a `--`.
const flagsOf = (argv) => (argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv);
const flagValue = (flags, name) => { const i = flags.lastIndexOf(name); return i >= 0 ? flags[i + 1] : flags.findLast((a) => a.startsWith(`${name}=`))?.slice(name.length + 1); };
const maxRetriesOf = (flags) => (/^(10|\d)$/.test(flagValue(flags, '--max-retries') ?? '') ? Number(flagValue(flags, '--max-retries')) : 2);
// As node-oracles.mjs deadlineMs: twice what --timeout (default 30 s) and the retries allow, plus 10 s, at most 2 minutes.
function deadline(flags) {
  const t = /^\d+$/.test(flagValue(flags, '--timeout') ?? '') ? Number(flagValue(flags, '--timeout')) : 30000;
  const r = maxRetriesOf(flags);
  return Math.min(2 * ((r + 1) * t + r * 8000) + 10_000, 120_000);
}

async function runCase(n) {
  reseed(opts.seed, 'cli', n);
  const token = newToken();
  const dir = fs.mkdtempSync(path.join(tmp, `c${n}-`));
  const answers = Array.from({ length: 4 }, () => answer(token));
  const stall = answers.some((a) => a.hang);
  const { argv, env } = commandLine({ origin: server.origin, port: server.port, dir, token, stall });
  server.answer('?', (i) => answers[Math.min(i, answers.length - 1)]);
  const flags = flagsOf(argv);
  // The tokens the CLI was given (README "Command line": RAINBOW_TOKEN, --token, --token-file,
  // whose content is trimmed), as given: the flags only before a `--`.
  const given = [env.RAINBOW_TOKEN, flagValue(flags, '--token')];
  if (flagValue(flags, '--token-file') === path.join(dir, 'token')) given.push(fs.readFileSync(path.join(dir, 'token'), 'utf8').trim());
  let interrupt = null;
  const controller = new AbortController();
  if (chance(0.05)) interrupt = setTimeout(() => controller.abort(new Error('interrupted (SIGINT)')), pick([0, 50, 100, 200]));
  let out = '';
  let err = '';
  report.at(n, () => `argv=${JSON.stringify(argv)} env=${JSON.stringify(env)} answers=${JSON.stringify(answers.map((a) => [a.status, a.hang ?? a.destroy ?? '']))}`);
  const { finding } = report;
  let r;
  try {
    r = await settle(main(argv, { env, out: (s) => { out += s; }, err: (s) => { err += s; }, signal: controller.signal }), deadline(flags));
  } catch (e) { finding('main-throws', String(e?.stack ?? e)); return; }
  clearTimeout(interrupt);
  await new Promise((res) => setTimeout(res, 30));
  const reqs = server.requests('?');
  server.forget('?');
  fs.rmSync(dir, { recursive: true, force: true });
  if (r.pending) { finding('never-settled', `main() still pending after ${deadline(flags)} ms; out=${out.slice(0, 300)} err=${err.slice(0, 300)}`); return; }
  if (!r.ok) { finding('main-rejects', String(r.error?.stack ?? r.error)); return; }
  const code = r.value;
  if (!EXIT_CODES.includes(code)) finding(`exit-${code}`, `out=${out.slice(0, 500)} err=${err.slice(0, 800)}`);
  // README: "The token is never printed."
  const needles = needlesOf(given);
  for (const [where, text] of [['stdout', out], ['stderr', err]]) { const l = leak(text, needles); if (l) finding(`token-in-${where}`, l); }
  const has = (f) => flags.includes(f);
  const help = ['help', '--help', '-h', '--version'].some(has);
  if (code === 2 && reqs.length) finding('exit-2-but-sent', `${reqs.length} requests`);
  if (has('--dry-run') && reqs.length) finding('dry-run-sent', `${reqs.length} requests`);
  if (code === 0 && !has('--dry-run') && !help && reqs.length === 0) finding('exit-0-nothing-sent', out.slice(0, 200));
  if (code === 3 && reqs.length === 0) finding('exit-3-nothing-sent', err.slice(0, 300));
  // README: "--json prints the server's result, or the error, as JSON instead".
  if (has('--json') && !help) {
    if (!out.trim()) { if (code !== 0) finding('json-without-output', `exit ${code}; stderr: ${err.slice(0, 300)}`); }
    else { try { JSON.parse(out); } catch { finding('json-output-not-json', out.slice(0, 300)); } }
  }
  // README "Options" (token): "sent as Authorization: Bearer <token>, without the spaces and tabs
  // around it … and without a `Bearer ` in front of it".
  const sentAs = (t) => `Bearer ${t.trim().replace(/^bearer[ \t]+/i, '')}`;
  for (const q of reqs) {
    const a = q.headers.authorization;
    if (a !== undefined && !given.some((t) => typeof t == 'string' && a === sentAs(t))) finding('odd-authorization', JSON.stringify(a.split(token.slice(0, 8)).join('<TOKEN…>')));
  }
  const maxRetries = maxRetriesOf(flags);
  const seen = reqs.map((_, i) => seenAnswer(answers[Math.min(i, answers.length - 1)]));
  for (const why of checkResends(reqs, seen, { getToken: false, totalTimeoutMs: null }, maxRetries, true).problems) finding('sent-again', why);
}

/** After each case: a plain invitation still exits 0 and prints, with --json, exactly what the server answered. */
async function knownGood() {
  server.answer('?', () => okPlan());
  let out = '';
  const env = { RAINBOW_HOST: server.origin, RAINBOW_TOKEN: 'known-good-token-0123' };
  const r = await settle(main(['invite', '--room', ROOM, '--scenario', 'chat', '--emails', 'ada@example.com', '--json'], { env, out: (s) => { out += s; }, err: (s) => { out += s; } }), 30000);
  server.forget('?');
  let printed;
  try { printed = JSON.parse(out); } catch {}
  if (r.pending || !r.ok || r.value !== 0 || !util.isDeepStrictEqual(printed, { data: SUCCESS_DATA, warnings: [] })) {
    report.finding('module-broken', `the known-good invitation: ${r.pending ? 'pending after 30 s' : r.ok ? `exit ${r.value}` : `threw ${r.error}`}; printed ${out.slice(0, 300)}`);
  }
}

const { ran, ms } = await loop({ ...opts, report, runCase, afterCase: knownGood, stop: () => report.findings.some((f) => f.kind === 'module-broken') });
await server.close();
fs.rmSync(tmp, { recursive: true, force: true });
process.exitCode = report.end(ran, ms);
setTimeout(() => process.exit(), 200).unref();
