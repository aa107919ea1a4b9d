#!/usr/bin/env node
/**
 * Serves the built static app (build/) on http://127.0.0.1:PORT, with the right MIME types for
 * wasm and workers and the SPA fallback. `--mount /prefix=DIR` serves extra files (tests and
 * benchmarks use it to serve ../shared/data from the same origin). Local only.
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const port = Number(opt('--port', process.env.PORT ?? 4173));
const root = path.resolve(opt('--root', 'build'));
const mounts = args.flatMap((a, i) => (args[i - 1] === '--mount' ? [a.split('=')] : [])).map(([p, d]) => [p, path.resolve(d)]);
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.geojson': 'application/geo+json', '.svg': 'image/svg+xml', '.png': 'image/png', '.csv': 'text/csv', '.parquet': 'application/octet-stream' };

if (!fs.existsSync(path.join(root, 'index.html'))) {
  console.error(`No built app in ${root}: run "npm run build" first.`);
  process.exit(1);
}

export const server = http.createServer((req, res) => {
  const url = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  let base = root;
  let rel = url;
  for (const [prefix, dir] of mounts) if (url.startsWith(prefix + '/')) { base = dir; rel = url.slice(prefix.length); }
  let file = path.join(base, path.normalize(rel));
  if (!file.startsWith(base)) { res.writeHead(403).end(); return; }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
  if (!fs.existsSync(file)) {
    if (base !== root || path.extname(url)) { res.writeHead(404).end('not found'); return; }
    file = path.join(root, 'index.html');
  }
  res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
  fs.createReadStream(file).pipe(res);
});

server.listen(port, '127.0.0.1', () => console.log(`Prevention Planner: http://127.0.0.1:${port}/  (Ctrl+C to stop)`));
