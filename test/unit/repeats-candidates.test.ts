/**
 * Candidates for the planner (src/lib/analysis/repeats/candidates.ts): interventions per repeat
 * place and risk zone, and the embedded evidence text checked word for word against
 * ../shared/EVIDENCE.md (the app itself never reads ../shared). Issue #4.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repeatPlaceCandidates, riskZoneCandidates } from '../../src/lib/analysis/repeats/candidates';
import { EVIDENCE } from '../../src/lib/analysis/repeats/evidence';
import { repeatPlaces } from '../../src/lib/analysis/repeats/repeat-places';
import type { RiskZonesResult } from '../../src/lib/analysis/repeats/risk-zones';
import { shared } from '../helpers/paths';

describe('evidence', () => {
  it('quotes ../shared/EVIDENCE.md exactly (markdown emphasis aside)', () => {
    const md = fs.readFileSync(shared('EVIDENCE.md'), 'utf8').replace(/\*/g, '').replace(/\s+/g, ' ');
    for (const e of Object.values(EVIDENCE)) {
      if (e.intervention === 'Timing of repeats') {
        expect(md).toContain(e.effect.replace(/^the/, 'the'));
        expect(md).toContain('Polvi et al. 1991, British Journal of Criminology 31(4)');
        continue;
      }
      expect(md).toContain(`| ${e.intervention} | ${e.setting} | ${e.effect} | ${e.source} |`);
      expect(e.confirm).toBe(e.effect.includes('(confirm)'));
    }
  });
});

describe('candidates', () => {
  const DAY = 86_400_000;
  const input = {
    ms: Float64Array.from([0, 2, 9, 30].map((d) => Date.UTC(2024, 0, 1) + d * DAY)),
    lat: Float64Array.from([40, 40, 40, 40]), lon: Float64Array.from([-40, -40, -40, -40]),
    offence: ['Burglary', 'Burglary', 'Burglary', 'Burglary'], location: ['5 Rowan St', '5 Rowan Street', '5 ROWAN ST', '5 Rowan St'],
  };

  it('offers target hardening, patrols and cocooning for a repeatedly burgled home, with evidence', () => {
    const [c] = repeatPlaceCandidates(repeatPlaces(input));
    expect(c.source).toBe('repeat-place');
    expect(c.id).toBe('repeat:5 ROWAN ST');
    expect(c.title).toContain('5 Rowan St: 4 incidents 2024-01-01 – 2024-01-31');
    expect(c.interventions.map((i) => i.kind)).toEqual(['target-hardening', 'patrol-visits', 'cocooning']);
    expect(c.interventions[0].evidence.map((e) => e.source)).toEqual([EVIDENCE.repeatVictimisation.source, EVIDENCE.householdSecurity.source]);
    expect(c.interventions[0].caveat).toMatch(/free access to public space/);
    expect(c.rows).toEqual([0, 1, 2, 3]);
  });

  it('offers cocooning first for a risk zone, until its end date', () => {
    const z: RiskZonesResult = {
      statistic: 'risk-zones', params: { distance: 200, days: 8, metric: 'manhattan' }, asOf: '2024-01-31', lookbackDays: 8, areaKm2: 0.1,
      plane: { kind: 'local', crs: '', description: '' }, centres: [{ x: Float64Array.of(0), y: Float64Array.of(0) }],
      zones: [{ id: 1, rows: [3], incidents: 1, lon: -40, lat: 40, firstIncident: '2024-01-31', lastIncident: '2024-01-31', until: '2024-02-07', areaKm2: 0.08 }],
    };
    const [c] = riskZoneCandidates(z, input.offence);
    expect(c.until).toBe('2024-02-07');
    expect(c.interventions.map((i) => i.kind)).toEqual(['cocooning', 'patrol-visits', 'target-hardening']);
    expect(c.interventions[0].action).toContain('before 2024-02-07');
    expect(c.interventions[0].evidence).toContain(EVIDENCE.neighbourhoodWatch);
    expect(c.offences).toEqual([{ offence: 'Burglary', count: 1 }]);
  });
});
