// The TypeScript settings a consumer may have (README "TypeScript and Node versions"): with each
// `module`/`moduleResolution`, the consumer of the whole API compiles under --strict, and its
// types come from the right declaration file: index.d.cts for a CommonJS file (require), index.d.ts
// for the rest. A CommonJS consumer is also compiled to JavaScript and run: what it was typed
// against is what require() gives.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeProject, tsc } from './project.mjs';

let dir;

before(() => {
  dir = makeProject();
  // A CommonJS project (no "type": "module") beside the ES module one, with the same consumer.
  fs.mkdirSync(path.join(dir, 'cjs'));
  fs.writeFileSync(path.join(dir, 'cjs/package.json'), JSON.stringify({ name: 'cjs-consumer', private: true }));
  fs.copyFileSync(path.join(dir, 'consumer.ts'), path.join(dir, 'cjs/consumer.ts'));
  fs.copyFileSync(path.join(dir, 'consumer.ts'), path.join(dir, 'consumer.cts'));
});

after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** The package's declaration file that tsc used for `file`'s import (from --explainFiles). */
function declarationsFor(out, file) {
  const blocks = out.split(/\n(?=\S)/);
  const block = blocks.find((b) => b.includes(`Imported via 'rainbow-room-invitations' from file '${file}'`));
  assert.ok(block, `tsc did not import the package from ${file}:\n${out.slice(0, 2000)}`);
  return path.basename(block.split('\n')[0].trim());
}

const SETTINGS = [
  // [what, file, settings, the declarations it must get]
  ['bundler (module esnext)', 'consumer.ts', { module: 'esnext', moduleResolution: 'bundler' }, 'index.d.ts'],
  ['bundler (module preserve)', 'consumer.ts', { module: 'preserve', moduleResolution: 'bundler' }, 'index.d.ts'],
  ['node16, an ES module', 'consumer.ts', { module: 'node16', moduleResolution: 'node16' }, 'index.d.ts'],
  ['node16, CommonJS (a project without "type": "module")', 'cjs/consumer.ts', { module: 'node16', moduleResolution: 'node16' }, 'index.d.cts'],
  ['node16, CommonJS (a .cts file)', 'consumer.cts', { module: 'node16', moduleResolution: 'node16' }, 'index.d.cts'],
  ['nodenext, an ES module', 'consumer.ts', { module: 'nodenext', moduleResolution: 'nodenext' }, 'index.d.ts'],
  ['nodenext, CommonJS', 'cjs/consumer.ts', { module: 'nodenext', moduleResolution: 'nodenext' }, 'index.d.cts'],
  ['node10 (module commonjs, package.json "types")', 'cjs/consumer.ts', { module: 'commonjs', moduleResolution: 'node10' }, 'index.d.ts'],
];

for (const [what, file, settings, expected] of SETTINGS) {
  test(`${what}: the whole API compiles under --strict, typed by ${expected}`, () => {
    const { status, out } = tsc(dir, file, { ...settings, args: ['--explainFiles'] });
    const diagnostics = out.split('\n').filter((l) => /error TS\d+/.test(l));
    assert.deepEqual(diagnostics, [], 'tsc reported diagnostics');
    assert.equal(status, 0, out.slice(0, 2000));
    assert.equal(declarationsFor(out, file), expected);
  });
}

test("lib es2020 (an Error without `cause`): every error's `cause` is typed", () => {
  const { status, out } = tsc(dir, 'cause.ts', { module: 'esnext', moduleResolution: 'bundler', lib: ['es2020', 'dom'], compilerOptions: { target: 'es2020' } });
  assert.equal(out, '', 'tsc reported diagnostics');
  assert.equal(status, 0);
});

test('a CommonJS consumer compiled by tsc (node16) runs: require() gives what index.d.cts declares', () => {
  const { status, out } = tsc(dir, 'require.cts', { module: 'node16', moduleResolution: 'node16', outDir: 'out' });
  assert.equal(out, '', 'tsc reported diagnostics');
  assert.equal(status, 0);
  const r = spawnSync(process.execPath, [path.join(dir, 'out/require.cjs')], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.deepEqual(JSON.parse(r.stdout), {
    valid: true,
    guests: ['ada@example.com'],
    infoGuests: ['ada@example.com'],
    refused: 'ERR_VALIDATION',
    paths: ['roomId'],
  });
});
