/**
 * Survey and safety-audit answers: which column plays which role (place, the perceived-safety
 * answer, time of day, respondent group, reasons, free text), how the answer is read (yes/no, a
 * numeric scale or labels such as "very unsafe"), and the parsing of every optional field. Pure
 * functions: the engine (engine/analyses/survey.ts) applies them to the staged rows.
 *
 * Respondent groups (sex, age band) are optional and never required; a respondent without them
 * counts in every view that does not filter by them.
 */

/** Roles a source column can play in a survey or audit record. */
export interface SurveyMapping {
  id?: string;
  lat?: string;
  lon?: string;
  x?: string;
  y?: string;
  crs?: string;
  /** The perceived-safety answer. */
  answer?: string;
  /** How to read it; absent = detect. */
  answerKind?: AnswerKind;
  /** For yes/no answers: whether "yes" means feeling safe or unsafe. */
  yesMeans?: 'safe' | 'unsafe';
  /** For a numeric scale: its ends and which end is safe. */
  scaleMin?: number;
  scaleMax?: number;
  highMeans?: 'safe' | 'unsafe';
  /** Time of day the answer is about: a time, an hour, or words such as "night". */
  time?: string;
  sex?: string;
  age?: string;
  /** Type of place (street, transit, park, …). */
  placeType?: string;
  /** Whether the respondent experienced harassment there (yes/no). */
  harassed?: string;
  /** Reasons, several per answer separated by ; or | (or commas). */
  reasons?: string;
  /** Free text. */
  text?: string;
}

export type AnswerKind = 'yesno' | 'scale' | 'labels';
export const SURVEY_TEXT_ROLES = ['id', 'lat', 'lon', 'x', 'y', 'answer', 'time', 'sex', 'age', 'placeType', 'harassed', 'reasons', 'text'] as const;
export type SurveyColumnRole = (typeof SURVEY_TEXT_ROLES)[number];

export const ROLE_LABELS: Record<SurveyColumnRole, string> = {
  id: 'Respondent or record id', lat: 'Latitude', lon: 'Longitude', x: 'Projected X', y: 'Projected Y',
  answer: 'Perceived-safety answer', time: 'Time of day', sex: 'Sex or gender', age: 'Age or age band',
  placeType: 'Type of place', harassed: 'Harassment experienced (yes/no)', reasons: 'Reasons', text: 'Free text',
};

/** Why a survey row was rejected, in the order the checks run. */
export const SURVEY_REJECT_REASONS = ['no_coordinates', 'out_of_range', 'swapped_lat_lon', 'no_answer', 'unreadable_answer', 'duplicate_id', 'outside_boundary'] as const;
export type SurveyRejectReason = (typeof SURVEY_REJECT_REASONS)[number];

export const SURVEY_REASON_LABELS: Record<SurveyRejectReason, string> = {
  no_coordinates: 'No coordinates',
  out_of_range: 'Coordinates out of valid range or at 0,0',
  swapped_lat_lon: 'Latitude and longitude probably swapped',
  no_answer: 'No perceived-safety answer',
  unreadable_answer: 'Answer could not be read',
  duplicate_id: 'Duplicate id',
  outside_boundary: 'Outside the study boundary',
};

/** Answer codes. */
export const SAFE = 1;
export const NEITHER = 0;
export const UNSAFE = -1;
export const NO_ANSWER = -2;
export const UNREADABLE = -3;

/** Hours counted as "after dark" (20:00–05:59), as in the SDG 16.1.4 question and the demo city. */
export const DARK_FROM = 20;
export const DARK_TO = 6;
export const isDarkHour = (h: number) => h >= DARK_FROM || h < DARK_TO;
export const DARK_HOURS: readonly number[] = Array.from({ length: 24 }, (_, h) => h).filter(isDarkHour);
export const DAY_HOURS: readonly number[] = Array.from({ length: 24 }, (_, h) => h).filter((h) => !isDarkHour(h));
export type TimeBand = 'day' | 'dark';

const NAME_RULES: [SurveyColumnRole, RegExp][] = [
  ['id', /^(id|uid|respondent_?id|response_?id|record_?id|audit_?id|objectid|fid)$/],
  ['lat', /^(lat|latitude|y_?lat|point_?y|wgs84_?lat)$/],
  ['lon', /^(lon|lng|long|longitude|x_?lon|point_?x|wgs84_?lon)$/],
  ['x', /^(x|x_?coord(inate)?|easting)$/],
  ['y', /^(y|y_?coord(inate)?|northing)$/],
  ['harassed', /harass|acoso|harcel/],
  ['reasons', /reason|why|because|factor|concern|motivo|raison/],
  ['text', /comment|free_?text|remark|note|story|detail|^text$|description|observ/],
  ['placeType', /place_?type|location_?type|type_?of_?place|setting|premise|^place$|^where$|lugar|lieu/],
  ['time', /time_?of_?day|^time$|^hour$|^when$|period|day_?night|^tod$|momento|moment/],
  ['sex', /^(sex|gender|respondent_?sex|respondent_?gender|sexo|genero|genre)$/],
  ['age', /^(age|age_?band|age_?group|age_?range|edad|age_?years)$/],
  ['answer', /safe|fear|afraid|secur|danger|seguridad|seguro|percep|feel/],
];

const norm = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();

/** Guesses the roles from column names (the user confirms or corrects them). */
export function detectSurveyMapping(columns: readonly string[]): SurveyMapping {
  const m: SurveyMapping = {};
  for (const c of columns) {
    const n = norm(c).replace(/[\s-]+/g, '_');
    for (const [role, re] of NAME_RULES) {
      if (m[role] === undefined && re.test(n)) {
        m[role] = c;
        break;
      }
    }
  }
  return m;
}

const YES = new Set(['yes', 'y', 'true', 't', '1', 'si', 'oui', 'ja', 'sim']);
const NO = new Set(['no', 'n', 'false', 'f', '0', 'non', 'nein', 'nao']);
const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '-', '.', 'no answer', 'not answered', 'missing', 'prefer not to say', 'refused']);
const RE_NEITHER = /\b(neither|neutral|mixed|undecided|sometimes|depends|don ?t know|dont know|not sure|unsure|ni|ni seguro|ni inseguro|ne sait pas|moyen)\b/;
const RE_UNSAFE = /\b(un ?safe|not safe|insecure|inseguro|insegura|pas en securite|pas sur|afraid|scared|fear(ful)?|dangerous|threatened|frightened|worried)\b/;
const RE_SAFE = /\b(safe|secure|seguro|segura|en securite|comfortable|sur)\b/;

/** Whether a name suggests that "yes" or a high score means feeling unsafe. */
export function meansUnsafe(name: string): boolean {
  return /unsafe|not_?safe|insecur|fear|afraid|scared|worr|danger|threat|insegur/.test(norm(name).replace(/\s+/g, '_'));
}

const isMissing = (v: string) => MISSING.has(norm(v));

/** A number in the text (a decimal comma read as a point), or NaN. */
function num(v: string): number {
  const t = v.trim().replace(',', '.');
  return /^[-+]?\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
}

/** A label's safety: SAFE, NEITHER, UNSAFE, or UNREADABLE. */
export function labelFeel(v: string): number {
  const t = norm(v).replace(/[^a-z ]+/g, ' ').replace(/\s+/g, ' ');
  if (RE_NEITHER.test(t)) return NEITHER;
  if (RE_UNSAFE.test(t)) return UNSAFE;
  if (RE_SAFE.test(t)) return SAFE;
  return UNREADABLE;
}

/** How the answer column should be read, from its distinct values and its name; null when unclear. */
export function detectAnswer(values: readonly string[], name: string): Pick<SurveyMapping, 'answerKind' | 'yesMeans' | 'scaleMin' | 'scaleMax' | 'highMeans'> | null {
  const vs = [...new Set(values.filter((v) => !isMissing(v)).map((v) => norm(v)))];
  if (vs.length === 0) return null;
  const unsafeFirst = meansUnsafe(name);
  if (vs.every((v) => YES.has(v) || NO.has(v))) return { answerKind: 'yesno', yesMeans: unsafeFirst ? 'unsafe' : 'safe' };
  const nums = vs.map(num);
  if (nums.every(Number.isFinite)) {
    const lo = Math.min(...nums), hi = Math.max(...nums);
    if (!nums.every(Number.isInteger) || lo < 0 || hi > 10 || hi === lo) return null;
    const scaleMin = lo === 0 ? 0 : 1;
    const scaleMax = scaleMin === 0 ? (hi <= 1 ? 1 : hi <= 4 ? 4 : 10) : [3, 4, 5, 7, 10].find((e) => e >= hi)!;
    if (scaleMin === 0 && scaleMax === 1) return { answerKind: 'yesno', yesMeans: unsafeFirst ? 'unsafe' : 'safe' };
    return { answerKind: 'scale', scaleMin, scaleMax, highMeans: unsafeFirst ? 'unsafe' : 'safe' };
  }
  const readable = vs.filter((v) => labelFeel(v) !== UNREADABLE).length;
  if (readable >= 0.8 * vs.length) return { answerKind: 'labels' };
  return null;
}

/** Problems with the answer settings, in plain words. */
export function answerProblems(m: SurveyMapping): string[] {
  if (!m.answer) return ['Choose the column with the perceived-safety answer (for example "Do you feel safe here?" or a 1–5 safety score).'];
  if (!m.answerKind) return [`Choose how to read the answers in "${m.answer}": yes/no, a numeric scale, or labels such as "very unsafe".`];
  if (m.answerKind === 'scale') {
    const a = m.scaleMin, b = m.scaleMax;
    if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || !(b > a)) return [`Give the two ends of the answer scale (for example 1 and 5), the lower first.`];
  }
  return [];
}

/** Problems with a survey mapping against the staged columns, in plain words. */
export function surveyMappingProblems(m: SurveyMapping, columns: readonly string[]): string[] {
  const have = new Set(columns);
  const out: string[] = [];
  for (const role of SURVEY_TEXT_ROLES) {
    const v = m[role];
    if (v && !have.has(v)) out.push(`Column "${v}" (chosen for ${ROLE_LABELS[role].toLowerCase()}) is not in the file.`);
  }
  const latLon = !!(m.lat && m.lon), xy = !!(m.x && m.y);
  if (!latLon && !xy) out.push('Choose latitude and longitude columns, or projected X and Y columns with their CRS (an area in GeoJSON is placed at a point inside it).');
  if (xy && !latLon && !m.crs) out.push('Projected X/Y need a coordinate system (for example EPSG:27700).');
  out.push(...answerProblems(m));
  return out;
}

/** The reading rule in words (for the import report). */
export function answerRule(m: SurveyMapping): string {
  if (m.answerKind === 'yesno') return `"${m.answer}" read as yes/no: "yes" means feeling ${m.yesMeans ?? 'safe'}.`;
  if (m.answerKind === 'labels') return `"${m.answer}" read as labels: any answer naming "unsafe", "not safe", "afraid" or similar counts as unsafe, "neither", "neutral" or "don't know" as neither, "safe" as safe.`;
  if (m.answerKind === 'scale') {
    const a = m.scaleMin!, b = m.scaleMax!, mid = (a + b) / 2;
    const safeEnd = m.highMeans === 'unsafe' ? a : b;
    return `"${m.answer}" read as a scale from ${a} to ${b} where ${safeEnd} is safest: answers on the unsafe side of ${mid} count as unsafe, ${Number.isInteger(mid) ? `${mid} as neither, ` : ''}the others as safe.`;
  }
  return '';
}

/** The safety code of one answer under the settings. */
export function feelOf(raw: string | null | undefined, m: SurveyMapping): number {
  if (raw === null || raw === undefined || isMissing(raw)) return NO_ANSWER;
  const v = norm(raw);
  if (m.answerKind === 'yesno') {
    const unsafeYes = m.yesMeans === 'unsafe';
    if (YES.has(v)) return unsafeYes ? UNSAFE : SAFE;
    if (NO.has(v)) return unsafeYes ? SAFE : UNSAFE;
    const l = labelFeel(v);
    return l === NEITHER ? NEITHER : UNREADABLE;
  }
  if (m.answerKind === 'scale') {
    const x = num(v);
    const a = m.scaleMin!, b = m.scaleMax!;
    if (!Number.isFinite(x) || x < a || x > b) return labelFeel(v) === NEITHER ? NEITHER : UNREADABLE;
    const mid = (a + b) / 2;
    if (x === mid) return NEITHER;
    return (x > mid) === (m.highMeans !== 'unsafe') ? SAFE : UNSAFE;
  }
  if (m.answerKind === 'labels') return labelFeel(v);
  return UNREADABLE;
}

/** Time of day of an answer: the hour when given, and the band (day, after dark), or nulls. */
export function timeOf(raw: string | null | undefined): { band: TimeBand | null; hour: number | null } {
  if (raw === null || raw === undefined) return { band: null, hour: null };
  const v = norm(raw);
  if (!v) return { band: null, hour: null };
  let hour: number | null = null;
  const clock = /^(\d{1,2})(?:[:.h](\d{2}))?(?::\d{2})?\s*(am|pm|a\.m\.|p\.m\.)?$/.exec(v);
  const stamp = /\d{4}-\d{2}-\d{2}[ t](\d{2}):\d{2}/.exec(v);
  if (clock) {
    let h = Number(clock[1]);
    const ap = clock[3]?.[0];
    if (ap && h >= 1 && h <= 12) h = (h % 12) + (ap === 'p' ? 12 : 0);
    if (h >= 0 && h <= 23 && (!clock[2] || Number(clock[2]) < 60)) hour = h;
  } else if (stamp) hour = Number(stamp[1]);
  if (hour !== null) return { band: isDarkHour(hour) ? 'dark' : 'day', hour };
  if (/\b(both|any|all|always|anytime|day and night)\b/.test(v)) return { band: null, hour: null };
  if (/night|dark|evening|late|dusk|noche|nocturn|nuit|soir/.test(v)) return { band: 'dark', hour: null };
  if (/day|morning|afternoon|noon|daylight|dia|manana|tarde|jour|matin|midi/.test(v)) return { band: 'day', hour: null };
  return { band: null, hour: null };
}

/** Normalised sex or gender: "women", "men", another answer as given (lower case), or null. */
export function sexOf(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined || isMissing(raw)) return null;
  const v = norm(raw);
  if (/^(f|w|female|woman|women|girl|girls|mujer|mujeres|femme|femmes|femenino|feminin|femenina)$/.test(v)) return 'women';
  if (/^(m|h|male|man|men|boy|boys|hombre|hombres|homme|hommes|masculino|masculin)$/.test(v)) return 'men';
  return v.slice(0, 40);
}

const AGE_BANDS: [number, string][] = [[18, 'under 18'], [25, '18–24'], [35, '25–34'], [45, '35–44'], [55, '45–54'], [65, '55–64'], [Infinity, '65 and over']];

/** An age band: a number becomes its ten-year band, a band is kept as written; null when missing. */
export function ageOf(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined || isMissing(raw)) return null;
  const x = num(raw);
  if (Number.isFinite(x)) return x >= 0 && x < 120 ? AGE_BANDS.find(([b]) => x < b)![1] : null;
  return raw.trim().replace(/\s*[-–]\s*/g, '–').toLowerCase().slice(0, 40);
}

/** Yes/no as true/false, or null. */
export function yesNoOf(raw: string | null | undefined): boolean | null {
  if (raw === null || raw === undefined) return null;
  const v = norm(raw);
  return YES.has(v) ? true : NO.has(v) ? false : null;
}

/** Canonical reasons people give for feeling unsafe, matched by keywords (first match wins). */
export const REASONS: [string, RegExp][] = [
  ['harassment experienced', /harass|cat.?call|grop|stalk|follow(ed)?|wolf.?whistl|acoso|harcel/],
  ['poor lighting', /light|dark|lamp|\blit\b|unlit|iluminac|eclairage/],
  ['no people around', /no ?(one|people|body)|nobody|few people|empty street|deserted|nadie|personne/],
  ['isolated', /isolat|remote|lonely|secluded|aislad|isole/],
  ['hiding places', /hid|conceal|bush|overgrown|blind|sight ?line|visib|corner|recoin/],
  ['groups hanging around', /group|gang|loiter|youth|bande/],
  ['drugs or alcohol', /drug|alcohol|drunk|drink|needle|droga|drogue/],
  ['no way out or help', /escape|no way out|trapped|no help|far from help|dead.?end|no phone|salida/],
  ['neglect', /litter|graffiti|neglect|dirty|vandal|rubbish|trash|abandon|derelict|vacant/],
  ['traffic', /traffic|speeding|cars|crossing|trafico/],
];

/** The reasons in one answer, canonical where recognised (lower-case text otherwise). */
export function reasonsOf(raw: string | null | undefined, commas: boolean): string[] {
  if (raw === null || raw === undefined) return [];
  const parts = raw.split(commas ? /[;|,]+/ : /[;|]+/).map((p) => norm(p).replace(/\s+/g, ' ')).filter((p) => p && !MISSING.has(p));
  const out = new Set<string>();
  for (const p of parts) out.add(REASONS.find(([, re]) => re.test(p))?.[0] ?? p.slice(0, 60));
  return [...out];
}

/** Whether a reasons column separates its items by commas (it never uses ; or |). */
export function reasonsUseCommas(values: readonly (string | null)[]): boolean {
  return !values.some((v) => v && /[;|]/.test(v));
}
