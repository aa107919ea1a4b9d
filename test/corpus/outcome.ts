/**
 * Runs one corpus file through the engine the way the app and the CLI do (stage, confirm the
 * detected mapping, import) and checks the outcome against the case's expectation.
 */
import { expect } from 'vitest';
import { REJECT_REASONS, type Detection, type ValidationReport } from '../../src/lib/engine/protocol';
import type { IncidentService } from '../../src/lib/engine/service';
import { mappingProblems } from '../../src/lib/import/detect';
import { isError, type CorpusCase, type ReportExpect } from './cases';

type Noted<T> = T & { notes?: string[] };

export type Outcome =
  | { at: 'stage' | 'mapping' | 'import'; error: string; detection?: Noted<Detection> }
  | { report: Noted<ValidationReport>; detection: Noted<Detection> };

/** Stage → mapping check → import, as the column dialog's Import button would. */
export async function engineOutcome(s: IncidentService, name: string, bytes: Uint8Array): Promise<Outcome> {
  let det: Noted<Detection>;
  try {
    det = await s.stage(name, bytes);
  } catch (e) {
    return { at: 'stage', error: (e as Error).message };
  }
  const problems = mappingProblems(det.mapping, det.columns.map((c) => c.name));
  if (problems.length) return { at: 'mapping', error: problems.join(' '), detection: det };
  try {
    return { report: await s.import(det.mapping, null, false), detection: det };
  } catch (e) {
    return { at: 'import', error: (e as Error).message, detection: det };
  }
}

/** The rejected count of a report. */
export const rejectedTotal = (r: ValidationReport) => REJECT_REASONS.reduce((a, k) => a + r.rejected[k], 0);

/** Checks a report (engine or CLI JSON) against the expectation. */
export function checkReport(c: CorpusCase, r: Noted<ValidationReport>, mapping?: Detection['mapping']): void {
  const x = c.expect as ReportExpect;
  expect(r.read, 'read').toBe(x.read);
  expect(r.kept, 'kept').toBe(x.kept);
  expect(r.read, 'read = kept + rejected').toBe(r.kept + rejectedTotal(r));
  for (const k of REJECT_REASONS) expect(r.rejected[k], k).toBe(x.rejected?.[k] ?? 0);
  if (x.mapping && mapping) expect(mapping).toMatchObject(x.mapping);
  for (const re of x.notes ?? []) expect(r.notes ?? [], `a note matching ${re}`).toEqual(expect.arrayContaining([expect.stringMatching(re)]));
  for (const o of x.offences ?? []) expect(r.offences.map((f) => f.offence)).toContain(o);
  if (x.from) expect(r.from).toBe(x.from);
}

/** Checks an engine outcome against the expectation. */
export function checkOutcome(c: CorpusCase, o: Outcome): void {
  if (isError(c.expect)) {
    expect('error' in o ? o.at : 'report', `where ${c.file} stops`).toBe(c.expect.at);
    expect('error' in o ? o.error : JSON.stringify(o.report)).toMatch(c.expect.error);
  } else {
    if ('error' in o) throw new Error(`${c.file} should import but stopped at ${o.at}: ${o.error}`);
    checkReport(c, o.report, o.detection.mapping);
  }
}
