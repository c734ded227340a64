import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources in tests (see each package's exports),
// so a test never runs against a stale build. Tests run in Node, which resolves through the
// server (SSR) conditions.
const conditions = ['@uketori/source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@uketori/source'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'conformance/test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'threads',
  },
});
