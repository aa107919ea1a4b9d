/**
 * The analyses' texts in the UI's language (src/lib/i18n/engine-text.ts, engine-messages.ts):
 * every pattern matches its example, the English message rebuilds the example exactly (so the
 * pattern and the core's wording cannot drift apart unnoticed), Spanish and French differ; and
 * texts the core really writes (hot-spot k, kernel bandwidth, forecasts, failures, survey bases)
 * come out translated, with figures in the locale's style. A text no pattern knows stays English.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths';
import { ENGINE_PATTERNS, localiseEngineText } from '../../src/lib/i18n/engine-text';
import { ANALYSIS_PATTERNS } from '../../src/lib/i18n/engine-messages';
import { hasKey, translate } from '../../src/lib/i18n/translate';
import { suggestK } from '../../src/lib/analysis/hotspots/weights';
import { silvermanBandwidth } from '../../src/lib/analysis/hotspots/kernel-density';
import { describeFailure } from '../../src/lib/engine/failure';
import { CUBE_ONLY_COUNTS } from '../../src/lib/engine/cube';
import { rng } from '../../src/lib/analysis/random';
import { checkManifest, PROJECT_FORMAT } from '../../src/lib/persist/manifest';

describe('engine text patterns', () => {
  it('each is anchored, matches its example, and its English message rebuilds the example exactly', () => {
    expect(ANALYSIS_PATTERNS.length).toBeGreaterThanOrEqual(25);
    const keys = new Set<string>();
    for (const p of ENGINE_PATTERNS) {
      expect(keys.has(p.key), p.key).toBe(false);
      keys.add(p.key);
      expect(p.re.source.startsWith('^') && p.re.source.endsWith('$'), p.key).toBe(true);
      const m = p.re.exec(p.example);
      expect(m, `${p.key} does not match its example`).not.toBeNull();
      expect(translate('en', p.key, { ...(m!.groups ?? {}) }), p.key).toBe(p.example);
      for (const l of ['es', 'fr'] as const) {
        const out = localiseEngineText(l, p.example);
        expect(out, `${l} ${p.key}`).not.toBe(p.example);
        expect(out, `${l} ${p.key}: a placeholder left unfilled`).not.toMatch(/\{\w+\}/);
      }
    }
  });

  it('leaves English as it is, and a text no pattern knows as it is', () => {
    const s = 'Something the core wrote that nobody translated.';
    expect(localiseEngineText('es', s)).toBe(s);
    expect(localiseEngineText('en', ANALYSIS_PATTERNS[0].example)).toBe(ANALYSIS_PATTERNS[0].example);
  });
});

describe('texts the core writes', () => {
  it('hot-spot neighbourhoods, with plural rings and figures in the locale style', () => {
    const one = suggestK(161_857, 785, 9).explanation;
    expect(localiseEngineText('es', one)).toMatch(/^k = 1: con 206 incidentes por celda de media, un vecindario de 1 anillo \(7 celdas/);
    const few = suggestK(40, 800, 9).explanation;
    expect(few).toMatch(/still fewer than/);
    expect(localiseEngineText('fr', few)).toMatch(/^k = 5\u00a0: avec 0,05 incidents par cellule en moyenne, un voisinage de 5 anneaux .*encore moins de 10/);
  });

  it('the kernel bandwidth rule', () => {
    const r = rng(1);
    const lat = Float64Array.from({ length: 500 }, () => 41.8 + r.next() * 0.1);
    const lon = Float64Array.from({ length: 500 }, () => -87.7 + r.next() * 0.1);
    const rule = silvermanBandwidth({ lat, lon }).rule;
    expect(localiseEngineText('es', rule)).toMatch(/^Regla espacial de Silverman \(como ArcGIS Pro\): 0,9 × mín\(distancia estándar \d+ m/);
  });

  it('memory and engine failures, with what the engine was doing, sentence by sentence', () => {
    const oom = describeFailure(new Error('Out of Memory Error: failed to allocate block of 262144 bytes'), 'import').message;
    const es = localiseEngineText('es', oom);
    expect(es).toMatch(/^El navegador se quedó sin memoria al importar los datos \(Out of Memory Error: failed to allocate block of 262144 bytes\)\. Cierre otras pestañas/);
    expect(es).toMatch(/no está limitada por la memoria de una pestaña del navegador\.$/);
    const trap = describeFailure(new WebAssembly.RuntimeError('unreachable'), 'hotspots').message;
    expect(localiseEngineText('fr', trap)).toMatch(/^Le moteur de données a échoué en exécutant «\u00a0hotspots\u00a0» \(unreachable\)\. Il a été redémarré/);
    expect(localiseEngineText('fr', CUBE_ONLY_COUNTS)).toMatch(/^Un cube est ouvert/);
  });

  it('the Knox limit, with the count written the locale way', () => {
    const knox = 'About 58 million pairs of these 161,857 incidents lie within 400 m of each other — too many to permute here (the limit is 40 million). Narrow the filters (one offence type, e.g. burglary; a shorter period) or use a smaller last distance band.';
    expect(localiseEngineText('es', knox)).toMatch(/^Unos 58 millones de pares de estos 161\.857 incidentes/);
    expect(localiseEngineText('fr', knox)).toMatch(/^Environ 58 millions de paires de ces 161\u202f857 incidents/);
  });
});

describe('progress stages', () => {
  it('every fixed stage the engine reports is translated (the CLI-only cube builder aside)', () => {
    const stages = new Set<string>();
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.ts$/.test(e.name) && !/cube-build\.ts$/.test(e.name)) for (const m of fs.readFileSync(p, 'utf8').matchAll(/\bprogress\('([^']+)'/g)) stages.add(m[1]);
      }
    };
    walk(path.join(ROOT, 'src/lib'));
    expect(stages.size).toBeGreaterThan(25);
    const left = [...stages].filter((s) => localiseEngineText('es', s) === s || localiseEngineText('fr', s) === s);
    expect(left).toEqual([]);
    expect(localiseEngineText('fr', 'Monte Carlo: 1,000 draws')).toBe('Monte-Carlo\u00a0: 1\u202f000 tirages');
  });
});

describe('checks of a project file', () => {
  it('say what is wrong in the UI language, joined problems sentence by sentence', () => {
    const bad = checkManifest({ format: PROJECT_FORMAT, version: 99 });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    const msg = bad.errors.join(' ');
    expect(localiseEngineText('es', msg)).toMatch(/^El proyecto se guardó con una versión más reciente de la aplicación/);
    const other = checkManifest('not an object');
    expect(other.ok || localiseEngineText('fr', other.errors.join(' '))).toBe('project.json n’est pas un objet JSON.');
  });
});

describe('names of saved settings', () => {
  it('every setting a restored project may skip has its name in each language', () => {
    const src = fs.readFileSync(path.join(ROOT, 'src/lib/persist/state.ts'), 'utf8');
    const names = new Set<string>();
    for (const m of src.matchAll(/\ba\.(?:num|oneOf|text|bool|ints|texts)\([^,]+,\s*'([^']+)'/g)) names.add(m[1]);
    for (const m of src.matchAll(/readArea\(a,[^,]+,\s*'([^']+)'/g)) names.add(m[1]);
    for (const m of src.matchAll(/skipped\.push\('([^']+)'\)/g)) names.add(m[1]);
    expect(names.size).toBeGreaterThan(50);
    const slug = (w: string) => w.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    expect([...names].filter((n) => !hasKey(`proj.setting.${slug(n)}`))).toEqual([]);
    for (const n of names) expect(translate('en', `proj.setting.${slug(n)}` as never)).toBe(n);
  });
});
