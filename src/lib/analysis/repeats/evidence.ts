/**
 * The evidence entries that repeat and near-repeat candidates cite, copied from the project's
 * evidence base (../shared/EVIDENCE.md, "Effect of interventions on crime in the treated place"
 * and "Timing of repeats"). The app never reads ../shared at run time, so the text lives here;
 * keep it in step with that file. Figures marked `confirm` were seen only in a secondary source:
 * show them as editable defaults with that caveat, never as settled.
 */

/** One row of the evidence base: what, where, the effect and the source (quoted, not summarised). */
export interface EvidenceEntry {
  intervention: string;
  setting: string;
  effect: string;
  source: string;
  /** Marked *(confirm)* in the evidence base. */
  confirm: boolean;
}

/** The rows the repeat and near-repeat candidates cite. */
export const EVIDENCE = {
  repeatVictimisation: {
    intervention: 'Repeat-victimisation prevention',
    setting: '31 studies',
    effect: 'about −17% overall, up to −20% for repeat burglary schemes; tailored target hardening works best; sexual-victimisation schemes showed no effect',
    source: 'Grove, Farrell, Farrington & Johnson (2012), Swedish National Council for Crime Prevention',
    confirm: false,
  },
  householdSecurity: {
    intervention: 'Household security combinations',
    setting: 'burglary with entry',
    effect: 'window locks + door locks protect many-fold vs no security; alarms alone little',
    source: 'Tseloni, Thompson, Grove, Tilley & Farrell (2017), Security Journal 30(2)',
    confirm: false,
  },
  neighbourhoodWatch: {
    intervention: 'Neighbourhood watch',
    setting: '18 evaluations',
    effect: '15 of 18 reduced crime; about −16% to −26% (confirm)',
    source: 'Bennett, Holloway & Farrington (2008), Campbell Systematic Reviews 2008:18',
    confirm: true,
  },
  hotSpotsPolicing: {
    intervention: 'Hot spots policing',
    setting: '65 studies, 78 tests',
    effect: 'd = 0.12; about −16% as a rate ratio; diffusion more common than displacement',
    source: 'Braga, Turchan, Papachristos & Hureau (2019), J. Exp. Criminol. 15(3); Braga & Weisburd (2022), J. Quant. Criminol. 38',
    confirm: false,
  },
  footPatrol: {
    intervention: 'Foot patrol at violent hot spots',
    setting: '60 hot spots, Philadelphia, randomised',
    effect: 'violent crime −23%',
    source: 'Ratcliffe, Taniguchi, Groff & Wood (2011), Criminology 49(3)',
    confirm: false,
  },
  alleyGating: {
    intervention: 'Alley gating',
    setting: 'domestic burglary',
    effect: 'significant reduction, little displacement (pooled figure (confirm)); Liverpool −37% with diffusion of benefits, £1.86 saved per £1',
    source: 'Sidebottom et al. (2018), Justice Quarterly 35(1); Bowers, Johnson & Hirschfield (2004), Eur. J. Crim. Policy & Research 10',
    confirm: true,
  },
  repeatTiming: {
    intervention: 'Timing of repeats',
    setting: 'repeat burglary',
    effect: 'the risk of a repeat burglary is highest in the first weeks; about half of repeats come within 7 days',
    source: 'Polvi et al. (1991), British Journal of Criminology 31(4)',
    confirm: false,
  },
} as const satisfies Record<string, EvidenceEntry>;

/** The UN framing a target-hardening proposal must respect (EVIDENCE.md, paraphrased there). */
export const TARGET_HARDENING_CAVEAT =
  'Target hardening should neither spoil the built environment nor restrict free access to public space (UN guidelines).';
