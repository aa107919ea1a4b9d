/**
 * Issue #10: the app warns before an import that will not fit (src/lib/engine/capacity.ts): a
 * Parquet file with more rows than were measured to fit is refused from its footer alone, before
 * anything is decoded, with a message that says what to do; one close to the limit gets a note;
 * a CSV's rows are estimated from its first MiB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createNodeService } from '../../src/lib/engine/node';
import { createNativeRunner } from '../../src/lib/engine/native';
import { COMFORTABLE_ROWS, MAX_BROWSER_ROWS, capacityOf, checkCapacity, csvRows, parquetRows } from '../../src/lib/engine/capacity';
import { str } from '../../src/lib/engine/engine';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-capacity-test-'));
const LONG = 600_000;
const file = (n: number) => path.join(TMP, `rows-${n}.parquet`);

beforeAll(async () => {
  // Files of many rows that compress to little: a time, coordinates and an offence per row.
  const r = await createNativeRunner({ threads: 2 });
  try {
    for (const n of [MAX_BROWSER_ROWS + 1000, COMFORTABLE_ROWS + 1000])
      await r.exec(`COPY (SELECT TIMESTAMP '2020-01-01' + to_seconds(i) AS occurred_at, 41.8 + (i % 1000) * 1e-4 AS latitude, -87.6 AS longitude, 'THEFT' AS offence
        FROM range(${n}) t(i)) TO ${str(file(n))} (FORMAT parquet, COMPRESSION zstd)`);
  } finally {
    r.close();
  }
}, LONG);

afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

describe('the capacity check', () => {
  it('refuses a file with too many rows from its footer, before decoding it, and says what to do', async () => {
    const bytes = fs.readFileSync(file(MAX_BROWSER_ROWS + 1000));
    expect(await parquetRows(bytes)).toBe(MAX_BROWSER_ROWS + 1000);
    const s = await createNodeService();
    const t0 = performance.now();
    const err = await s.stage('big.parquet', bytes).then(() => null, (e: Error) => e);
    expect(err?.message).toContain(`"big.parquet" has ${((MAX_BROWSER_ROWS + 1000) / 1e6).toFixed(1)} million rows: more than the browser can hold`);
    expect(err?.message).toMatch(/cube --input FILE --folder CUBE --engine native/);
    expect(err?.message).toMatch(/Nothing was loaded/);
    // Refused from the footer: far quicker than decoding millions of rows would be (a loose guard).
    expect(performance.now() - t0).toBeLessThan(60_000);
    await expect(s.import({ datetime: 'occurred_at', lat: 'latitude', lon: 'longitude' }, null, false)).rejects.toThrow(/No file is staged/);
  }, LONG);

  it('notes a file close to the limit, and lets a small one through without a note', async () => {
    const note = await checkCapacity('near.parquet', fs.readFileSync(file(COMFORTABLE_ROWS + 1000)));
    expect(note).toContain(`This file has ${((COMFORTABLE_ROWS + 1000) / 1e6).toFixed(1)} million rows, near what the browser can hold`);
    expect(await checkCapacity('small.csv', new TextEncoder().encode('a,b\n1,2\n'))).toBeNull();
    expect(capacityOf(100_000, false).level).toBe('fine');
  }, LONG);

  it('estimates a CSV’s rows from its first MiB', () => {
    const line = 'HX123456,01/02/2017 10:00:00 PM,041XX W MADISON ST,THEFT,41.88,-87.73\n';
    const n = 200_000;
    const bytes = new TextEncoder().encode('id,date,block,type,lat,lon\n' + line.repeat(n));
    expect(Math.abs(csvRows(bytes) - n) / n).toBeLessThan(0.01);
    expect(() => checkCapacity('huge.csv', bytes).then(() => {})).not.toThrow();
  });
});
