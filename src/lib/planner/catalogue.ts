/**
 * The intervention catalogue: situational measures with the evidence of their effect in the
 * treated place, embedded from ../shared/EVIDENCE.md (the app never reads that file). Every
 * figure carries its citation; figures marked *(confirm)* there have `confirm: true` and must be
 * shown as editable defaults with that caveat.
 *
 * Intervals: where the evidence base reports an interval or a range it is used as is. Where it
 * gives only a point, the interval is an assumption of this catalogue (`interval: 'assumed'`):
 * ±50 % of the point for a significant effect, and from twice the point to its mirror image
 * across zero for a non-significant one. Replace them with the review's own interval when known.
 *
 * Costs: unit costs vary by city, so no entry ships a cost (`cost` is empty). `exampleCost` is an
 * illustrative figure for demonstrations only, flagged `example: true`; a plan uses it only when
 * it opts in, and every result that does says so.
 */
import { CATEGORIES, GROUPS, type Category } from './offence-categories';
import type { CptedPrinciple, Technique } from './techniques';

/** What an intervention acts on. */
export type FootprintKind = 'cell' | 'radius' | 'segment' | 'address';

/** How an effect's interval was obtained. */
export type IntervalBasis = 'reported-95' | 'range' | 'assumed';

/** The evidence of one effect of an intervention in the treated place. */
export interface Effect {
  /** Offence categories the figure applies to, or `all`. */
  categories: readonly Category[] | 'all';
  /** What the study measured, in its words (e.g. "gun violence"). */
  outcome: string;
  /** Proportional change vs control: −0.21 is 21 % fewer. Null: the evidence gives no figure. */
  point: number | null;
  /** Interval of the proportional change (low ≤ point ≤ high); null with a null point. */
  low: number | null;
  high: number | null;
  interval: IntervalBasis;
  /** Whether the source reports the effect as statistically significant (null: not stated). */
  significant: boolean | null;
  citation: string;
  /** Seen only in a secondary source or recalled: show as an editable default with a caveat. */
  confirm: boolean;
  note?: string;
}

/** Cost of one placement: capital once, annual for each year active, per `unit` of footprint. */
export interface CostModel {
  currency: string | null;
  capital: number | null;
  annual: number | null;
  /** `placement`: per placement; `cell`: per treated cell; `km2`: per km² of treated cells. */
  unit: 'placement' | 'cell' | 'km2';
  /** True for illustrative figures that are not prices. */
  example: boolean;
  note?: string;
}

/** Rights issues an intervention raises, for the report and the UI's warnings. */
export type RightsFlag = 'privacy' | 'signage' | 'public-access' | 'open-public-space' | 'over-policing' | 'profiling';

/** One intervention. */
export interface Intervention {
  id: string;
  name: string;
  description: string;
  techniques: Technique[];
  /** CPTED principles; empty for measures outside CPTED (policing strategies, CCTV). */
  cpted: CptedPrinciple[];
  /** Offences and settings the evidence covers, in words. */
  settings: string;
  footprint: FootprintKind;
  /** Typical displacement/diffusion buffer in metres around the treated place. */
  bufferM: number;
  effects: Effect[];
  cost: CostModel;
  exampleCost: CostModel | null;
  rights: string[];
  rightsFlags: RightsFlag[];
  notes: string[];
  source: 'catalogue' | 'planner';
}

const NO_COST = (unit: CostModel['unit']): CostModel => ({ currency: null, capital: null, annual: null, unit, example: false });
const EXAMPLE_NOTE = 'Illustrative example only, not a price: replace with local quotes.';
const example = (unit: CostModel['unit'], capital: number, annual: number): CostModel => ({ currency: 'GBP', capital, annual, unit, example: true, note: EXAMPLE_NOTE });

/** An effect with the catalogue's assumed interval (see the file header). */
function assumed(categories: Effect['categories'], outcome: string, point: number, significant: boolean, citation: string, confirm: boolean, note?: string): Effect {
  const [low, high] = significant ? [point * 1.5, point * 0.5] : [point * 2, -point];
  return { categories, outcome, point, low: round(low), high: round(high), interval: 'assumed', significant, citation, confirm, ...(note ? { note } : {}) };
}
const round = (x: number) => Math.round(x * 1e6) / 1e6;

const CAMERA_RIGHTS = [
  'Carry out a privacy (data protection) impact assessment before installing cameras, and repeat it when their use changes.',
  'Put clear signs at every camera zone saying who operates the cameras and how to contact them.',
  'Set and publish a retention period and an access log for footage; never point cameras into homes or other private space.',
];
const POLICING_RIGHTS = [
  'Concentrated enforcement can burden residents of the treated places: monitor stops and arrests for disproportionality by age, sex and ethnicity, and keep the community informed.',
];
const WATCH_RIGHTS = ['Guard against vigilantism and the profiling of "strangers": watch groups report to the police, they do not act themselves.'];
const OPEN_SPACE = 'Target hardening must not spoil the built environment or restrict free access to public space (UN guidelines on crime prevention).';

const LIGHTING_2008 = 'Welsh & Farrington (2008), Effects of improved street lighting on crime, Campbell Systematic Reviews 2008:13';
const LIGHTING_2022 = 'Welsh, Farrington & Douglas (2022), Criminology & Public Policy 21(3)';
const CCTV_2009 = 'Welsh & Farrington (2009), Justice Quarterly 26(4)';
const CCTV_2019 = 'Piza, Welsh, Farrington & Thomas (2019), Criminology & Public Policy 18(1)';

/** The shipped catalogue (../shared/EVIDENCE.md, "Effect of interventions on crime in the treated place"). */
export const CATALOGUE: readonly Intervention[] = [
  {
    id: 'street-lighting', name: 'Improved street lighting',
    description: 'Repair or upgrade street lights along streets and footpaths.',
    techniques: ['assist natural surveillance'], cpted: ['natural surveillance'],
    settings: 'All crime; 13 studies in the UK and US (night and day).', footprint: 'segment', bufferM: 200,
    effects: [assumed('all', 'all crime', -0.21, true, LIGHTING_2008, false)],
    cost: NO_COST('cell'), exampleCost: example('cell', 60_000, 3_000),
    rights: ['Consult residents on glare and light spill, and ask where women and vulnerable people feel unsafe after dark (SDG indicator 16.1.4).'],
    rightsFlags: [], notes: [], source: 'catalogue',
  },
  {
    id: 'street-lighting-2022', name: 'Improved street lighting (2022 update)',
    description: 'Repair or upgrade street lights; effect from the updated review.',
    techniques: ['assist natural surveillance'], cpted: ['natural surveillance'],
    settings: 'Total crime; 21 studies 1974–2021. Property crime fell significantly, violence did not.', footprint: 'segment', bufferM: 200,
    effects: [assumed('all', 'total crime', -0.14, true, LIGHTING_2022, false, 'Significant for property crime, not for violence.')],
    cost: NO_COST('cell'), exampleCost: example('cell', 60_000, 3_000),
    rights: ['Consult residents on glare and light spill, and ask where women and vulnerable people feel unsafe after dark (SDG indicator 16.1.4).'],
    rightsFlags: [], notes: [], source: 'catalogue',
  },
  {
    id: 'cctv', name: 'CCTV (general)',
    description: 'Public-space surveillance cameras; best actively monitored and combined with other measures.',
    techniques: ['strengthen formal surveillance'], cpted: [],
    settings: 'About 80 tests; strongest in car parks and residential areas; active monitoring and combined measures do better.', footprint: 'radius', bufferM: 200,
    effects: [assumed('all', 'crime overall', -0.13, true, CCTV_2019, true, 'Evidence base says "modest significant reduction (about −13 %)".')],
    cost: NO_COST('placement'), exampleCost: example('placement', 25_000, 8_000),
    rights: CAMERA_RIGHTS, rightsFlags: ['privacy', 'signage'], notes: [], source: 'catalogue',
  },
  {
    id: 'cctv-car-park', name: 'CCTV in car parks',
    description: 'Cameras covering a car park.',
    techniques: ['strengthen formal surveillance'], cpted: [],
    settings: 'Car parks (vehicle crime).', footprint: 'address', bufferM: 150,
    effects: [assumed('all', 'crime in car parks', -0.51, true, CCTV_2009, true)],
    cost: NO_COST('placement'), exampleCost: example('placement', 25_000, 8_000),
    rights: CAMERA_RIGHTS, rightsFlags: ['privacy', 'signage'], notes: [], source: 'catalogue',
  },
  {
    id: 'cctv-city-centre', name: 'CCTV in city centres',
    description: 'Cameras in a city or town centre.',
    techniques: ['strengthen formal surveillance'], cpted: [],
    settings: 'City and town centres; the reduction was not significant.', footprint: 'radius', bufferM: 200,
    effects: [assumed('all', 'crime in city centres', -0.07, false, CCTV_2009, true)],
    cost: NO_COST('placement'), exampleCost: example('placement', 25_000, 8_000),
    rights: CAMERA_RIGHTS, rightsFlags: ['privacy', 'signage'], notes: [], source: 'catalogue',
  },
  {
    id: 'cctv-public-transport', name: 'CCTV in public transport',
    description: 'Cameras at stations and stops.',
    techniques: ['strengthen formal surveillance'], cpted: [],
    settings: 'Public transport; the reduction was not significant.', footprint: 'address', bufferM: 150,
    effects: [assumed('all', 'crime in public transport', -0.23, false, CCTV_2009, true)],
    cost: NO_COST('placement'), exampleCost: example('placement', 25_000, 8_000),
    rights: CAMERA_RIGHTS, rightsFlags: ['privacy', 'signage'], notes: [], source: 'catalogue',
  },
  {
    id: 'alley-gating', name: 'Alley gating',
    description: 'Lockable gates on alleys behind terraced housing, keys held by residents.',
    techniques: ['control access to facilities'], cpted: ['access control'],
    settings: 'Domestic burglary in alleys behind terraced housing.', footprint: 'segment', bufferM: 200,
    effects: [assumed(['residential_burglary'], 'domestic burglary (Liverpool)', -0.37, true,
      'Bowers, Johnson & Hirschfield (2004), European Journal on Criminal Policy and Research 10', false,
      'Liverpool: diffusion of benefits, £1.86 saved per £1 spent. Pooled review: significant reduction, little displacement (Sidebottom et al. 2018, Justice Quarterly 35(1); pooled figure to confirm).')],
    cost: NO_COST('placement'), exampleCost: example('placement', 10_000, 500),
    rights: [
      'Gate only alleys that serve the backs of homes and are not public through-routes; follow the legal closure procedure and consult everyone who uses the alley.',
      'Give keys to every resident, to emergency services and to refuse collection.',
      OPEN_SPACE,
    ],
    rightsFlags: ['public-access'], notes: [], source: 'catalogue',
  },
  {
    id: 'hot-spots-policing', name: 'Hot spots policing',
    description: 'Extra police presence focused on the highest-crime micro-places.',
    techniques: ['strengthen formal surveillance'], cpted: [],
    settings: '65 studies, 78 tests; diffusion of benefits more common than displacement.', footprint: 'cell', bufferM: 150,
    effects: [assumed('all', 'crime (d = 0.12)', -0.16, true,
      'Braga, Turchan, Papachristos & Hureau (2019), Journal of Experimental Criminology 15(3); Braga & Weisburd (2022), Journal of Quantitative Criminology 38', false)],
    cost: NO_COST('cell'), exampleCost: example('cell', 0, 50_000),
    rights: POLICING_RIGHTS, rightsFlags: ['over-policing'], notes: [], source: 'catalogue',
  },
  {
    id: 'foot-patrol', name: 'Foot patrol at violent hot spots',
    description: 'Officers on foot patrol at the most violent street corners.',
    techniques: ['strengthen formal surveillance'], cpted: [],
    settings: 'Violent crime at 60 hot spots, Philadelphia, randomised.', footprint: 'cell', bufferM: 150,
    effects: [assumed(GROUPS.violence, 'violent crime', -0.23, true, 'Ratcliffe, Taniguchi, Groff & Wood (2011), Criminology 49(3)', false)],
    cost: NO_COST('cell'), exampleCost: example('cell', 0, 80_000),
    rights: POLICING_RIGHTS, rightsFlags: ['over-policing'], notes: [], source: 'catalogue',
  },
  {
    id: 'problem-oriented-policing', name: 'Problem-oriented policing',
    description: 'Scan, analyse, respond, assess: measures tailored to the local problem.',
    techniques: [], cpted: [],
    settings: '34 studies; the response differs from problem to problem, so record what was done.', footprint: 'radius', bufferM: 200,
    effects: [assumed('all', 'crime and disorder', -0.34, true, 'Hinkle, Weisburd, Telep & Petersen (2020), Campbell Systematic Reviews 16(2)', true)],
    cost: NO_COST('placement'), exampleCost: example('placement', 20_000, 20_000),
    rights: POLICING_RIGHTS, rightsFlags: ['over-policing'], notes: [], source: 'catalogue',
  },
  {
    id: 'repeat-victimisation', name: 'Repeat-victimisation prevention',
    description: 'Tailored protection of victims soon after a first incident (target hardening, cocoon watch).',
    techniques: ['target hardening'], cpted: ['target hardening'],
    settings: '31 studies; tailored target hardening works best; schemes against sexual victimisation showed no effect (not applied to rape here).',
    footprint: 'address', bufferM: 100,
    effects: [assumed(CATEGORIES.filter((c) => c !== 'rape'), 'victimisation overall', -0.17, true,
      'Grove, Farrell, Farrington & Johnson (2012), Swedish National Council for Crime Prevention', false,
      'Act fast: about half of repeat burglaries come within 7 days (Polvi et al. 1991, British Journal of Criminology 31(4)).')],
    cost: NO_COST('placement'), exampleCost: example('placement', 500, 0),
    rights: [OPEN_SPACE, 'Victims decide: protection is offered, never imposed, and their data are kept confidential.'],
    rightsFlags: ['open-public-space'], notes: [], source: 'catalogue',
  },
  {
    id: 'repeat-burglary', name: 'Repeat-burglary prevention',
    description: 'Target hardening of burgled homes and their neighbours soon after a burglary.',
    techniques: ['target hardening'], cpted: ['target hardening'],
    settings: 'Repeat burglary schemes (the upper figure of the review: "up to −20 %").', footprint: 'address', bufferM: 100,
    effects: [assumed(GROUPS.burglary, 'repeat burglary', -0.2, true, 'Grove, Farrell, Farrington & Johnson (2012), Swedish National Council for Crime Prevention', false,
      'An upper figure: "up to −20 %".')],
    cost: NO_COST('placement'), exampleCost: example('placement', 500, 0),
    rights: [OPEN_SPACE], rightsFlags: ['open-public-space'], notes: [], source: 'catalogue',
  },
  {
    id: 'neighbourhood-watch', name: 'Neighbourhood watch',
    description: 'Residents watch out for each other and report to the police.',
    techniques: ['extend guardianship'], cpted: ['territorial reinforcement'],
    settings: '18 evaluations, 15 of which reduced crime.', footprint: 'cell', bufferM: 200,
    effects: [{ categories: 'all', outcome: 'crime', point: -0.21, low: -0.26, high: -0.16, interval: 'range', significant: true,
      citation: 'Bennett, Holloway & Farrington (2008), Campbell Systematic Reviews 2008:18', confirm: true,
      note: 'The evidence base gives "about −16 % to −26 %"; the point is the midpoint.' }],
    cost: NO_COST('cell'), exampleCost: example('cell', 1_000, 1_000),
    rights: WATCH_RIGHTS, rightsFlags: ['profiling'], notes: [], source: 'catalogue',
  },
  {
    id: 'vacant-lot-greening', name: 'Vacant-lot greening',
    description: 'Clean, plant and maintain vacant lots.',
    techniques: ['assist natural surveillance'], cpted: ['maintenance and image'],
    settings: '541 lots, Philadelphia, randomised. Nuisances −30 % and residents\' fear outdoors −58 % are not crime categories here.',
    footprint: 'address', bufferM: 100,
    effects: [
      assumed(GROUPS.gunViolence, 'gun violence', -0.29, true, 'Branas et al. (2018), PNAS 115(12)', false, 'Gun violence mapped onto homicide, violence with injury and weapons possession (editable).'),
      assumed(GROUPS.burglary, 'burglary', -0.22, true, 'Branas et al. (2018), PNAS 115(12)', false),
    ],
    cost: NO_COST('placement'), exampleCost: example('placement', 1_500, 200),
    rights: ['Involve residents in what the lot becomes; greening should serve them, not price them out.'],
    rightsFlags: [], notes: ['Residents\' fear of going outside fell 58 % (Branas et al. 2018): relevant to SDG indicator 16.1.4.'], source: 'catalogue',
  },
  {
    id: 'abandoned-building-remediation', name: 'Abandoned building remediation',
    description: 'Secure doors and windows of abandoned buildings and clean them up.',
    techniques: ['control access to facilities', 'deny benefits'], cpted: ['maintenance and image'],
    settings: 'Firearm violence around remediated buildings.', footprint: 'address', bufferM: 100,
    effects: [{ categories: GROUPS.gunViolence, outcome: 'firearm violence', point: -0.39, low: -0.5, high: -0.28, interval: 'reported-95', significant: true,
      citation: 'Branas et al. (2016), American Journal of Public Health 106(12)', confirm: false,
      note: 'Firearm violence mapped onto homicide, violence with injury and weapons possession (editable).' }],
    cost: NO_COST('placement'), exampleCost: example('placement', 2_000, 0),
    rights: [], rightsFlags: [], notes: [], source: 'catalogue',
  },
  {
    id: 'business-improvement-district', name: 'Business improvement district',
    description: 'Businesses fund place management: cleaning, ambassadors, maintenance.',
    techniques: ['use place managers'], cpted: ['maintenance and image', 'activity support'],
    settings: '30 districts, Los Angeles.', footprint: 'cell', bufferM: 200,
    effects: [
      assumed(['robbery'], 'robbery', -0.12, true, 'MacDonald, Golinelli, Stokes & Bluthenthal (2010), Injury Prevention 16(5)', false),
      assumed(['homicide', 'rape', 'violence_with_injury', 'violence_without_injury'], 'violent crime', -0.08, true, 'MacDonald, Golinelli, Stokes & Bluthenthal (2010), Injury Prevention 16(5)', false),
    ],
    cost: NO_COST('cell'), exampleCost: example('cell', 0, 100_000),
    rights: ['District patrols must not move on rough sleepers or anyone else lawfully using public space.', OPEN_SPACE],
    rightsFlags: ['open-public-space'], notes: [], source: 'catalogue',
  },
  {
    id: 'responsible-beverage-service', name: 'Responsible beverage service and enforcement at bars',
    description: 'Server training, licensing agreements and enforcement at licensed premises.',
    techniques: ['control drugs and alcohol'], cpted: [],
    settings: 'Police-recorded violence, Stockholm.', footprint: 'address', bufferM: 150,
    effects: [assumed(GROUPS.violence, 'police-recorded violence', -0.29, true, 'Wallin, Norström & Andréasson (2003), Stockholm', false)],
    cost: NO_COST('placement'), exampleCost: example('placement', 2_000, 1_000),
    rights: [], rightsFlags: [], notes: [], source: 'catalogue',
  },
  {
    id: 'household-security', name: 'Household security (window and door locks)',
    description: 'Window locks with door locks; alarms alone do little.',
    techniques: ['target hardening'], cpted: ['target hardening'],
    settings: 'Burglary with entry. Window + door locks protect many-fold vs no security; the evidence base gives no percentage: enter one.',
    footprint: 'address', bufferM: 100,
    effects: [{ categories: ['residential_burglary'], outcome: 'burglary with entry', point: null, low: null, high: null, interval: 'assumed', significant: true,
      citation: 'Tseloni, Thompson, Grove, Tilley & Farrell (2017), Security Journal 30(2)', confirm: false,
      note: 'No percentage in the evidence base: the planner must enter an effect before scoring.' }],
    cost: NO_COST('placement'), exampleCost: example('placement', 300, 0),
    rights: [OPEN_SPACE], rightsFlags: ['open-public-space'], notes: [], source: 'catalogue',
  },
];

/** The catalogue with the planner's own interventions added (same id: the planner's replaces). */
export function mergeCatalogue(custom: readonly Intervention[] = []): Intervention[] {
  const byId = new Map(CATALOGUE.map((i) => [i.id, i]));
  for (const c of custom) byId.set(c.id, c);
  return [...byId.values()];
}

/** The effect of an intervention on one category: the first effect listing it, else an `all` effect. */
export function effectFor(iv: Intervention, category: Category): Effect | null {
  return iv.effects.find((e) => e.categories !== 'all' && e.categories.includes(category)) ?? iv.effects.find((e) => e.categories === 'all') ?? null;
}
