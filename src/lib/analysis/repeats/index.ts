/**
 * Repeat and near-repeat victimisation (issue #4), pure TypeScript on typed arrays: runs the same
 * in a Web Worker, in Node (CLI, tests, benchmarks) and in the browser's main thread.
 *   repeat-places.ts  repeat rate, time to next, ranked and flagged repeat places (Farrell & Pease)
 *   knox.ts           Knox test with Monte Carlo permutations (Knox 1964; Johnson & Bowers 2004)
 *   risk-zones.ts     near-repeat risk zones from a Knox table, and their evaluation
 *   candidates.ts     repeat places and zones as planner candidates, with evidence
 */
export { normaliseAddress, placeIndex, type PlaceIndex } from './address-key';
export { makeBands, type Band } from './bands';
export type { Metric } from './close-pairs';
export { dayNumbers, dayOfIso, isoDay } from './days';
export { spaceTimeEvents, subsetEvents, type SpaceTimeColumns, type SpaceTimeEvents } from './events';
export { KnoxRun, knoxTest, knoxTestAsync, KNOX_NULL, type KnoxCell, type KnoxEvents, type KnoxOptions, type KnoxResult } from './knox';
export { metricPlane, type MetricPlane, type PlaneInfo } from './metric-plane';
export { repeatPlaces, repeatRatesByOffence, type RepeatInput, type RepeatOptions, type RepeatPlace, type RepeatPlacesResult } from './repeat-places';
export { evaluateRiskZones, riskZones, significantExtent, type RiskZone, type RiskZoneEvaluation, type RiskZoneParams, type RiskZonesResult } from './risk-zones';
export { riskZonesGeoJson, type ZoneProperties } from './zone-geojson';
export { repeatPlaceCandidates, riskZoneCandidates, type Candidate, type CandidateIntervention, type InterventionKind } from './candidates';
export { EVIDENCE, type EvidenceEntry } from './evidence';
