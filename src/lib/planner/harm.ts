/**
 * Harm weights per offence category. The default is the Cambridge Crime Harm Index (Sherman,
 * Neyroud & Neyroud 2016, Policing 10(3)): the starting-point sentence in custody days under the
 * England & Wales sentencing guidelines. The figures come from a secondary table and carry the
 * *(confirm)* caveat of ../shared/EVIDENCE.md. `none` weighs every incident 1; `custom` takes the
 * planner's own table (for example the ONS Crime Severity Score or the Statistics Canada Crime
 * Severity Index, Wallace et al. 2009, entered by hand).
 */
import { CATEGORIES, type Category } from './offence-categories';

/** A harm table: weight per category; null means "not weighted" (left out of harm totals). */
export interface HarmTable {
  id: string;
  name: string;
  unit: string;
  citation: string;
  /** The figures were seen only in a secondary source: show them as editable defaults. */
  confirm: boolean;
  weights: Record<Category, number | null>;
}

/** Cambridge Crime Harm Index, custody days (EVIDENCE.md, "Harm weights"). */
export const CAMBRIDGE_CHI: HarmTable = {
  id: 'cambridge-chi',
  name: 'Cambridge Crime Harm Index',
  unit: 'custody days',
  citation: 'Sherman, Neyroud & Neyroud (2016), Policing 10(3); figures from a secondary table (confirm)',
  confirm: true,
  weights: {
    homicide: 5475,
    rape: 2555,
    robbery: 365,
    violence_with_injury: 365,
    residential_burglary: 273.5,
    weapons_possession: 273.75,
    arson: 185,
    non_residential_burglary: 183.5,
    violence_without_injury: 10,
    vehicle_theft: 5,
    theft_from_vehicle: 5,
    drug_possession: 3,
    theft_from_person: 2,
    other_theft: 2,
    criminal_damage: 2,
    shoplifting: 1,
    other: null,
  },
};

/** Every incident weighs 1: harm prevented equals incidents prevented. */
export const NO_HARM_WEIGHTING: HarmTable = {
  id: 'none',
  name: 'No weighting (incidents)',
  unit: 'incidents',
  citation: '—',
  confirm: false,
  weights: Object.fromEntries(CATEGORIES.map((c) => [c, 1])) as Record<Category, number>,
};

/** A plan's choice of harm table. */
export type HarmChoice =
  | { index: 'cambridge-chi' | 'none' }
  | { index: 'custom'; name: string; unit: string; citation?: string; weights: Partial<Record<Category, number | null>> };

/** The table a choice stands for (a custom table's missing categories are not weighted). */
export function harmTable(choice: HarmChoice): HarmTable {
  if (choice.index !== 'custom') return choice.index === 'none' ? NO_HARM_WEIGHTING : CAMBRIDGE_CHI;
  const weights = Object.fromEntries(CATEGORIES.map((c) => [c, choice.weights[c] ?? null])) as Record<Category, number | null>;
  return { id: 'custom', name: choice.name, unit: choice.unit, citation: choice.citation ?? 'planner-supplied', confirm: false, weights };
}
