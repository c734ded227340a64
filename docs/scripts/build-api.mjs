#!/usr/bin/env node
// Builds the API reference (docs/api, typedoc with warnings as errors: every export documented, no
// broken links) and fails when an exported function or class has no @example.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const json = join(root, 'docs', '.api.json');
try {
  execFileSync(join(root, 'node_modules', '.bin', 'typedoc'), ['--json', json], { cwd: root, stdio: 'inherit' });
} catch {
  console.error('api: typedoc reported errors or warnings (see above)');
  process.exit(1);
}

// typedoc's ReflectionKind: Function 64, Class 128.
const NEEDS_EXAMPLE = new Map([[64, 'function'], [128, 'class']]);
const project = JSON.parse(readFileSync(json, 'utf8'));
const hasExample = (comment) => comment?.blockTags?.some((tag) => tag.tag === '@example') ?? false;
const missing = [];
let checked = 0;
for (const module of project.children ?? []) {
  for (const child of module.children ?? []) {
    const kind = NEEDS_EXAMPLE.get(child.kind);
    if (!kind) continue;
    checked++;
    const comments = [child.comment, ...(child.signatures ?? []).map((s) => s.comment)];
    if (!comments.some(hasExample)) missing.push(`${module.name}: ${kind} ${child.name}`);
  }
}
if (missing.length > 0) {
  console.error(`${missing.join('\n')}\napi: ${missing.length} of ${checked} exported functions and classes have no @example`);
  process.exit(1);
}
console.log(`api: ${checked} exported functions and classes, each with an @example`);
