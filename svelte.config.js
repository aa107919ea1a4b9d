import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** The app is a static site: no server ever holds the data. */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // DuckDB-wasm's browser *blocking* build is not in its package exports; the engine worker
    // runs it synchronously so the browser and Node execute the same engine code.
    alias: { 'duckdb-browser-blocking': 'node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser-blocking' },
    adapter: adapter({ pages: 'build', assets: 'build', fallback: 'fallback.html', strict: true }),
  },
};

export default config;
