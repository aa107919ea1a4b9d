/**
 * `perception` (issue 9, item 7): a perceived-safety survey or safety audit aggregated to H3 cells —
 * respondents, share feeling unsafe (Wilson 95 % interval) per cell, cells with fewer than K
 * respondents suppressed (left out, only counted) — and, with `--incidents`, recorded crime and the
 * fear–crime gap class of each cell, as JSON.
 */
import type { FeatureCollection } from 'geojson';
import { createNodeService } from '../../lib/engine/node';
import { NO_CTX } from '../../lib/engine/service';
import { fearGap, importSurvey, perception, stageSurvey, type SurveyGroup } from '../../lib/engine/analyses/survey';
import { GAP_CLASSES } from '../../lib/analysis/community/fear-gap';
import { DEFAULT_THRESHOLD, MIN_THRESHOLD } from '../../lib/analysis/community/suppression';
import type { SurveyMapping } from '../../lib/import/survey';
import { MAX_RES, MIN_RES } from '../../lib/geo/h3bits';
import { UsageError, filterOf, intOpt, readFile, readGeoJson, type Command } from '../common';
import { choiceOpt, numOpt } from './hotspots';

const ROLES: [string, keyof SurveyMapping][] = [['lat', 'lat'], ['lon', 'lon'], ['answer', 'answer'], ['time-column', 'time'], ['sex-column', 'sex'], ['age-column', 'age'], ['id', 'id']];

export const command: Command = {
  usage: `perception --input FILE [--boundary GEOJSON] [--res N (${MIN_RES}-${MAX_RES}, default 8)] [--min-respondents K (default ${DEFAULT_THRESHOLD}, at least ${MIN_THRESHOLD})]
            [--incidents FILE [--fear SHARE (default 0.5)] [--crime-percentile P (default 80)] [incident filters as aggregate]]
            [--sex GROUP]... [--age BAND]... [--time day|dark] [--clip] [--answer COLUMN --answer-kind yesno|scale|labels
            --yes-means safe|unsafe --scale-min A --scale-max B --high-means safe|unsafe] [--lat C --lon C --time-column C --sex-column C --age-column C]`,
  async run(a) {
    const res = intOpt(a, 'res', 8, MIN_RES, MAX_RES);
    const k = intOpt(a, 'min-respondents', DEFAULT_THRESHOLD, MIN_THRESHOLD, 1000);
    const input = a.one('input');
    if (!input) throw new UsageError('--input FILE (the survey or audit file) is required.');
    const boundary = readGeoJson(a.one('boundary'));
    const service = await createNodeService();
    const incidents = a.one('incidents');
    if (incidents) {
      const det = await service.stage(incidents.split('/').pop() ?? incidents, readFile(incidents, 'Incident file'));
      await service.import(det.mapping, boundary, false);
    }
    const det = await stageSurvey(service, input.split('/').pop() ?? input, readFile(input, 'Survey file'));
    const mapping: SurveyMapping = { ...det.mapping };
    const names = det.columns.map((c) => c.name);
    for (const [opt, role] of ROLES) {
      const v = a.one(opt);
      if (v === undefined) continue;
      if (!names.includes(v)) throw new UsageError(`--${opt}: the file has no column "${v}" (columns: ${names.join(', ')}).`);
      (mapping as Record<string, unknown>)[role] = v;
    }
    if (a.one('answer-kind')) mapping.answerKind = choiceOpt(a, 'answer-kind', ['yesno', 'scale', 'labels'] as const, 'labels');
    if (a.one('yes-means')) mapping.yesMeans = choiceOpt(a, 'yes-means', ['safe', 'unsafe'] as const, 'safe');
    if (a.one('high-means')) mapping.highMeans = choiceOpt(a, 'high-means', ['safe', 'unsafe'] as const, 'safe');
    if (a.one('scale-min')) mapping.scaleMin = numOpt(a, 'scale-min', 1, -1000, 1000);
    if (a.one('scale-max')) mapping.scaleMax = numOpt(a, 'scale-max', 5, -1000, 1000);
    const report = await importSurvey(service, mapping, a.flag('clip'), NO_CTX, boundary as FeatureCollection | null);
    const time = a.one('time');
    const group: SurveyGroup = {
      sex: a.all('sex').length ? a.all('sex') : null,
      age: a.all('age').length ? a.all('age') : null,
      band: time === undefined ? null : choiceOpt(a, 'time', ['day', 'dark'] as const, 'dark'),
    };
    const gap = incidents ? fearGap(service, { res, k, group, filter: filterOf(a), fearThreshold: numOpt(a, 'fear', 0.5, 0.01, 1), crimePercentile: numOpt(a, 'crime-percentile', 80, 1, 99) }) : null;
    const per = gap ? gap.perception : perception(service, { res, k, group });
    const c = per.cells;
    const label = new Map(GAP_CLASSES.map((g) => [g.code, g.key]));
    return JSON.stringify({
      source: report.source, read: report.read, kept: report.kept, rejected: report.rejected, rule: report.rule,
      res, minRespondents: k, group,
      respondents: per.respondents,
      suppressed: { cells: c.suppressed.primary + c.suppressed.secondary, belowThreshold: c.suppressed.primary, secondary: c.suppressed.secondary, respondents: c.suppressed.respondents },
      ...(gap ? { gap: { rule: gap.rule, fearThreshold: numOpt(a, 'fear', 0.5, 0.01, 1), crimeThreshold: gap.crimeCut, crimeFilter: gap.crimeFilter, classes: gap.classCounts } } : { gap: null, note: 'Give --incidents FILE for recorded crime and the fear–crime gap class of each cell.' }),
      cells: c.cells.map((cell, i) => ({
        cell, respondents: c.n[i], unsafe: c.unsafe[i], neither: c.neither[i], safe: c.safe[i], shareUnsafe: c.share[i], lo: c.lo[i], hi: c.hi[i],
        ...(gap ? { recorded: gap.crime[i], gapClass: label.get(gap.classCode[i]) } : {}),
      })),
    });
  },
};
