/**
 * An analysis result drawn over the map in place of the counts: one colour per study-area cell,
 * a legend whose entries say what each class means, and the lines a cell's tooltip shows.
 * Hot spots, local Moran clusters, emerging patterns and risk surfaces all use this one shape.
 */
import type { RGBA } from './colour-scale';

export interface LegendEntry {
  colour: RGBA;
  label: string;
  /** What the class means, in plain words (shown under the label). */
  help?: string;
}

export interface CellOverlay {
  /** Unique per result, so the map rebuilds its layer only for a new result. */
  key: string;
  title: string;
  cells: string[];
  /** RGBA per cell, 4 bytes each. */
  colours: Uint8Array;
  legend: LegendEntry[];
  note?: string;
  /** Tooltip lines for cell `i` (label, value). */
  describe(i: number): [string, string][];
}
