#!/usr/bin/env node
// Compiles every ```ts block of the guides and READMEs against the packages' published types
// (dist/*.d.ts, so `pnpm build` first). A block is a whole module; free inputs it needs are declared
// in an HTML comment on the line before it, invisible when rendered:
//   <!-- prelude: declare const deviceResponseBytes: Uint8Array; -->
// A block that is not meant to compile is not TypeScript: mark it ```text.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdownFiles } from './markdown-files.mjs';

const docsDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(docsDir, '..');
const outDir = join(docsDir, '.snippets');

/** The ```ts blocks of one file, with the line they start on and their prelude. */
function blocks(path) {
  const lines = readFileSync(path, 'utf8').split('\n');
  const found = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i].trim())) continue;
    const indent = lines[i].match(/^\s*/)[0].length;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end].trim() !== '```') end++;
    if (end === lines.length) throw new Error(`${relative(root, path)}:${i + 1}: unterminated code block`);
    let prev = i - 1;
    while (prev >= 0 && lines[prev].trim() === '') prev--;
    const prelude = prev >= 0 ? lines[prev].trim().match(/^<!--\s*prelude:\s*([\s\S]*?)\s*-->$/)?.[1] : undefined;
    found.push({ line: start + 1, prelude, code: lines.slice(start, end).map((l) => l.slice(indent)).join('\n') });
    i = end;
  }
  return found;
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const origin = new Map();
let count = 0;
for (const file of markdownFiles(root)) {
  for (const block of blocks(file)) {
    const name = `${relative(root, file).replace(/[^A-Za-z0-9]+/g, '_')}_L${block.line}.ts`;
    const header = block.prelude ? `${block.prelude}\n` : '';
    // `export {}` keeps each block a module of its own, so names never clash between blocks.
    writeFileSync(join(outDir, name), `${header}${block.code}\nexport {};\n`);
    origin.set(name, { file: relative(root, file), line: block.line, offset: header ? block.prelude.split('\n').length : 0 });
    count++;
  }
}
writeFileSync(
  join(outDir, 'tsconfig.json'),
  JSON.stringify({
    extends: '../../tsconfig.base.json',
    compilerOptions: { noEmit: true, composite: false, declaration: false, declarationMap: false, sourceMap: false, noUnusedLocals: false },
    include: ['*.ts'],
  }, null, 2),
);
try {
  execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', join(outDir, 'tsconfig.json'), '--pretty', 'false'], { cwd: docsDir, encoding: 'utf8', stdio: 'pipe' });
} catch (error) {
  const out = `${error.stdout ?? ''}${error.stderr ?? ''}`;
  // Point each diagnostic at the Markdown line it came from.
  const mapped = out.replace(/(?:\.snippets\/)?([A-Za-z0-9_]+_L\d+\.ts)\((\d+),(\d+)\)/g, (whole, name, line, col) => {
    const at = origin.get(name);
    return at ? `${at.file}:${at.line + Number(line) - 1 - at.offset}:${col}` : whole;
  });
  console.error(mapped.trim());
  console.error(`docs: TypeScript blocks failed to compile (${count} blocks checked)`);
  process.exit(1);
}
console.log(`docs: ${count} TypeScript blocks compiled`);
