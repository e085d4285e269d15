// Writes the npm package's README: pkg-template/README.md with its "## API" section replaced by
// the repository README's, so the reference people read on npm is the one kept up to date here.
// Usage: node tools/npm-readme.mjs README.md pkg-template/README.md pkg/README.md
import { readFileSync, writeFileSync } from 'node:fs';

const [repoPath, templatePath, outPath] = process.argv.slice(2);
const bounds = (text, file) => {
  const start = text.indexOf('\n## API\n');
  if (start < 0) throw new Error(`${file} has no "## API" section`);
  const end = text.indexOf('\n## ', start + 1);
  return [start, end < 0 ? text.length : end];
};
const repo = readFileSync(repoPath, 'utf8');
const template = readFileSync(templatePath, 'utf8');
const [rs, re] = bounds(repo, repoPath);
const [ts, te] = bounds(template, templatePath);
writeFileSync(outPath, template.slice(0, ts) + repo.slice(rs, re) + template.slice(te));
