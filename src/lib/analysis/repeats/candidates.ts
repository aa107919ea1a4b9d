/**
 * From diagnosis to response: each repeat place and each near-repeat risk zone becomes a
 * candidate for the prevention planner, with the interventions that fit it (target hardening,
 * cocooning of neighbours, patrol visits) and the evidence for each, quoted from the evidence
 * base (evidence.ts). Techniques are named after Cornish & Clarke (2003), the 25 techniques of
 * situational crime prevention. Cocooning (Forrester, Chatterton & Pease 1988, the Kirkholt
 * project) has no figure of its own in the evidence base: it cites the repeat-victimisation
 * review, neighbourhood watch and the timing of repeats.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { EVIDENCE, TARGET_HARDENING_CAVEAT, type EvidenceEntry } from './evidence';
import type { RepeatPlacesResult } from './repeat-places';
import type { RiskZonesResult } from './risk-zones';

/** The responses a candidate can be sent to the planner for. */
export type InterventionKind = 'target-hardening' | 'cocooning' | 'patrol-visits';

/** One proposed response for a candidate, with the evidence that supports it. */
export interface CandidateIntervention {
  kind: InterventionKind;
  label: string;
  /** Cornish & Clarke aim and technique. */
  technique: string;
  /** What to do, in one sentence for this place. */
  action: string;
  evidence: EvidenceEntry[];
  caveat?: string;
  /** The planner catalogue's intervention that scores it (src/lib/planner/catalogue.ts). */
  catalogueId: string;
  /** How the scored figure relates to this response, when it is not the response's own. */
  scoredAs?: string;
  /** Where it acts: the place itself, its neighbours (a small circle), or the whole zone. */
  scope: 'place' | 'neighbours' | 'zone';
  /** Who usually does it (the planner can change them). */
  agencies: string[];
}

/** A repeat place or a risk zone proposed to the planner. */
export interface Candidate {
  /** `repeat:<place key>` or `zone:<as-of>:<id>`. */
  id: string;
  source: 'repeat-place' | 'risk-zone';
  /** Short name: the address, or "Risk zone 3". */
  name: string;
  title: string;
  lon: number;
  lat: number;
  incidents: number;
  offences: { offence: string; count: number }[];
  /** Last day of heightened risk (risk zones). */
  until?: string;
  /** Rows of the incidents behind it (indices into the incident columns). */
  rows: number[];
  /** Near-repeat distance in metres (risk zones). */
  radiusM?: number;
  /** The zone's outline in [lon, lat] (risk zones, when the map's GeoJSON was given). */
  area?: Polygon | MultiPolygon;
  interventions: CandidateIntervention[];
}

/** Radius of "the neighbours" of a repeat place for cocooning, metres (a street's few doors either side). */
export const NEIGHBOURS_M = 100;

const BURGLARY = /burglar|break[- ]?in|housebreak|breaking and entering|b&e/i;
const VIOLENT = /assault|robbery|battery|violen|wound|homicide|shooting/i;

const has = (offences: { offence: string }[], re: RegExp) => offences.some((o) => re.test(o.offence));

function targetHardening(where: string, burglary: boolean, scope: CandidateIntervention['scope']): CandidateIntervention {
  return {
    kind: 'target-hardening', label: 'Target hardening', technique: 'Increase the effort: target hardening',
    action: burglary ? `Fit door and window locks at ${where} (combinations protect far more than alarms alone).` : `Harden the target at ${where}, tailored to how it was hit.`,
    evidence: burglary ? [EVIDENCE.repeatVictimisation, EVIDENCE.householdSecurity] : [EVIDENCE.repeatVictimisation],
    caveat: TARGET_HARDENING_CAVEAT,
    catalogueId: burglary ? 'repeat-burglary' : 'repeat-victimisation', scope, agencies: ['Housing', 'Police'],
    ...(burglary ? { scoredAs: 'Scored with the repeat-burglary figure (up to −20 %); the lock combinations have no percentage in the evidence base.' } : {}),
  };
}

function patrol(where: string, violent: boolean, scope: CandidateIntervention['scope'], until?: string): CandidateIntervention {
  return {
    kind: 'patrol-visits', label: 'Patrol visits', technique: 'Increase the risks: strengthen formal surveillance',
    action: `Short, unpredictable patrol visits at ${where}${until ? ` until ${until}` : ', soonest in the first weeks after each incident'}.`,
    evidence: violent ? [EVIDENCE.hotSpotsPolicing, EVIDENCE.footPatrol, EVIDENCE.repeatTiming] : [EVIDENCE.hotSpotsPolicing, EVIDENCE.repeatTiming],
    catalogueId: violent ? 'foot-patrol' : 'hot-spots-policing', scope, agencies: ['Police'],
  };
}

function cocooning(where: string, scope: CandidateIntervention['scope'], until?: string): CandidateIntervention {
  return {
    kind: 'cocooning', label: 'Cocooning of neighbours', technique: 'Increase the risks: extend guardianship; assist natural surveillance',
    action: `Visit the neighbours ${where}${until ? ` before ${until}` : ' within days of an incident'}: tell them of the raised risk, offer security advice, ask them to watch.`,
    evidence: [EVIDENCE.repeatVictimisation, EVIDENCE.neighbourhoodWatch, EVIDENCE.repeatTiming],
    catalogueId: 'neighbourhood-watch', scope, agencies: ['Community groups', 'Police'],
    scoredAs: 'Scored with the neighbourhood-watch figure (about −21 %, to confirm): cocoon watch has no pooled figure of its own in the evidence base.',
  };
}

/** Candidates for the ranked repeat places (flagged ones only with `flaggedOnly`). */
export function repeatPlaceCandidates(r: RepeatPlacesResult, opts: { flaggedOnly?: boolean; limit?: number } = {}): Candidate[] {
  const places = r.ranked.filter((p) => !opts.flaggedOnly || p.flagged).slice(0, opts.limit ?? r.ranked.length);
  return places.map((p) => {
    const burglary = has(p.offences, BURGLARY), violent = has(p.offences, VIOLENT);
    const mix = p.offences.slice(0, 3).map((o) => `${o.count} ${o.offence}`).join(', ');
    const interventions = [targetHardening(p.label, burglary, 'place'), patrol(p.label, violent, 'place')];
    if (burglary) interventions.push(cocooning(`next to ${p.label}`, 'neighbours'));
    return {
      id: `repeat:${p.key}`, source: 'repeat-place', name: p.label, title: `${p.label}: ${p.count} incidents ${p.first.slice(0, 10)} – ${p.last.slice(0, 10)} (${mix})${p.flagged ? `, ${p.maxInWindow} within ${r.flag.days} days` : ''}`,
      lon: p.lon, lat: p.lat, incidents: p.count, offences: p.offences, rows: p.rows, interventions,
    } satisfies Candidate;
  });
}

/** What risk-zone candidates read of a zones result (the map's copy has no plane centres). */
export type ZonesInput = Pick<RiskZonesResult, 'params' | 'asOf' | 'zones'>;

/**
 * Candidates for risk zones; `offence` (per source row) fills in each zone's offence mix. Without
 * it, `opts.filterOffences` (the offences the zones were drawn from) does when it names just one.
 * `opts.areas` gives each zone's outline by zone id (the map's GeoJSON features).
 */
export function riskZoneCandidates(
  z: ZonesInput,
  offence?: readonly string[],
  opts: { filterOffences?: readonly string[] | null; areas?: ReadonlyMap<number, Polygon | MultiPolygon> } = {},
): Candidate[] {
  const d = z.params.distance;
  const only = !offence && opts.filterOffences?.length === 1 ? opts.filterOffences[0] : null;
  return z.zones.map((zone) => {
    const mix = new Map<string, number>();
    if (offence) for (const row of zone.rows) mix.set(offence[row], (mix.get(offence[row]) ?? 0) + 1);
    else if (only) mix.set(only, zone.incidents);
    const offences = [...mix].map(([o, count]) => ({ offence: o, count })).sort((a, b) => b.count - a.count || a.offence.localeCompare(b.offence));
    // Without a known offence (a file of one crime type has none) the zone is taken as burglary, the near-repeat crime.
    const known = offences.filter((o) => o.offence !== 'Unknown');
    const among = !offence && !only && opts.filterOffences?.length ? opts.filterOffences.map((o) => ({ offence: o })) : null;
    const burglary = among ? has(among, BURGLARY) : known.length === 0 || has(known, BURGLARY);
    const violent = has(among ?? offences, VIOLENT);
    const area = opts.areas?.get(zone.id);
    const where = `within ${d} m of the ${zone.incidents === 1 ? 'incident' : `${zone.incidents} incidents`}`;
    return {
      id: `zone:${z.asOf}:${zone.id}`, source: 'risk-zone', name: `Risk zone ${zone.id}`,
      title: `Near-repeat risk zone ${zone.id}: heightened risk until ${zone.until} (${zone.incidents} incident${zone.incidents === 1 ? '' : 's'} ${zone.firstIncident} – ${zone.lastIncident}, ${zone.areaKm2.toFixed(2)} km²)`,
      lon: zone.lon, lat: zone.lat, incidents: zone.incidents, offences, until: zone.until, rows: zone.rows, radiusM: d, ...(area ? { area } : {}),
      interventions: [cocooning(where, 'zone', zone.until), patrol(`the zone (${where})`, violent, 'zone', zone.until), targetHardening(`homes and premises ${where}`, burglary, 'zone')],
    } satisfies Candidate;
  });
}
