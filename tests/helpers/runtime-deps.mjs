// The built package's runtime dependencies (csv-parse, for the CLI) as tarballs packed from the
// repository's node_modules, so that a test can install the package's own tarball with
// `npm install --offline` and a fresh cache: npm takes each dependency from the tarball given
// beside it instead of the registry.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Packs each dependency of `<pkgDir>/package.json` into `dest`; returns the tarballs' paths. */
export function packRuntimeDeps(pkgDir, dest, env = process.env) {
  const { dependencies = {} } = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  return Object.keys(dependencies).map((name) => {
    const dir = path.join(REPO, 'node_modules', name);
    assert.ok(fs.existsSync(path.join(dir, 'package.json')), `${name} is not in node_modules: run \`make setup-node\``);
    const r = spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dest, dir], { encoding: 'utf8', env });
    assert.equal(r.status, 0, `npm pack ${dir} failed:\n${r.stdout}\n${r.stderr}`);
    return path.join(dest, JSON.parse(r.stdout)[0].filename);
  });
}
