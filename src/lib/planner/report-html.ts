/**
 * Renders the action-plan model as one standalone HTML document with print CSS (the browser's
 * print-to-PDF gives the PDF). Every text from the model is HTML-escaped; figures are embedded
 * only as PNG, JPEG or SVG base64 data URLs; a Content-Security-Policy forbids scripts and any
 * network access, so a hostile plan or label cannot inject markup or run code.
 */
import type { ActionPlanReport, Published } from './report';
import type { Interval } from './uncertainty';

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(s: unknown): string {
  return String(s ?? '').replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const e = escapeHtml;

/** A number with thousands separators and `digits` decimals, locale-independent. */
export function formatNumber(x: number | null | undefined, digits = 0): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const neg = x < 0;
  const [int, frac] = Math.abs(x).toFixed(digits).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (neg && /[1-9]/.test(int + (frac ?? '')) ? '−' : '') + grouped + (frac ? '.' + frac : '');
}

const pct = (x: number) => `${formatNumber(x * 100, 0)} %`;
const pubText = (p: Published, digits = 0) => (p.suppressed ? 'suppressed (small count)' : formatNumber(p.value, digits));
const interval = (i: Interval | null, digits = 0) => (i ? `${formatNumber(i.p5, digits)} to ${formatNumber(i.p95, digits)}` : '—');
const SAFE_IMAGE = /^data:image\/(png|jpeg|svg\+xml);base64,[A-Za-z0-9+/=]+$/;

function table(head: string[], rows: string[][]): string {
  if (rows.length === 0) return '<p class="empty">None.</p>';
  return `<table><thead><tr>${head.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

const CSS = `
body{font:11pt/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111;max-width:60em;margin:2em auto;padding:0 1em}
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;border-bottom:1px solid #999;margin-top:1.6em;break-after:avoid}
table{border-collapse:collapse;width:100%;margin:.5em 0;font-size:.92em}th,td{border:1px solid #bbb;padding:.25em .45em;text-align:left;vertical-align:top}
th{background:#eee}.meta{color:#444}.note{color:#444;font-size:.9em}.warn{background:#fff4d6;border-left:4px solid #d9a000;padding:.4em .6em}
.synthetic{background:#e8f0ff;border-left:4px solid #3366cc;padding:.4em .6em}.empty{color:#666;font-style:italic}figure{margin:1em 0}figure img{max-width:100%}
@media print{body{margin:0;max-width:none;font-size:10pt}section{break-inside:avoid-page}tr{break-inside:avoid}a{color:inherit;text-decoration:none}@page{size:A4;margin:15mm}}
`;

/** The report as a standalone HTML document. */
export function renderReportHtml(m: ActionPlanReport): string {
  const s: string[] = [];
  s.push(`<header><h1>${e(m.title)}</h1><p class="meta">${[m.place, m.preparedBy ? `Prepared by ${m.preparedBy}` : null, m.date].filter(Boolean).map(e).join(' · ')}</p>`);
  if (m.synthetic) s.push('<p class="synthetic">Synthetic data: the place and every incident are invented, for demonstration only.</p>');
  s.push('</header>');

  const d = m.diagnosis;
  s.push(`<section><h2>1. Local diagnosis</h2>${d.summary ? `<p>${e(d.summary)}</p>` : '<p class="empty">No diagnosis summary was entered.</p>'}`);
  if (d.hotSpots.length) s.push('<h3>Hot spots</h3>' + table(['Place', 'Cells', 'Incidents'], d.hotSpots.map((h) => [e(h.label), formatNumber(h.cells), e(pubText(h.count))])));
  if (d.repeats.length) s.push('<h3>Repeat places</h3>' + table(['Place', 'Incidents'], d.repeats.map((r) => [e(r.label), e(pubText(r.count))])));
  if (d.riskFactors.length) s.push('<h3>Risk factors</h3>' + table(['Factor', 'Relative risk'], d.riskFactors.map((r) => [e(r.factor), formatNumber(r.relativeRisk, 2)])));
  for (const f of d.figures) if (SAFE_IMAGE.test(f.dataUrl)) s.push(`<figure><img src="${e(f.dataUrl)}" alt="${e(f.alt)}"><figcaption>${e(f.title)}</figcaption></figure>`);
  s.push('</section>');

  s.push('<section><h2>2. Problems and objectives</h2>' + table(['Problem', 'Baseline (horizon)', 'Target reduction', 'By'],
    m.problems.map((p) => [e(p.statement), e(pubText(p.baseline)), e(pct(p.targetReduction)), e(p.byDate)])) + '</section>');

  s.push('<section><h2>3. Actions</h2>' + table(['Action', 'Where', 'Responsible', 'When', 'Expected incidents prevented (5–95 %)', 'Technique / CPTED', 'Evidence'],
    m.actions.map((a) => [
      e(a.action), `${e(a.where)}<br><span class="note">${formatNumber(a.cells)} cell(s)</span>`, e(a.agencies.join(', ') || 'to be assigned'), `${e(a.start)} to ${e(a.end)}`,
      `${e(pubText(a.expectedNet, 1))}<br><span class="note">${e(interval(a.netInterval, 1))}</span>`,
      e([...a.techniques, ...a.cpted.map((c) => `CPTED: ${c}`)].join('; ') || '—'),
      a.evidence.map((x) => e(x.citation) + (x.confirm ? ' <em>(to confirm)</em>' : '')).join('<br>'),
    ])) + '</section>');

  s.push('<section><h2>4. Timeline</h2>' + table(['Item', 'Start', 'End'], m.timeline.map((t) => [e(t.label), e(t.start), e(t.end)])) + '</section>');

  const b = m.budget;
  s.push('<section><h2>5. Budget and benefit–cost</h2>' + table(['Item', `Cost (${b.currency})`, 'Basis'], b.lines.map((l) => [e(l.action), e(formatNumber(l.cost)), e(l.basis)])));
  s.push(`<p>Total: <strong>${e(formatNumber(b.total))} ${e(b.currency)}</strong>${b.available !== null ? ` of ${e(formatNumber(b.available))} available${b.withinBudget === false ? ' — <strong>over budget</strong>' : ''}` : ''}.</p>`);
  if (b.unknownCosts.length) s.push(`<p class="warn">Costs unknown for: ${e(b.unknownCosts.join(', '))}.</p>`);
  if (b.costOfCrimeSource) s.push(`<p>Cost of crime avoided: ${e(formatNumber(b.benefit))} ${e(b.benefitCurrency ?? '')} (${e(b.costOfCrimeSource)}). Benefit–cost ratio: <strong>${e(formatNumber(b.bcr, 2))}</strong> (5–95 %: ${e(interval(b.bcrInterval, 2))}).</p>`);
  s.push(`<p>Expected over the horizon: ${e(formatNumber(m.expected.net, 1))} incidents prevented (5–95 %: ${e(interval(m.expected.netInterval, 1))}); harm prevented ${e(formatNumber(m.expected.harm))} ${e(m.expected.harmUnit)} (5–95 %: ${e(interval(m.expected.harmInterval))}).</p></section>`);

  s.push('<section><h2>6. Monitoring</h2>' + table(['Indicator', 'Source', 'Frequency', 'Baseline', 'Target'],
    m.monitoring.map((x) => [e(x.indicator), e(x.source), e(x.frequency), e(x.baseline.value === null && !x.baseline.suppressed ? '—' : pubText(x.baseline, 1)), e(x.target)])) + '</section>');

  const ev = m.evaluation;
  s.push(`<section><h2>7. Evaluation design</h2><p>${e(ev.design)}</p><p>Before: ${e(ev.before)}. After: ${e(ev.after)}.</p>`);
  s.push(table(['Treated', 'Buffer (m)'], ev.treated.map((t) => [e(t.action), formatNumber(t.bufferM)])));
  s.push(table(['Control area', 'Why comparable'], ev.controls.map((c) => [e(c.name), e(c.description)])));
  s.push(`<p>Measures: ${e(ev.measures.join('; '))}.</p>`);
  if (ev.result) {
    const r = ev.result;
    s.push(table(['WDQ', 'Total net effect', 'WDD (SE)', 'Relative effect (95 %)'], [[
      e(r.wdq === null ? `not interpretable: ${r.wdqNote}` : formatNumber(r.wdq, 2)), e(formatNumber(r.tne, 1)),
      e(`${formatNumber(r.wdd, 0)} (${formatNumber(r.wddStandardError, 1)})`),
      e(r.relativeEffect === null ? '—' : `${formatNumber(r.relativeEffect, 2)} (${r.relativeEffectInterval ? r.relativeEffectInterval.map((x) => formatNumber(x, 2)).join(' to ') : '—'})`),
    ]]));
  }
  s.push('</section>');

  s.push('<section><h2>8. Sustainable Development Goals</h2>' + table(['Indicator', 'What it measures', 'Addressed', 'How'],
    m.sdg.map((x) => [e(x.indicator), e(x.text), x.addressed ? 'yes' : 'no', e(x.how)])) + '</section>');

  s.push('<section><h2>9. Rights and privacy</h2><ul>' + m.rights.map((r) => `<li><strong>${e(r.topic)}:</strong> ${e(r.text)}</li>`).join('') + '</ul></section>');

  const me = m.method;
  s.push('<section><h2>10. Method record</h2>' + table(['Item', 'Value'], [
    ['Data', e(`${me.data.source}: ${formatNumber(me.data.rows)} incidents, ${me.data.from ?? '?'} to ${me.data.to ?? '?'}`)],
    ['Selection', e(`H3 resolution ${me.selection.res}; offences ${me.selection.offences?.join(', ') ?? 'all'}; hours ${me.selection.hours?.join(', ') ?? 'all'}; weekdays ${me.selection.weekdays?.join(', ') ?? 'all'}`)],
    ['Baseline', e(me.baseline)], ['Harm weighting', e(me.harm)], ['Cost of crime', e(me.costOfCrime ?? 'none')], ['Displacement', e(me.displacement)],
    ['Monte Carlo', e(`${me.monteCarlo.draws} draws, seed ${me.monteCarlo.seed}`)],
    ['Disclosure control', e(`cells with fewer than ${m.suppression.threshold} incidents suppressed (${m.suppression.suppressedCells} cells); ${m.incidentLevelData ? 'incident-level data included' : 'no incident-level data'}`)],
  ]));
  if (me.warnings.length) s.push('<h3>Caveats</h3><ul>' + me.warnings.map((w) => `<li>${e(w)}</li>`).join('') + '</ul>');
  s.push('<h3>Sources</h3><ul>' + me.citations.map((c) => `<li>${e(c)}</li>`).join('') + '</ul></section>');

  if (m.incidents?.length)
    s.push('<section><h2>Annex: incidents</h2>' + table(['Date', 'Offence', 'Cell'], m.incidents.map((i) => [e(i.date), e(i.offence), e(i.cell)])) + '</section>');

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(m.title)}</title><style>${CSS}</style></head>
<body>${s.join('\n')}</body></html>
`;
}
