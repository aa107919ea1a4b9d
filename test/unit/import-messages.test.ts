/**
 * The import's texts in Spanish and French (import-messages.ts): every pattern recognises its
 * example, the English message rebuilds it exactly, Spanish and French say it otherwise; and real
 * errors and notes of the core, from files of the bad-input corpus, come out translated.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IMPORT_PATTERNS, importEn } from '../../src/lib/i18n/import-messages';
import { ENGINE_PATTERNS, localiseEngineText } from '../../src/lib/i18n/engine-text';
import { translate } from '../../src/lib/i18n/translate';
import type { ParamValue } from '../../src/lib/i18n/types';
import { createNodeService } from '../../src/lib/engine/node';
import type { IncidentService } from '../../src/lib/engine/service';
import { CASES, casePath } from '../corpus/cases';
import { engineOutcome } from '../corpus/outcome';
import { sizeMessage } from '../../src/lib/import/limits';
import { mappingProblems } from '../../src/lib/import/detect';
import { typeProblems } from '../../src/lib/import/column-types';
import { answerProblems, answerRule, surveyMappingProblems } from '../../src/lib/import/survey';
import { nothingKeptMessage, rejectionNotes } from '../../src/lib/import/advice';
import { nearNote, overMessage, capacityOf } from '../../src/lib/engine/capacity';
import { crsDefinition } from '../../src/lib/import/crs';
import { notATableMessage } from '../../src/lib/import/file-kind';

/** The params engine-text.ts passes: figures with grouping or decimals as numbers. */
function params(groups: Record<string, string | undefined>): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const [k, v] of Object.entries(groups)) {
    const s = v ?? '';
    out[k] = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s) || /^-?\d+\.\d+$/.test(s) ? Number(s.replace(/,/g, '')) : s;
  }
  return out;
}

/** Plural English messages: the example must also be rebuilt by the other count's form. */
const PLURAL_KEYS = Object.entries(importEn).filter(([, m]) => typeof m !== 'string').map(([k]) => k);

describe('import patterns', () => {
  it('has between 40 and 150 patterns, each key once, all of them imp.*', () => {
    expect(IMPORT_PATTERNS.length).toBeGreaterThanOrEqual(40);
    expect(IMPORT_PATTERNS.length).toBeLessThanOrEqual(150);
    expect(new Set(IMPORT_PATTERNS.map((p) => p.key)).size).toBe(IMPORT_PATTERNS.length);
    expect(IMPORT_PATTERNS.every((p) => p.key.startsWith('imp.'))).toBe(true);
    expect(Object.keys(importEn).sort()).toEqual(IMPORT_PATTERNS.map((p) => p.key).sort());
  });

  for (const p of IMPORT_PATTERNS)
    it(`${p.key}: anchored, matches its example, rebuilt in English, translated in es and fr`, () => {
      expect(p.re.source.startsWith('^') && p.re.source.endsWith('$'), 'anchored').toBe(true);
      const m = p.re.exec(p.example);
      expect(m, p.example).not.toBeNull();
      const raw = Object.fromEntries(Object.entries(m!.groups ?? {}).map(([k, v]) => [k, v ?? '']));
      expect(translate('en', p.key, raw)).toBe(p.example);
      // The first pattern that matches is this one (no earlier pattern takes its text).
      expect(ENGINE_PATTERNS.find((q) => q.re.test(p.example))?.key).toBe(p.key);
      for (const l of ['es', 'fr'] as const) {
        const out = localiseEngineText(l, p.example);
        expect(out).toBe(translate(l, p.key, params(m!.groups ?? {})));
        expect(out).not.toBe(p.example);
        expect(out).not.toMatch(/\{\w+\}/);
      }
    });

  it('plural patterns read both forms', () => {
    expect(PLURAL_KEYS.length).toBeGreaterThan(0);
    const one: Record<string, string> = {
      'imp.preamble': 'The first 1 line was a preamble (comments or a "sep=" line) and was skipped.',
      'imp.mixedEncodings': 'The file mixes encodings: 1 line (the first is line 12) are not UTF-8 and were read as Windows-1252 (Latin-1); the others as UTF-8.',
      'imp.futureDatesFormat': '1 incident is dated in the future (the latest 2091-02-18). They were kept; check the date column "date" and its format (%Y-%m-%d), for example day/month order.',
      'imp.futureDates': '2 incidents are dated in the future (the latest 2091-02-18). They were kept; check the date column "date" and its format, for example day/month order.',
      'imp.surveyNoTimeRead': '1 kept answer has no readable time of day ("time"); they count as "time not stated".',
      'imp.surveyAreas': '1 answer is about an area (a polygon, e.g. an audited street or park); each was placed at a point inside its area.',
    };
    expect(Object.keys(one).sort()).toEqual([...PLURAL_KEYS].sort());
    for (const [key, text] of Object.entries(one)) {
      const p = IMPORT_PATTERNS.find((x) => x.key === key)!;
      const m = p.re.exec(text);
      expect(m, text).not.toBeNull();
      expect(translate('en', p.key, m!.groups as Record<string, string>)).toBe(text);
      expect(localiseEngineText('es', text)).not.toBe(text);
    }
    expect(localiseEngineText('es', one['imp.preamble'])).toBe('La primera línea era un preámbulo (comentarios o una línea «sep=») y se omitió.');
  });

  it('texts of several sentences are translated sentence by sentence', () => {
    const text = 'None of the 20 rows of "no-coordinates.csv" could be imported (no coordinates: 20). Check that "latitude"/"longitude" are the right coordinate columns and hold numbers (for projected X/Y, also give their CRS).';
    expect(localiseEngineText('es', text)).toBe(
      'No se pudo importar ninguna de las 20 filas de «no-coordinates.csv» (sin coordenadas: 20). Compruebe que «latitude»/«longitude» son las columnas de coordenadas correctas y contienen números (para X/Y proyectadas, indique también su SRC).',
    );
    const two = 'Column "when" (chosen for datetime) is not in the file. Choose a date or date-time column.';
    expect(localiseEngineText('fr', two)).toBe('La colonne «\u00a0when\u00a0» (choisie pour datetime) n’est pas dans le fichier. Choisissez une colonne de date ou de date et heure.');
    expect(localiseEngineText('es', '"a.csv" has 1,500,000 rows')).toBe('"a.csv" has 1,500,000 rows');
  });

  it('figures follow the locale', () => {
    expect(localiseEngineText('es', 'Some lines are very long (the longest is 2.9 MB); they were read whole.')).toBe('Algunas líneas son muy largas (la más larga ocupa 2,9 MB); se leyeron enteras.');
    expect(localiseEngineText('fr', '1,500 of 6,000 rows were rejected (date could not be read).')).toBe('1\u202f500 lignes sur 6\u202f000 ont été rejetées (date illisible).');
  });
});

describe('real texts of the core come out in Spanish', () => {
  let s: IncidentService;
  beforeAll(async () => {
    s = await createNodeService();
  });

  /** Errors and notes of corpus files, as the engine writes them. */
  it('errors and notes of the bad-input corpus', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'imp-msg-'));
    const files = [
      'empty.csv', 'blank-lines.csv', 'header-only.csv', 'one-column.csv', 'xlsx-renamed.csv', 'binary.csv', 'report.pdf.csv',
      'unbalanced-quote.csv', 'comment-preamble.csv', 'excel-sep-hint.csv', 'no-header.csv', 'no-header-ambiguous.csv', 'gzipped.csv.gz',
      'utf16be.csv', 'latin1.csv', 'mixed-encoding.csv', 'swapped-all.csv', 'projected-xy-no-crs.csv', 'projected-in-latlon-columns.csv', 'xy-in-degrees.csv',
      'zero-and-out-of-range.csv', 'all-zero-coordinates.csv', 'no-coordinates.csv', 'dates-epoch-seconds.csv', 'dates-excel-serial.csv',
      'dates-mixed-formats.csv', 'dates-ambiguous.csv', 'dates-future.csv', 'dates-unreadable.csv', 'duplicate-ids.csv',
      'parquet-bool-coordinates.parquet', 'parquet-nested.parquet', 'parquet-truncated.parquet', 'parquet-no-rows.parquet',
      'polygons-only.geojson', 'mixed-geometries.geojson', 'truncated.geojson', 'not-geojson.json', 'single-geometry.geojson', 'too-large.csv',
    ];
    const texts: string[] = [];
    for (const f of files) {
      const c = CASES.find((x) => x.file === f)!;
      const bytes = c.sparse ? new Uint8Array(c.sparse) : new Uint8Array(fs.readFileSync(casePath(c, tmp)));
      const o = await engineOutcome(s, c.file, bytes);
      if ('error' in o) texts.push(o.error);
      texts.push(...(o.detection?.notes ?? []), ...('report' in o ? (o.report.notes ?? []) : []));
    }
    const unique = [...new Set(texts)];
    expect(unique.length).toBeGreaterThanOrEqual(40);
    expect(unique.filter((t) => localiseEngineText('es', t) === t)).toEqual([]);
    expect(unique.filter((t) => localiseEngineText('fr', t) === t)).toEqual([]);
    // No English sentence left behind in a translated text (names in «» aside).
    const english = /\b(the|could not|choose|rows|was|were)\b/;
    expect(unique.map((t) => localiseEngineText('es', t)).filter((t) => english.test(t.replace(/«[^»]*»/g, '')))).toEqual([]);
    if (process.env.SHOW_IMPORT_TEXTS) for (const t of unique) console.log(`${t}\n  es: ${localiseEngineText('es', t)}\n  fr: ${localiseEngineText('fr', t)}`);
  });

  it('messages made by the import modules', () => {
    const m = { lat: 'lat', lon: 'lon', datetime: 'when' };
    const rejected = { no_coordinates: 3, out_of_range: 0, swapped_lat_lon: 0, unparseable_date: 17, duplicate_id: 0, outside_boundary: 0 };
    const texts = [
      sizeMessage('big.csv.gz', 1.3 * 2 ** 30, 2 ** 30, true),
      sizeMessage('big.geojson', 400 * 2 ** 20, 300 * 2 ** 20),
      ...mappingProblems({}, ['a', 'b']),
      ...mappingProblems({ x: 'X', y: 'Y', datetime: 'when', id: 'gone' }, ['X', 'Y', 'when']),
      ...typeProblems({ lat: 'lat', lon: 'lon', datetime: 'when', time: 't' }, [{ name: 'lat', type: 'BOOLEAN' }, { name: 'lon', type: 'DOUBLE' }, { name: 'when', type: 'BIGINT' }, { name: 't', type: 'BOOLEAN' }]),
      ...typeProblems({ lat: 'lat', lon: 'lon', date: 'd', dateFormat: 'epoch_s' }, [{ name: 'lat', type: 'DOUBLE' }, { name: 'lon', type: 'DOUBLE' }, { name: 'd', type: 'DATE' }]),
      nothingKeptMessage('mixed.csv', 20, rejected, m),
      ...rejectionNotes(20, rejected, { ...m, dateFormat: '%d/%m/%Y' }),
      overMessage('city.csv', capacityOf(30_000_000, true)),
      nearNote(capacityOf(6_000_000, false)),
      notATableMessage('pic.csv', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 1, 2]))!,
      ...surveyMappingProblems({}, ['a']),
      ...answerProblems({ answer: 'q7' } as never),
      ...answerProblems({ answer: 'q7', answerKind: 'scale' } as never),
      answerRule({ answer: 'q7', answerKind: 'scale', scaleMin: 1, scaleMax: 5, highMeans: 'safe' } as never),
      answerRule({ answer: 'q7', answerKind: 'labels' } as never),
      answerRule({ answer: 'q7', answerKind: 'yesno', yesMeans: 'unsafe' } as never),
    ];
    try {
      crsDefinition('EPSG:9999');
    } catch (e) {
      texts.push((e as Error).message);
    }
    expect(texts.length).toBeGreaterThanOrEqual(20);
    expect(texts.filter((t) => localiseEngineText('es', t) === t)).toEqual([]);
    expect(texts.filter((t) => localiseEngineText('fr', t) === t)).toEqual([]);
  });
});
