/**
 * Concentration of incidents over cells: the Lorenz curve, the share of cells that hold 25 % and
 * 50 % of incidents (the law of crime concentration: Weisburd, D. (2015) Criminology 53(2):133–157
 * found 50 % of crime on 2.1–6 % of street segments in eight cities), and the Gini coefficient.
 *
 * With fewer incidents N than cells n, even a perfectly spread pattern leaves n − N cells empty, so
 * the ordinary Gini (and "x % of cells hold half the crime") overstates concentration. The
 * generalised Gini of Bernasco, W. & Steenbeek, W. (2017) More places than crimes: implications
 * for evaluating the law of crime concentration at place. Journal of Quantitative Criminology
 * 33:451–467, measures against the line of maximal equality (N cells with one incident each):
 * G' = 1 − (1 − G) · n / N when N < n, else G' = G. G is the discrete Gini
 * G = 2 Σ_i i x_(i) / (n Σ x) − (n + 1) / n, x ascending.
 */

export interface Concentration {
  cells: number;
  incidents: number;
  /** Share of cells with at least one incident. */
  shareWithAny: number;
  /** Smallest share of cells (busiest first) holding at least 25 % / 50 % of incidents. */
  cellsFor25: number;
  cellsFor50: number;
  gini: number;
  /** Bernasco & Steenbeek's generalised Gini (equal to gini when incidents ≥ cells). */
  giniGeneralised: number;
  /** Lorenz curve, busiest cells first: share of cells → share of incidents, at most `points` + 1 points from (0, 0). */
  lorenz: { cellShare: Float64Array; incidentShare: Float64Array };
  /** A caution in plain words, or null. */
  caveat: string | null;
}

/** Concentration statistics of counts per cell (zeros included). */
export function concentration(counts: ArrayLike<number>, points = 200): Concentration {
  const n = counts.length;
  const x = Float64Array.from(counts).sort().reverse();
  let N = 0, any = 0;
  for (let i = 0; i < n; i++) { N += x[i]; if (x[i] > 0) any++; }
  // Discrete Gini over ascending order (x is descending, so the ascending rank of x[i] is n − i).
  let weighted = 0;
  for (let i = 0; i < n; i++) weighted += (n - i) * x[i];
  const gini = N > 0 && n > 0 ? (2 * weighted) / (n * N) - (n + 1) / n : NaN;
  const giniGeneralised = N > 0 && N < n ? 1 - ((1 - gini) * n) / N : gini;
  const shareFor = (q: number) => {
    let cum = 0;
    for (let i = 0; i < n; i++) { cum += x[i]; if (cum >= q * N - 1e-9) return (i + 1) / n; }
    return 1;
  };
  const m = Math.max(1, Math.min(points, n));
  const cellShare = new Float64Array(m + 1), incidentShare = new Float64Array(m + 1);
  let cum = 0, at = 0;
  for (let k = 1; k <= m; k++) {
    const upto = Math.round((k * n) / m);
    while (at < upto) cum += x[at++];
    cellShare[k] = upto / n;
    incidentShare[k] = N > 0 ? cum / N : 0;
  }
  let caveat: string | null = null;
  if (N === 0) caveat = 'No incidents: concentration is undefined.';
  else if (N < n)
    caveat = `Fewer incidents (${N}) than cells (${n}): at least ${n - N} cells must be empty however evenly crime is spread, so the plain Gini ` +
      `(${gini.toFixed(2)}) and the cell shares overstate concentration; the generalised Gini (${giniGeneralised.toFixed(2)}, Bernasco & Steenbeek 2017) corrects for this.`;
  return { cells: n, incidents: N, shareWithAny: n ? any / n : 0, cellsFor25: shareFor(0.25), cellsFor50: shareFor(0.5), gini, giniGeneralised, lorenz: { cellShare, incidentShare }, caveat };
}
