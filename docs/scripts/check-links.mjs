#!/usr/bin/env node
// Fails when a relative link in the guides and READMEs points at a file that does not exist.
// It reads the same Markdown files as check-snippets.mjs and checks every inline link or image
// `[text](path)`, `[text](path#anchor)` and every reference definition `[id]: path`, outside code
// blocks and code spans. Links with a scheme (https:, mailto:, …) and pure `#anchor` links are not
// checked, nor is the anchor part of a link: only that the file (or folder) exists.
//
// docs/api is generated (node docs/scripts/build-api.mjs, which `pnpm run docs:build` runs first).
// Links into it are checked like any other when it exists, and skipped, with a count, when it does
// not, so the check also runs on a fresh checkout.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdownFiles } from './markdown-files.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const apiDir = join(root, 'docs', 'api');
const haveApi = existsSync(apiDir);

// [text](target "title") or ![alt](target); the text may hold one level of nested brackets.
const INLINE = /!?\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g;
// [id]: target "title" (a reference definition, up to three spaces of indentation).
const DEFINITION = /^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** Blanks code spans (keeping columns), so that links shown as code are not checked. */
function withoutCodeSpans(line) {
  return line.replace(/(`+)(?:(?!\1).)+?\1/g, (span) => ' '.repeat(span.length));
}

/** The link targets of one file, with their line numbers, outside fenced code blocks. */
function links(path) {
  const lines = readFileSync(path, 'utf8').split('\n');
  const found = [];
  let fence;
  for (let i = 0; i < lines.length; i++) {
    const fenceMark = lines[i].match(/^\s*(`{3,}|~{3,})/)?.[1];
    if (fence !== undefined) {
      if (fenceMark !== undefined && fenceMark[0] === fence[0] && fenceMark.length >= fence.length && lines[i].trim() === fenceMark) fence = undefined;
      continue;
    }
    if (fenceMark !== undefined) {
      fence = fenceMark;
      continue;
    }
    const line = withoutCodeSpans(lines[i]);
    const definition = line.match(DEFINITION)?.[1];
    if (definition !== undefined) found.push({ line: i + 1, target: definition });
    for (const match of line.matchAll(INLINE)) found.push({ line: i + 1, target: match[1] });
  }
  return found.map(({ line, target }) => ({ line, target: target.startsWith('<') ? target.slice(1, -1) : target }));
}

let checked = 0;
let skippedApi = 0;
const broken = [];
const files = markdownFiles(root);
for (const file of files) {
  for (const { line, target } of links(file)) {
    if (target === '' || target.startsWith('#') || SCHEME.test(target)) continue;
    const pathPart = target.replace(/[?#].*$/, '');
    let decoded;
    try {
      decoded = decodeURIComponent(pathPart);
    } catch {
      decoded = pathPart;
    }
    // A leading slash means the repository root, as on GitHub.
    const absolute = decoded.startsWith('/') ? join(root, decoded) : resolve(dirname(file), decoded);
    if (!haveApi && (absolute === apiDir || absolute.startsWith(apiDir + sep))) {
      skippedApi++;
      continue;
    }
    checked++;
    if (!existsSync(absolute)) broken.push(`${relative(root, file)}:${line}: ${target}`);
  }
}

const skippedNote = skippedApi > 0 ? ` (${skippedApi} into docs/api skipped: it is not built; run node docs/scripts/build-api.mjs)` : '';
if (broken.length > 0) {
  console.error(broken.join('\n'));
  console.error(`docs: ${broken.length} of ${checked} relative links in ${files.length} files point at no file${skippedNote}`);
  process.exit(1);
}
console.log(`docs: ${checked} relative links in ${files.length} files checked, none broken${skippedNote}`);
