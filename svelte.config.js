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
    // Content-Security-Policy as a <meta> tag in every page, with the hash of SvelteKit's inline
    // start-up script (it changes with every build), so no inline script runs without it. Code,
    // styles, fonts and workers only from this origin; wasm compiled from this origin's files.
    // connect-src and img-src allow https: for the optional online base map; at start-up the app
    // narrows them to this origin plus the base map's own hosts (src/lib/map/basemap-csp.ts).
    // style-src keeps 'unsafe-inline' for the map's and Svelte's inline style attributes.
    csp: {
      mode: 'hash',
      directives: {
        'default-src': ['self'],
        'script-src': ['self', 'wasm-unsafe-eval'],
        'worker-src': ['self', 'blob:'],
        'child-src': ['self', 'blob:'],
        'connect-src': ['self', 'data:', 'blob:', 'https:'],
        'img-src': ['self', 'data:', 'blob:', 'https:'],
        'style-src': ['self', 'unsafe-inline'],
        'font-src': ['self', 'data:'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['none'],
        'manifest-src': ['self'],
      },
    },
  },
};

export default config;
