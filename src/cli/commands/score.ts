/**
 * `score`: scores a plan file (the JSON the app saves) against incidents: baseline, expected
 * incidents and harm prevented per placement and for the plan, costs, benefit–cost ratio and
 * Monte Carlo intervals, as JSON. `--report FILE` also writes the printable action plan (HTML).
 */
import fs from 'node:fs';
import { planBaseline } from '../../lib/planner/baseline-smoothed';
import { validatePlan } from '../../lib/planner/plan';
import { buildActionPlan, renderReportHtml } from '../../lib/planner/report';
import { scorePlan } from '../../lib/planner/score';
import { UsageError, intOpt, loadIncidents, readFile, type Command } from '../common';
import { isLocale } from '../../lib/i18n/translate';
import { LOCALES } from '../../lib/i18n/types';

export const command: Command = {
  usage: `score     --input FILE --plan PLAN.json [--seed S] [--draws N] [--boundary GEOJSON] [--preset NAME]
            [--report REPORT.html] [--lang en|es|fr (the report's language)] [--suppress-below N (default 5)] [--out FILE]`,
  async run(a) {
    const planPath = a.one('plan');
    if (!planPath) throw new UsageError('--plan PLAN.json is required.');
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(readFile(planPath, 'Plan file')));
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`Plan file "${planPath}" is not valid JSON: ${(e as Error).message}`);
    }
    const v = validatePlan(json);
    if (!v.ok) throw new UsageError(`The plan is not valid:\n  ${v.errors.join('\n  ')}`);
    const plan = v.value;
    const seed = a.one('seed') === undefined ? undefined : intOpt(a, 'seed', 0, 0, 4294967295);
    const draws = a.one('draws') === undefined ? undefined : intOpt(a, 'draws', 0, 0, 100_000);
    const suppressBelow = intOpt(a, 'suppress-below', 5, 0, 1000);
    const lang = a.one('lang') ?? 'en';
    if (!isLocale(lang)) throw new UsageError(`--lang must be one of ${LOCALES.join(', ')}, got "${lang}".`);
    const { service, report } = await loadIncidents(a);
    const filter = { offences: plan.data.offences, hours: plan.data.hours, weekdays: plan.data.weekdays };
    const rows = service.incidentColumns(filter, plan.data.res);
    const baseline = planBaseline(rows, plan);
    const score = scorePlan(plan, baseline, { seed, draws });
    const htmlPath = a.one('report');
    if (htmlPath) {
      const model = buildActionPlan({
        plan, score, date: new Date().toISOString().slice(0, 10), suppressBelow, locale: lang,
        data: { source: report.source, rows: rows.n, from: report.from, to: report.to, synthetic: plan.data.mapping.base === 'demo' },
      });
      fs.writeFileSync(htmlPath, renderReportHtml(model));
    }
    return JSON.stringify({ rows: { read: report.read, kept: report.kept, selected: rows.n }, validation: { warnings: v.warnings }, score });
  },
};
