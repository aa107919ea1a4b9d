/**
 * Issue 9, item 1: reading survey and audit answers — column roles from names, the answer type
 * (yes/no, scale, labels) and its direction, time of day, respondent groups, reasons, types of
 * place and the gender lens's offence suggestions.
 */
import { describe, expect, it } from 'vitest';
import {
  NEITHER, NO_ANSWER, SAFE, UNREADABLE, UNSAFE, ageOf, answerProblems, answerRule, detectAnswer, detectSurveyMapping, feelOf, meansUnsafe,
  reasonsOf, reasonsUseCommas, sexOf, timeOf, yesNoOf,
} from '../../src/lib/import/survey';
import { looksLikeDescriptions, placeTypeOf } from '../../src/lib/analysis/community/place-type';
import { offencesFor, suggestCategories } from '../../src/lib/analysis/community/gender-lens';

describe('column roles', () => {
  it('recognises the usual names, reasons and harassment before the answer', () => {
    const m = detectSurveyMapping(['Respondent ID', 'Latitude', 'Longitude', 'Do you feel safe here?', 'Time of day', 'Gender', 'Age group', 'Place type', 'Harassment experienced', 'Reasons unsafe', 'Comments']);
    expect(m).toEqual({
      id: 'Respondent ID', lat: 'Latitude', lon: 'Longitude', answer: 'Do you feel safe here?', time: 'Time of day', sex: 'Gender', age: 'Age group',
      placeType: 'Place type', harassed: 'Harassment experienced', reasons: 'Reasons unsafe', text: 'Comments',
    });
    expect(detectSurveyMapping(['x', 'y', 'fear_score']).answer).toBe('fear_score');
    expect(detectSurveyMapping(['lat', 'lon', 'colour']).answer).toBeUndefined();
  });
});

describe('answers', () => {
  it('detects yes/no, with the direction from the question', () => {
    expect(detectAnswer(['Yes', 'no', 'YES', ''], 'feel_safe')).toEqual({ answerKind: 'yesno', yesMeans: 'safe' });
    expect(detectAnswer(['1', '0'], 'felt_unsafe')).toEqual({ answerKind: 'yesno', yesMeans: 'unsafe' });
    expect(meansUnsafe('Are you afraid here?')).toBe(true);
  });
  it('detects a numeric scale and snaps its ends to a usual scale', () => {
    expect(detectAnswer(['2', '3', '5', '4'], 'safety_rating')).toEqual({ answerKind: 'scale', scaleMin: 1, scaleMax: 5, highMeans: 'safe' });
    expect(detectAnswer(['0', '3', '8'], 'fear_level')).toEqual({ answerKind: 'scale', scaleMin: 0, scaleMax: 10, highMeans: 'unsafe' });
    expect(detectAnswer(['1.5', '2'], 'safe')).toBeNull();
  });
  it('detects labels, and gives up on values it cannot read', () => {
    expect(detectAnswer(['Very safe', 'Fairly unsafe', 'Neither safe nor unsafe', 'Very unsafe'], 'q1')).toEqual({ answerKind: 'labels' });
    expect(detectAnswer(['red', 'green', 'blue'], 'q1')).toBeNull();
  });
  it('reads each answer under the settings', () => {
    const yes = { answer: 'q', answerKind: 'yesno' as const, yesMeans: 'safe' as const };
    expect([feelOf('Yes', yes), feelOf('n', yes), feelOf("Don't know", yes), feelOf('maybe', yes), feelOf('', yes), feelOf('N/A', yes)]).toEqual([SAFE, UNSAFE, NEITHER, UNREADABLE, NO_ANSWER, NO_ANSWER]);
    expect(feelOf('yes', { ...yes, yesMeans: 'unsafe' })).toBe(UNSAFE);
    const scale = { answer: 'q', answerKind: 'scale' as const, scaleMin: 1, scaleMax: 5, highMeans: 'safe' as const };
    expect(['1', '2', '3', '4', '5', '6', '2,0'].map((v) => feelOf(v, scale))).toEqual([UNSAFE, UNSAFE, NEITHER, SAFE, SAFE, UNREADABLE, UNSAFE]);
    expect(feelOf('1', { ...scale, highMeans: 'unsafe' })).toBe(SAFE);
    expect(feelOf('2', { ...scale, scaleMax: 4 })).toBe(UNSAFE); // even scale: no middle answer
    const labels = { answer: 'q', answerKind: 'labels' as const };
    expect(['Very unsafe', 'not safe at all', 'Neither safe nor unsafe', 'Fairly safe', 'Inseguro', 'purple'].map((v) => feelOf(v, labels))).toEqual([UNSAFE, UNSAFE, NEITHER, SAFE, UNSAFE, UNREADABLE]);
  });
  it('names what is missing and states the rule', () => {
    expect(answerProblems({})[0]).toMatch(/perceived-safety answer/);
    expect(answerProblems({ answer: 'q' })[0]).toMatch(/how to read/);
    expect(answerProblems({ answer: 'q', answerKind: 'scale', scaleMin: 5, scaleMax: 1 })[0]).toMatch(/two ends/);
    expect(answerRule({ answer: 'q', answerKind: 'scale', scaleMin: 1, scaleMax: 5, highMeans: 'safe' })).toMatch(/from 1 to 5 where 5 is safest.*3 as neither/);
  });
});

describe('time, groups, reasons', () => {
  it('reads times of day and bands (after dark = 20:00–05:59)', () => {
    expect(timeOf('21:30')).toEqual({ band: 'dark', hour: 21 });
    expect(timeOf('5')).toEqual({ band: 'dark', hour: 5 });
    expect(timeOf('6')).toEqual({ band: 'day', hour: 6 });
    expect(timeOf('7 pm')).toEqual({ band: HOURS_BAND(19), hour: 19 });
    expect(timeOf('8 p.m.')).toEqual({ band: 'dark', hour: 20 });
    expect(timeOf('2024-03-02 23:10:00')).toEqual({ band: 'dark', hour: 23 });
    expect(timeOf('After dark').band).toBe('dark');
    expect(timeOf('Noche').band).toBe('dark');
    expect(timeOf('daytime').band).toBe('day');
    expect(timeOf('both day and night').band).toBeNull();
    expect(timeOf('').band).toBeNull();
  });
  it('normalises sex and age but never requires them', () => {
    expect(['F', 'Woman', 'mujer', 'M', 'male', 'Non-binary', '', 'prefer not to say', null].map(sexOf)).toEqual(['women', 'women', 'women', 'men', 'men', 'non-binary', null, null, null]);
    expect(['17', '24', '25', '70', '18 - 24', 'NA', '130'].map(ageOf)).toEqual(['under 18', '18–24', '25–34', '65 and over', '18–24', null, null]);
    expect(['yes', 'No', 'maybe'].map(yesNoOf)).toEqual([true, false, null]);
  });
  it('splits and canonicalises reasons', () => {
    expect(reasonsOf('Poor street lighting; nobody around | was followed', false)).toEqual(['poor lighting', 'no people around', 'harassment experienced']);
    expect(reasonsOf('dark, isolated', true)).toEqual(['poor lighting', 'isolated']);
    expect(reasonsOf('something else entirely', false)).toEqual(['something else entirely']);
    expect(reasonsUseCommas(['a, b', null])).toBe(true);
    expect(reasonsUseCommas(['a; b, c'])).toBe(false);
  });
});

describe('types of place and the gender lens', () => {
  it('types place descriptions and tells them from addresses', () => {
    expect(['STREET', 'CTA BUS STOP', 'PARK PROPERTY', 'PARKING LOT/GARAGE(NON.RESID.)', 'APARTMENT', 'BAR OR TAVERN', 'SCHOOL, PUBLIC, BUILDING', 'SMALL RETAIL STORE', 'VEHICLE NON-COMMERCIAL', '', 'car park'].map(placeTypeOf))
      .toEqual(['street', 'transit', 'park', 'parking', 'residence', 'bar / nightlife', 'school', 'shop / business', 'vehicle', null, 'parking']);
    expect(looksLikeDescriptions([{ value: 'STREET', count: 500 }, { value: 'RESIDENCE', count: 300 }, { value: 'OTHER', count: 50 }])).toBe(true);
    const addresses = Array.from({ length: 3000 }, (_, i) => ({ value: `${100 + i} Harbour St`, count: 2 }));
    expect(looksLikeDescriptions(addresses)).toBe(false);
  });
  it('suggests categories from offence names, for the user to confirm', () => {
    expect(suggestCategories('CRIMINAL SEXUAL ASSAULT')).toEqual(['sexual']);
    expect(suggestCategories('STALKING')).toEqual(['harassment']);
    expect(suggestCategories('Domestic abuse')).toEqual(['vawg']);
    expect(suggestCategories('Burglary')).toEqual([]);
    expect(offencesFor({ A: ['sexual'], B: ['harassment'], C: [] }, ['sexual', 'vawg'])).toEqual(['A']);
  });
});

function HOURS_BAND(h: number): 'day' | 'dark' {
  return h >= 20 || h < 6 ? 'dark' : 'day';
}
