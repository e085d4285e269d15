// Type-checks consumers of the built package (pkg/, or PKG_DIR) with the repository's tsc:
// a consumer using the whole API must compile under --strict, and misuses must fail with the
// expected diagnostics. The package is resolved through its package.json `exports` (`types`
// condition), as a real project would resolve it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { makeProject, tsc as tscIn } from './project.mjs';

let dir;

// The loggers of loggers.ts come with their own declarations, which need @types/node.
before(() => {
  dir = makeProject({ links: ['pino', 'winston', 'loglevel', '@types/node'] });
});

after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const tsc = (file, settings) => tscIn(dir, file, settings);

for (const [label, settings] of [
  ['nodenext resolution, DOM lib', {}],
  ['bundler resolution, DOM lib', { module: 'esnext', moduleResolution: 'bundler' }],
]) {
  test(`a consumer of the whole API compiles under --strict (${label})`, () => {
    const { status, out } = tsc('consumer.ts', settings);
    assert.equal(out, '', 'tsc reported diagnostics');
    assert.equal(status, 0);
  });
}

// README "TypeScript and Node versions": the strictest settings are fine, the DOM lib's own
// `fetch` and `Response` included (a body stream's read() gives `value: undefined` when done).
test('a consumer of the whole API compiles under exactOptionalPropertyTypes and noUncheckedIndexedAccess', () => {
  for (const lib of [['es2022', 'dom'], ['es2022']]) {
    const compilerOptions = { exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true };
    const file = lib.includes('dom') ? 'consumer.ts' : 'no-dom.ts';
    const { status, out } = tsc(file, { module: 'esnext', moduleResolution: 'bundler', lib, compilerOptions });
    assert.equal(out, '', `tsc reported diagnostics (lib ${lib.join(', ')})`);
    assert.equal(status, 0);
  }
});

for (const [file, what] of [
  ['errors.ts', 'attempts, mayHaveBeenDelivered, correlationId and toJSON() on RainbowError; the timeout\'s reason'],
  ['ready.ts', 'ready(wasm) with a URL, a string, a Request, a Response or a Promise of one, bytes, a WebAssembly.Module'],
]) {
  test(`${what} compile under --strict (${file})`, () => {
    for (const settings of [{}, { module: 'esnext', moduleResolution: 'bundler' }]) {
      const { status, out } = tsc(file, settings);
      assert.equal(out, '', `tsc reported diagnostics (${settings.moduleResolution || 'nodenext'})`);
      assert.equal(status, 0);
    }
  });
}

test('the declarations compile in a project with neither the DOM lib nor @types/node', () => {
  const { status, out } = tsc('no-dom.ts', { lib: ['es2022'] });
  assert.equal(out, '', 'tsc reported diagnostics');
  assert.equal(status, 0);
});

test('pino, winston, loglevel, a bunyan logger, console and a function are accepted as `logger`', () => {
  const { status, out } = tsc('loggers.ts', { types: ['node'] });
  assert.equal(out, '', 'tsc reported diagnostics');
  assert.equal(status, 0);
});

// Each misuse must fail on the expected line with the expected diagnostic, and only that one.
const misuses = [
  {
    file: 'bad-scenario.ts',
    why: "scenario 'chats' is not a Scenario",
    expect: /^bad-scenario\.ts\(3,\d+\): error TS2820: Type '"chats"' is not assignable to type 'Scenario'\. Did you mean '"chat"'\?$/,
  },
  {
    file: 'bad-flag.ts',
    why: "noMail: 'true' is not a boolean",
    expect: /^bad-flag\.ts\(3,\d+\): error TS2322: Type 'string' is not assignable to type 'boolean \| null \| undefined'\.$/,
  },
  {
    file: 'bad-unchecked-request.ts',
    why: 'request is null unless valid has been checked',
    expect: /^bad-unchecked-request\.ts\(4,\d+\): error TS18047: 'result\.request' is possibly 'null'\.$/,
  },
  {
    file: 'bad-unknown-field.ts',
    why: "'email' is not a field (the real one is 'emails')",
    expect: /^bad-unknown-field\.ts\(3,\d+\): error TS2561: Object literal may only specify known properties, but 'email' does not exist in type 'SendUserRoomInvitationCancelation'\. Did you mean to write 'emails'\?$/,
  },
  {
    file: 'bad-log-level.ts',
    why: "logLevel 'verbose' is not a LogLevel",
    expect: /^bad-log-level\.ts\(3,\d+\): error TS2322: Type '"verbose"' is not assignable to type 'LogLevel \| undefined'\.$/,
  },
  {
    file: 'bad-get-token.ts',
    why: 'getToken must give a string (or a Promise of one)',
    expect: /^bad-get-token\.ts\(3,\d+\): error TS2322: Type '\(\) => number' is not assignable to type '\(\) => string \| PromiseLike<string>'\.$/,
  },
  {
    file: 'bad-logger.ts',
    why: 'a logger object needs one of debug, info, warn, error or log',
    expect: /^bad-logger\.ts\(3,\d+\): error TS2353: Object literal may only specify known properties, and 'write' does not exist in type 'ConsoleLike \| LogFunction'\.$/,
  },
];

for (const { file, why, expect } of misuses) {
  test(`tsc rejects ${file}: ${why}`, () => {
    const { status, out } = tsc(file);
    assert.notEqual(status, 0, `tsc accepted ${file}`);
    const diagnostics = out.split('\n').filter((l) => /error TS\d+/.test(l));
    assert.equal(diagnostics.length, 1, `expected exactly one diagnostic, got:\n${out}`);
    assert.match(diagnostics[0], expect);
  });
}
