/**
 * The gender lens: a user-defined mapping of the data's offence categories to violence against
 * women and girls (VAWG), sexual offences and harassment, after the UN Women "Safe Cities and Safe
 * Public Spaces" framework and UNODC's International Classification of Crime for Statistical
 * Purposes (ICCS 2015: 03 sexual violence; 0208 harassment). Recorded categories rarely say who
 * the victim was: the mapping is the user's judgement, and suggestions are only keywords.
 */

export const GENDER_CATEGORIES = [
  { id: 'vawg', label: 'Violence against women and girls', help: 'Domestic and intimate-partner violence, femicide, forced marriage, FGM and other violence where women and girls are the main victims.' },
  { id: 'sexual', label: 'Sexual offences', help: 'Rape, sexual assault, indecent assault and other sexual violence (ICCS 03).' },
  { id: 'harassment', label: 'Harassment', help: 'Sexual and street harassment, stalking, indecent exposure, threatening behaviour (ICCS 0208).' },
] as const;
export type GenderCategory = (typeof GENDER_CATEGORIES)[number]['id'];

const SUGGEST: [GenderCategory, RegExp][] = [
  ['sexual', /sex|rape|indecent assault|sodomy|molest/i],
  ['harassment', /harass|stalk|indecen|exposure|obscen|voyeur|upskirt|intimidat/i],
  ['vawg', /domestic|intimate|dating|femicide|female genital|fgm|forced marriage|honou?r|violence against women|vawg|dowry/i],
];

/** Categories an offence name suggests (the user confirms or changes them). */
export function suggestCategories(offence: string): GenderCategory[] {
  return SUGGEST.filter(([, re]) => re.test(offence)).map(([c]) => c);
}

/** The offences mapped to any of the chosen categories. */
export function offencesFor(mapping: Readonly<Record<string, readonly GenderCategory[]>>, categories: readonly GenderCategory[]): string[] {
  return Object.entries(mapping).filter(([, cs]) => cs.some((c) => categories.includes(c))).map(([o]) => o).sort();
}
