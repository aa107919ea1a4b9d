/**
 * Types of place (street, transit, park, …) from free-text place descriptions such as Chicago's
 * "Location Description" or a survey's "where" column, by keywords. SDG 11.7.2 asks for
 * harassment by place of occurrence; the gender lens breaks offences down the same way where the
 * data have such a column. Addresses are not descriptions: `looksLikeDescriptions` tells them apart.
 */

export const PLACE_TYPES = ['transit', 'vehicle', 'parking', 'park', 'school', 'bar / nightlife', 'shop / business', 'residence', 'street', 'other'] as const;
export type PlaceType = (typeof PLACE_TYPES)[number];

/** Checked in this order; the first match wins. */
const RULES: [PlaceType, RegExp][] = [
  ['transit', /\b(transit|bus|buses|train|trains|rail|railway|metro|subway|tram|station|platform|cta|underground|taxi|bus stop|transport)\b/],
  ['parking', /\b(parking|car ?park|garage|parking lot)\b/],
  ['vehicle', /\b(vehicle|vehicles|car|automobile|truck|van)\b/],
  ['park', /\b(park|parks|playground|garden|gardens|green space|forest|woods|field|beach|lakefront|riverside|river ?bank|towpath|trail)\b/],
  ['school', /\b(school|college|university|campus)\b/],
  ['bar / nightlife', /\b(bar|bars|tavern|pub|pubs|nightclub|club|liquor)\b/],
  ['shop / business', /\b(store|shop|shops|retail|restaurant|commercial|business|office|mall|market|bank|hotel|motel|supermarket|gas station|cafe)\b/],
  ['residence', /\b(residence|residential|apartment|house|home|dwelling|flat|porch|hallway|yard|cha)\b/],
  ['street', /\b(street|streets|sidewalk|pavement|alley|alleyway|road|highway|avenue|footpath|footway|underpass|bridge|crossing|public way|square)\b/],
];

/** The type of place a description names, or 'other'. */
export function placeTypeOf(text: string | null | undefined): PlaceType | null {
  if (text === null || text === undefined) return null;
  const t = text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  if (!t) return null;
  for (const [type, re] of RULES) if (re.test(t)) return type;
  return 'other';
}

/**
 * Whether a column holds place descriptions rather than addresses: few distinct values (at most
 * 500, and under 5 % of the rows when there are many rows) of which most rows (≥ 60 %) match a
 * type of place other than 'other'.
 */
export function looksLikeDescriptions(values: readonly { value: string; count: number }[]): boolean {
  const rows = values.reduce((s, v) => s + v.count, 0);
  if (rows === 0 || values.length > 500 || (rows > 2000 && values.length > 0.05 * rows)) return false;
  let typed = 0;
  for (const v of values) {
    const t = placeTypeOf(v.value);
    if (t && t !== 'other') typed += v.count;
  }
  return typed >= 0.6 * rows;
}
