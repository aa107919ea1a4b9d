/**
 * The i18n layer (issue 8 item 1): every language has exactly the English keys, the same
 * placeholders and the plural forms its language needs; every key is used somewhere in the
 * sources and every key the sources use exists; numbers and dates follow each locale.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { en } from '../../src/lib/i18n/en';
import { DICTIONARIES, formatDate, formatNumber, translate, weekdayNames } from '../../src/lib/i18n/translate';
import { LOCALES, type Message } from '../../src/lib/i18n/types';
import { REJECT_REASONS } from '../../src/lib/engine/protocol';
import { hotColdLegend } from '../../src/lib/analysis/hotspots/classes';
import { EMERGING_PATTERNS } from '../../src/lib/analysis/hotspots/emerging-patterns';
import { RANK_METHODS } from '../../src/lib/analysis/hotspots/forecast';
import { NUMERIC_DATE_FORMATS } from '../../src/lib/import/dates';
import { ROOT } from '../helpers/paths';
import { gridDisk, latLngToCell } from 'h3-js';
import { CATALOGUE } from '../../src/lib/planner/catalogue';
import { CPTED_PRINCIPLES, TECHNIQUES } from '../../src/lib/planner/techniques';
import { CATALOGUE_TEXT, cptedName, englishFingerprint, localiseIntervention, techniqueName } from '../../src/lib/i18n/catalogue';
import { baselineFromForecast, recentRateBaseline } from '../../src/lib/planner/baseline';
import { isKnownPlannerText, plannerText } from '../../src/lib/i18n/planner-texts';
import { defaultPlan } from '../../src/lib/planner/plan';
import { buildActionPlan, renderReportHtml } from '../../src/lib/planner/report';
import { scorePlan } from '../../src/lib/planner/score';
import { ENGINE_PATTERNS } from '../../src/lib/i18n/engine-text';

const placeholders = (m: Message): string[] => {
  const forms = typeof m === 'string' ? [m] : Object.values(m);
  return [...new Set(forms.flatMap((s) => [...(s as string).matchAll(/\{(\w+)\}/g)].map((x) => x[1])))].sort();
};
const enKeys = Object.keys(en).sort();

/** Every .ts/.svelte file under src/ except the dictionaries themselves. */
function sources(): string {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/src[\\/]lib[\\/]i18n[\\/][\w-]*messages\.ts$/.test(p))
        // Message files define keys; their pattern tables (engine-text.ts) use them.
        out.push(...fs.readFileSync(p, 'utf8').split('\n').filter((l) => /^\s*\{ key: '/.test(l)));
      else if (/\.(ts|svelte)$/.test(e.name) && !/src[\\/]lib[\\/]i18n[\\/](en|es|fr)\.ts$/.test(p)) out.push(fs.readFileSync(p, 'utf8'));
    }
  };
  walk(path.join(ROOT, 'src'));
  return out.join('\n');
}

/**
 * Keys built at run time from a stable domain (`t(\`reason.${r}\`)`): every member of the domain
 * has its key, and a key of the family that no source names literally must be one of the domain.
 */
const FAMILIES: { prefix: string; domain: readonly string[] }[] = [
  { prefix: 'reason.', domain: REJECT_REASONS },
  { prefix: 'class.', domain: [...hotColdLegend('p').map((c) => c.key), 'high-high', 'low-low', 'high-low', 'low-high'] },
  { prefix: 'classHelp.', domain: ['high-high', 'low-low', 'high-low', 'low-high', 'p', 'pAdjusted', 'pSim', 'pSimAdjusted'] },
  { prefix: 'pattern.', domain: EMERGING_PATTERNS.map((c) => c.key) },
  { prefix: 'patternHelp.', domain: EMERGING_PATTERNS.map((c) => c.key) },
  { prefix: 'trends.rank.', domain: RANK_METHODS },
  { prefix: 'col.', domain: Object.keys(NUMERIC_DATE_FORMATS) },
  { prefix: 'hs.method.', domain: ['gistar', 'gi', 'local-moran'] },
];

/** Template literals that build a key (`tour.${id}.title`) as patterns over whole keys. */
function keyTemplates(src: string): RegExp[] {
  return [...src.matchAll(/`([a-zA-Z][\w-]*\.[^`\s]*\$\{[^`]*)`/g)]
    .map((m) => m[1].split(/\$\{[^}]*\}/).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\w-]+'))
    .filter((p) => !/\s/.test(p))
    .map((p) => new RegExp(`^${p}$`));
}

describe('message dictionaries', () => {
  for (const l of LOCALES) {
    const d = DICTIONARIES[l] as Record<string, Message>;
    it(`${l}: exactly the English keys, no empty message`, () => {
      expect(Object.keys(d).sort()).toEqual(enKeys);
      for (const k of enKeys) {
        const forms = typeof d[k] === 'string' ? [d[k]] : Object.values(d[k]);
        for (const f of forms) expect(String(f).trim(), `${l} ${k}`).not.toBe('');
      }
    });

    it(`${l}: the same placeholders as English in every message`, () => {
      const bad = enKeys.filter((k) => placeholders(d[k]).filter((p) => p !== 'n' || typeof en[k as keyof typeof en] === 'string').join() !== placeholders(en[k as keyof typeof en]).filter((p) => p !== 'n' || typeof en[k as keyof typeof en] === 'string').join());
      expect(bad.map((k) => `${k}: ${placeholders(d[k])} vs ${placeholders(en[k as keyof typeof en])}`)).toEqual([]);
    });

    it(`${l}: plural messages have the forms the language uses`, () => {
      const rules = new Intl.PluralRules(l);
      const needed = new Set([0, 1, 2, 5, 21, 1000000].map((n) => rules.select(n)));
      for (const k of enKeys) {
        const m = d[k];
        const e = en[k as keyof typeof en] as Message;
        expect(typeof m, `${l} ${k}: plural in one language, plain in another`).toBe(typeof e);
        if (typeof m === 'string') continue;
        for (const c of needed) expect(m[c as keyof typeof m] ?? (c === 'many' ? m.other : undefined), `${l} ${k} needs "${c}"`).toBeTypeOf('string');
      }
    });
  }

  it('French messages use no-break spaces before : ; ? ! and %', () => {
    // The messages written in fr.ts itself (other modules spread into it keep their own style).
    const own = new Set([...fs.readFileSync(path.join(ROOT, 'src/lib/i18n/fr.ts'), 'utf8').matchAll(/^\s*'([^']+)':/gm)].map((m) => m[1]));
    expect(own.size).toBeGreaterThan(500);
    const bad: string[] = [];
    for (const [k, m] of Object.entries(DICTIONARIES.fr))
      for (const s of typeof m === 'string' ? [m] : Object.values(m)) if (own.has(k) && / [:;?!](\s|$)|\d %/.test(s as string)) bad.push(`${k}: ${s}`);
    expect(bad).toEqual([]);
  });

  it('Spanish and French are translations, not copies of English', () => {
    for (const l of ['es', 'fr'] as const) {
      const same = enKeys.filter((k) => JSON.stringify(DICTIONARIES[l][k as keyof typeof en]) === JSON.stringify(en[k as keyof typeof en]));
      // Names, symbols and codes may stay (PAI, "Plan", "{method}, res {res}, k = {k}"); prose may not.
      const m = (k: string) => en[k as keyof typeof en] as Message;
      const words = (k: string) => Math.max(...(typeof m(k) === 'string' ? [m(k) as string] : Object.values(m(k))).map((s) => s.replace(/\{\w+\}/g, '').match(/[A-Za-z]{3,}/g)?.length ?? 0));
      expect(same.filter((k) => words(k) > 3), l).toEqual([]);
    }
  });

  it('every key is used by the sources, and every key they use exists', () => {
    const src = sources();
    const literal = new Set([...src.matchAll(/['"`]([a-zA-Z][\w-]*(?:\.[\w-]+)+)['"`]/g)].map((m) => m[1]));
    // Keys of the core's texts are named by their patterns (engine-messages.ts, import-messages.ts).
    for (const p of ENGINE_PATTERNS) literal.add(p.key);
    const templates = keyTemplates(src);
    const unused = enKeys.filter((k) => !literal.has(k) && !templates.some((r) => r.test(k)));
    expect(unused).toEqual([]);
    for (const f of FAMILIES) {
      expect(f.domain.filter((x) => !(f.prefix + x in en)), `${f.prefix}: missing`).toEqual([]);
      const built = enKeys.filter((k) => k.startsWith(f.prefix) && !literal.has(k) && !k.slice(f.prefix.length).includes('.')).map((k) => k.slice(f.prefix.length));
      expect(built.filter((x) => !f.domain.includes(x)), `${f.prefix}: left over`).toEqual([]);
    }
    const called = [...src.matchAll(/\bt\(\s*'([a-zA-Z][\w-]*\.[\w.-]+)'/g)].map((m) => m[1]);
    expect(called.length).toBeGreaterThan(100);
    expect(called.filter((k) => !(k in en))).toEqual([]);
  });
});

describe('translate and formatting per locale', () => {
  it('fills placeholders and picks plural forms with Intl.PluralRules', () => {
    expect(translate('en', 'charts.more', { n: 1 })).toBe('and 1 more category');
    expect(translate('en', 'charts.more', { n: 3 })).toBe('and 3 more categories');
    expect(translate('es', 'charts.more', { n: 1 })).toBe('y 1 categoría más');
    expect(translate('fr', 'charts.more', { n: 0 })).toBe('et 0 autre catégorie'); // French: 0 takes the singular
    expect(translate('fr', 'charts.more', { n: 2 })).toBe('et 2 autres catégories');
    expect(translate('es', 'hs.run', { n: 9999 })).toBe('Ejecutar 9999 permutaciones'); // Spanish groups from 5 digits
    expect(translate('es', 'hs.run', { n: 99999 })).toBe('Ejecutar 99.999 permutaciones');
    expect(translate('fr', 'hs.run', { n: 9999 })).toBe('Lancer 9\u202f999 permutations');
  });

  it('formats numbers and dates for each locale', () => {
    expect(formatNumber('en', 12345.678, 1)).toBe('12,345.7');
    expect(formatNumber('es', 12345.678, 1)).toBe('12.345,7');
    expect(formatNumber('fr', 12345.678, 1)).toBe('12\u202f345,7');
    expect(formatNumber('en', -0.04, 1)).toBe('0.0');
    expect(formatNumber('fr', -2.5, 1)).toBe('−2,5');
    expect(formatNumber('en', null)).toBe('—');
    expect(formatDate('en', '2024-03-05T10:00:00')).toBe('5 Mar 2024');
    expect(formatDate('es', '2024-03-05')).toBe('5 mar 2024');
    expect(formatDate('fr', '2024-03-05')).toBe('5 mars 2024');
    expect(weekdayNames('en', 'short')).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    expect(weekdayNames('es', 'long')[0]).toBe('Lunes');
    expect(weekdayNames('fr', 'long')[6]).toBe('Dimanche');
  });
});

describe('the intervention catalogue and the action plan in Spanish and French', () => {
  it('every catalogue entry is translated from its current English, field by field', () => {
    for (const l of ['es', 'fr'] as const) {
      expect(Object.keys(CATALOGUE_TEXT[l]).sort(), l).toEqual(CATALOGUE.map((i) => i.id).sort());
      for (const iv of CATALOGUE) {
        const tx = CATALOGUE_TEXT[l][iv.id];
        // A changed English entry must be translated again (then its fingerprint updated).
        expect(tx.source, `${l} ${iv.id}: translated from other English`).toBe(englishFingerprint(iv));
        expect([tx.rights.length, tx.notes.length, tx.outcomes.length, tx.effectNotes.length], `${l} ${iv.id}`).toEqual([iv.rights.length, iv.notes.length, iv.effects.length, iv.effects.length]);
        expect(tx.effectNotes.map((n) => n === null), `${l} ${iv.id}`).toEqual(iv.effects.map((e) => e.note === undefined));
        const local = localiseIntervention(iv, l);
        for (const [a, b] of [[local.name, iv.name], [local.description, iv.description], [local.settings, iv.settings], ...local.rights.map((r, i) => [r, iv.rights[i]])])
          expect(a, `${l} ${iv.id}`).not.toBe(b);
      }
      for (const t of TECHNIQUES) expect(techniqueName(t, l)).not.toBe(t);
      for (const c of CPTED_PRINCIPLES) expect(cptedName(c, l)).not.toBe(c);
    }
  });

  it('keeps what a planner typed: only texts still equal to the catalogue are translated', () => {
    const iv = { ...CATALOGUE[0], name: 'Our lights', rights: [CATALOGUE[0].rights[0], 'Ask the residents first.'] };
    const es = localiseIntervention(iv, 'es');
    expect(es.name).toBe('Our lights');
    expect(es.rights[0]).toMatch(/^Consulte a los residentes/);
    expect(es.rights[1]).toBe('Ask the residents first.');
    expect(es.description).toBe('Reparar o mejorar las farolas de calles y caminos peatonales.');
  });

  it('writes the action plan in the chosen language, numbers and dates included', () => {
    const plan = defaultPlan('Calles seguras', '2024-01-01', 9);
    const c0 = latLngToCell(40, -40, 9);
    const cells = gridDisk(c0, 1).sort();
    plan.monteCarlo.draws = 50;
    plan.budget.amount = 100_000;
    plan.placements = [{ id: 'a', intervention: 'street-lighting', footprint: { type: 'cells', cells: [c0] }, start: '2024-01-01', months: 12, cost: 20_000 }];
    const baseline = baselineFromForecast({
      res: 9, cells, offences: ['Burglary', 'Robbery'], expected: cells.flatMap((c) => (c === c0 ? [40, 10] : [1, 0])),
      horizonMonths: 12, window: { from: '2023-01-01', to: '2023-12-31' }, method: 'test baseline',
    });
    const input = { plan, score: scorePlan(plan, baseline), date: '2024-01-15', data: { source: 'test.csv', rows: 56, from: '2023-01-01', to: '2023-12-31' } };
    const en = renderReportHtml(buildActionPlan(input));
    const es = renderReportHtml(buildActionPlan({ ...input, locale: 'es' }));
    const fr = renderReportHtml(buildActionPlan({ ...input, locale: 'fr' }));
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('<h2>1. Local diagnosis</h2>');
    expect(en).toContain('15 Jan 2024');
    expect(en).toContain('20,000 GBP');
    expect(es).toContain('<html lang="es">');
    for (const h of ['1. Diagnóstico local', '3. Acciones', '5. Presupuesto y relación beneficio–costo', '9. Derechos y privacidad', '10. Registro del método']) expect(es).toContain(`<h2>${h}</h2>`);
    expect(es).toContain('Mejora del alumbrado público');
    expect(es).toContain('Estigmatización');
    expect(es).toContain('15 ene 2024');
    expect(es).toContain('20.000 GBP');
    expect(fr).toContain('<html lang="fr">');
    for (const h of ['1. Diagnostic local', '6. Suivi', '7. Protocole d’évaluation', '8. Objectifs de développement durable']) expect(fr).toContain(`<h2>${h}</h2>`);
    expect(fr).toContain('Amélioration de l’éclairage public');
    expect(fr).toContain('15 janv. 2024');
    expect(fr).toContain('20\u202f000 GBP');
    // Only the data's own words (offence names, file name, citations) stay as they were.
    for (const english of ['Local diagnosis', 'Problems and objectives', 'Monitoring', 'Rights and privacy', 'to be assigned', 'Stigmatisation:']) {
      expect(es).not.toContain(english);
      expect(fr).not.toContain(english);
    }
  });
});

describe('the planner core’s English sentences in Spanish and French', () => {
  it('recognises every caveat, method line and optimiser note the planner writes', () => {
    const c0 = latLngToCell(40, -40, 9);
    const cells = gridDisk(c0, 1).sort();
    const plan = defaultPlan('Plan', '2024-01-01', 9);
    plan.monteCarlo.draws = 20;
    plan.budget.amount = 50_000;
    plan.budget.currency = 'USD'; // crime costs in GBP: no benefit–cost ratio
    plan.assumptions.useExampleCosts = true;
    plan.placements = [
      { id: 'a', intervention: 'cctv', footprint: { type: 'cells', cells: [c0] }, start: '2024-01-01', months: 12 },
      { id: 'late', intervention: 'street-lighting', footprint: { type: 'cells', cells: [cells[1]] }, start: '2030-01-01', months: 12, bufferM: 0 },
      { id: 'nocost', intervention: 'household-security', footprint: { type: 'cells', cells: [cells[2]] }, start: '2024-01-01', months: 12 },
    ];
    const t = (d: string) => Date.parse(d + 'T12:00:00Z');
    const rows = { n: 4, ms: Float64Array.from(['2023-03-01', '2023-05-01', '2023-08-01', '2023-12-01'], t), offence: ['Burglary', 'Robbery', 'Zzz unknown', 'Burglary'], cell: [c0, c0, cells[1], cells[2]] };
    const baseline = recentRateBaseline(rows, { res: 9, windowMonths: 24, horizonMonths: 12 });
    const s = scorePlan(plan, baseline);
    const sentences = [...s.warnings, baseline.method, s.assumptions.effectDraws, s.assumptions.quotientDraws];
    expect(sentences.length).toBeGreaterThan(8);
    for (const x of sentences) {
      expect(isKnownPlannerText(x), x).toBe(true);
      for (const l of ['es', 'fr'] as const) {
        const y = plannerText(x, l);
        expect(y, `${l}: ${x}`).not.toBe(x);
        expect(y, `${l}: ${x}`).not.toMatch(/\{\w+\}/);
      }
    }
    expect(plannerText(baseline.method, 'es')).toMatch(/^Tasa reciente constante: incidentes por celda y delito del \d+ \w+ \d{4} al/);
    expect(plannerText('Offence categories guessed from the name: Burglary → residential_burglary. Check the mapping.', 'fr')).toBe(
      'Catégories d’infractions devinées d’après le nom\u00a0: Burglary → Cambriolage de logement. Vérifiez la correspondance.',
    );
    expect(plannerText('A sentence nobody wrote a rule for.', 'es')).toBe('A sentence nobody wrote a rule for.');
  });
});
