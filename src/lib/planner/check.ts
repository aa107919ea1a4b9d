/**
 * A small collector of validation messages for plan and intervention JSON: each message names
 * the path of the offending value (`placements[2].footprint.radiusM`) and says what is expected.
 */

/** The outcome of validating untrusted JSON. */
export type Validated<T> = { ok: true; value: T; warnings: string[] } | { ok: false; errors: string[]; warnings: string[] };

/** Collects errors and warnings while walking a value. */
export class Checker {
  readonly errors: string[] = [];
  readonly warnings: string[] = [];

  error(path: string, msg: string): void {
    this.errors.push(`${path || 'plan'}: ${msg}`);
  }

  warn(path: string, msg: string): void {
    this.warnings.push(`${path || 'plan'}: ${msg}`);
  }

  /** An object (not null, not an array), or an error. */
  object(v: unknown, path: string): v is Record<string, unknown> {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return true;
    this.error(path, `must be an object, got ${describe(v)}.`);
    return false;
  }

  /** A non-empty string, or an error. */
  text(v: unknown, path: string): v is string {
    if (typeof v === 'string' && v.trim() !== '') return true;
    this.error(path, `must be a non-empty text, got ${describe(v)}.`);
    return false;
  }

  /** A finite number in [lo, hi], or an error. */
  number(v: unknown, path: string, lo = -Infinity, hi = Infinity): v is number {
    if (typeof v === 'number' && Number.isFinite(v) && v >= lo && v <= hi) return true;
    const range = lo === -Infinity && hi === Infinity ? '' : hi === Infinity ? ` ≥ ${lo}` : lo === -Infinity ? ` ≤ ${hi}` : ` from ${lo} to ${hi}`;
    this.error(path, `must be a number${range}, got ${describe(v)}.`);
    return false;
  }

  /** A whole number in [lo, hi], or an error. */
  int(v: unknown, path: string, lo: number, hi: number): v is number {
    if (typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi) return true;
    this.error(path, `must be a whole number from ${lo} to ${hi}, got ${describe(v)}.`);
    return false;
  }

  /** One of the listed strings, or an error. */
  oneOf<T extends string>(v: unknown, path: string, options: readonly T[]): v is T {
    if (typeof v === 'string' && (options as readonly string[]).includes(v)) return true;
    this.error(path, `must be one of ${options.map((o) => `"${o}"`).join(', ')}, got ${describe(v)}.`);
    return false;
  }

  /** A date `YYYY-MM-DD` that exists in the calendar, or an error. */
  date(v: unknown, path: string): v is string {
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v + 'T00:00:00Z')) && new Date(v + 'T00:00:00Z').toISOString().startsWith(v)) return true;
    this.error(path, `must be a date YYYY-MM-DD, got ${describe(v)}.`);
    return false;
  }

  /** An array, or an error. */
  array(v: unknown, path: string): v is unknown[] {
    if (Array.isArray(v)) return true;
    this.error(path, `must be a list, got ${describe(v)}.`);
    return false;
  }
}

/** A short description of a value for messages. */
export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  if (typeof v === 'object') return 'an object';
  return String(v);
}
