/**
 * Offence categories the planner reasons in, and the mapping of a data set's own offence names
 * onto them. Harm indexes, cost-of-crime tables and intervention evidence are all keyed by these
 * categories, so one editable mapping (offence name → category) serves all three.
 *
 * The categories follow the finest split any of those tables needs: the Cambridge Crime Harm
 * Index (Sherman, Neyroud & Neyroud 2016) lumps vehicle offences, while the Home Office costs of
 * crime (Heeks et al. 2018) price theft of and theft from vehicles apart, so both are kept.
 */

/** Every planner offence category. `other` has no harm weight or cost in the shipped tables. */
export const CATEGORIES = [
  'homicide',
  'rape',
  'robbery',
  'violence_with_injury',
  'violence_without_injury',
  'residential_burglary',
  'non_residential_burglary',
  'weapons_possession',
  'arson',
  'vehicle_theft',
  'theft_from_vehicle',
  'drug_possession',
  'theft_from_person',
  'other_theft',
  'criminal_damage',
  'shoplifting',
  'other',
] as const;

/** A planner offence category. */
export type Category = (typeof CATEGORIES)[number];

/** Human-readable names of the categories. */
export const CATEGORY_LABELS: Record<Category, string> = {
  homicide: 'Homicide',
  rape: 'Rape',
  robbery: 'Robbery',
  violence_with_injury: 'Violence with injury',
  violence_without_injury: 'Violence without injury',
  residential_burglary: 'Residential burglary',
  non_residential_burglary: 'Non-residential burglary',
  weapons_possession: 'Weapons possession',
  arson: 'Arson',
  vehicle_theft: 'Theft of a vehicle',
  theft_from_vehicle: 'Theft from a vehicle',
  drug_possession: 'Drug possession',
  theft_from_person: 'Theft from the person',
  other_theft: 'Other theft',
  criminal_damage: 'Criminal damage',
  shoplifting: 'Shoplifting',
  other: 'Other (not weighted)',
};

/** Groups used by the catalogue to say which offences the evidence covers. */
export const GROUPS = {
  violence: ['homicide', 'rape', 'robbery', 'violence_with_injury', 'violence_without_injury'],
  gunViolence: ['homicide', 'violence_with_injury', 'weapons_possession'],
  burglary: ['residential_burglary', 'non_residential_burglary'],
  vehicle: ['vehicle_theft', 'theft_from_vehicle'],
  property: [
    'residential_burglary', 'non_residential_burglary', 'vehicle_theft', 'theft_from_vehicle', 'theft_from_person',
    'other_theft', 'criminal_damage', 'shoplifting', 'arson',
  ],
} as const satisfies Record<string, readonly Category[]>;

/** Offence name (as in the data) → category. Names match after trimming and upper-casing. */
export type OffenceMapping = Record<string, Category>;

/**
 * The synthetic demo city's eight offences. Ambiguous names go to the lower-harm category so
 * harm is not overstated: "Assault" → violence without injury (edit it if your data's assaults
 * are mostly injuries).
 */
export const DEMO_MAPPING: OffenceMapping = {
  Burglary: 'residential_burglary',
  'Theft from vehicle': 'theft_from_vehicle',
  Assault: 'violence_without_injury',
  Robbery: 'robbery',
  'Criminal damage': 'criminal_damage',
  'Street theft / pickpocket': 'theft_from_person',
  'Vehicle theft': 'vehicle_theft',
  'Drug offences': 'drug_possession',
};

/**
 * Chicago's `Primary Type` values (City of Chicago data portal, Illinois UCR). BURGLARY there
 * includes non-residential premises and BATTERY includes contact without injury: both defaults
 * are editable.
 */
export const CHICAGO_MAPPING: OffenceMapping = {
  HOMICIDE: 'homicide',
  'CRIM SEXUAL ASSAULT': 'rape',
  'CRIMINAL SEXUAL ASSAULT': 'rape',
  ROBBERY: 'robbery',
  BATTERY: 'violence_with_injury',
  ASSAULT: 'violence_without_injury',
  BURGLARY: 'residential_burglary',
  'WEAPONS VIOLATION': 'weapons_possession',
  'CONCEALED CARRY LICENSE VIOLATION': 'weapons_possession',
  ARSON: 'arson',
  'MOTOR VEHICLE THEFT': 'vehicle_theft',
  NARCOTICS: 'drug_possession',
  'OTHER NARCOTIC VIOLATION': 'drug_possession',
  THEFT: 'other_theft',
  'CRIMINAL DAMAGE': 'criminal_damage',
};

/** Named default mappings a plan can pick. */
export const DEFAULT_MAPPINGS: Record<string, OffenceMapping> = { demo: DEMO_MAPPING, chicago: CHICAGO_MAPPING };

/** Keyword rules for names no mapping lists; their result is reported as a guess. */
const KEYWORDS: [RegExp, Category][] = [
  [/homicide|murder|manslaughter/, 'homicide'],
  [/rape|sexual assault/, 'rape'],
  [/robb/, 'robbery'],
  [/theft from (a )?(motor )?vehicle|from vehicle|from car/, 'theft_from_vehicle'],
  [/vehicle theft|motor vehicle|car theft|theft of (a )?vehicle/, 'vehicle_theft'],
  [/non.?residential burglary|commercial burglary/, 'non_residential_burglary'],
  [/burglar/, 'residential_burglary'],
  [/weapon|firearm|gun/, 'weapons_possession'],
  [/arson/, 'arson'],
  [/shoplift/, 'shoplifting'],
  [/pickpocket|snatch|theft from (the )?person|street theft/, 'theft_from_person'],
  [/theft|larceny|stealing/, 'other_theft'],
  [/damage|vandal|graffiti/, 'criminal_damage'],
  [/drug|narcotic/, 'drug_possession'],
  [/with injury|grievous|wounding|aggravated (assault|battery)|battery/, 'violence_with_injury'],
  [/assault|violence|harassment|threat/, 'violence_without_injury'],
];

const norm = (s: string) => s.trim().toUpperCase();

/** How one offence name was mapped. */
export interface MappedOffence {
  offence: string;
  category: Category;
  /** `mapping`: listed in the mapping; `guess`: keyword rule; `none`: fell to `other`. */
  how: 'mapping' | 'guess' | 'none';
}

/** Maps each offence name onto a category: the mapping first, then keyword rules, else `other`. */
export function mapOffences(offences: readonly string[], mapping: OffenceMapping): MappedOffence[] {
  const byNorm = new Map(Object.entries(mapping).map(([k, v]) => [norm(k), v]));
  return offences.map((offence) => {
    const listed = byNorm.get(norm(offence));
    if (listed) return { offence, category: listed, how: 'mapping' };
    const lower = offence.toLowerCase();
    for (const [re, cat] of KEYWORDS) if (re.test(lower)) return { offence, category: cat, how: 'guess' };
    return { offence, category: 'other', how: 'none' };
  });
}

/** True when `s` names a category. */
export function isCategory(s: unknown): s is Category {
  return typeof s === 'string' && (CATEGORIES as readonly string[]).includes(s);
}
