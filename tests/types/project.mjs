// Shared by tests/types/*.test.mjs: a consumer project in a temporary directory, where
// `rainbow-room-invitations` is the built package (pkg/, or PKG_DIR) resolved through its
// package.json `exports` as a real project resolves it, and tsc run on one of its files.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { linkDevDeps } from '../helpers/dev-deps.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '../..');
export const PKG = path.resolve(process.env.PKG_DIR || path.join(REPO, 'pkg'));
const TSC = path.join(REPO, 'node_modules/.bin/tsc');

/**
 * A project (`"type": "module"`) holding the fixtures, with the package and `links` (packages of
 * the repository's node_modules: tsc follows the links there, where their dependencies are).
 */
export function makeProject({ links = [] } = {}) {
  assert.ok(fs.existsSync(path.join(PKG, 'index.d.ts')), `${PKG}/index.d.ts is missing: run \`make build\` first`);
  assert.ok(fs.existsSync(TSC), `${TSC} is missing: run \`npm ci\` (make setup-node)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rri-types-'));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(PKG, path.join(dir, 'node_modules/rainbow-room-invitations'), 'dir');
  linkDevDeps(dir, links);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  for (const f of fs.readdirSync(path.join(HERE, 'fixtures'))) fs.copyFileSync(path.join(HERE, 'fixtures', f), path.join(dir, f));
  return dir;
}

/**
 * Runs tsc in `dir` on `file` (a path inside `dir`) under --strict with the given settings;
 * returns { status, out }. `outDir`: write JavaScript there instead of checking only. `compilerOptions`:
 * more of them (e.g. `exactOptionalPropertyTypes`).
 */
export function tsc(dir, file, { module = 'nodenext', moduleResolution = 'nodenext', lib = ['es2022', 'dom'], types = [], outDir, args = [], compilerOptions = {} } = {}) {
  const config = {
    compilerOptions: {
      strict: true,
      noEmit: !outDir,
      ...(outDir ? { outDir, rootDir: '.' } : {}),
      skipLibCheck: false, // check the package's own declarations too
      target: 'es2022',
      module,
      moduleResolution,
      lib,
      types,
      noUnusedLocals: false,
      ...compilerOptions,
    },
    files: [file],
  };
  const extra = Object.keys(compilerOptions).join('-');
  const name = `tsconfig.${file.replace(/\W/g, '_')}.${module}.${moduleResolution}.${lib.join('-')}${extra && `.${extra}`}.json`;
  fs.writeFileSync(path.join(dir, name), JSON.stringify(config));
  const r = spawnSync(TSC, ['-p', name, '--pretty', 'false', ...args], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}`.trim() };
}
