/**
 * The planner core (src/lib/planner: scoring, baseline, optimiser) writes its caveats and method
 * lines in English, for the CLI and the tests as much as for the app. This module rewrites each of
 * those sentences into the user's language by recognising its English template; a sentence it
 * does not know is shown as it is (English), never dropped. test/unit/i18n.test.ts produces the
 * sentences from the real planner code and checks that every one is recognised, so a changed
 * English template fails a test instead of silently staying untranslated.
 */
import { interventionName } from './catalogue';
import { CATALOGUE } from '../planner/catalogue';
import { formatDate, formatNumber, hasKey, translate } from './translate';
import type { Locale, MessageKey } from './types';

type Rule = { re: RegExp; key: MessageKey; params: (m: RegExpExecArray, l: Locale) => Record<string, string> };

const byName = new Map(CATALOGUE.map((i) => [i.name, i.id]));
/** "Improved street lighting, CCTV (general)" → the names in the language. */
const names = (list: string, l: Locale) => list.split(', ').map((n) => (byName.has(n) ? interventionName(byName.get(n)!, n, l) : n)).join(', ');
const category = (c: string, l: Locale) => (hasKey(`category.${c}`) ? translate(l, `category.${c}` as MessageKey) : c);
const num = (s: string, l: Locale, digits = 0) => formatNumber(l, Number(s), digits);

const RULES: Rule[] = [
  {
    re: /^(Constant recent rate: .+ No trend or seasonality\.) Smoothed over neighbouring cells: each cell keeps (\d+) % of its expected incidents and shares the rest equally with the cells around it \(H3 ring 1\); the share was chosen by forecasting the second half of the window from the first \(Poisson deviance ([\d.]+|—) against ([\d.]+|—) without smoothing\)\.$/,
    key: 'pt.smoothed',
    params: (m, l) => ({ recent: plannerText(m[1], l), own: m[2], dev: m[3] === '—' ? '—' : num(m[3], l, 1), dev0: m[4] === '—' ? '—' : num(m[4], l, 1) }),
  },
  { re: /^Effect figures to confirm \(secondary source\): (.+)\.$/, key: 'pt.confirm', params: (m, l) => ({ list: names(m[1], l) }) },
  { re: /^Effect intervals assumed \(the evidence base gives a point only\): (.+)\.$/, key: 'pt.assumed', params: (m, l) => ({ list: names(m[1], l) }) },
  { re: /^Harm weights from a secondary table \(confirm\): (.+)\.$/, key: 'pt.harmConfirm', params: (m) => ({ name: m[1] }) },
  {
    re: /^Offence categories guessed from the name: (.+)\. Check the mapping\.$/, key: 'pt.guessed',
    params: (m, l) => ({ list: m[1].split(', ').map((x) => x.replace(/ → (\w+)$/, (_, c: string) => ` → ${category(c, l)}`)).join(', ') }),
  },
  { re: /^Offences with no category \(not harm-weighted, only "all crime" evidence applies\): (.+)\.$/, key: 'pt.noCategory', params: (m) => ({ list: m[1] }) },
  { re: /^Unknown costs for placements (.+): totals and ratios leave them out or are not given\.$/, key: 'pt.unknownCosts', params: (m) => ({ list: m[1] }) },
  { re: /^Some costs are illustrative examples, not prices\.$/, key: 'pt.examples', params: () => ({}) },
  { re: /^Crime costs are in (\S+), the budget in (\S+): no benefit–cost ratio\.$/, key: 'pt.currencies', params: (m) => ({ crime: m[1], budget: m[2] }) },
  { re: /^Placement (.+) is not active within the horizon\.$/, key: 'pt.inactive', params: (m) => ({ id: m[1] }) },
  { re: /^Placement (.+) has no buffer: displacement and diffusion are not modelled for it\.$/, key: 'pt.noBuffer', params: (m) => ({ id: m[1] }) },
  { re: /^Only spatial displacement into the buffer is modelled; temporal, tactical, target and offence displacement are not\.$/, key: 'pt.spatialOnly', params: () => ({}) },
  {
    re: /^Constant recent rate: incidents per cell and offence from (\S+) to (\S+) \(([\d.]+) months( \(the data start later than the (\d+) months asked\))?\), scaled by (\d+)\/([\d.]+) to a (\d+)-month horizon\. No trend or seasonality\.$/,
    key: 'pt.baseline',
    params: (m, l) => ({
      from: formatDate(l, m[1]), to: formatDate(l, m[2]), months: num(m[3], l, 1), short: m[4] ? translate(l, 'pt.baselineShort', { asked: m[5] }) : '',
      horizon: m[6], covered: num(m[7], l, 2),
    }),
  },
  { re: /^triangular on the log rate ratio over each effect interval \(mode at the point\); one draw per effect shared by its placements$/, key: 'pt.effectDraws', params: () => ({}) },
  { re: /^per placement: displacement −U\(0, max\) with pDisplacement, diffusion U\(0, max\) with pDiffusion, else 0$/, key: 'pt.quotientDraws', params: () => ({}) },
  {
    re: /^(\d+) group\(s\) of more than (\d+) interacting candidates \(largest (\d+)\) were searched greedily: approximate within those groups\.$/, key: 'pt.greedy',
    params: (m) => ({ groups: m[1], max: m[2], largest: m[3] }),
  },
  {
    re: /^Costs rounded up to units of ([\d.]+) (\S+) to keep the search table small: every plan found fits the budget, but one that fits only with exact costs may be missed\.$/, key: 'pt.rounded',
    params: (m, l) => ({ unit: num(m[1], l, 2), currency: m[2] }),
  },
  { re: /^(\d+) candidate\(s\) left out: see "excluded"\.$/, key: 'pt.leftOut', params: (m) => ({ n: m[1] }) },
  {
    re: /^Scored jointly, the chosen plan prevents ([\d.-]+) harm units, not the ([\d.-]+) its groups add to \(diffusion floored at zero where buffers meet\): approximate\.$/, key: 'pt.joint',
    params: (m, l) => ({ joint: num(m[1], l, 2), sum: num(m[2], l, 2) }),
  },
  { re: /^unknown cost \((.+)\)$/, key: 'budget.unknownCost', params: (m, l) => ({ note: m[1] === 'no cost model' ? translate(l, 'budget.noCostModel') : m[1] }) },
  { re: /^costs more than the whole budget$/, key: 'budget.overBudget', params: () => ({}) },
  { re: /^(.+); figures from a secondary table \(confirm\)$/, key: 'pt.secondaryCitation', params: (m) => ({ citation: m[1] }) },
  {
    re: /^(\d+) incidents lie in both the treated side and the control side \(the areas or their buffers overlap\); they were counted as treated side\. Move the control further away\.$/, key: 'pt.overlap',
    params: (m, l) => ({ n: num(m[1], l) }),
  },
  { re: /^Fewer than 20 incidents in the treated area: the evaluation has little power\.$/, key: 'pt.lowPower', params: () => ({}) },
  { re: /^the control area has no incidents before or after$/, key: 'pt.wdqNoControl', params: () => ({}) },
  { re: /^the treated area did not improve relative to the control \(denominator not negative\)$/, key: 'pt.wdqNoGain', params: () => ({}) },
];

/** One of the planner core's English sentences in `locale`; unknown sentences come back unchanged. */
export function plannerText(text: string, locale: Locale): string {
  if (locale === 'en') return text;
  for (const r of RULES) {
    const m = r.re.exec(text);
    if (m) return translate(locale, r.key, r.params(m, locale));
  }
  return text;
}

/** Whether a sentence is one this module knows (for the tests). */
export function isKnownPlannerText(text: string): boolean {
  return RULES.some((r) => r.re.test(text));
}
