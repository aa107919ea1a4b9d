/**
 * The map's content as a table of cells with their figures: the incidents per cell under the
 * current filters, and, when an analysis is drawn over the map, the figures its drill-down shows
 * for each cell (class, z, p, risk …). One table feeds the sortable table view (for keyboard and
 * screen-reader users, and anyone who wants the numbers) and the CSV / GeoJSON / Parquet exports.
 */
import type { CellCounts } from '../engine/protocol';
import type { CellOverlay } from '../map/overlay';

export type CellValue = number | string | null;

export interface TableColumn {
  label: string;
  numeric: boolean;
  /** A count of incidents (suppressed under the threshold in published exports). */
  count: boolean;
}

export interface CellTable {
  title: string;
  res: number | null;
  columns: TableColumn[];
  /** H3 cell (hex) of each row. */
  cells: string[];
  /** rows[i][j]: row i, column j. */
  rows: CellValue[][];
}

/** Reads a number as the app shows it in `localeTag` ("1,234.5", "1.234,5", "1 234,5", "−2.1", "12 %"); NaN if the text is not one. */
export function parseShown(text: string, localeTag: string): number {
  const parts = new Intl.NumberFormat(localeTag).formatToParts(12345.6);
  const group = parts.find((p) => p.type === 'group')?.value ?? ',';
  const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '.';
  let s = text.trim().replace(/\u2212/g, '-');
  s = s.split(group).join('').replace(/[\s\u00a0\u202f]/g, '');
  if (decimal !== '.') s = s.split(decimal).join('.');
  const m = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?(%)?$/i.exec(s);
  return m ? Number(s.replace('%', '')) : NaN;
}

/** Incidents per cell (all study cells, zeros included) and each cell's share of the total. */
export function countsTable(c: CellCounts, labels: { title: string; cell: string; incidents: string; share: string }): CellTable {
  const rows: CellValue[][] = [];
  for (let i = 0; i < c.cells.length; i++) rows.push([c.counts[i], c.total > 0 ? (100 * c.counts[i]) / c.total : 0]);
  return {
    title: labels.title,
    res: c.res,
    columns: [
      { label: labels.incidents, numeric: true, count: true },
      { label: labels.share, numeric: true, count: true },
    ],
    cells: [...c.cells],
    rows,
  };
}

/**
 * The overlay's figures per cell (from its drill-down lines), after the incidents under the
 * current filters when `counts` is of the same cells' resolution. A column whose every value
 * equals the incidents column is left out (it would repeat it); a column of cell ids too.
 */
export function overlayTable(o: CellOverlay, counts: CellCounts | null, labels: { cell: string; incidents: string; countWords: string[] }, localeTag: string): CellTable {
  const n = o.cells.length;
  const byCell = new Map<string, number>();
  if (counts) for (let i = 0; i < counts.cells.length; i++) byCell.set(counts.cells[i], counts.counts[i]);
  const joined = counts !== null && n > 0 && o.cells.every((c) => byCell.has(c));
  const described = Array.from({ length: n }, (_, i) => o.describe(i));
  const names: string[] = [];
  for (const lines of described.slice(0, 50)) for (const [k] of lines) if (!names.includes(k)) names.push(k);
  const raw: string[][] = described.map((lines) => names.map((k) => lines.find((l) => l[0] === k)?.[1] ?? ''));
  const incidents = joined ? o.cells.map((c) => byCell.get(c) ?? 0) : null;
  const keep: number[] = [];
  const numeric: boolean[] = [];
  for (let j = 0; j < names.length; j++) {
    const col = raw.map((r) => r[j]);
    if (col.every((v, i) => v === o.cells[i])) continue;
    const nums = col.map((v) => parseShown(v, localeTag));
    if (incidents && nums.every((v, i) => v === incidents[i])) continue;
    keep.push(j);
    numeric.push(col.every((v, i) => v === '' || v === '—' || Number.isFinite(nums[i])) && col.some((_, i) => Number.isFinite(nums[i])));
  }
  const isCount = (label: string) => labels.countWords.some((w) => label.toLocaleLowerCase().includes(w.toLocaleLowerCase()));
  const columns: TableColumn[] = [
    ...(incidents ? [{ label: labels.incidents, numeric: true, count: true }] : []),
    ...keep.map((j, x) => ({ label: names[j], numeric: numeric[x], count: isCount(names[j]) })),
  ];
  const rows: CellValue[][] = raw.map((r, i) => [
    ...(incidents ? [incidents[i]] : []),
    ...keep.map((j, x) => {
      const v = r[j];
      if (!numeric[x]) return v;
      const num = parseShown(v, localeTag);
      return Number.isFinite(num) ? num : null;
    }),
  ]);
  return { title: o.title, res: counts && joined ? counts.res : null, columns, cells: [...o.cells], rows };
}

/** Row order sorted by column `col` (-1: the cell id), ascending or descending; missing values last. */
export function sortOrder(t: CellTable, col: number, dir: 'ascending' | 'descending'): number[] {
  const order = Array.from(t.rows, (_, i) => i);
  const sign = dir === 'ascending' ? 1 : -1;
  const key = (i: number): CellValue => (col < 0 ? t.cells[i] : t.rows[i][col]);
  const missing = (v: CellValue) => v === null || v === '' || (typeof v === 'number' && !Number.isFinite(v));
  order.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (missing(x) || missing(y)) return missing(x) === missing(y) ? a - b : missing(x) ? 1 : -1;
    const c =
      typeof x === 'number' && typeof y === 'number' ? x - y : col < 0 ? (x! < y! ? -1 : x! > y! ? 1 : 0) : String(x).localeCompare(String(y), undefined, { numeric: true });
    return c === 0 ? a - b : sign * c;
  });
  return order;
}
