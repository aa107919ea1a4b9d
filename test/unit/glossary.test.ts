/** The glossary: every method has an entry in English, Spanish and French, with its paper. */
import { describe, expect, it } from 'vitest';
import { GLOSSARY, GLOSSARY_IDS } from '../../src/lib/guide/glossary';
import { TOUR } from '../../src/lib/guide/tour';
import { DICTIONARIES } from '../../src/lib/i18n/translate';
import { LOCALES } from '../../src/lib/i18n/types';

describe('glossary of methods', () => {
  it('has, for each method, what it answers, what it does not and its papers, in every language', () => {
    expect(Object.keys(GLOSSARY).sort()).toEqual([...GLOSSARY_IDS].sort());
    for (const id of GLOSSARY_IDS) {
      const e = GLOSSARY[id];
      expect(e.id).toBe(id);
      expect(e.papers.length).toBeGreaterThan(0);
      for (const p of e.papers) expect(p).toMatch(/\(\d{4}\)/);
      for (const l of LOCALES) {
        const x = e.text[l];
        for (const f of [x.title, x.answers, x.not]) expect(f.trim().length, `${id} ${l}`).toBeGreaterThan(10);
      }
      // Translated, not copied.
      expect(e.text.es.answers).not.toBe(e.text.en.answers);
      expect(e.text.fr.answers).not.toBe(e.text.en.answers);
      expect(e.text.fr.not).not.toBe(e.text.es.not);
    }
  });

  it('names the methods of the tour, and the tour has its texts in every language', () => {
    const ids = TOUR.map((s) => s.id);
    expect(ids).toEqual(['explore', 'hotspots', 'repeats', 'plan', 'done']);
    expect(TOUR.map((s) => s.tab)).toEqual(['charts', 'hotspots', 'repeats', 'plan', 'charts']);
    for (const s of TOUR) {
      if (s.glossary) expect(GLOSSARY_IDS).toContain(s.glossary);
      for (const l of LOCALES) {
        const d = DICTIONARIES[l] as Record<string, unknown>;
        expect(typeof d[`tour.${s.id}.title`], `${l} tour.${s.id}.title`).toBe('string');
        expect(typeof d[`tour.${s.id}.body`]).toBe('string');
      }
    }
  });
});
