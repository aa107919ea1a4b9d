/**
 * The legends of what the map shows now, as data for the exported picture: the analysis overlay's
 * classes (or the counts' quantile classes), the density surface ramp, incident points, the
 * environmental layers shown, repeat places and near-repeat zones.
 */
import type { Coordinator } from '../state/coordinator.svelte';
import { POINTS_MIN_ZOOM } from '../state/coordinator.svelte';
import { classLabels, quantileScale, ZERO_COLOUR } from '../map/colour-scale';
import { pointColour } from '../map/deck-layers';
import { ramp } from '../map/surface';
import { typeColour, typeLabel } from '../state/risk.svelte';
import { fmtNumber, t } from '../i18n';
import type { LegendSection } from './map-png';

export function mapLegend(app: Coordinator): LegendSection[] {
  const out: LegendSection[] = [];
  const cells = app.cells.value;
  if (app.surface) {
    const s = app.surface;
    out.push({
      title: s.title,
      items: [],
      ramp: { colours: [0, 0.25, 0.5, 0.75, 1].map((x) => `rgb(${ramp(x).join(' ')})`), low: t('map.low'), high: `≥ ${fmtNumber(s.max)} ${s.unit}` },
      note: s.note,
    });
  }
  if (app.overlay) {
    const o = app.overlay;
    out.push({ title: o.title, items: o.legend.map((e) => ({ colour: e.colour, label: e.label })), note: o.note });
  } else if (cells && !app.surface) {
    const scale = quantileScale(cells.counts);
    const labels = classLabels(scale.breaks, (n) => fmtNumber(n));
    out.push({
      title: t('legend.title', { res: cells.res }),
      items: [...scale.colours.map((c, i) => ({ colour: c, label: labels[i] })), { colour: [ZERO_COLOUR[0], ZERO_COLOUR[1], ZERO_COLOUR[2], 40] as const, label: '0' }].map((x) => ({ colour: [...x.colour] as [number, number, number, number], label: x.label })),
      note: t('legend.note'),
    });
  }
  const pts = app.points.value;
  if (pts && (app.viewport?.zoom ?? 0) >= POINTS_MIN_ZOOM) out.push({ title: t('legend.pointsTitle'), items: pts.offences.map((o, i) => ({ colour: pointColour(i), label: o, shape: 'dot' })) });
  const env = app.envLayers.filter((l) => !app.envHidden[l.type]);
  if (env.length) out.push({ title: t('export.legendEnv'), items: env.map((l) => ({ colour: typeColour(l.type), label: `${typeLabel(l.type)} (${fmtNumber(l.n)})`, shape: 'dot' })) });
  if (app.marks.places.length) {
    out.push({
      title: t('export.legendPlaces'),
      items: [
        { colour: [220, 38, 38, 200], label: t('export.legendFlagged'), shape: 'ring' },
        { colour: [30, 64, 175, 160], label: t('export.legendRepeat'), shape: 'ring' },
      ],
    });
  }
  if (app.marks.zones) out.push({ title: t('export.legendZones'), items: [{ colour: [147, 51, 234, 90], label: t('export.legendZone'), shape: 'area' }] });
  return out;
}
