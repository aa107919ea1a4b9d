import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const duckdbDist = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-browser.cjs'));

export default defineConfig({
  plugins: [sveltekit()],
  resolve: {
    // DuckDB-wasm's browser *blocking* build is not in its package exports; the engine worker
    // runs it synchronously so the browser and Node execute the same engine code.
    alias: { 'duckdb-browser-blocking': path.join(duckdbDist, 'duckdb-browser-blocking.mjs') },
  },
  // DuckDB-wasm and parquet-wasm ship their own wasm; their files are imported with `?url`
  // and served by the app itself, so the optimiser must leave them alone.
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm', 'parquet-wasm'] },
  worker: { format: 'es' },
  build: { chunkSizeWarningLimit: 4000, target: 'es2022' },
});
