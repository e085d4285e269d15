// Hostile input from JavaScript, in Node (issue 6, "Inputs from JavaScript"): every value of
// cases.mjs at every position, through validate…, send… and RoomsInvitationApi; misbehaving fetch,
// getToken, signal and logger callbacks; each call settles with a result or a typed Rainbow* error
// and leaves no uncaught exception; the module keeps working, and a normal call to the mock server
// succeeds at the end. The same cases run in Chromium (browser.test.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import * as lib from '../../pkg/node.js';
import { startMockServer, SEED } from '../../www/mock-server.mjs';
import { POSITIONS, LOOP_CASES, runMatrix, runCallbacks, readCounts, TOKEN_MARK } from './cases.mjs';

const CHILD = fileURLToPath(new URL('./isolated-child.mjs', import.meta.url));
const uncaught = [];
const onUncaught = (e) => uncaught.push(e);
let matrix;

before(async () => {
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
  matrix = await runMatrix({ lib, uncaught });
  console.log(`# hostile input: ${matrix.calls} calls in ${matrix.ms} ms; slowest batches: ${matrix.slowest.join('; ')}`);
});

after(() => {
  process.off('uncaughtException', onUncaught);
  process.off('unhandledRejection', onUncaught);
});

const report = (list) => `${list.length} problem(s):\n  ${list.slice(0, 60).join('\n  ')}${list.length > 60 ? `\n  … and ${list.length - 60} more` : ''}`;

for (const { name } of POSITIONS) {
  test(`every hostile value as ${name} settles with a result or a typed error`, () => {
    const list = matrix.failures[name];
    assert.ok(list, `position ${name} did not run`);
    assert.ok(list.length === 0, report(list));
  });
}

test('calls made from inside getters settle too', () => {
  assert.ok(matrix.failures["re-entrant calls"].length === 0, report(matrix.failures["re-entrant calls"]));
});

test('no log line of the whole run (logLevel debug) carries the token', () => {
  assert.ok(matrix.logLines > 100, `only ${matrix.logLines} log lines: the logger was not exercised`);
  assert.deepEqual(matrix.logLeaks, []);
});

test('misbehaving fetch, getToken, signal and logger callbacks: every call settles typed, in time', async () => {
  const list = await runCallbacks({ lib, uncaught });
  assert.ok(list.length === 0, report(list));
});

test('each property of the body and of the options is read once per call', async () => {
  // A getter that answers differently on a second read must not change what was validated.
  const counts = await readCounts(lib);
  const twice = [];
  for (const [fn, reads] of Object.entries(counts)) {
    for (const [key, n] of Object.entries(reads)) if (n > 1) twice.push(`${fn}: ${key} read ${n} times`);
  }
  assert.ok(twice.length === 0, report(twice));
});

// These can freeze the event loop or break the module: each runs in a child process that is killed
// if it hangs.
const isolated = (...args) => {
  const r = spawnSync(process.execPath, [CHILD, ...args], { encoding: 'utf8', timeout: 4000, killSignal: 'SIGKILL' });
  if (r.error?.code === 'ETIMEDOUT' || r.signal) return { hung: true };
  const line = r.stdout.trim().split('\n').pop();
  try { return JSON.parse(line); } catch { return { crashed: `${r.status} ${r.stderr.slice(-400)}` }; }
};

for (const name of Object.keys(LOOP_CASES)) {
  test(`fetch with ${name}: the call ends by its timeout, the event loop is not frozen`, () => {
    const r = isolated('loop', name);
    assert.ok(!r.hung, 'the process froze (no timer could fire) and was killed after 4 s');
    assert.equal(r.problem, '', `settled wrongly: ${JSON.stringify(r)}`);
    assert.ok(r.ms < 2000, `took ${r.ms} ms with timeoutMs 300`);
  });
}

test('a call that fails inside the module does not stall the calls started with it', () => {
  const r = isolated('stall');
  assert.ok(!r.hung && !r.crashed, JSON.stringify(r));
  assert.equal(r.othersPending, 0, `${r.othersPending} of 5 ordinary calls started in the same tick never settled`);
  assert.ok(r.hostileSettled, 'the hostile call itself never settled');
});

test('10,000 refused hostile inputs in a row do not wear the module out', () => {
  const r = isolated('wear');
  assert.ok(!r.hung && !r.crashed, JSON.stringify(r));
  assert.equal(r.thrown, 0, `${r.thrown} calls threw instead of returning a ValidationResult`);
  assert.equal(r.after, 'valid');
});

test('afterwards, a normal call to the mock server succeeds', async () => {
  const mock = await startMockServer({ port: 0, host: '127.0.0.1', quiet: true });
  try {
    const r = await lib.sendUsersJoinRoomInvitation(SEED.roomId, { scenario: 'chat', emails: ['after.hostile@example.com'] }, { baseUrl: mock.url, token: `tok-${TOKEN_MARK}`, timeoutMs: 5000 });
    assert.ok(r.data.guestEmails.includes('after.hostile@example.com'));
    const v = lib.validateJoinInvitation(SEED.roomId, { scenario: 'chat', emails: ['a@example.com'] });
    assert.equal(v.valid, true);
  } finally {
    await mock.close();
  }
});
