/**
 * The intervention catalogue, the 25 techniques of situational crime prevention (Cornish & Clarke
 * 2003) and the CPTED principles in Spanish and French. The catalogue itself (src/lib/planner/
 * catalogue.ts) stays the English source: `localiseIntervention` swaps in a translation field by
 * field, only where the field still holds the catalogue's English text, so whatever a planner
 * typed or edited is shown as typed. `source` is a fingerprint of the English an entry translates
 * (test/unit/i18n.test.ts fails when the English changes and the translation was not revisited).
 */
import { CATALOGUE, type Intervention } from '../planner/catalogue';
import { TECHNIQUES_BY_AIM, type CptedPrinciple, type Technique } from '../planner/techniques';
import { translate } from './translate';
import type { Locale, MessageKey } from './types';

/** The translatable texts of one catalogue entry (arrays parallel to the English ones). */
export interface InterventionText {
  source: string;
  name: string;
  description: string;
  settings: string;
  rights: string[];
  notes: string[];
  outcomes: string[];
  effectNotes: (string | null)[];
}

type Aim = keyof typeof TECHNIQUES_BY_AIM;

/** FNV-1a hash of an entry's English texts, as 8 hex digits. */
export function englishFingerprint(iv: Intervention): string {
  const text = JSON.stringify([iv.name, iv.description, iv.settings, iv.rights, iv.notes, iv.effects.map((e) => [e.outcome, e.note ?? null])]);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

const CAMERA_ES = [
  'Realice una evaluación de impacto en la privacidad (protección de datos) antes de instalar cámaras y repítala cuando cambie su uso.',
  'Coloque carteles claros en cada zona con cámaras que indiquen quién las gestiona y cómo contactar con él.',
  'Fije y publique un plazo de conservación y un registro de accesos a las grabaciones; no enfoque nunca las cámaras hacia viviendas u otros espacios privados.',
];
const CAMERA_FR = [
  'Réalisez une analyse d’impact relative à la protection des données avant d’installer des caméras, et renouvelez-la quand leur usage change.',
  'Placez des panneaux clairs dans chaque zone filmée indiquant qui exploite les caméras et comment le joindre.',
  'Fixez et publiez une durée de conservation et un registre des accès aux images ; ne dirigez jamais les caméras vers des logements ou d’autres espaces privés.',
];
const POLICING_ES = [
  'La aplicación concentrada de la ley puede recaer sobre los residentes de los lugares intervenidos: vigile la desproporción de identificaciones y detenciones por edad, sexo y origen étnico, y mantenga informada a la comunidad.',
];
const POLICING_FR = [
  'Une action répressive concentrée peut peser sur les habitants des lieux traités : surveillez la disproportion des contrôles et des interpellations selon l’âge, le sexe et l’origine, et tenez la population informée.',
];
const LIGHT_ES = 'Consulte a los residentes sobre el deslumbramiento y la luz intrusa, y pregunte dónde se sienten inseguras las mujeres y las personas vulnerables después del anochecer (indicador ODS 16.1.4).';
const LIGHT_FR = 'Consultez les habitants sur l’éblouissement et la lumière intrusive, et demandez où les femmes et les personnes vulnérables ne se sentent pas en sécurité après la tombée de la nuit (indicateur ODD 16.1.4).';
const OPEN_ES = 'El endurecimiento de objetivos no debe deteriorar el entorno construido ni restringir el libre acceso al espacio público (directrices de las Naciones Unidas para la prevención del delito).';
const OPEN_FR = 'Le durcissement des cibles ne doit ni dégrader le cadre bâti ni restreindre le libre accès à l’espace public (principes directeurs des Nations Unies applicables à la prévention du crime).';
const GUN_ES = 'La violencia armada se asigna a homicidio, violencia con lesiones y tenencia de armas (editable).';
const GUN_FR = 'La violence par arme à feu est rapportée à l’homicide, aux violences avec blessures et au port d’armes (modifiable).';

const ES: Record<string, Omit<InterventionText, 'source'>> = {
  'street-lighting': {
    name: 'Mejora del alumbrado público',
    description: 'Reparar o mejorar las farolas de calles y caminos peatonales.',
    settings: 'Toda la delincuencia; 13 estudios en el Reino Unido y EE. UU. (de noche y de día).',
    rights: [LIGHT_ES], notes: [], outcomes: ['toda la delincuencia'], effectNotes: [null],
  },
  'street-lighting-2022': {
    name: 'Mejora del alumbrado público (actualización de 2022)',
    description: 'Reparar o mejorar las farolas; efecto según la revisión actualizada.',
    settings: 'Delincuencia total; 21 estudios de 1974 a 2021. Los delitos contra la propiedad bajaron significativamente; la violencia no.',
    rights: [LIGHT_ES], notes: [], outcomes: ['delincuencia total'], effectNotes: ['Significativo para los delitos contra la propiedad, no para la violencia.'],
  },
  cctv: {
    name: 'Videovigilancia (general)',
    description: 'Cámaras de vigilancia en el espacio público; mejor con supervisión activa y combinadas con otras medidas.',
    settings: 'Unas 80 pruebas; efecto mayor en aparcamientos y zonas residenciales; la supervisión activa y las medidas combinadas dan mejores resultados.',
    rights: CAMERA_ES, notes: [], outcomes: ['delincuencia en general'], effectNotes: ['La base de evidencia indica «reducción modesta y significativa (alrededor del −13 %)».'],
  },
  'cctv-car-park': {
    name: 'Videovigilancia en aparcamientos',
    description: 'Cámaras que cubren un aparcamiento.',
    settings: 'Aparcamientos (delitos relacionados con vehículos).',
    rights: CAMERA_ES, notes: [], outcomes: ['delincuencia en aparcamientos'], effectNotes: [null],
  },
  'cctv-city-centre': {
    name: 'Videovigilancia en centros urbanos',
    description: 'Cámaras en el centro de una ciudad o población.',
    settings: 'Centros de ciudades y poblaciones; la reducción no fue significativa.',
    rights: CAMERA_ES, notes: [], outcomes: ['delincuencia en centros urbanos'], effectNotes: [null],
  },
  'cctv-public-transport': {
    name: 'Videovigilancia en el transporte público',
    description: 'Cámaras en estaciones y paradas.',
    settings: 'Transporte público; la reducción no fue significativa.',
    rights: CAMERA_ES, notes: [], outcomes: ['delincuencia en el transporte público'], effectNotes: [null],
  },
  'alley-gating': {
    name: 'Cierre de callejones con puertas',
    description: 'Puertas con cerradura en los callejones traseros de viviendas adosadas, con llaves en poder de los residentes.',
    settings: 'Robo en vivienda en callejones traseros de viviendas adosadas.',
    rights: [
      'Cierre solo los callejones que dan a la parte trasera de las viviendas y no son vías públicas de paso; siga el procedimiento legal de cierre y consulte a todas las personas que usan el callejón.',
      'Entregue llaves a todos los residentes, a los servicios de emergencia y a la recogida de residuos.',
      OPEN_ES,
    ],
    notes: [], outcomes: ['robo en vivienda (Liverpool)'],
    effectNotes: ['Liverpool: difusión de beneficios, 1,86 £ ahorradas por cada 1 £ invertida. Revisión agregada: reducción significativa, poco desplazamiento (Sidebottom et al. 2018, Justice Quarterly 35(1); cifra agregada por confirmar).'],
  },
  'hot-spots-policing': {
    name: 'Vigilancia policial de puntos calientes',
    description: 'Mayor presencia policial concentrada en los microlugares con más delincuencia.',
    settings: '65 estudios, 78 pruebas; la difusión de beneficios es más frecuente que el desplazamiento.',
    rights: POLICING_ES, notes: [], outcomes: ['delincuencia (d = 0,12)'], effectNotes: [null],
  },
  'foot-patrol': {
    name: 'Patrullaje a pie en puntos calientes de violencia',
    description: 'Agentes patrullando a pie en las esquinas más violentas.',
    settings: 'Delitos violentos en 60 puntos calientes, Filadelfia, aleatorizado.',
    rights: POLICING_ES, notes: [], outcomes: ['delitos violentos'], effectNotes: [null],
  },
  'problem-oriented-policing': {
    name: 'Policía orientada a problemas',
    description: 'Explorar, analizar, responder, evaluar: medidas adaptadas al problema local.',
    settings: '34 estudios; la respuesta varía de un problema a otro, así que registre lo que se hizo.',
    rights: POLICING_ES, notes: [], outcomes: ['delincuencia y desorden'], effectNotes: [null],
  },
  'repeat-victimisation': {
    name: 'Prevención de la victimización repetida',
    description: 'Protección a medida de las víctimas poco después de un primer incidente (endurecimiento de objetivos, vigilancia en capullo).',
    settings: '31 estudios; el endurecimiento de objetivos a medida funciona mejor; los programas contra la victimización sexual no mostraron efecto (aquí no se aplican a la violación).',
    rights: [OPEN_ES, 'Las víctimas deciden: la protección se ofrece, nunca se impone, y sus datos se mantienen confidenciales.'],
    notes: [], outcomes: ['victimización en general'],
    effectNotes: ['Actúe rápido: cerca de la mitad de los robos repetidos en vivienda ocurren en los 7 días siguientes (Polvi et al. 1991, British Journal of Criminology 31(4)).'],
  },
  'repeat-burglary': {
    name: 'Prevención del robo repetido en vivienda',
    description: 'Endurecimiento de las viviendas robadas y de sus vecinas poco después de un robo.',
    settings: 'Programas contra el robo repetido (la cifra superior de la revisión: «hasta −20 %»).',
    rights: [OPEN_ES], notes: [], outcomes: ['robo repetido en vivienda'], effectNotes: ['Una cifra máxima: «hasta −20 %».'],
  },
  'neighbourhood-watch': {
    name: 'Vigilancia vecinal',
    description: 'Los residentes se cuidan mutuamente e informan a la policía.',
    settings: '18 evaluaciones, 15 de las cuales redujeron la delincuencia.',
    rights: ['Evite la justicia por mano propia y la estigmatización de los «desconocidos»: los grupos de vigilancia informan a la policía, no actúan por sí mismos.'],
    notes: [], outcomes: ['delincuencia'], effectNotes: ['La base de evidencia indica «entre −16 % y −26 % aproximadamente»; el valor puntual es el punto medio.'],
  },
  'vacant-lot-greening': {
    name: 'Recuperación verde de solares vacíos',
    description: 'Limpiar, plantar y mantener los solares vacíos.',
    settings: '541 solares, Filadelfia, aleatorizado. Las molestias (−30 %) y el miedo de los residentes a salir (−58 %) no son categorías de delito aquí.',
    rights: ['Implique a los residentes en el destino del solar; la recuperación verde debe servirles, no expulsarlos por el encarecimiento.'],
    notes: ['El miedo de los residentes a salir bajó un 58 % (Branas et al. 2018): pertinente para el indicador ODS 16.1.4.'],
    outcomes: ['violencia armada', 'robo en vivienda'], effectNotes: [GUN_ES, null],
  },
  'abandoned-building-remediation': {
    name: 'Rehabilitación de edificios abandonados',
    description: 'Asegurar puertas y ventanas de los edificios abandonados y limpiarlos.',
    settings: 'Violencia con armas de fuego alrededor de los edificios rehabilitados.',
    rights: [], notes: [], outcomes: ['violencia con armas de fuego'],
    effectNotes: ['La violencia con armas de fuego se asigna a homicidio, violencia con lesiones y tenencia de armas (editable).'],
  },
  'business-improvement-district': {
    name: 'Distrito de mejora empresarial',
    description: 'Los comercios financian la gestión del lugar: limpieza, agentes cívicos, mantenimiento.',
    settings: '30 distritos, Los Ángeles.',
    rights: ['Las patrullas del distrito no deben desalojar a las personas sin hogar ni a nadie que use legalmente el espacio público.', OPEN_ES],
    notes: [], outcomes: ['robo con violencia o intimidación', 'delitos violentos'], effectNotes: [null, null],
  },
  'responsible-beverage-service': {
    name: 'Servicio responsable de alcohol y control en bares',
    description: 'Formación del personal, acuerdos de licencia y control en los locales con licencia.',
    settings: 'Violencia registrada por la policía, Estocolmo.',
    rights: [], notes: [], outcomes: ['violencia registrada por la policía'], effectNotes: [null],
  },
  'household-security': {
    name: 'Seguridad doméstica (cerraduras en ventanas y puertas)',
    description: 'Cerraduras en ventanas junto con cerraduras en puertas; las alarmas por sí solas sirven de poco.',
    settings: 'Robo con entrada. Las cerraduras de ventanas y puertas protegen varias veces más que ninguna seguridad; la base de evidencia no da un porcentaje: introduzca uno.',
    rights: [OPEN_ES], notes: [], outcomes: ['robo con entrada'],
    effectNotes: ['No hay porcentaje en la base de evidencia: el planificador debe introducir un efecto antes de evaluar.'],
  },
};

const FR: Record<string, Omit<InterventionText, 'source'>> = {
  'street-lighting': {
    name: 'Amélioration de l’éclairage public',
    description: 'Réparer ou moderniser l’éclairage des rues et des cheminements piétons.',
    settings: 'Toute la criminalité ; 13 études au Royaume-Uni et aux États-Unis (de nuit et de jour).',
    rights: [LIGHT_FR], notes: [], outcomes: ['toute la criminalité'], effectNotes: [null],
  },
  'street-lighting-2022': {
    name: 'Amélioration de l’éclairage public (mise à jour 2022)',
    description: 'Réparer ou moderniser l’éclairage public ; effet d’après la revue actualisée.',
    settings: 'Criminalité totale ; 21 études de 1974 à 2021. Les atteintes aux biens ont nettement baissé, pas les violences.',
    rights: [LIGHT_FR], notes: [], outcomes: ['criminalité totale'], effectNotes: ['Significatif pour les atteintes aux biens, pas pour les violences.'],
  },
  cctv: {
    name: 'Vidéoprotection (générale)',
    description: 'Caméras de surveillance de l’espace public ; plus efficaces avec un visionnage actif et combinées à d’autres mesures.',
    settings: 'Environ 80 évaluations ; effet le plus net dans les parkings et les zones résidentielles ; le visionnage actif et les mesures combinées font mieux.',
    rights: CAMERA_FR, notes: [], outcomes: ['criminalité dans son ensemble'], effectNotes: ['La base de données probantes indique « baisse modeste et significative (environ −13 %) ».'],
  },
  'cctv-car-park': {
    name: 'Vidéoprotection dans les parkings',
    description: 'Caméras couvrant un parking.',
    settings: 'Parkings (criminalité liée aux véhicules).',
    rights: CAMERA_FR, notes: [], outcomes: ['criminalité dans les parkings'], effectNotes: [null],
  },
  'cctv-city-centre': {
    name: 'Vidéoprotection en centre-ville',
    description: 'Caméras dans le centre d’une ville ou d’un bourg.',
    settings: 'Centres-villes et centres-bourgs ; la baisse n’était pas significative.',
    rights: CAMERA_FR, notes: [], outcomes: ['criminalité en centre-ville'], effectNotes: [null],
  },
  'cctv-public-transport': {
    name: 'Vidéoprotection dans les transports publics',
    description: 'Caméras dans les gares, stations et arrêts.',
    settings: 'Transports publics ; la baisse n’était pas significative.',
    rights: CAMERA_FR, notes: [], outcomes: ['criminalité dans les transports publics'], effectNotes: [null],
  },
  'alley-gating': {
    name: 'Fermeture des ruelles par des portails',
    description: 'Portails verrouillables sur les ruelles à l’arrière des maisons mitoyennes, clés détenues par les habitants.',
    settings: 'Cambriolages de logements dans les ruelles à l’arrière des maisons mitoyennes.',
    rights: [
      'Ne fermez que les ruelles qui desservent l’arrière des logements et ne sont pas des passages publics ; suivez la procédure légale de fermeture et consultez tous les usagers de la ruelle.',
      'Remettez des clés à chaque habitant, aux services de secours et à la collecte des déchets.',
      OPEN_FR,
    ],
    notes: [], outcomes: ['cambriolage de logements (Liverpool)'],
    effectNotes: ['Liverpool : diffusion des bénéfices, 1,86 £ économisée par livre dépensée. Revue agrégée : baisse significative, peu de déplacement (Sidebottom et al. 2018, Justice Quarterly 35(1) ; chiffre agrégé à confirmer).'],
  },
  'hot-spots-policing': {
    name: 'Action policière ciblée sur les points chauds',
    description: 'Présence policière accrue concentrée sur les micro-lieux les plus touchés par la criminalité.',
    settings: '65 études, 78 évaluations ; la diffusion des bénéfices est plus fréquente que le déplacement.',
    rights: POLICING_FR, notes: [], outcomes: ['criminalité (d = 0,12)'], effectNotes: [null],
  },
  'foot-patrol': {
    name: 'Patrouilles à pied sur les points chauds de violence',
    description: 'Policiers patrouillant à pied aux carrefours les plus violents.',
    settings: 'Violences dans 60 points chauds, Philadelphie, essai randomisé.',
    rights: POLICING_FR, notes: [], outcomes: ['violences'], effectNotes: [null],
  },
  'problem-oriented-policing': {
    name: 'Police orientée vers la résolution de problèmes',
    description: 'Repérer, analyser, répondre, évaluer : des mesures adaptées au problème local.',
    settings: '34 études ; la réponse diffère d’un problème à l’autre, consignez donc ce qui a été fait.',
    rights: POLICING_FR, notes: [], outcomes: ['criminalité et désordres'], effectNotes: [null],
  },
  'repeat-victimisation': {
    name: 'Prévention de la victimisation répétée',
    description: 'Protection adaptée des victimes peu après un premier incident (durcissement des cibles, surveillance de voisinage « cocon »).',
    settings: '31 études ; le durcissement des cibles adapté fonctionne le mieux ; les dispositifs contre la victimisation sexuelle n’ont montré aucun effet (non appliqués au viol ici).',
    rights: [OPEN_FR, 'Les victimes décident : la protection est proposée, jamais imposée, et leurs données restent confidentielles.'],
    notes: [], outcomes: ['victimisation dans son ensemble'],
    effectNotes: ['Agir vite : environ la moitié des cambriolages répétés surviennent dans les 7 jours (Polvi et al. 1991, British Journal of Criminology 31(4)).'],
  },
  'repeat-burglary': {
    name: 'Prévention des cambriolages répétés',
    description: 'Durcissement des logements cambriolés et de leurs voisins peu après un cambriolage.',
    settings: 'Dispositifs contre les cambriolages répétés (le chiffre haut de la revue : « jusqu’à −20 % »).',
    rights: [OPEN_FR], notes: [], outcomes: ['cambriolage répété'], effectNotes: ['Un chiffre maximal : « jusqu’à −20 % ».'],
  },
  'neighbourhood-watch': {
    name: 'Voisins vigilants',
    description: 'Les habitants veillent les uns sur les autres et signalent à la police.',
    settings: '18 évaluations, dont 15 ont fait baisser la criminalité.',
    rights: ['Prévenez les dérives justicières et le profilage des « étrangers » : les groupes de vigilance signalent à la police, ils n’agissent pas eux-mêmes.'],
    notes: [], outcomes: ['criminalité'], effectNotes: ['La base de données probantes indique « environ −16 % à −26 % » ; la valeur retenue est le milieu.'],
  },
  'vacant-lot-greening': {
    name: 'Verdissement des terrains vagues',
    description: 'Nettoyer, planter et entretenir les terrains vagues.',
    settings: '541 terrains, Philadelphie, essai randomisé. Les nuisances (−30 %) et la peur des habitants de sortir (−58 %) ne sont pas des catégories d’infractions ici.',
    rights: ['Associez les habitants au devenir du terrain ; le verdissement doit les servir, pas les chasser par la hausse des prix.'],
    notes: ['La peur des habitants de sortir a baissé de 58 % (Branas et al. 2018) : pertinent pour l’indicateur ODD 16.1.4.'],
    outcomes: ['violence par arme à feu', 'cambriolage'], effectNotes: [GUN_FR, null],
  },
  'abandoned-building-remediation': {
    name: 'Réhabilitation des bâtiments abandonnés',
    description: 'Sécuriser portes et fenêtres des bâtiments abandonnés et les nettoyer.',
    settings: 'Violences par arme à feu autour des bâtiments réhabilités.',
    rights: [], notes: [], outcomes: ['violences par arme à feu'],
    effectNotes: ['Les violences par arme à feu sont rapportées à l’homicide, aux violences avec blessures et au port d’armes (modifiable).'],
  },
  'business-improvement-district': {
    name: 'Quartier d’affaires géré par les commerçants (BID)',
    description: 'Les entreprises financent la gestion du lieu : propreté, médiateurs, entretien.',
    settings: '30 quartiers, Los Angeles.',
    rights: ['Les patrouilles du quartier ne doivent pas chasser les personnes sans abri ni quiconque utilise légalement l’espace public.', OPEN_FR],
    notes: [], outcomes: ['vols avec violence', 'violences'], effectNotes: [null, null],
  },
  'responsible-beverage-service': {
    name: 'Service responsable d’alcool et contrôles dans les bars',
    description: 'Formation du personnel, accords de licence et contrôles dans les débits de boissons.',
    settings: 'Violences enregistrées par la police, Stockholm.',
    rights: [], notes: [], outcomes: ['violences enregistrées par la police'], effectNotes: [null],
  },
  'household-security': {
    name: 'Sécurité du domicile (serrures de fenêtres et de portes)',
    description: 'Serrures de fenêtres associées à des serrures de portes ; les alarmes seules servent peu.',
    settings: 'Cambriolage avec effraction. Les serrures de fenêtres et de portes protègent plusieurs fois mieux qu’aucune sécurité ; la base de données probantes ne donne pas de pourcentage : saisissez-en un.',
    rights: [OPEN_FR], notes: [], outcomes: ['cambriolage avec effraction'],
    effectNotes: ['Aucun pourcentage dans la base de données probantes : le planificateur doit saisir un effet avant l’évaluation.'],
  },
};

/** Fingerprints of the English each translation was made from (see `englishFingerprint`). */
export const TRANSLATED_FROM: Record<string, string> = {
  'street-lighting': 'fc40270d',
  'street-lighting-2022': 'e36ae542',
  'cctv': 'c961547b',
  'cctv-car-park': '6863aee6',
  'cctv-city-centre': '7c6519a3',
  'cctv-public-transport': 'cd4ffab8',
  'alley-gating': '796837a8',
  'hot-spots-policing': '864e821b',
  'foot-patrol': 'a40b488f',
  'problem-oriented-policing': '03622a99',
  'repeat-victimisation': 'c9f3a359',
  'repeat-burglary': 'a0e6109b',
  'neighbourhood-watch': 'bb1fc1a7',
  'vacant-lot-greening': 'e64a9e68',
  'abandoned-building-remediation': 'c73dba1c',
  'business-improvement-district': 'e7b470c4',
  'responsible-beverage-service': '7675b857',
  'household-security': '116a9891',
};

function withSource(t: Record<string, Omit<InterventionText, 'source'>>): Record<string, InterventionText> {
  return Object.fromEntries(Object.entries(t).map(([id, x]) => [id, { source: TRANSLATED_FROM[id] ?? '', ...x }]));
}

/** Catalogue translations by language and intervention id (English is the catalogue itself). */
export const CATALOGUE_TEXT: Record<Exclude<Locale, 'en'>, Record<string, InterventionText>> = { es: withSource(ES), fr: withSource(FR) };

export const AIM_NAMES: Record<Locale, Record<Aim, string>> = {
  en: { 'increase the effort': 'increase the effort', 'increase the risks': 'increase the risks', 'reduce the rewards': 'reduce the rewards', 'reduce provocations': 'reduce provocations', 'remove excuses': 'remove excuses' },
  es: { 'increase the effort': 'aumentar el esfuerzo', 'increase the risks': 'aumentar los riesgos', 'reduce the rewards': 'reducir las recompensas', 'reduce provocations': 'reducir las provocaciones', 'remove excuses': 'eliminar las excusas' },
  fr: { 'increase the effort': 'augmenter l’effort', 'increase the risks': 'augmenter les risques', 'reduce the rewards': 'réduire les gains', 'reduce provocations': 'réduire les provocations', 'remove excuses': 'supprimer les excuses' },
};

export const TECHNIQUE_NAMES: Record<Exclude<Locale, 'en'>, Record<Technique, string>> = {
  es: {
    'target hardening': 'endurecer los objetivos', 'control access to facilities': 'controlar el acceso a las instalaciones', 'screen exits': 'controlar las salidas',
    'deflect offenders': 'desviar a los infractores', 'control tools and weapons': 'controlar herramientas y armas',
    'extend guardianship': 'ampliar la vigilancia', 'assist natural surveillance': 'favorecer la vigilancia natural', 'reduce anonymity': 'reducir el anonimato',
    'use place managers': 'recurrir a los gestores del lugar', 'strengthen formal surveillance': 'reforzar la vigilancia formal',
    'conceal targets': 'ocultar los objetivos', 'remove targets': 'retirar los objetivos', 'identify property': 'identificar la propiedad', 'disrupt markets': 'desarticular los mercados', 'deny benefits': 'negar los beneficios',
    'reduce frustration and stress': 'reducir la frustración y el estrés', 'avoid disputes': 'evitar disputas', 'reduce emotional arousal': 'reducir la excitación emocional',
    'neutralise peer pressure': 'neutralizar la presión de los pares', 'discourage imitation': 'desalentar la imitación',
    'set rules': 'establecer normas', 'post instructions': 'publicar instrucciones', 'alert conscience': 'alertar a la conciencia', 'assist compliance': 'facilitar el cumplimiento', 'control drugs and alcohol': 'controlar las drogas y el alcohol',
  },
  fr: {
    'target hardening': 'durcir les cibles', 'control access to facilities': 'contrôler l’accès aux lieux', 'screen exits': 'filtrer les sorties',
    'deflect offenders': 'détourner les délinquants', 'control tools and weapons': 'contrôler les outils et les armes',
    'extend guardianship': 'étendre la surveillance', 'assist natural surveillance': 'faciliter la surveillance naturelle', 'reduce anonymity': 'réduire l’anonymat',
    'use place managers': 'recourir aux gestionnaires des lieux', 'strengthen formal surveillance': 'renforcer la surveillance formelle',
    'conceal targets': 'dissimuler les cibles', 'remove targets': 'retirer les cibles', 'identify property': 'marquer les biens', 'disrupt markets': 'perturber les marchés', 'deny benefits': 'supprimer les bénéfices',
    'reduce frustration and stress': 'réduire la frustration et le stress', 'avoid disputes': 'éviter les conflits', 'reduce emotional arousal': 'réduire l’excitation émotionnelle',
    'neutralise peer pressure': 'neutraliser la pression des pairs', 'discourage imitation': 'décourager l’imitation',
    'set rules': 'établir des règles', 'post instructions': 'afficher des consignes', 'alert conscience': 'éveiller la conscience', 'assist compliance': 'faciliter le respect des règles', 'control drugs and alcohol': 'contrôler les drogues et l’alcool',
  },
};

export const CPTED_NAMES: Record<Exclude<Locale, 'en'>, Record<CptedPrinciple, string>> = {
  es: { 'natural surveillance': 'vigilancia natural', 'access control': 'control de accesos', 'territorial reinforcement': 'refuerzo territorial', 'maintenance and image': 'mantenimiento e imagen', 'activity support': 'apoyo a las actividades', 'target hardening': 'endurecimiento de objetivos' },
  fr: { 'natural surveillance': 'surveillance naturelle', 'access control': 'contrôle d’accès', 'territorial reinforcement': 'renforcement territorial', 'maintenance and image': 'entretien et image', 'activity support': 'soutien aux activités', 'target hardening': 'durcissement des cibles' },
};

/** A situational technique in the language. */
export function techniqueName(t: Technique | string, locale: Locale): string {
  return locale === 'en' ? t : (TECHNIQUE_NAMES[locale] as Record<string, string>)[t] ?? t;
}

/** A CPTED principle in the language. */
export function cptedName(c: CptedPrinciple | string, locale: Locale): string {
  return locale === 'en' ? c : (CPTED_NAMES[locale] as Record<string, string>)[c] ?? c;
}

const ENGLISH = new Map(CATALOGUE.map((i) => [i.id, i]));

/** An intervention's name in the language (its own name when a planner renamed or wrote it). */
export function interventionName(id: string, name: string, locale: Locale): string {
  if (locale === 'en') return name;
  const src = ENGLISH.get(id);
  return src && src.name === name ? (CATALOGUE_TEXT[locale][id]?.name ?? name) : name;
}

/** A catalogue text of one intervention in the language, wherever it is still the catalogue's English. */
export function catalogueText(id: string, english: string, locale: Locale): string {
  if (locale === 'en') return english;
  const src = ENGLISH.get(id);
  const tr = CATALOGUE_TEXT[locale][id];
  if (!src || !tr) return english;
  if (src.name === english) return tr.name;
  if (src.description === english) return tr.description;
  if (src.settings === english) return tr.settings;
  for (const [a, b] of [[src.rights, tr.rights], [src.notes, tr.notes]] as const) {
    const i = a.indexOf(english);
    if (i >= 0) return b[i] ?? english;
  }
  for (let i = 0; i < src.effects.length; i++) {
    if (src.effects[i].outcome === english) return tr.outcomes[i] ?? english;
    if (src.effects[i].note === english) return tr.effectNotes[i] ?? english;
  }
  return english;
}

/**
 * A copy of `iv` with every text that is still the catalogue's English translated (name,
 * description, setting, rights, notes, effect outcomes and notes, techniques, CPTED principles).
 */
export function localiseIntervention(iv: Intervention, locale: Locale): Intervention {
  if (locale === 'en') return iv;
  const tx = (s: string) => catalogueText(iv.id, s, locale);
  return {
    ...iv,
    name: interventionName(iv.id, iv.name, locale),
    description: tx(iv.description),
    settings: tx(iv.settings),
    rights: iv.rights.map(tx),
    notes: iv.notes.map(tx),
    effects: iv.effects.map((e) => ({ ...e, outcome: tx(e.outcome), ...(e.note ? { note: tx(e.note) } : {}) })),
    techniques: iv.techniques,
    cpted: iv.cpted,
  };
}

/** The responsible agencies offered for a placement (stored in the plan in English, shown in the language). */
const AGENCY_KEYS: Record<string, MessageKey> = {
  Police: 'agency.police',
  'Local council': 'agency.council',
  Housing: 'agency.housing',
  'Social services': 'agency.social',
  Schools: 'agency.schools',
  Transport: 'agency.transport',
  'Community groups': 'agency.community',
  Businesses: 'agency.business',
};

/** An agency's name in the language (one the planner typed stays as typed). */
export function agencyName(a: string, locale: Locale): string {
  return AGENCY_KEYS[a] ? translate(locale, AGENCY_KEYS[a]) : a;
}
