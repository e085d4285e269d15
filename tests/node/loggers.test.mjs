// The `logger` option with the loggers people already use: pino and winston (the real npm
// packages), loglevel (the real package), a bunyan-like object (bunyan's API: one method per
// level, no `log`), a function and the global `console` (in a child process, whose stdout and
// stderr are read). Each gets one call that logs at every level: a validation warning (warn), a
// 429 retried (info), one line per attempt (debug) and the failure, a 500 (error). Each line must
// arrive at its level, once, with the token redacted (`Authorization: Bearer [redacted]`), and
// the token must appear nowhere in what the logger wrote.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import util from 'node:util';

import pino from 'pino';
import winston from 'winston';
import loglevel from 'loglevel';

import { rri, SEED, TOKEN, TOKEN_MARK, useMock, apiRequests, rejectsWith, assertNoToken } from './helpers/env.mjs';

const ctx = useMock({ token: TOKEN });
const T = { timeout: 15_000 };
const PREFIX = '[rainbow-room-invitations] ';
const NODE_JS = fileURLToPath(new URL('../../pkg/node.js', import.meta.url));

// A warning, a retry, two attempts and a failure; its lines by level, in order.
function script(mock) {
  mock.script({ status: 429, headers: { 'retry-after-ms': '10' }, body: '' });
  mock.script({
    status: 500,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ errorCode: 500, errorMsg: 'Internal Server Error', errorDetails: `crashed on Bearer ${TOKEN}` }),
  });
}
const BODY = { scenario: 'chat', emails: ['dup@example.com', 'DUP@example.com'] };
const EXPECTED = [
  ['warn', /^emails\[1\]: 'DUP@example\.com' repeats emails\[0\]; it is sent once\.$/],
  ['debug', /^POST \S+\/invitations attempt 1 of 3, headers: .*Authorization: Bearer \[redacted\];.* → answered 429 in \d+ ms$/],
  ['info', /^attempt 1 of 3 failed \(status 429\); retrying in 10 ms$/],
  ['debug', /^POST \S+\/invitations attempt 2 of 3, headers: .*Authorization: Bearer \[redacted\];.* → answered 500 in \d+ ms$/],
  ['error', /^Rainbow answered 500 .*crashed on Bearer \[redacted\]/],
];

/** Runs the scripted call with `logger` at logLevel 'debug'; checks the call's own outcome. */
async function loggedCall(logger, extra = {}) {
  script(ctx.mock);
  const call = rri.sendUsersJoinRoomInvitation(SEED.roomId, BODY, { baseUrl: ctx.mock.url, token: TOKEN, logger, logLevel: 'debug', ...extra });
  const err = await rejectsWith(call, 'RainbowApiError');
  assert.equal(err.status, 500, "the call's own error, whatever the logger did");
  assert.equal(err.attempts, 2);
  assertNoToken(err);
  assert.equal(apiRequests(ctx.mock).length, 2);
}

/** Asserts that `got` ([level, line] in the order written) is exactly EXPECTED (`levels` keeps some). */
function assertLines(got, { levels = ['error', 'warn', 'info', 'debug'], raw = '' } = {}) {
  const expected = EXPECTED.filter(([level]) => levels.includes(level));
  const shown = got.map(([level, line]) => `${level} ${line}`).join('\n');
  assert.equal(got.length, expected.length, `expected ${expected.length} lines, got:\n${shown}`);
  expected.forEach(([level, pattern], i) => {
    const [gotLevel, line] = got[i];
    assert.equal(gotLevel, level, `line ${i + 1} at its level:\n${shown}`);
    assert.ok(line.startsWith(PREFIX), line);
    assert.match(line.slice(PREFIX.length), pattern);
  });
  for (const text of [shown, raw]) {
    for (const mark of [TOKEN, TOKEN_MARK]) assert.ok(!text.includes(mark), `the token leaked into the log:\n${text}`);
  }
}

/** A stream that keeps what is written to it, as text. */
function sink() {
  const chunks = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  stream.text = () => chunks.join('');
  return stream;
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** Ends a winston logger; resolves once every line it was given has gone through its transports. */
const flushed = (logger) =>
  new Promise((resolve) => {
    logger.on('finish', resolve);
    logger.end();
  });

test('pino (one method per level, no log): each line at its pino level, redacted', T, async () => {
  const out = sink();
  const logger = pino({ level: 'debug' }, out);
  assert.equal(typeof logger.log, 'undefined', 'pino has no log method');
  await loggedCall(logger);
  await tick();
  const records = out.text().trim().split('\n').map((l) => JSON.parse(l));
  assertLines(records.map((r) => [pino.levels.labels[r.level], r.msg]), { raw: out.text() });
});

test("pino at its default level ('info') keeps its own filter: no debug lines", T, async () => {
  const out = sink();
  await loggedCall(pino(out));
  await tick();
  const records = out.text().trim().split('\n').map((l) => JSON.parse(l));
  assertLines(records.map((r) => [pino.levels.labels[r.level], r.msg]), { levels: ['error', 'warn', 'info'], raw: out.text() });
});

test('winston (level methods and log(level, message)): each line at its winston level, redacted', T, async () => {
  const out = sink();
  const logger = winston.createLogger({ level: 'debug', format: winston.format.json(), transports: [new winston.transports.Stream({ stream: out })] });
  await loggedCall(logger);
  await flushed(logger); // winston writes through a stream pipeline
  const records = out.text().trim().split('\n').map((l) => JSON.parse(l));
  assertLines(records.map((r) => [r.level, r.message]), { raw: out.text() });
});

test('winston: a transport sees the lines as winston info objects, at their levels', T, async () => {
  const got = [];
  class Capture extends winston.Transport {
    log(info, done) {
      got.push([info.level, info.message]);
      done();
    }
  }
  const logger = winston.createLogger({ level: 'debug', transports: [new Capture()] });
  await loggedCall(logger);
  await flushed(logger);
  assertLines(got);
});

test('winston with syslog levels (warning, no warn): the warn lines at warning', T, async () => {
  const got = [];
  class Capture extends winston.Transport {
    log(info, done) {
      got.push([info.level === 'warning' ? 'warn' : info.level, info.message, info.level]);
      done();
    }
  }
  const logger = winston.createLogger({ levels: winston.config.syslog.levels, level: 'debug', transports: [new Capture()] });
  assert.equal(typeof logger.warn, 'undefined', 'syslog levels have no warn');
  await loggedCall(logger);
  await flushed(logger);
  assertLines(got);
  assert.ok(got.some(([, , level]) => level === 'warning'), 'a line went to warning');
});

test('loglevel (trace…error, and log as debug): each line at its method, redacted', T, async () => {
  const got = [];
  const logger = loglevel.getLogger('rainbow-room-invitations-test');
  logger.methodFactory = (methodName) => (...args) => {
    assert.equal(args.length, 1, 'one argument: the line');
    got.push([methodName, args[0]]);
  };
  logger.setLevel('debug');
  await loggedCall(logger);
  assertLines(got);
});

// bunyan's Logger, as its API is documented: methods trace…fatal on the prototype that read `this`,
// each `(msg)` writing a record { level, msg } when its level is enabled, and returning whether
// the level is enabled when called with no argument; no `log` method. (The real package needs a
// native build for its optional dtrace dependency.)
const BUNYAN_LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };
class BunyanLike {
  constructor({ level = 'info', stream }) {
    this._level = BUNYAN_LEVELS[level];
    this._stream = stream;
  }
}
for (const [name, level] of Object.entries(BUNYAN_LEVELS)) {
  BunyanLike.prototype[name] = function (...args) {
    if (args.length === 0) return this._level <= level;
    if (this._level > level) return undefined;
    const fields = typeof args[0] === 'object' && args[0] !== null ? args.shift() : {};
    this._stream.write(`${JSON.stringify({ ...fields, level, msg: util.format(...args) })}\n`);
    return undefined;
  };
}

test('a bunyan-like logger (methods on its prototype, no log): each line at its level, redacted', T, async () => {
  const out = sink();
  const logger = new BunyanLike({ level: 'debug', stream: out });
  assert.equal(typeof logger.log, 'undefined');
  await loggedCall(logger);
  const byNumber = Object.fromEntries(Object.entries(BUNYAN_LEVELS).map(([k, v]) => [v, k]));
  const records = out.text().trim().split('\n').map((l) => JSON.parse(l));
  assertLines(records.map((r) => [byNumber[r.level], r.msg]), { raw: out.text() });
});

test('a function (level, line): each line with its level, redacted', T, async () => {
  const got = [];
  await loggedCall((level, line) => got.push([level, line]));
  assertLines(got);
});

// The global console of a Node process, as a script passes it: debug and info go to stdout, warn
// and error to stderr (Node's console), each line once.
test('console: debug and info lines on stdout, warn and error on stderr, redacted', T, async () => {
  script(ctx.mock);
  const source = `
    const rri = await import(${JSON.stringify(NODE_JS)});
    const e = await rri.sendUsersJoinRoomInvitation(${JSON.stringify(SEED.roomId)}, ${JSON.stringify(BODY)},
      { baseUrl: ${JSON.stringify(ctx.mock.url)}, token: process.env.TOKEN, logger: console, logLevel: 'debug' }).catch((e) => e);
    process.exitCode = e.name === 'RainbowApiError' && e.status === 500 ? 0 : 3;`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', source], { env: { ...process.env, TOKEN }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const status = await new Promise((resolve) => child.on('close', resolve));
  assert.equal(status, 0, `the script failed:\n${stdout}\n${stderr}`);
  const lines = (text) => text.split('\n').filter(Boolean);
  // Which stream each line came out on tells its console method's family; the text tells which line it is.
  const levelOf = (line) => EXPECTED.find(([, p]) => p.test(line.slice(PREFIX.length)))?.[0] ?? 'unknown';
  const out = lines(stdout).map((l) => [levelOf(l), l]);
  const err = lines(stderr).map((l) => [levelOf(l), l]);
  assertLines(out, { levels: ['info', 'debug'], raw: stdout });
  assertLines(err, { levels: ['error', 'warn'], raw: stderr });
});

test('an object with none of the methods is refused once, as a validation error of the call; nothing is sent', T, async () => {
  for (const logger of [{}, { write() {} }, { log: 'not a function' }]) {
    const err = await rejectsWith(rri.sendUsersJoinRoomInvitation(SEED.roomId, { scenario: 'chat', emails: ['a@example.com'] }, { baseUrl: ctx.mock.url, token: TOKEN, logger }), 'RainbowValidationError');
    assert.deepEqual(err.errors.map((i) => [i.path, i.code]), [['options.logger', 'invalid_option']], 'one problem, on the option');
    assert.match(err.errors[0].message, /debug, info, warn, error or log method/);
  }
  assert.equal(apiRequests(ctx.mock).length, 0);
});

test('a logger with only some methods: each line goes to the nearest one it has', T, async () => {
  const got = [];
  const only = (...names) => Object.fromEntries(names.map((n) => [n, (line) => got.push([n, line])]));
  await loggedCall(only('error', 'info'));
  // warn falls back to error; debug to info.
  assert.deepEqual(got.map(([m]) => m), ['error', 'info', 'info', 'info', 'error']);
  got.length = 0;
  ctx.mock.reset();
  await loggedCall(only('warn'));
  // error falls back to warn; info and debug lines have nowhere near to go and are dropped.
  assert.deepEqual(got.map(([m]) => m), ['warn', 'warn']);
});
