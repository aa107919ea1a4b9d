/**
 * Issue 4, item 4 and issue 6, item 2: repeat places and near-repeat risk zones sent to the
 * planner become placements of the catalogue intervention that carries their evidence, on the
 * right footprint and for the right time; the placements validate and score (hand-checked).
 */
import { describe, expect, it } from 'vitest';
import { cellToLatLng, latLngToCell, polygonToCells } from 'h3-js';
import type { Polygon, MultiPolygon } from 'geojson';
import { repeatPlaceCandidates, riskZoneCandidates, NEIGHBOURS_M, type ZonesInput } from '../../src/lib/analysis/repeats/candidates';
import { repeatPlaces } from '../../src/lib/analysis/repeats/repeat-places';
import { baselineFromForecast } from '../../src/lib/planner/baseline';
import { CATALOGUE } from '../../src/lib/planner/catalogue';
import { footprintCells } from '../../src/lib/planner/footprint';
import { candidateFootprint, monthsUntil, placementFromCandidate } from '../../src/lib/planner/from-candidate';
import { defaultPlan, validatePlan } from '../../src/lib/planner/plan';
import { scorePlan } from '../../src/lib/planner/score';

const DAY = 86_400_000;
const LAT = 51.5, LON = -0.12;
const burgled = repeatPlaces({
  ms: Float64Array.from([0, 2, 9, 30].map((d) => Date.UTC(2024, 0, 1) + d * DAY)),
  lat: Float64Array.from([LAT, LAT, LAT, LAT]), lon: Float64Array.from([LON, LON, LON, LON]),
  offence: ['Burglary', 'Burglary', 'Burglary', 'Burglary'], location: ['5 Rowan St', '5 Rowan Street', '5 ROWAN ST', '5 Rowan St'],
});
const plan = defaultPlan('t', '2024-02-01', 9);

describe('months until a zone ends', () => {
  it('counts whole months from the start to the end day, at least 1', () => {
    expect(monthsUntil('2024-02-01', '2024-02-01')).toBe(1);
    expect(monthsUntil('2024-02-01', '2024-03-01')).toBe(1); // 30 days
    expect(monthsUntil('2024-02-01', '2024-03-02')).toBe(2); // 31 days > 30.4375
    expect(monthsUntil('2024-02-01', '2024-01-01')).toBe(1); // already over
    expect(monthsUntil('2024-01-01', '2040-01-01')).toBe(120);
  });
});

describe('a repeat place sent to the planner', () => {
  const [c] = repeatPlaceCandidates(burgled);

  it('names the catalogue intervention behind each response, with who does it', () => {
    expect(c.name).toBe('5 Rowan St');
    expect(c.interventions.map((i) => [i.kind, i.catalogueId, i.scope])).toEqual([
      ['target-hardening', 'repeat-burglary', 'place'], ['patrol-visits', 'hot-spots-policing', 'place'], ['cocooning', 'neighbourhood-watch', 'neighbours'],
    ]);
    for (const i of c.interventions) expect(CATALOGUE.some((x) => x.id === i.catalogueId && x.effects.some((e) => e.point !== null))).toBe(true);
    expect(c.interventions[2].scoredAs).toMatch(/neighbourhood-watch figure/);
  });

  it('becomes a placement at the address (target hardening) or around it (cocooning)', () => {
    const th = placementFromCandidate(c, 'target-hardening', plan);
    expect(th).toEqual({
      intervention: 'repeat-burglary', footprint: { type: 'address', lat: LAT, lon: LON, address: '5 Rowan St' }, start: '2024-02-01', months: 12,
      label: 'Target hardening: 5 Rowan St', agencies: ['Housing', 'Police'],
    });
    const co = placementFromCandidate(c, 'cocooning', plan);
    expect(co.footprint).toEqual({ type: 'circle', lat: LAT, lon: LON, radiusM: NEIGHBOURS_M });
    expect(co.label).toBe('Cocooning of neighbours: neighbours of 5 Rowan St');
    expect(footprintCells(co.footprint, 9)).toContain(latLngToCell(LAT, LON, 9));
    expect(() => placementFromCandidate({ ...c, interventions: c.interventions.slice(0, 1) }, 'cocooning', plan)).toThrow(/offers no cocooning/);
  });

  it('validates in a plan and scores as the evidence says: −20 % of the burglaries at the address', () => {
    const p = structuredClone(plan);
    p.data.mapping = { base: 'demo' };
    p.assumptions.displacement = { pDisplacement: 0, pDiffusion: 0, maxDisplacement: 1, maxDiffusion: 1 };
    p.monteCarlo.draws = 0;
    p.placements = [{ id: 'p1', ...placementFromCandidate(c, 'target-hardening', p), bufferM: 0 }];
    const v = validatePlan(JSON.parse(JSON.stringify(p)));
    expect(v.ok).toBe(true);
    const cell = latLngToCell(LAT, LON, 9);
    const b = baselineFromForecast({ res: 9, cells: [cell], offences: ['Burglary', 'Robbery'], expected: [50, 10], horizonMonths: 12, window: { from: '2023-02-01', to: '2024-01-31' }, method: 'test' });
    const s = scorePlan(p, b);
    // Repeat-burglary prevention covers burglary only: 20 % of 50.
    expect(s.totals.net).toBeCloseTo(10, 9);
  });
});

describe('a risk zone sent to the planner', () => {
  const c0 = latLngToCell(LAT, LON, 9);
  const [lat0, lon0] = cellToLatLng(c0);
  const d = 0.004;
  const square: Polygon = { type: 'Polygon', coordinates: [[[lon0 - d, lat0 - d], [lon0 + d, lat0 - d], [lon0 + d, lat0 + d], [lon0 - d, lat0 + d], [lon0 - d, lat0 - d]]] };
  const far: Polygon = { type: 'Polygon', coordinates: [square.coordinates[0].map(([x, y]) => [x + 0.05, y])] };
  const multi: MultiPolygon = { type: 'MultiPolygon', coordinates: [square.coordinates, far.coordinates] };
  const zones: ZonesInput = {
    params: { distance: 200, days: 14, metric: 'euclidean' }, asOf: '2024-01-31',
    zones: [
      { id: 1, rows: [], incidents: 3, lon: lon0, lat: lat0, firstIncident: '2024-01-25', lastIncident: '2024-01-31', until: '2024-02-13', areaKm2: 0.3 },
      { id: 2, rows: [], incidents: 1, lon: lon0, lat: lat0, firstIncident: '2024-01-30', lastIncident: '2024-01-30', until: '2024-03-20', areaKm2: 0.12 },
      { id: 3, rows: [], incidents: 1, lon: lon0, lat: lat0, firstIncident: '2024-01-30', lastIncident: '2024-01-30', until: '2024-02-12', areaKm2: 0.12 },
    ],
  };

  it('takes its offence from the filter it was drawn under, and fits the responses to it', () => {
    const [z1] = riskZoneCandidates(zones, undefined, { filterOffences: ['Robbery'] });
    expect(z1.offences).toEqual([{ offence: 'Robbery', count: 3 }]);
    expect(z1.interventions.map((i) => [i.kind, i.catalogueId, i.scope])).toEqual([
      ['cocooning', 'neighbourhood-watch', 'zone'], ['patrol-visits', 'foot-patrol', 'zone'], ['target-hardening', 'repeat-victimisation', 'zone'],
    ]);
    // Several offences: the mix is unknown, but the responses still follow them.
    const [mixed] = riskZoneCandidates(zones, undefined, { filterOffences: ['Burglary', 'Theft from vehicle'] });
    expect(mixed.offences).toEqual([]);
    expect(mixed.interventions.map((i) => i.catalogueId)).toEqual(['neighbourhood-watch', 'hot-spots-policing', 'repeat-burglary']);
  });

  it('acts on the cells inside its outline until its risk ends', () => {
    const areas = new Map<number, Polygon | MultiPolygon>([[1, square], [2, multi]]);
    const [z1, z2, z3] = riskZoneCandidates(zones, undefined, { areas, filterOffences: ['Burglary'] });
    const p1 = placementFromCandidate(z1, 'cocooning', plan);
    expect(p1.footprint).toEqual({ type: 'polygon', coordinates: square.coordinates });
    expect(footprintCells(p1.footprint, 9)).toEqual([...polygonToCells(square.coordinates as number[][][], 9, true)].sort());
    expect(p1.months).toBe(1); // 2024-02-01 to 2024-02-13
    expect(p1.label).toBe('Cocooning of neighbours: Risk zone 1 (until 2024-02-13)');
    const p2 = placementFromCandidate(z2, 'patrol-visits', plan);
    expect(p2.months).toBe(2); // to 2024-03-20: 49 days
    const want = new Set([c0, ...polygonToCells(square.coordinates as number[][][], 9, true), ...polygonToCells(far.coordinates as number[][][], 9, true)]);
    expect(p2.footprint).toEqual({ type: 'cells', cells: [...want].sort() });
    // Without an outline: a circle of the near-repeat distance.
    expect(candidateFootprint(z3, z3.interventions[0], 9)).toEqual({ type: 'circle', lat: lat0, lon: lon0, radiusM: 200 });
  });
});
