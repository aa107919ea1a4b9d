/**
 * Plain-language advice after an import: why nothing could be kept (the import then stops with
 * this message and the data already loaded stays), and notes when a large share of rows was
 * rejected for one reason or when dates look wrong.
 */
import { REASON_LABELS, REJECT_REASONS, type ColumnMapping, type RejectReason } from '../engine/protocol';
import { dateFormatLabel } from './dates';

/** A result with notes for the user (what was converted, guessed or looks wrong). */
export type WithNotes<T> = T & { notes?: string[] };

/** What to do about rows rejected for a reason, given the mapping used. */
export function adviceFor(reason: RejectReason, m: ColumnMapping): string {
  const where = m.lat && m.lon ? `"${m.lat}"/"${m.lon}"` : m.x && m.y ? `"${m.x}"/"${m.y}"` : 'the coordinate columns';
  const when = m.datetime ?? m.date ?? 'the date column';
  switch (reason) {
    case 'no_coordinates':
      return `Check that ${where} are the right coordinate columns and hold numbers (for projected X/Y, also give their CRS).`;
    case 'out_of_range':
      return `The values in ${where} are not latitudes/longitudes (or are 0,0): if they are metres or feet, choose them as projected X/Y and give their CRS.`;
    case 'swapped_lat_lon':
      return `Latitude and longitude look swapped: choose "${m.lon ?? 'the longitude column'}" as latitude and "${m.lat ?? 'the latitude column'}" as longitude.`;
    case 'unparseable_date':
      return `The dates in "${when}" could not be read${m.dateFormat ? ` as ${dateFormatLabel(m.dateFormat)}` : ''}: choose the matching date format (or the right column).`;
    case 'duplicate_id':
      return `Several rows share an id: check that "${m.id ?? 'the id column'}" is a unique incident number, or choose no id column.`;
    case 'outside_boundary':
      return 'No incident lies inside the boundary: check that the boundary covers the data, or turn clipping off.';
  }
}

/** The message when no row could be kept: counts per reason and what to do about the largest. */
export function nothingKeptMessage(source: string, read: number, rejected: Record<RejectReason, number>, m: ColumnMapping): string {
  const parts = REJECT_REASONS.filter((r) => rejected[r] > 0).map((r) => `${REASON_LABELS[r].toLowerCase()}: ${rejected[r]}`);
  const top = REJECT_REASONS.reduce((a, b) => (rejected[b] > rejected[a] ? b : a));
  return `None of the ${read} rows of "${source}" could be imported (${parts.join('; ')}). ${adviceFor(top, m)}`;
}

/** Notes for reasons that rejected at least a fifth of the rows. */
export function rejectionNotes(read: number, rejected: Record<RejectReason, number>, m: ColumnMapping): string[] {
  return REJECT_REASONS.filter((r) => r !== 'outside_boundary' && rejected[r] > 0 && rejected[r] >= 0.2 * read).map(
    (r) => `${rejected[r]} of ${read} rows were rejected (${REASON_LABELS[r].toLowerCase()}). ${adviceFor(r, m)}`,
  );
}
