// The Node fuzzer: random cases against the built package's Node entry (pkg/node.js), each
// followed by a known-good call. Case kinds, in turn: `server` (case-server.mjs: random inputs
// against the hostile server), `response` and `wrapper` (case-fetch.mjs: custom fetches),
// `concurrent` (case-concurrent.mjs: many calls at once, some aborted), `client` (case-client.mjs:
// the generated client's ApiClient and models).
//
//   node tests/fuzz-js/node-fuzz.mjs [--seconds 30] [--seed S] [--case N]
import { cli, createReport, loop } from './harness.mjs';
import { pkgUrl } from './package-path.mjs';
import { startHostileServer } from './hostile-server.mjs';
import { knownGood } from './node-oracles.mjs';
import { serverCase } from './case-server.mjs';
import { responseCase, wrapperCase } from './case-fetch.mjs';
import { concurrentCase } from './case-concurrent.mjs';
import { clientCase } from './case-client.mjs';

const opts = cli(import.meta.filename);
const lib = await import(pkgUrl('node.js'));
const report = createReport(opts);
const server = await startHostileServer();
console.log(`fuzz-js: node-fuzz for ${opts.seconds}s, seed ${opts.seed}`);

// Four server cases for each of the others: the hostile server finds the most.
const KINDS = [serverCase, serverCase, serverCase, serverCase, responseCase, serverCase, serverCase, serverCase, serverCase, wrapperCase,
  serverCase, serverCase, serverCase, serverCase, concurrentCase, serverCase, serverCase, serverCase, serverCase, clientCase];
const env = { lib, server, report, seed: opts.seed };
const { ran, ms } = await loop({
  ...opts,
  report,
  runCase: (n) => KINDS[n % KINDS.length](n, env),
  afterCase: () => knownGood(lib, server, report.finding),
  stop: () => report.findings.some((f) => f.kind === 'module-broken' || f.kind === 'ERR_INTERNAL'),
});
await server.close();
process.exitCode = report.end(ran, ms);
// Calls left pending by a finding must not keep the process alive.
setTimeout(() => process.exit(), 200).unref();
