// The Markdown files the docs checks read (check-snippets.mjs, check-links.mjs): the root README,
// every guide under docs/ (not the generated docs/api, not node_modules, dist or dot folders), each
// package's and example's README, and the conformance, examples and security READMEs.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Absolute paths of the Markdown files under `root` (the repository) that the docs checks cover. */
export function markdownFiles(root) {
  const docsDir = join(root, 'docs');
  const files = [join(root, 'README.md')];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name === 'api' || name === 'dist' || name.startsWith('.')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.md')) files.push(path);
    }
  };
  walk(docsDir);
  for (const group of ['packages', 'examples']) {
    for (const name of readdirSync(join(root, group))) {
      const readme = join(root, group, name, 'README.md');
      try { statSync(readme); files.push(readme); } catch { /* no README */ }
    }
  }
  for (const readme of ['conformance/README.md', 'examples/README.md', 'SECURITY.md']) {
    try { statSync(join(root, readme)); files.push(join(root, readme)); } catch { /* absent */ }
  }
  return [...new Set(files)];
}
