/**
 * Issue 9 on the demo city: the synthetic survey (scripts/generate-survey.ts) imports with
 * read = kept + rejected, the fear–crime gap finds what was planted (survey_truth.json) — feared
 * places with little recorded crime, places both feared and recorded, a busy place recorded but not
 * feared — and no cell or group under the respondent threshold is ever published, in the engine or
 * the CLI's export. Also: GeoJSON areas and Parquet surveys, a staged incident file left alone, a
 * survey that cannot be read, the indicators and the gender lens.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Table, Utf8, makeVector, tableToIPC, vectorFromArray } from 'apache-arrow';
import { createNodeService } from '../../src/lib/engine/node';
import { writeParquet } from '../../src/lib/engine/parquet';
import { NO_CTX, type IncidentService } from '../../src/lib/engine/service';
import { fearGap, genderLens, importSurvey, indicators, perception, stageSurvey, surveyComments, surveyRejectedCsv, type SurveyGroup, type SurveyReport } from '../../src/lib/engine/analyses/survey';
import { GAP_BOTH, GAP_FEARED, GAP_RECORDED } from '../../src/lib/analysis/community/fear-gap';
import { parseArgs } from '../../src/cli/args';
import { loadCommands } from '../../src/cli/commands';
import { ROOT } from '../helpers/paths';
import { perceptionCsv, perceptionGeoJson } from '../../src/lib/community/export';
import { communityReportSection, fearedPlaces } from '../../src/lib/community/plan';
import { communitySectionHtml } from '../../src/lib/community/report-section';
import { generate, SURVEY_SEED } from '../../scripts/generate-survey';
import { getResolution } from 'h3-js';

const demo = (f: string) => path.join(ROOT, 'data/demo', f);
const truth = JSON.parse(fs.readFileSync(demo('survey_truth.json'), 'utf8')) as {
  rows: number; rejected: { no_answer: number; no_coordinates: number }; resolution: number;
  planted: { id: string; kind: string; cell: string }[];
};
const boundary = JSON.parse(fs.readFileSync(demo('boundary.geojson'), 'utf8'));
let s: IncidentService;
let demoReport: SurveyReport;

beforeAll(async () => {
  s = await createNodeService();
  const det = await s.stage('incidents.parquet', new Uint8Array(fs.readFileSync(demo('incidents.parquet'))));
  await s.import(det.mapping, boundary, false);
  const sd = await stageSurvey(s, 'survey.csv', new Uint8Array(fs.readFileSync(demo('survey.csv'))));
  demoReport = await importSurvey(s, sd.mapping, true, NO_CTX);
});

describe('the demo survey', () => {
  it('is detected without help and imports with read = kept + rejected', async () => {
    const sd = await stageSurvey(s, 'survey.csv', new Uint8Array(fs.readFileSync(demo('survey.csv'))));
    expect(sd.mapping).toMatchObject({ lat: 'latitude', lon: 'longitude', answer: 'feel_safe', answerKind: 'labels', time: 'time_of_day', sex: 'gender', age: 'age_band', placeType: 'place_type', harassed: 'harassment_experienced', reasons: 'reasons', text: 'comment' });
    const r = await importSurvey(s, sd.mapping, true, NO_CTX);
    expect(r.read).toBe(truth.rows);
    expect(r.rejected.no_answer).toBe(truth.rejected.no_answer);
    expect(r.rejected.no_coordinates).toBe(truth.rejected.no_coordinates);
    expect(r.kept + Object.values(r.rejected).reduce((a, b) => a + b, 0)).toBe(r.read);
    expect(r.answers.unsafe + r.answers.neither + r.answers.safe).toBe(r.kept);
    expect(r.bands.day + r.bands.dark + r.bands.unknown).toBe(r.kept);
    const csv = new TextDecoder().decode(surveyRejectedCsv(s)).trim().split('\n');
    expect(csv[0]).toMatch(/^respondent_id,.*,reject_reason$/);
    expect(csv).toHaveLength(1 + truth.rejected.no_answer + truth.rejected.no_coordinates);
  });

  it('finds every planted place in its fear–crime class (all answers, and after dark)', () => {
    const want: Record<string, number> = { feared_not_recorded: GAP_FEARED, feared_and_recorded: GAP_BOTH, recorded_not_feared: GAP_RECORDED };
    for (const group of [{}, { band: 'dark' as const }]) {
      const g = fearGap(s, { res: truth.resolution, k: 5, group, filter: {}, fearThreshold: 0.5, crimePercentile: 80 });
      for (const p of truth.planted) {
        const i = g.perception.cells.cells.indexOf(p.cell);
        expect(i, `${p.id} is shown`).toBeGreaterThanOrEqual(0);
        expect(g.classCode[i], `${p.id} (${p.kind}) ${JSON.stringify(group)}`).toBe(want[p.kind]);
      }
    }
  });

  it('ranks the planted dark places first among the feared cells with little recorded crime', () => {
    const g = fearGap(s, { res: truth.resolution, k: 5, group: {}, filter: {}, fearThreshold: 0.5, crimePercentile: 80 });
    const feared = g.perception.cells.cells.map((c, i) => ({ c, i })).filter(({ i }) => g.classCode[i] === GAP_FEARED).sort((a, b) => g.perception.cells.share[b.i] - g.perception.cells.share[a.i]);
    const planted = truth.planted.filter((p) => p.kind === 'feared_not_recorded').map((p) => p.cell);
    expect(feared.slice(0, planted.length).map((f) => f.c).sort()).toEqual([...planted].sort());
  });

  it('never publishes a cell or group under the threshold, for any selection and threshold', () => {
    const groups: SurveyGroup[] = [{}, { sex: ['women'] }, { sex: ['men'] }, { band: 'dark' }, { sex: ['women'], band: 'dark' }, { age: ['16–24'] }, { sex: ['non-binary'], age: ['65+'], band: 'day' }];
    let secondary = 0;
    for (const k of [3, 5, 10])
      for (const res of [8, 9])
        for (const group of groups) {
          const p = perception(s, { res, k, group });
          for (const n of p.cells.n) expect(n).toBeGreaterThanOrEqual(k);
          for (const r of p.byTime) if (r.n !== null) expect(r.n).toBeGreaterThanOrEqual(k);
          if (p.reasons) for (const r of p.reasons) expect(r.n).toBeGreaterThanOrEqual(k);
          if (p.respondents !== null) expect(p.respondents).toBeGreaterThanOrEqual(k);
          secondary += p.cells.suppressed.secondary;
        }
    expect(secondary).toBeGreaterThan(0); // the complement rule was exercised
  });

  it('computes the SDG-style indicators with definitions, breakdowns and the caveat', () => {
    const ind = indicators(s, { k: 5, representative: false });
    expect(ind.sdg1614.official).toMatch(/walking alone .* after dark/);
    expect(ind.sdg1614.basis).toMatch(/after dark/);
    expect(ind.sdg1614.caveat).toMatch(/not a representative sample/);
    const bySex = ind.sdg1614.breakdowns.find((b) => b.by === 'Sex')!.rows;
    const women = bySex.find((r) => r.group === 'women')!, men = bySex.find((r) => r.group === 'men')!;
    expect(women.share!).toBeLessThan(men.share!); // the generator makes women feel less safe after dark
    expect(ind.sdg1172.available).toBe(true);
    expect(ind.sdg1172.breakdowns.map((b) => b.by)).toEqual(['Sex', 'Age band', 'Type of place']);
    for (const b of [...ind.sdg1614.breakdowns, ...ind.sdg1172.breakdowns]) for (const r of b.rows) if (r.n !== null) expect(r.n).toBeGreaterThanOrEqual(5);
    expect(indicators(s, { k: 5, representative: true }).sdg1614.caveat).toMatch(/weights/);
  });

  it('gender lens: counts by hour and explains that addresses are not types of place', () => {
    const g = genderLens(s, { offences: ['Assault'], filter: {} });
    expect(g.total).toBe(g.hours.reduce((a, b) => a + b, 0));
    expect(g.bands.dark + g.bands.day).toBe(g.total);
    expect(g.placeTypes).toBeNull();
    expect(g.placeNote).toMatch(/addresses/);
    expect(() => genderLens(s, { offences: [], filter: {} })).toThrow(/Map at least one offence/);
  });
});

describe('exports and the plan', () => {
  it('exports only cells with at least k respondents, with the rule in the file', () => {
    for (const k of [5, 12]) {
      const g = fearGap(s, { res: 9, k, group: { sex: ['women'] }, filter: {}, fearThreshold: 0.5, crimePercentile: 80 });
      const csv = perceptionCsv(g.perception, g).trim().split('\n');
      expect(csv[0]).toMatch(new RegExp(`fewer than ${k} respondents are not included`));
      const rows = csv.filter((l) => !l.startsWith('#')).slice(1);
      expect(rows).toHaveLength(g.perception.cells.cells.length);
      for (const r of rows) expect(Number(r.split(',')[1])).toBeGreaterThanOrEqual(k);
      const fc = JSON.parse(perceptionGeoJson(g.perception, g));
      expect(fc.suppression.minRespondents).toBe(k);
      for (const f of fc.features) expect(f.properties.respondents).toBeGreaterThanOrEqual(k);
    }
  });

  it('gives the planner feared places (little recorded crime first) at its resolution, and a report section', () => {
    const g = fearGap(s, { res: 8, k: 5, group: {}, filter: {}, fearThreshold: 0.5, crimePercentile: 80 });
    const places = fearedPlaces(g, 3, 9);
    const dark = truth.planted.filter((p) => p.kind === 'feared_not_recorded').map((p) => p.cell).sort();
    expect(places.map((p) => p.cell).sort()).toEqual(dark);
    expect(places.every((p) => p.gapClass === 'feared-only' && p.cells.length === 7 && p.cells.every((c) => getResolution(c) === 9))).toBe(true);
    const sec = communityReportSection({ report: { ...demoReport, source: '<script>alert(1)</script>' }, synthetic: true, representative: false, perception: g.perception, gap: g, indicators: indicators(s, { k: 5, representative: false }) });
    expect(sec.headline.map((h) => h.sex)).toEqual(['women', 'men']);
    const html = communitySectionHtml(sec, 'en');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;');
    expect(html).toMatch(/Feared, little recorded crime/);
    expect(html).toMatch(/not a representative sample/);
    expect(communitySectionHtml(sec, 'fr')).toMatch(/Consultation des habitants/);
  });
});

describe('free text', () => {
  it('reads what respondents wrote in a published cell, and nothing in a cell the map hides', () => {
    for (const [k, group] of [[5, {}], [5, { sex: ['women'] }], [10, { band: 'dark' }]] as [number, SurveyGroup][]) {
      const per = perception(s, { res: 9, k, group });
      const shown = new Set(per.cells.cells);
      // Every published cell: only comments of the selection, capped, with the count of writers.
      let some = 0;
      for (const cell of per.cells.cells.slice(0, 40)) {
        const c = surveyComments(s, { res: 9, k, group, cell, limit: 3 });
        expect(c.published).toBe(true);
        expect(c.comments.length).toBe(Math.min(3, c.total));
        for (const x of c.comments) expect(x.text).toMatch(/^Synthetic comment: /);
        if (group.band) for (const x of c.comments) expect(x.band).toBe(group.band);
        some += c.total;
      }
      expect(some).toBeGreaterThan(0);
      // A cell with answers that the map suppresses gives nothing, not even a count.
      const all = perception(s, { res: 9, k: 3, group });
      const hidden = all.cells.cells.filter((c) => !shown.has(c));
      expect(hidden.length).toBeGreaterThan(0);
      for (const cell of hidden.slice(0, 20)) expect(surveyComments(s, { res: 9, k, group, cell })).toEqual({ cell, published: false, total: 0, comments: [] });
    }
    // A value that is not a published cell never reaches SQL.
    expect(surveyComments(s, { res: 9, k: 5, group: {}, cell: "0' OR 1=1 --" }).published).toBe(false);
  });
});

describe('the generator', () => {
  it('is deterministic and wrote the files in data/demo', () => {
    const a = generate({ seed: SURVEY_SEED, demo: path.join(ROOT, 'data/demo') });
    const stale = 'data/demo/survey.csv or survey_truth.json is stale (the demo city changed?): run npx tsx scripts/generate-survey.ts';
    expect(a.csv === fs.readFileSync(demo('survey.csv'), 'utf8'), stale).toBe(true);
    expect(JSON.stringify(a.truth, null, 2) + '\n' === fs.readFileSync(demo('survey_truth.json'), 'utf8'), stale).toBe(true);
  });
});

describe('other survey files', () => {
  it('places GeoJSON areas at a point inside them and reads a 1–5 scale from Parquet', async () => {
    const t = await createNodeService();
    const sq = (lon: number, lat: number, d: number) => [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]];
    const features = [
      ...Array.from({ length: 6 }, (_, i) => ({ type: 'Feature', properties: { safe_here: i < 4 ? 'no' : 'yes' }, geometry: { type: 'Polygon', coordinates: sq(-40, 40, 0.002) } })),
      { type: 'Feature', properties: { safe_here: 'yes' }, geometry: { type: 'Point', coordinates: [-40.01, 40.01] } },
    ];
    const sd = await stageSurvey(t, 'audit.geojson', new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features })));
    expect(sd.notes.join(' ')).toMatch(/6 answers are about an area/);
    expect(sd.mapping).toMatchObject({ answer: 'safe_here', answerKind: 'yesno', yesMeans: 'safe' });
    const r = await importSurvey(t, sd.mapping, false, NO_CTX);
    expect(r.kept).toBe(7);
    const p = perception(t, { res: 8, k: 5, group: {} });
    expect(p.cells.cells).toHaveLength(1);
    expect(p.cells.unsafe[0]).toBe(4);

    const n = 12;
    const table = new Table({
      lat: makeVector(Float64Array.from({ length: n }, (_, i) => 40 + i * 1e-5)),
      lon: makeVector(new Float64Array(n).fill(-40)),
      safety_score: makeVector(Int32Array.from({ length: n }, (_, i) => 1 + (i % 5))),
      sex: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 2 ? 'F' : 'M')), new Utf8()),
    });
    const sp = await stageSurvey(t, 'scores.parquet', writeParquet(tableToIPC(table, 'stream')));
    expect(sp.format).toBe('parquet');
    expect(sp.mapping).toMatchObject({ answer: 'safety_score', answerKind: 'scale', scaleMin: 1, scaleMax: 5, highMeans: 'safe', sex: 'sex' });
    const rp = await importSurvey(t, sp.mapping, false, NO_CTX);
    expect(rp.answers).toEqual({ unsafe: 6, neither: 2, safe: 4 }); // scores 1,2,3,4,5,1,2,3,4,5,1,2: 1–2 unsafe, 3 neither, 4–5 safe
  });

  it('leaves a staged incident file alone, and explains a survey it cannot read', async () => {
    const t = await createNodeService();
    const det = await t.stage('incidents.csv', new TextEncoder().encode('id,date,lat,lon,offence\n1,2024-01-01 10:00,40,-40,Theft\n2,2024-01-02 11:00,40.001,-40,Theft\n'));
    await stageSurvey(t, 'survey.csv', new TextEncoder().encode('lat,lon,colour\n40,-40,red\n'));
    const rep = await t.import(det.mapping, null, false);
    expect(rep.kept).toBe(2);
    const bad = await stageSurvey(t, 'survey.csv', new TextEncoder().encode('lat,lon,colour\n40,-40,red\n'));
    expect(bad.notes.join(' ')).toMatch(/No column looks like a perceived-safety answer/);
    await expect(importSurvey(t, bad.mapping, false, NO_CTX)).rejects.toThrow(/Choose the column with the perceived-safety answer/);
    await expect(importSurvey(t, { ...bad.mapping, answer: 'colour', answerKind: 'labels' }, false, NO_CTX)).rejects.toThrow(/None of the 1 rows.*answer could not be read: 1/);
    expect(() => perception(t, { res: 8, k: 5, group: {} })).toThrow(/No survey or audit data are loaded/);
    expect(() => perception(t, { res: 8, k: 2, group: {} })).toThrow();
  });
});

describe('perception command', () => {
  it('prints per-cell respondents, shares and gap classes, and no cell under --min-respondents', async () => {
    const commands = await loadCommands();
    const run = (...args: string[]) => commands.perception.run(parseArgs(args)).then((t) => JSON.parse(t));
    const j = await run('--input', demo('survey.csv'), '--incidents', demo('incidents.parquet'), '--boundary', demo('boundary.geojson'), '--res', '8', '--min-respondents', '8', '--clip');
    expect(j.read).toBe(truth.rows);
    expect(j.cells.length).toBeGreaterThan(50);
    for (const c of j.cells) {
      expect(c.respondents).toBeGreaterThanOrEqual(8);
      expect(['both-high', 'feared-only', 'recorded-only', 'both-low']).toContain(c.gapClass);
    }
    expect(j.suppressed.cells).toBeGreaterThan(0);
    const dark = truth.planted.filter((p) => p.kind === 'feared_not_recorded').map((p) => p.cell);
    for (const cell of dark) expect(j.cells.find((c: { cell: string }) => c.cell === cell).gapClass).toBe('feared-only');
    const plain = await run('--input', demo('survey.csv'), '--res', '9');
    expect(plain.gap).toBeNull();
    for (const c of plain.cells) expect(c.respondents).toBeGreaterThanOrEqual(5);
    await expect(run('--input', demo('survey.csv'), '--min-respondents', '2')).rejects.toThrow(/--min-respondents must be a whole number 3–1000/);
  });
});
