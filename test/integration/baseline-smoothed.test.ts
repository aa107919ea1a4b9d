/**
 * The smoothed baseline against the recent rate, out of sample: each is built from the window
 * before a cut-off day and scored by Poisson deviance against the next 12 months' counts per cell
 * and offence (what a baseline is for). On the demo city (all offences, res 9) and on Chicago's
 * burglaries (2017 → 2018, res 9), smoothing forecasts the following year better, and it keeps
 * the window's total. Figures are printed for the record.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNodeService } from '../../src/lib/engine/node';
import type { IncidentColumns } from '../../src/lib/engine/service';
import { recentRateBaseline, type Baseline } from '../../src/lib/planner/baseline';
import { poissonDeviance, smoothedBaseline } from '../../src/lib/planner/baseline-smoothed';
import { ROOT, SHARED } from '../helpers/paths';

async function columns(file: string, boundary: unknown, offences: string[] | null): Promise<IncidentColumns> {
  const s = await createNodeService();
  const det = await s.stage(path.basename(file), new Uint8Array(fs.readFileSync(file)));
  await s.import(det.mapping, boundary as never, false);
  return s.incidentColumns(offences ? { offences } : {}, 9);
}

function outOfSample(rows: IncidentColumns, asOf: string, windowMonths: number) {
  const opts = { res: 9, windowMonths, horizonMonths: 12, asOf };
  const recent = recentRateBaseline(rows, opts);
  const smooth = smoothedBaseline(rows, opts);
  const k = recent.offences.length;
  const off = new Map(recent.offences.map((o, j) => [o, j]));
  const t0 = Date.parse(asOf + 'T00:00:00Z');
  const t1 = Date.UTC(Number(asOf.slice(0, 4)) + 1, Number(asOf.slice(5, 7)) - 1, Number(asOf.slice(8, 10)));
  const next = new Map<string, Float64Array>();
  for (let i = 0; i < rows.n; i++) {
    if (rows.ms[i] < t0 || rows.ms[i] >= t1) continue;
    const j = off.get(rows.offence[i]);
    if (j === undefined) continue;
    let v = next.get(rows.cell[i]);
    if (!v) next.set(rows.cell[i], (v = new Float64Array(k)));
    v[j]++;
  }
  const asMap = (b: Baseline) => new Map(b.cells.map((c, i) => [c, Float64Array.from(b.expected.subarray(i * k, (i + 1) * k))]));
  const sum = (x: Float64Array) => x.reduce((a, b) => a + b, 0);
  return { recent: poissonDeviance(next, asMap(recent), k, 1), smoothed: poissonDeviance(next, asMap(smooth), k, 1), alpha: smooth.alpha, totals: [sum(recent.expected), sum(smooth.expected)] };
}

describe('smoothed baseline, out of sample', () => {
  it('forecasts the demo city’s 2024 better than the recent rate of 2022–2023', async () => {
    const demo = path.join(ROOT, 'data/demo');
    const rows = await columns(path.join(demo, 'incidents.parquet'), JSON.parse(fs.readFileSync(path.join(demo, 'boundary.geojson'), 'utf8')), null);
    for (const w of [12, 24]) {
      const r = outOfSample(rows, '2024-01-01', w);
      console.log(`demo, ${w}-month window: Poisson deviance recent ${r.recent.toFixed(0)}, smoothed ${r.smoothed.toFixed(0)} (share kept ${r.alpha})`);
      expect(r.smoothed).toBeLessThan(r.recent);
      expect(r.alpha).toBeLessThan(1);
      expect(r.totals[1]).toBeCloseTo(r.totals[0], 6);
    }
  }, 120_000);

  it('forecasts Chicago’s 2018 burglaries better than the recent rate of 2017', async () => {
    const rows = await columns(path.join(SHARED, 'data/chicago/crimes_2015_2018.parquet'), null, ['BURGLARY']);
    const r = outOfSample(rows, '2018-01-01', 12);
    console.log(`Chicago burglary 2017 → 2018: Poisson deviance recent ${r.recent.toFixed(0)}, smoothed ${r.smoothed.toFixed(0)} (share kept ${r.alpha})`);
    expect(r.smoothed).toBeLessThan(r.recent);
    expect(r.totals[1]).toBeCloseTo(r.totals[0], 6);
  }, 300_000);
});
