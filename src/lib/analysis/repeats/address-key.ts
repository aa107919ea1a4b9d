/**
 * Place keys for repeat analysis: an address or block text normalised so that spellings of one
 * place meet (`4405 34th Avenue`, `4405  34TH AVE.` → `4405 34TH AVE`), or the exact coordinates
 * when a record has no text. Repeat victimisation is counted per place (Farrell & Pease 1993,
 * *Once bitten, twice bitten*, Home Office Crime Prevention Unit Paper 46), so the key decides
 * what "the same place" means: normalisation only removes differences of writing, never of place
 * (house numbers, unit numbers and directions are kept).
 */

/** Long forms → the short forms used by USPS Publication 28 and most police systems. */
const ABBREVIATIONS: Record<string, string> = {
  STREET: 'ST', STR: 'ST', AVENUE: 'AVE', AV: 'AVE', AVN: 'AVE', ROAD: 'RD', BOULEVARD: 'BLVD', BOUL: 'BLVD',
  DRIVE: 'DR', DRV: 'DR', LANE: 'LN', PLACE: 'PL', COURT: 'CT', TERRACE: 'TER', PARKWAY: 'PKWY', PKY: 'PKWY',
  HIGHWAY: 'HWY', SQUARE: 'SQ', CRESCENT: 'CRES', CIRCLE: 'CIR', EXPRESSWAY: 'EXPY', ALLEY: 'ALY',
  TRAIL: 'TRL', GARDENS: 'GDNS', GROVE: 'GRV', CLOSE: 'CL', HILL: 'HL', MOUNT: 'MT',
  NORTH: 'N', SOUTH: 'S', EAST: 'E', WEST: 'W', NORTHEAST: 'NE', NORTHWEST: 'NW', SOUTHEAST: 'SE', SOUTHWEST: 'SW',
  APARTMENT: 'APT', UNIT: 'APT', FLAT: 'APT', SUITE: 'STE', FLOOR: 'FL', BUILDING: 'BLDG',
};

/** Prefixes that say where a record was placed, not which place (data.police.uk "On or near …"). */
const PREFIX = /^(ON OR NEAR|NEAR|AT|OUTSIDE|BLOCK OF)\s+/;

/**
 * The normalised form of an address or block text: upper case, punctuation (`.`, `,`, `#`, `;`)
 * dropped, spacing collapsed, long street types and directions shortened (STREET → ST,
 * AVENUE → AVE, NORTH → N, …), leading zeros of house numbers and hundred-blocks removed
 * (`033XX` → `33XX`). Empty or blank text gives null.
 */
export function normaliseAddress(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  let s = text.toUpperCase().replace(/[.,;#]/g, ' ').replace(/\s+/g, ' ').trim();
  if (!s) return null;
  s = s.replace(PREFIX, '');
  const words = s.split(' ').map((w) => {
    const short = ABBREVIATIONS[w];
    if (short) return short;
    return /^0+\d/.test(w) ? w.replace(/^0+(?=\d)/, '') : w;
  });
  return words.join(' ') || null;
}

/** Places of a set of incidents: a place index per incident and each place's key. */
export interface PlaceIndex {
  /** Place of each incident (index into `keys`), −1 when it has neither text nor coordinates. */
  place: Int32Array;
  /** Normalised address text, or `@lat,lon` (exact coordinates) for incidents without text. */
  keys: string[];
  /** Whether each place's key came from coordinates. */
  fromCoordinates: boolean[];
  /** The text as first written in the data (for display), or the key for coordinate places. */
  labels: string[];
}

/**
 * Groups incidents into places: by the normalised `location` text where an incident has one,
 * else by its exact coordinates (`@lat,lon`, as stored: generalised coordinates such as
 * Chicago's block-level points fall together exactly).
 */
export function placeIndex(location: readonly (string | null)[] | null, lat: Float64Array, lon: Float64Array): PlaceIndex {
  const n = lat.length;
  const place = new Int32Array(n).fill(-1);
  const keys: string[] = [];
  const fromCoordinates: boolean[] = [];
  const labels: string[] = [];
  const ids = new Map<string, number>();
  // Each distinct text is normalised once (a city has far fewer addresses than incidents).
  const memo = new Map<string, string | null>();
  const norm = (t: string | null) => {
    if (t === null) return null;
    let k = memo.get(t);
    if (k === undefined) { k = normaliseAddress(t); memo.set(t, k); }
    return k;
  };
  for (let i = 0; i < n; i++) {
    let key = location ? norm(location[i]) : null;
    const coords = key === null;
    if (coords) {
      if (!Number.isFinite(lat[i]) || !Number.isFinite(lon[i])) continue;
      key = `@${lat[i]},${lon[i]}`;
    }
    let id = ids.get(key!);
    if (id === undefined) {
      id = keys.length;
      ids.set(key!, id);
      keys.push(key!);
      fromCoordinates.push(coords);
      labels.push(coords ? key! : location![i]!.trim().replace(/\s+/g, ' '));
    }
    place[i] = id;
  }
  return { place, keys, fromCoordinates, labels };
}
