/**
 * The action plan's community section as HTML, in the report's language, for the planner's report
 * renderer: every text is escaped; figures below the respondent threshold were never in the model
 * (suppressed shares show as "suppressed (small group)").
 */
import type { PublishedShare } from '../analysis/community/indicators';
import { formatNumber, hasKey, translator } from '../i18n/translate';
import type { Locale } from '../i18n/types';
import type { CommunityReportSection } from './plan';

/** "SDG 16.1.4" → "sdg1614" (message keys). */
const slug = (id: string) => id.replace(/\W+/g, '').toLowerCase();
const e = (s: unknown) => String(s ?? '').replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The section as an HTML `<section>` (its heading included). */
export function communitySectionHtml(c: CommunityReportSection, locale: Locale = 'en'): string {
  const tr = translator(locale);
  const dyn = (key: string, fallback: string, params?: Record<string, string | number>) => (hasKey(key) ? tr(key, params) : fallback);
  const num = (x: number) => formatNumber(locale, x, 0);
  const pct = (x: number) => `${formatNumber(locale, Math.round(x * 100), 0)} %`;
  const share = (p: PublishedShare | null) =>
    !p ? '—' : p.share === null ? tr('ap.comm.suppressed') : tr('ap.comm.shareValue', { share: pct(p.share), lo: pct(p.lo!), hi: pct(p.hi!), n: num(p.n!) });
  const table = (head: string[], rows: string[][]) =>
    rows.length
      ? `<table><thead><tr>${head.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((x) => `<td>${e(x)}</td>`).join('')}</tr>`).join('')}</tbody></table>`
      : `<p class="empty">—</p>`;

  const s: string[] = [`<section><h2>${e(tr('ap.comm.h'))}</h2>`];
  if (c.synthetic) s.push(`<p class="synthetic">${e(tr('ap.comm.synthetic'))}</p>`);
  s.push(`<p>${e(tr('ap.comm.intro', { source: c.source, kept: num(c.kept), read: num(c.read), res: String(c.res), k: String(c.minRespondents) }))} <span class="note">${e(c.rule)}</span></p>`);
  if (c.headline.length) s.push(table([tr('ap.comm.who'), tr('ap.comm.feelUnsafe')], c.headline.map((h) => [tr(h.sex === 'women' ? 'ap.comm.womenDark' : 'ap.comm.menDark'), share(h.value)])));
  if (c.gap) {
    const g = c.gap;
    s.push(`<h3>${e(tr('ap.comm.hGap'))}</h3><p>${e(tr('comm.gapRule', { fear: pct(g.fearThreshold), crime: num(g.crimeCut), pct: String(g.crimePercentile), k: String(c.minRespondents) }))}</p>`);
    s.push(table([tr('ap.comm.class'), tr('ap.comm.cells'), tr('ap.comm.may'), tr('ap.comm.mayNot')], g.classes.map((x) => [dyn(`gap.${x.key}`, x.key), num(x.cells), dyn(`gap.${x.key}.may`, ''), dyn(`gap.${x.key}.mayNot`, '')])));
    if (c.fearedPlaces.length) {
      const inPlan = c.fearedPlaces.some((p) => p.actions !== undefined);
      s.push(`<h3>${e(tr(inPlan ? 'ap.comm.hTreated' : 'ap.comm.hPlaces'))}</h3>` + table([tr('ap.comm.place'), tr('ap.comm.respondents'), tr('ap.comm.feelUnsafe'), tr('ap.comm.recorded'), ...(inPlan ? [tr('ap.comm.treatedBy')] : [])],
        c.fearedPlaces.map((p, i) => [`${tr('ap.comm.placeLabel', { i: String(i + 1) })} — ${dyn(`gap.${p.gapClass}`, p.gapClass)}`, num(p.respondents), pct(p.shareUnsafe), num(p.recorded),
          ...(inPlan ? [p.actions?.length ? p.actions.join('; ') : tr('ap.comm.untreated')] : [])])));
    }
  }
  if (c.reasons.length) s.push(`<h3>${e(tr('ap.comm.hReasons'))}</h3>` + table([tr('ap.comm.reason'), tr('ap.comm.respondents')], c.reasons.map((r) => [r.reason, num(r.n)])));
  for (const ind of c.indicators) {
    s.push(`<h3>${e(tr('comm.indStyle', { id: ind.id }))}</h3><p><strong>${e(tr('comm.indOfficial'))}</strong> ${e(dyn(`comm.ind.${slug(ind.id)}.official`, ''))}<br><strong>${e(tr('comm.indHere'))}</strong> ${e(dyn(`comm.ind.${slug(ind.id)}.local`, ''))}<br><span class="note">${e(ind.basis)}</span></p>`);
    s.push(table([tr('ap.comm.group'), tr('ap.comm.share')], [[tr('comm.indAll'), share(ind.overall)], ...ind.breakdowns.flatMap((b) => b.rows.map((r) => [`${b.by}: ${r.group}`, share(r)]))]));
  }
  if (c.indicators.length) s.push(`<p class="warn">${e(tr(c.representative ? 'comm.caveatRep' : 'comm.caveatNotRep'))}</p>`);
  s.push('<ul>' + (['ap.comm.caution1', 'ap.comm.caution2', 'ap.comm.caution3', 'ap.comm.caution4'] as const).map((k) => `<li>${e(tr(k, { k: String(c.minRespondents) }))}</li>`).join('') + '</ul></section>');
  return s.join('\n');
}
