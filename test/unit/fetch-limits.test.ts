/**
 * Downloads (Load from URL, layers by URL) check the size the server announces against the file
 * limits before reading anything, report progress as a fraction, and stop on Cancel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchBytes } from '../../src/lib/engine/dispatch';
import { MAX_SOURCE_BYTES } from '../../src/lib/import/limits';

let server: http.Server;
let base = '';
let bodyBytesSent = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/huge.csv') {
      // Announces more than the CSV limit, then would send it slowly.
      res.writeHead(200, { 'content-length': String(MAX_SOURCE_BYTES.csv + 1) });
      const t = setInterval(() => {
        bodyBytesSent += 1024;
        res.write(Buffer.alloc(1024));
      }, 5);
      res.on('close', () => clearInterval(t));
      return;
    }
    const body = Buffer.alloc(3 << 20, 65);
    res.writeHead(200, { 'content-length': String(body.length) });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('fetchBytes', () => {
  it('refuses a file whose announced size is over the limit, before reading it', async () => {
    await expect(fetchBytes(`${base}/huge.csv`)).rejects.toThrow(/"huge.csv" is too large to open in the browser: 1\.0 GiB, and the limit for this kind of file is 1\.0 GiB/);
    expect(bodyBytesSent).toBeLessThan(64 * 1024);
  });

  it('reports progress as a fraction of the announced size, and stops on Cancel', async () => {
    const seen: (number | null)[] = [];
    const ok = await fetchBytes(`${base}/small.csv`, { progress: (_s, f) => seen.push(f), checkpoint: async () => {} });
    expect(ok.length).toBe(3 << 20);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every((f) => f !== null && f > 0 && f <= 1)).toBe(true);
    const cancel = Object.assign(new Error('Cancelled'), { name: 'AbortError' });
    await expect(fetchBytes(`${base}/small.csv`, { progress: () => {}, checkpoint: async () => { throw cancel; } })).rejects.toBe(cancel);
  });
});
