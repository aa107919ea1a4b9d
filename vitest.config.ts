import { defineConfig } from 'vitest/config';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
// One copy of apache-arrow, or Arrow inserts into DuckDB silently create nothing.
const arrowDir = path.dirname(require.resolve('apache-arrow'));

export default defineConfig({
  resolve: { alias: { 'apache-arrow': path.join(arrowDir, 'Arrow.node.mjs') } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
