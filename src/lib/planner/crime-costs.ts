/**
 * Cost-of-crime tables for benefit–cost ratios (../shared/EVIDENCE.md, "Costs of crime"):
 * - UK Home Office, *The economic and social costs of crime* (Heeks, Reed, Tafsiri & Prince
 *   2018), 2015/16 prices, pounds sterling;
 * - McCollister, French & Fang (2010), 2008 US dollars, marked
 *   *(confirm)* in the evidence base.
 * A category the source does not price is null: its prevented incidents add nothing to the
 * monetised benefit, and the result lists it so the planner can fill it in.
 */
import { CATEGORIES, type Category } from './offence-categories';

/** Cost per incident of one category in a table. */
export interface CrimeCost {
  value: number;
  /** The source's own name for the offence. */
  sourceName: string;
  confirm: boolean;
  note?: string;
}

/** A cost-of-crime table. */
export interface CrimeCostTable {
  id: string;
  name: string;
  currency: string;
  priceYear: string;
  citation: string;
  costs: Record<Category, CrimeCost | null>;
}

const table = (partial: Partial<Record<Category, CrimeCost>>): Record<Category, CrimeCost | null> =>
  Object.fromEntries(CATEGORIES.map((c) => [c, partial[c] ?? null])) as Record<Category, CrimeCost | null>;

/** Home Office 2018 (Heeks et al.), 2015/16 prices. */
export const UK_HOME_OFFICE_2018: CrimeCostTable = {
  id: 'uk-home-office-2018',
  name: 'UK Home Office, The economic and social costs of crime',
  currency: 'GBP',
  priceYear: '2015/16',
  citation: 'Heeks, Reed, Tafsiri & Prince (2018), The economic and social costs of crime, UK Home Office',
  costs: table({
    homicide: { value: 3_200_000, sourceName: 'Homicide', confirm: false, note: 'approximately £3.2m' },
    rape: { value: 39_360, sourceName: 'Rape', confirm: false },
    violence_with_injury: { value: 14_050, sourceName: 'Violence with injury', confirm: false },
    robbery: { value: 11_320, sourceName: 'Robbery', confirm: false },
    vehicle_theft: { value: 10_290, sourceName: 'Theft of vehicle', confirm: false },
    arson: { value: 8_420, sourceName: 'Arson', confirm: false },
    criminal_damage: { value: 1_350, sourceName: 'Criminal damage', confirm: false },
    theft_from_vehicle: { value: 870, sourceName: 'Theft from vehicle', confirm: false },
    residential_burglary: { value: 5_930, sourceName: 'Domestic burglary', confirm: true },
  }),
};

/** McCollister, French & Fang (2010), 2008 dollars; every figure *(confirm)*. */
export const US_MCCOLLISTER_2010: CrimeCostTable = {
  id: 'us-mccollister-2010',
  name: 'McCollister, French & Fang, The cost of crime to society',
  currency: 'USD',
  priceYear: '2008',
  citation: 'McCollister, French & Fang (2010), The cost of crime to society, 2008 dollars (confirm)',
  costs: table({
    homicide: { value: 8_980_000, sourceName: 'Murder', confirm: true },
    rape: { value: 240_776, sourceName: 'Rape/sexual assault', confirm: true },
    violence_with_injury: { value: 107_020, sourceName: 'Aggravated assault', confirm: true },
    robbery: { value: 42_310, sourceName: 'Robbery', confirm: true },
    vehicle_theft: { value: 10_772, sourceName: 'Motor vehicle theft', confirm: true },
    residential_burglary: { value: 6_462, sourceName: 'Household burglary', confirm: true },
    criminal_damage: { value: 4_860, sourceName: 'Vandalism', confirm: true },
    other_theft: { value: 3_532, sourceName: 'Larceny/theft', confirm: true },
    theft_from_vehicle: { value: 3_532, sourceName: 'Larceny/theft', confirm: true, note: 'priced as larceny' },
    theft_from_person: { value: 3_532, sourceName: 'Larceny/theft', confirm: true, note: 'priced as larceny' },
    shoplifting: { value: 3_532, sourceName: 'Larceny/theft', confirm: true, note: 'priced as larceny' },
  }),
};

/** The shipped tables by id. */
export const CRIME_COST_TABLES: Record<string, CrimeCostTable> = {
  [UK_HOME_OFFICE_2018.id]: UK_HOME_OFFICE_2018,
  [US_MCCOLLISTER_2010.id]: US_MCCOLLISTER_2010,
};

/** A plan's choice of cost-of-crime table: a shipped one (with optional edits), custom, or none. */
export type CrimeCostChoice =
  | { table: 'none' }
  | { table: 'uk-home-office-2018' | 'us-mccollister-2010'; edits?: Partial<Record<Category, number | null>> }
  | { table: 'custom'; name: string; currency: string; priceYear?: string; citation?: string; costs: Partial<Record<Category, number | null>> };

/** The table a choice stands for, edits applied; null for `none`. */
export function crimeCostTable(choice: CrimeCostChoice): CrimeCostTable | null {
  if (choice.table === 'none') return null;
  if (choice.table === 'custom') {
    const costs = table(
      Object.fromEntries(
        Object.entries(choice.costs).filter(([, v]) => typeof v === 'number').map(([k, v]) => [k, { value: v as number, sourceName: k, confirm: false }]),
      ),
    );
    return { id: 'custom', name: choice.name, currency: choice.currency, priceYear: choice.priceYear ?? '', citation: choice.citation ?? 'planner-supplied', costs };
  }
  const base = CRIME_COST_TABLES[choice.table];
  if (!choice.edits) return base;
  const costs = { ...base.costs };
  for (const [k, v] of Object.entries(choice.edits) as [Category, number | null][])
    costs[k] = v === null ? null : { value: v, sourceName: base.costs[k]?.sourceName ?? k, confirm: false, note: 'edited by the planner' };
  return { ...base, costs };
}
