/**
 * Vocabularies for classifying interventions: the 25 techniques of situational crime prevention
 * in their five aims (Cornish & Clarke 2003) and the CPTED principles (../shared/EVIDENCE.md,
 * "Techniques and principles").
 */

/** The five aims and their techniques. */
export const TECHNIQUES_BY_AIM = {
  'increase the effort': ['target hardening', 'control access to facilities', 'screen exits', 'deflect offenders', 'control tools and weapons'],
  'increase the risks': ['extend guardianship', 'assist natural surveillance', 'reduce anonymity', 'use place managers', 'strengthen formal surveillance'],
  'reduce the rewards': ['conceal targets', 'remove targets', 'identify property', 'disrupt markets', 'deny benefits'],
  'reduce provocations': ['reduce frustration and stress', 'avoid disputes', 'reduce emotional arousal', 'neutralise peer pressure', 'discourage imitation'],
  'remove excuses': ['set rules', 'post instructions', 'alert conscience', 'assist compliance', 'control drugs and alcohol'],
} as const;

/** One of the 25 techniques. */
export type Technique = (typeof TECHNIQUES_BY_AIM)[keyof typeof TECHNIQUES_BY_AIM][number];

/** All 25 techniques, in order. */
export const TECHNIQUES: readonly Technique[] = Object.values(TECHNIQUES_BY_AIM).flat();

/** The aim a technique serves. */
export function aimOf(t: Technique): keyof typeof TECHNIQUES_BY_AIM {
  for (const [aim, list] of Object.entries(TECHNIQUES_BY_AIM)) if ((list as readonly string[]).includes(t)) return aim as keyof typeof TECHNIQUES_BY_AIM;
  throw new RangeError(`Unknown technique "${t}"`);
}

/** CPTED principles; target hardening is often added to the classic five. */
export const CPTED_PRINCIPLES = [
  'natural surveillance',
  'access control',
  'territorial reinforcement',
  'maintenance and image',
  'activity support',
  'target hardening',
] as const;

/** A CPTED principle. */
export type CptedPrinciple = (typeof CPTED_PRINCIPLES)[number];
