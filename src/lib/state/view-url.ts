/**
 * A shareable view as URL text: the map's centre and zoom, the cell resolution, the filters, the
 * analysis tab, which map layers are shown and the parameters of each method. Kept in the URL's
 * fragment (`#v=1&c=…`), which browsers never send to a server, so a link names no data to anyone
 * but the colleague who opens it with the same data loaded.
 *
 * Pure functions only (no DOM): `encodeView` writes only what differs from the defaults, so links
 * stay short; `decodeView` checks every value (a hand-edited or truncated link leaves out what it
 * cannot read and says what it left out). `url-sync.svelte.ts` ties this to the app and history.
 */
import type { ViewFilter } from './view-filter';
import { ALL_HOURS, ALL_WEEKDAYS } from './view-filter';

export const VIEW_URL_VERSION = 1;

/** One method parameter's codec: how its value is written and which texts are accepted. */
export type FieldSpec =
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'int'; min: number; max: number; nullable?: boolean }
  | { kind: 'bool' }
  | { kind: 'date' }
  | { kind: 'text'; max: number; pattern: RegExp };

export type FieldValue = string | number | boolean | null;

/** Groups of parameters, by a short URL prefix (`hs.k=3`), then field name. */
export type ParamSchema = Record<string, Record<string, FieldSpec>>;
export type ParamValues = Record<string, Record<string, FieldValue>>;

export interface SharedView {
  /** Map centre [lon, lat] and zoom. */
  center?: [number, number];
  zoom?: number;
  res?: number;
  filter?: ViewFilter;
  tab?: string;
  /** Environmental layer types shown on the map (in the order given). */
  layers?: string[];
  params?: ParamValues;
}

/** What `decodeView` read, and the parts it could not use (in plain words). */
export interface DecodedView {
  view: SharedView;
  problems: string[];
}

// ---------------------------------------------------------------- small codecs

/** "0-5,8,22-23" for a set of small integers (sorted, runs collapsed). */
export function encodeRanges(xs: readonly number[]): string {
  const s = [...new Set(xs)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j] + 1) j++;
    parts.push(j > i ? `${s[i]}-${s[j]}` : String(s[i]));
    i = j + 1;
  }
  return parts.join(',');
}

/** The inverse of `encodeRanges`, within [lo, hi]; null when the text is not of that form. */
export function decodeRanges(text: string, lo: number, hi: number): number[] | null {
  if (text === '') return [];
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\d{1,2})(?:-(\d{1,2}))?$/.exec(part.trim());
    if (!m) return null;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (a < lo || b > hi || b < a) return null;
    for (let x = a; x <= b; x++) out.add(x);
  }
  return [...out].sort((x, y) => x - y);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function encodeField(spec: FieldSpec, v: FieldValue): string {
  if (spec.kind === 'bool') return v ? '1' : '0';
  if (v === null) return 'auto';
  return String(v);
}

function decodeField(spec: FieldSpec, text: string): { ok: true; value: FieldValue } | { ok: false } {
  switch (spec.kind) {
    case 'enum':
      return spec.values.includes(text) ? { ok: true, value: text } : { ok: false };
    case 'bool':
      return text === '1' || text === '0' ? { ok: true, value: text === '1' } : { ok: false };
    case 'int': {
      if (spec.nullable && text === 'auto') return { ok: true, value: null };
      if (!/^-?\d{1,12}$/.test(text)) return { ok: false };
      const n = Number(text);
      return n >= spec.min && n <= spec.max ? { ok: true, value: n } : { ok: false };
    }
    case 'date':
      return text === '' || validDate(text) ? { ok: true, value: text } : { ok: false };
    case 'text':
      return text.length <= spec.max && spec.pattern.test(text) ? { ok: true, value: text } : { ok: false };
  }
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

// ---------------------------------------------------------------- encode / decode

/**
 * The view as fragment text (without '#'). Values equal to `defaults` are left out: the filter
 * field by field against the full selection, parameters against `defaultParams`.
 */
export function encodeView(v: SharedView, schema: ParamSchema, defaultParams: ParamValues = {}): string {
  const q = new URLSearchParams();
  q.set('v', String(VIEW_URL_VERSION));
  if (v.center) q.set('c', `${round(v.center[0], 5)},${round(v.center[1], 5)}`);
  if (v.zoom !== undefined) q.set('z', String(round(v.zoom, 2)));
  if (v.res !== undefined) q.set('res', String(v.res));
  if (v.tab) q.set('tab', v.tab);
  const f = v.filter;
  if (f) {
    if (f.offences !== null) {
      if (f.offences.length === 0) q.set('off', '');
      else for (const o of [...f.offences].sort()) q.append('off', o);
    }
    if (f.from) q.set('from', f.from);
    if (f.to) q.set('to', f.to);
    if (f.hours.length !== 24) q.set('h', encodeRanges(f.hours));
    if (f.weekdays.length !== 7) q.set('wd', encodeRanges(f.weekdays));
  }
  if (v.layers) q.set('layers', v.layers.join(','));
  for (const [group, fields] of Object.entries(schema)) {
    const vals = v.params?.[group];
    if (!vals) continue;
    for (const [name, spec] of Object.entries(fields)) {
      if (!(name in vals)) continue;
      const val = vals[name];
      if (defaultParams[group] && name in defaultParams[group] && defaultParams[group][name] === val) continue;
      q.set(`${group}.${name}`, encodeField(spec, val));
    }
  }
  // Commas need no escaping in a fragment: keep "c=-0.12,51.5" and "h=0-5,22-23" readable.
  return q.toString().replace(/%2C/gi, ',');
}

/**
 * Reads fragment text (with or without '#'). Unknown keys and bad values are left out and
 * listed in `problems`; `tabs` and `offences` (when given) limit what is accepted.
 */
export function decodeView(text: string, schema: ParamSchema, opts: { tabs?: readonly string[] } = {}): DecodedView {
  const q = new URLSearchParams(text.replace(/^#/, ''));
  const view: SharedView = {};
  const problems: string[] = [];
  const bad = (what: string, value: string) => problems.push(`${what} "${value.slice(0, 60)}" could not be read`);
  const ver = q.get('v');
  if (ver !== null && ver !== String(VIEW_URL_VERSION)) problems.push(`the link is of another version (${ver.slice(0, 10)}); parts may not apply`);

  const c = q.get('c');
  if (c !== null) {
    const m = /^(-?\d{1,3}(?:\.\d+)?),(-?\d{1,2}(?:\.\d+)?)$/.exec(c);
    const lon = m ? Number(m[1]) : NaN;
    const lat = m ? Number(m[2]) : NaN;
    if (Math.abs(lon) <= 180 && Math.abs(lat) <= 85.06) view.center = [lon, lat];
    else bad('The map centre', c);
  }
  const z = q.get('z');
  if (z !== null) {
    const n = /^\d{1,2}(?:\.\d+)?$/.test(z) ? Number(z) : NaN;
    if (n >= 0 && n <= 24) view.zoom = n;
    else bad('The zoom', z);
  }
  const res = q.get('res');
  if (res !== null) {
    const n = /^\d{1,2}$/.test(res) ? Number(res) : NaN;
    if (n >= 0 && n <= 15) view.res = n;
    else bad('The resolution', res);
  }
  const tab = q.get('tab');
  if (tab !== null) {
    if (!opts.tabs || opts.tabs.includes(tab)) view.tab = tab;
    else bad('The tab', tab);
  }

  // Filters: any filter key present gives a whole filter (the rest at "everything").
  const filterKeys = ['off', 'from', 'to', 'h', 'wd'];
  if (filterKeys.some((k) => q.has(k))) {
    const f: ViewFilter = { offences: null, from: '', to: '', hours: [...ALL_HOURS], weekdays: [...ALL_WEEKDAYS] };
    if (q.has('off')) {
      const all = q.getAll('off');
      f.offences = all.length === 1 && all[0] === '' ? [] : [...new Set(all.filter((o) => o !== ''))].sort();
    }
    for (const k of ['from', 'to'] as const) {
      const d = q.get(k);
      if (d === null) continue;
      if (d === '' || validDate(d)) f[k] = d;
      else bad(k === 'from' ? 'The start date' : 'The end date', d);
    }
    const h = q.get('h');
    if (h !== null) {
      const xs = decodeRanges(h, 0, 23);
      if (xs) f.hours = xs;
      else bad('The hours', h);
    }
    const wd = q.get('wd');
    if (wd !== null) {
      const xs = decodeRanges(wd, 1, 7);
      if (xs) f.weekdays = xs;
      else bad('The weekdays', wd);
    }
    view.filter = f;
  }

  const layers = q.get('layers');
  if (layers !== null) {
    const xs = layers === '' ? [] : layers.split(',');
    if (xs.every((x) => /^[a-z0-9_-]{1,40}$/i.test(x))) view.layers = xs;
    else bad('The layers', layers);
  }

  const params: ParamValues = {};
  for (const [key, value] of q) {
    const dot = key.indexOf('.');
    if (dot < 0) {
      if (!['v', 'c', 'z', 'res', 'tab', 'layers', ...filterKeys].includes(key)) problems.push(`"${key.slice(0, 30)}" is not part of a view`);
      continue;
    }
    const group = key.slice(0, dot);
    const name = key.slice(dot + 1);
    const spec = schema[group]?.[name];
    if (!spec) {
      problems.push(`"${key.slice(0, 30)}" is not a known setting`);
      continue;
    }
    const r = decodeField(spec, value);
    if (!r.ok) {
      bad(`The setting ${key}`, value);
      continue;
    }
    (params[group] ??= {})[name] = r.value;
  }
  if (Object.keys(params).length) view.params = params;
  return { view, problems };
}

/** The map centre of a (north-up, unpitched) Web Mercator view from its bounding box. */
export function centreOfBox([w, s, e, n]: [number, number, number, number]): [number, number] {
  const y = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
  const ym = (y(s) + y(n)) / 2;
  return [(w + e) / 2, (360 / Math.PI) * Math.atan(Math.exp(ym)) - 90];
}
