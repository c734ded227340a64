import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The in-person guides show the kiosk's snippet files verbatim: each ```ts block is preceded by
// `<!-- snippet: examples/kiosk/src/snippets/<file>.ts -->` and must equal that file, so every
// block in the guides is compiled by this example's tsconfig and run by snippets.test.ts.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const GUIDES = ['docs/in-person.md', 'docs/ja/in-person.md'];
const SNIPPETS = 'examples/kiosk/src/snippets/';

function blocks(markdown: string): { snippet: string | undefined; code: string }[] {
  const lines = markdown.split('\n');
  const found: { snippet: string | undefined; code: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '```ts') continue;
    let prev = i - 1;
    while (prev >= 0 && lines[prev]!.trim() === '') prev--;
    const snippet = /^<!--\s*snippet:\s*(\S+)\s*-->$/.exec(lines[prev]?.trim() ?? '')?.[1];
    const end = lines.indexOf('```', i + 1);
    expect(end).toBeGreaterThan(i);
    found.push({ snippet, code: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return found;
}

describe('docs: the in-person guides show the compiled snippets verbatim', () => {
  const files = readdirSync(ROOT + SNIPPETS).filter((f) => f.endsWith('.ts')).sort();

  it.each(GUIDES)('%s: every ts block names its snippet file and equals it', (guide) => {
    const found = blocks(readFileSync(ROOT + guide, 'utf8'));
    expect(found.length).toBeGreaterThan(0);
    for (const { snippet, code } of found) {
      expect(snippet, `a ts block in ${guide} has no snippet comment`).toBeDefined();
      expect(snippet!.startsWith(SNIPPETS)).toBe(true);
      expect(code).toBe(readFileSync(ROOT + snippet!, 'utf8').replace(/\n$/, ''));
    }
  });

  it.each(GUIDES)('%s: shows every snippet file', (guide) => {
    const named = blocks(readFileSync(ROOT + guide, 'utf8')).map((b) => b.snippet!.slice(SNIPPETS.length)).sort();
    expect(named).toEqual(files);
  });
});
