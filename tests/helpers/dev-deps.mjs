// The repository's own dev dependencies (bundlers, plugins, type packages) made visible to a
// project a test builds in a directory of its own: each linked into the project's node_modules
// from the repository's, so that nothing is installed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Links each of `names` (a package name, scoped or not) into `<project>/node_modules`. */
export function linkDevDeps(project, names) {
  for (const name of names) {
    const source = path.join(REPO, 'node_modules', name);
    assert.ok(fs.existsSync(source), `${name} is missing: run \`npm ci\` (make setup-node)`);
    const target = path.join(project, 'node_modules', name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.symlinkSync(source, target, 'dir');
  }
}
