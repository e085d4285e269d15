// Writes the npm package's README: pkg-template/README.md with each of its sections named below
// replaced by the repository README's section of the same title, so the reference people read on
// npm is the one kept up to date here.
// Usage: node tools/npm-readme.mjs README.md pkg-template/README.md pkg/README.md
import { readFileSync, writeFileSync } from 'node:fs';

const SECTIONS = ['Bundlers, workers and CDNs', 'TypeScript and Node versions', 'API', 'Command line', 'Moving from the generated client or the Rainbow SDK'];
const [repoPath, templatePath, outPath] = process.argv.slice(2);

// [start, end) of the "## title" section, up to the next "## " heading.
const bounds = (text, title, file) => {
  const start = text.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`${file} has no "## ${title}" section`);
  const end = text.indexOf('\n## ', start + 1);
  return [start, end < 0 ? text.length : end];
};

const repo = readFileSync(repoPath, 'utf8');
let out = readFileSync(templatePath, 'utf8');
for (const title of SECTIONS) {
  const [rs, re] = bounds(repo, title, repoPath);
  const [ts, te] = bounds(out, title, templatePath);
  out = out.slice(0, ts) + repo.slice(rs, re) + out.slice(te);
}
writeFileSync(outPath, out);
