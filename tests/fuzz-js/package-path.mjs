// Where the built package is: the repository's pkg/ (built by `make build`), found from this
// file's place in tests/fuzz-js/, so the fuzzers run from any directory and any worktree.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '../..');
export const PKG = path.join(REPO, 'pkg');

/** The file:// URL of pkg/<file>, after checking that the package was built. */
export function pkgUrl(file) {
  const p = path.join(PKG, file);
  if (!fs.existsSync(p)) {
    console.error(`fuzz-js: ${p} is missing: run \`make build\` first`);
    process.exit(2);
  }
  return pathToFileURL(p).href;
}

/** A path relative to the repository root, for the replay commands printed with findings. */
export const fromRepo = (p) => path.relative(REPO, p);
