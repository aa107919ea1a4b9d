/**
 * The situational prevention planner's public API (pure TypeScript: no DuckDB, DOM or Svelte),
 * for the app (run the slow calls — scorePlan, optimisePlan, countAreas — in a worker) and the CLI.
 */
export { CATALOGUE, mergeCatalogue, effectFor, type Intervention, type Effect, type CostModel, type FootprintKind, type RightsFlag } from './catalogue';
export { validateIntervention } from './validate-intervention';
export { TECHNIQUES, TECHNIQUES_BY_AIM, CPTED_PRINCIPLES, aimOf, type Technique, type CptedPrinciple } from './techniques';
export { CATEGORIES, CATEGORY_LABELS, DEFAULT_MAPPINGS, mapOffences, type Category, type OffenceMapping, type MappedOffence } from './offence-categories';
export { CAMBRIDGE_CHI, NO_HARM_WEIGHTING, harmTable, type HarmTable, type HarmChoice } from './harm';
export { CRIME_COST_TABLES, crimeCostTable, type CrimeCostTable, type CrimeCostChoice } from './crime-costs';
export { PLAN_VERSION, DEFAULT_DISPLACEMENT, defaultPlan, validatePlan, type Plan, type Placement, type Footprint, type DisplacementAssumption } from './plan';
export type { Validated } from './check';
export { footprintCells, bufferCells, bufferRings, cellSpacingM } from './footprint';
export { recentRateBaseline, baselineFromForecast, type Baseline, type IncidentRows } from './baseline';
export { scorePlan, type PlanScore, type PlacementScore, type OffenceScore } from './score';
export { optimisePlan, candidateGrid, type Candidate, type OptimiseOptions, type OptimiseResult, type FrontierPoint } from './optimise';
export { evaluateCounts, type AreaCounts, type Evaluation } from './evaluate';
export { countAreas, grow, type AreaCountOptions, type AreaCountResult, type Area, type IncidentPoints } from './area-counts';
export { buildActionPlan, type ActionPlanReport, type ReportInput, type DiagnosisSlots, type Problem } from './report';
export { renderReportHtml, escapeHtml, formatNumber } from './report-html';
export type { Interval } from './uncertainty';
