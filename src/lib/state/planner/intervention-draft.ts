/**
 * The form behind "your own intervention": an `Intervention` as the planner types it (effects in
 * per cent, "significant" as yes/no/not stated, rights notes one per line) and back. The result
 * of `fromDraft` is plain JSON for `validateIntervention`, which has the last word; `draftProblems`
 * adds the checks a form can make before that (a citation for every effect, numbers in order),
 * phrased for the form's fields.
 */
import type { CostModel, Effect, FootprintKind, Intervention, RightsFlag } from '../../planner/catalogue';
import type { Category } from '../../planner/offence-categories';
import type { CptedPrinciple, Technique } from '../../planner/techniques';

/** One effect in the form. Percentages: −21 means 21 % fewer. */
export interface EffectDraft {
  all: boolean;
  categories: Category[];
  outcome: string;
  point: number | null;
  low: number | null;
  high: number | null;
  interval: Effect['interval'];
  significant: 'yes' | 'no' | 'unknown';
  citation: string;
  confirm: boolean;
  note: string;
}

/** The whole form. */
export interface InterventionDraft {
  id: string;
  name: string;
  description: string;
  settings: string;
  techniques: Technique[];
  cpted: CptedPrinciple[];
  footprint: FootprintKind;
  bufferM: number;
  effects: EffectDraft[];
  cost: { capital: number | null; annual: number | null; unit: CostModel['unit'] };
  /** One note per line. */
  rights: string;
  rightsFlags: RightsFlag[];
  notes: string;
}

const pct = (x: number | null) => (x === null ? null : Math.round(x * 1e6) / 1e4);
const frac = (x: number | null) => (x === null || !Number.isFinite(x) ? null : Math.round(x * 1e4) / 1e6);

/** An empty effect row. */
export function blankEffect(): EffectDraft {
  return { all: true, categories: [], outcome: '', point: null, low: null, high: null, interval: 'reported-95', significant: 'unknown', citation: '', confirm: false, note: '' };
}

/** The form for an intervention (the catalogue's own cost, if any, becomes the form's). */
export function toDraft(iv: Intervention): InterventionDraft {
  return {
    id: iv.id, name: iv.name, description: iv.description, settings: iv.settings, techniques: [...iv.techniques], cpted: [...iv.cpted],
    footprint: iv.footprint, bufferM: iv.bufferM,
    effects: iv.effects.map((e) => ({
      all: e.categories === 'all', categories: e.categories === 'all' ? [] : [...e.categories], outcome: e.outcome,
      point: pct(e.point), low: pct(e.low), high: pct(e.high), interval: e.interval,
      significant: e.significant === null ? 'unknown' : e.significant ? 'yes' : 'no', citation: e.citation, confirm: e.confirm, note: e.note ?? '',
    })),
    cost: { capital: iv.cost.capital, annual: iv.cost.annual, unit: iv.cost.unit },
    rights: iv.rights.join('\n'), rightsFlags: [...iv.rightsFlags], notes: iv.notes.join('\n'),
  };
}

const lines = (s: string) => s.split('\n').map((l) => l.trim()).filter(Boolean);

/** The intervention JSON of a form, costed in `currency` (the plan's budget currency). */
export function fromDraft(d: InterventionDraft, currency: string): Intervention {
  const hasCost = d.cost.capital !== null || d.cost.annual !== null;
  return {
    id: d.id, name: d.name.trim(), description: d.description.trim(), techniques: [...d.techniques], cpted: [...d.cpted], settings: d.settings.trim(),
    footprint: d.footprint, bufferM: d.bufferM,
    effects: d.effects.map((e) => ({
      categories: e.all ? 'all' : [...e.categories], outcome: e.outcome.trim(), point: frac(e.point), low: frac(e.low), high: frac(e.high), interval: e.interval,
      significant: e.significant === 'unknown' ? null : e.significant === 'yes', citation: e.citation.trim(), confirm: e.confirm, ...(e.note.trim() ? { note: e.note.trim() } : {}),
    })),
    cost: { currency: hasCost ? currency : null, capital: d.cost.capital, annual: d.cost.annual, unit: d.cost.unit, example: false },
    exampleCost: null, rights: lines(d.rights), rightsFlags: [...d.rightsFlags], notes: lines(d.notes), source: 'planner',
  };
}

/** What the form lacks, in the words of its fields (empty: hand it to validateIntervention). */
export function draftProblems(d: InterventionDraft): string[] {
  const out: string[] = [];
  if (!d.name.trim()) out.push('Give the intervention a name.');
  if (!(d.bufferM >= 0 && d.bufferM <= 5000)) out.push('The buffer must be between 0 and 5,000 m.');
  if (d.effects.length === 0) out.push('Add at least one effect with its source.');
  d.effects.forEach((e, i) => {
    const which = d.effects.length > 1 ? `Effect ${i + 1}: ` : '';
    if (!e.citation.trim()) out.push(`${which}name the source of the figure (authors, year, publication).`);
    if (!e.all && e.categories.length === 0) out.push(`${which}tick the offences it covers, or "all offences".`);
    if (e.point === null && (e.low !== null || e.high !== null)) out.push(`${which}give the effect itself, not only its interval.`);
    if (e.point !== null) {
      if (e.low === null || e.high === null) out.push(`${which}give the interval too (low and high); if the source gives none, enter your own and mark it "assumed".`);
      else if (!(e.low <= e.point && e.point <= e.high)) out.push(`${which}the interval must hold the effect: low ${e.low} % ≤ effect ${e.point} % ≤ high ${e.high} %.`);
      if (e.point <= -100 || (e.low !== null && e.low <= -100)) out.push(`${which}a reduction must be smaller than 100 %.`);
    }
  });
  for (const [k, v] of [['capital', d.cost.capital], ['annual', d.cost.annual]] as const) if (v !== null && !(v >= 0)) out.push(`The ${k} cost must be 0 or more.`);
  return out;
}
