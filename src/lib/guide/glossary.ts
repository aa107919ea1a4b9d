/**
 * The plain-language glossary of every method in the app: what question it answers, what it does
 * not answer, and the paper it comes from (the paper as published, in its own language). Each
 * entry is written in English, Spanish and French; the type makes a missing language an error.
 * The info buttons next to each method open its entry (InfoButton.svelte).
 */

import type { Locale } from '../i18n/types';

export type GuideLang = Locale;

export interface GlossaryText {
  title: string;
  /** The question the method answers. */
  answers: string;
  /** What it does not tell you (the usual misreadings). */
  not: string;
}

export interface GlossaryEntry {
  id: GlossaryId;
  /** The tab where the method appears (for "Go to"); null when it appears in several places. */
  tab: string | null;
  papers: string[];
  text: Record<GuideLang, GlossaryText>;
}

export const GLOSSARY_IDS = [
  'counts',
  'gistar',
  'gi',
  'local-moran',
  'global-moran',
  'fdr',
  'permutations',
  'kde',
  'scale',
  'emerging',
  'concentration',
  'forecast',
  'repeat-places',
  'knox',
  'zones',
  'rtm',
  'what-if',
  'plan-score',
  'optimise',
  'evaluate',
  'suppression',
] as const;
export type GlossaryId = (typeof GLOSSARY_IDS)[number];

export const GLOSSARY: Record<GlossaryId, GlossaryEntry> = {
  counts: {
    id: 'counts',
    tab: null,
    papers: ['Uber Technologies (2018). H3: a hexagonal hierarchical geospatial indexing system. h3geo.org.', 'Sahr, K., White, D. & Kimerling, A. J. (2003). Geodesic discrete global grid systems. Cartography and Geographic Information Science 30(2), 121–134.'],
    text: {
      en: {
        title: 'Incidents per cell (H3 hexagons)',
        answers: 'Where were incidents recorded? Each incident is counted in the hexagon it falls in; the colours split the non-empty cells into classes of about equal size (quantiles).',
        not: 'Not a rate: a busy street or a shopping centre has many incidents because many people are there. Not whether a cell is more than chance would give (see hot spots). Recorded crime misses what is not reported.',
      },
      es: {
        title: 'Incidentes por celda (hexágonos H3)',
        answers: '¿Dónde se registraron los incidentes? Cada incidente se cuenta en el hexágono donde cae; los colores dividen las celdas no vacías en clases de tamaño parecido (cuantiles).',
        not: 'No es una tasa: una calle concurrida o un centro comercial tiene muchos incidentes porque allí hay mucha gente. No dice si una celda supera lo que daría el azar (véanse los puntos calientes). El delito registrado omite lo que no se denuncia.',
      },
      fr: {
        title: 'Incidents par cellule (hexagones H3)',
        answers: 'Où les incidents ont-ils été enregistrés ? Chaque incident est compté dans l’hexagone où il tombe ; les couleurs répartissent les cellules non vides en classes de taille voisine (quantiles).',
        not: 'Ce n’est pas un taux : une rue animée ou un centre commercial compte beaucoup d’incidents parce que beaucoup de gens y passent. Cela ne dit pas si une cellule dépasse ce que donnerait le hasard (voir les points chauds). La délinquance enregistrée ignore ce qui n’est pas signalé.',
      },
    },
  },
  gistar: {
    id: 'gistar',
    tab: 'hotspots',
    papers: ['Getis, A. & Ord, J. K. (1992). The analysis of spatial association by use of distance statistics. Geographical Analysis 24(3), 189–206.', 'Ord, J. K. & Getis, A. (1995). Local spatial autocorrelation statistics: distributional issues and an application. Geographical Analysis 27(4), 286–306.'],
    text: {
      en: {
        title: 'Hot and cold spots (Getis-Ord Gi*)',
        answers: 'Do a cell and its neighbours together hold more incidents (hot spot) or fewer (cold spot) than if incidents were spread at random over the study area? The confidence (90, 95, 99 %) says how unlikely the cluster would be by chance.',
        not: 'Not why crime concentrates there, nor that it will stay. Not a judgement on the people who live there: a hot spot is a place to look at closely, not a label for a neighbourhood. Results depend on the cell size and the neighbourhood (rings k).',
      },
      es: {
        title: 'Puntos calientes y fríos (Getis-Ord Gi*)',
        answers: '¿Una celda y sus vecinas juntas concentran más incidentes (punto caliente) o menos (punto frío) que si los incidentes se repartieran al azar por la zona de estudio? La confianza (90, 95, 99 %) indica lo improbable que sería esa concentración por azar.',
        not: 'No explica por qué se concentra el delito allí ni que vaya a seguir así. No es un juicio sobre quienes viven allí: un punto caliente es un lugar que mirar de cerca, no una etiqueta para un barrio. Los resultados dependen del tamaño de celda y de la vecindad (anillos k).',
      },
      fr: {
        title: 'Points chauds et froids (Getis-Ord Gi*)',
        answers: 'Une cellule et ses voisines réunissent-elles plus d’incidents (point chaud) ou moins (point froid) que si les incidents étaient répartis au hasard sur la zone d’étude ? La confiance (90, 95, 99 %) dit à quel point ce regroupement serait improbable par hasard.',
        not: 'Ni pourquoi la délinquance s’y concentre, ni qu’elle y restera. Ce n’est pas un jugement sur les habitants : un point chaud est un lieu à examiner de près, pas une étiquette pour un quartier. Les résultats dépendent de la taille des cellules et du voisinage (anneaux k).',
      },
    },
  },
  gi: {
    id: 'gi',
    tab: 'hotspots',
    papers: ['Getis, A. & Ord, J. K. (1992). The analysis of spatial association by use of distance statistics. Geographical Analysis 24(3), 189–206.'],
    text: {
      en: {
        title: 'Getis-Ord Gi (the cell itself left out)',
        answers: 'Are the neighbours of a cell, without the cell itself, unusually busy or quiet? Useful to find cells surrounded by crime, such as a quiet block inside a busy area.',
        not: 'Not whether the cell itself is busy (Gi* includes it). Same cautions as Gi*: chance, scale and no causes.',
      },
      es: {
        title: 'Getis-Ord Gi (sin la propia celda)',
        answers: '¿Los vecinos de una celda, sin contar la celda, tienen una actividad inusualmente alta o baja? Sirve para ver celdas rodeadas de delitos, como una manzana tranquila dentro de una zona activa.',
        not: 'No dice si la propia celda es activa (Gi* sí la incluye). Las mismas cautelas que Gi*: azar, escala y ninguna causa.',
      },
      fr: {
        title: 'Getis-Ord Gi (sans la cellule elle-même)',
        answers: 'Les voisines d’une cellule, sans elle, sont-elles anormalement actives ou calmes ? Utile pour repérer des cellules entourées de délits, comme un pâté calme au milieu d’un secteur actif.',
        not: 'Ne dit pas si la cellule elle-même est active (Gi* l’inclut). Mêmes précautions que Gi* : hasard, échelle, aucune cause.',
      },
    },
  },
  'local-moran': {
    id: 'local-moran',
    tab: 'hotspots',
    papers: ['Anselin, L. (1995). Local indicators of spatial association — LISA. Geographical Analysis 27(2), 93–115.'],
    text: {
      en: {
        title: 'Clusters and outliers (local Moran’s I)',
        answers: 'Is a cell similar to its neighbours (high among high, low among low: clusters) or unlike them (a high cell among low ones, or the reverse: outliers)?',
        not: 'Not the size of a hot spot in incidents, and not a cause. An outlier can be a data quirk (a police station’s address, a geocoding default) as well as a real place: check it.',
      },
      es: {
        title: 'Agrupaciones y valores atípicos (I de Moran local)',
        answers: '¿Una celda se parece a sus vecinas (alto entre altos, bajo entre bajos: agrupaciones) o es distinta (una celda alta entre bajas, o al revés: atípicos)?',
        not: 'No da el tamaño del punto caliente en incidentes ni una causa. Un atípico puede ser un artefacto de los datos (la dirección de una comisaría, una geocodificación por defecto) además de un lugar real: compruébelo.',
      },
      fr: {
        title: 'Agrégats et valeurs atypiques (I de Moran local)',
        answers: 'Une cellule ressemble-t-elle à ses voisines (haut parmi hauts, bas parmi bas : agrégats) ou s’en distingue-t-elle (une cellule haute parmi des basses, ou l’inverse : atypiques) ?',
        not: 'Ni l’ampleur d’un point chaud en incidents, ni une cause. Une valeur atypique peut venir des données (l’adresse d’un commissariat, un géocodage par défaut) autant que d’un lieu réel : vérifiez-la.',
      },
    },
  },
  'global-moran': {
    id: 'global-moran',
    tab: 'hotspots',
    papers: ['Moran, P. A. P. (1950). Notes on continuous stochastic phenomena. Biometrika 37(1/2), 17–23.', 'Cliff, A. D. & Ord, J. K. (1981). Spatial Processes: Models and Applications. Pion.'],
    text: {
      en: {
        title: 'Overall clustering (global Moran’s I)',
        answers: 'Taken as a whole, do busy cells tend to sit next to busy cells? One number for the whole study area, with a z-score against random placement.',
        not: 'Not where the clusters are (use Gi* or local Moran for that). A significant value with many cells can still be a weak pattern.',
      },
      es: {
        title: 'Agrupación global (I de Moran global)',
        answers: 'En conjunto, ¿las celdas activas tienden a estar junto a otras activas? Un solo número para toda la zona, con un valor z frente a una distribución al azar.',
        not: 'No dice dónde están las agrupaciones (para eso, Gi* o Moran local). Con muchas celdas, un valor significativo puede ser un patrón débil.',
      },
      fr: {
        title: 'Regroupement global (I de Moran global)',
        answers: 'Dans l’ensemble, les cellules actives sont-elles voisines d’autres cellules actives ? Un seul nombre pour toute la zone, avec un score z face à une répartition au hasard.',
        not: 'Ne dit pas où sont les agrégats (voir Gi* ou Moran local). Avec beaucoup de cellules, une valeur significative peut traduire un motif faible.',
      },
    },
  },
  fdr: {
    id: 'fdr',
    tab: 'hotspots',
    papers: ['Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate: a practical and powerful approach to multiple testing. Journal of the Royal Statistical Society B 57(1), 289–300.'],
    text: {
      en: {
        title: 'Correction for many tests (false discovery rate)',
        answers: 'Testing thousands of cells at 95 % would flag about 5 % of them by chance alone. The Benjamini–Hochberg correction keeps the expected share of false hot spots among those flagged at the stated level.',
        not: 'Not a guarantee that every flagged cell is real, and it does not fix a badly chosen cell size or neighbourhood. With it off, expect chance hot spots.',
      },
      es: {
        title: 'Corrección por pruebas múltiples (tasa de falsos descubrimientos)',
        answers: 'Probar miles de celdas al 95 % marcaría cerca del 5 % solo por azar. La corrección de Benjamini–Hochberg mantiene la proporción esperada de falsos puntos calientes entre los marcados en el nivel indicado.',
        not: 'No garantiza que cada celda marcada sea real ni corrige un tamaño de celda o una vecindad mal elegidos. Sin ella, espere puntos calientes debidos al azar.',
      },
      fr: {
        title: 'Correction des tests multiples (taux de fausses découvertes)',
        answers: 'Tester des milliers de cellules à 95 % en signalerait environ 5 % par le seul hasard. La correction de Benjamini–Hochberg maintient la part attendue de faux points chauds parmi ceux signalés au niveau annoncé.',
        not: 'Ne garantit pas que chaque cellule signalée soit réelle et ne corrige pas une taille de cellule ou un voisinage mal choisis. Sans elle, attendez-vous à des points chauds dus au hasard.',
      },
    },
  },
  permutations: {
    id: 'permutations',
    tab: 'hotspots',
    papers: ['Anselin, L. (1995). Local indicators of spatial association — LISA. Geographical Analysis 27(2), 93–115 (conditional randomisation).'],
    text: {
      en: {
        title: 'Permutation p-values',
        answers: 'How often would a cell look this extreme if the other counts were shuffled over the cells? A p-value that does not rely on the normal approximation, which is rough for small or skewed counts. The seed makes a run repeatable.',
        not: 'Not more “true” than the analytic p for large counts, and the smallest possible p is 1 / (permutations + 1). Different seeds give slightly different p-values.',
      },
      es: {
        title: 'Valores p por permutaciones',
        answers: '¿Con qué frecuencia una celda parecería tan extrema si los demás conteos se barajaran entre las celdas? Un valor p que no depende de la aproximación normal, tosca con conteos pequeños o asimétricos. La semilla hace repetible el cálculo.',
        not: 'No es más «verdadero» que el p analítico con conteos grandes, y el menor p posible es 1 / (permutaciones + 1). Semillas distintas dan valores p algo distintos.',
      },
      fr: {
        title: 'Valeurs p par permutations',
        answers: 'À quelle fréquence une cellule paraîtrait-elle aussi extrême si les autres comptes étaient rebattus entre les cellules ? Une valeur p qui ne repose pas sur l’approximation normale, grossière pour des comptes faibles ou asymétriques. La graine rend le calcul reproductible.',
        not: 'Pas plus « vraie » que la p analytique pour de grands comptes ; la plus petite p possible vaut 1 / (permutations + 1). Des graines différentes donnent des p légèrement différentes.',
      },
    },
  },
  kde: {
    id: 'kde',
    tab: 'hotspots',
    papers: ['Silverman, B. W. (1986). Density Estimation for Statistics and Data Analysis. Chapman & Hall.', 'Chainey, S., Tompson, L. & Uhlig, S. (2008). The utility of hotspot mapping for predicting spatial patterns of crime. Security Journal 21(1–2), 4–28.'],
    text: {
      en: {
        title: 'Kernel density surface',
        answers: 'Where are incidents dense, as a smooth surface that ignores cell edges? Each incident spreads a little weight over the bandwidth around it.',
        not: 'Not a test: a dense area is not necessarily more than chance. The picture changes a lot with the bandwidth, and smoothing can paint risk onto empty places such as parks or water.',
      },
      es: {
        title: 'Superficie de densidad kernel',
        answers: '¿Dónde son densos los incidentes, como una superficie continua que ignora los bordes de las celdas? Cada incidente reparte un poco de peso dentro del ancho de banda a su alrededor.',
        not: 'No es una prueba: una zona densa no supera necesariamente al azar. La imagen cambia mucho con el ancho de banda, y el suavizado puede pintar riesgo sobre lugares vacíos como parques o agua.',
      },
      fr: {
        title: 'Surface de densité par noyau',
        answers: 'Où les incidents sont-ils denses, sous forme de surface continue qui ignore les bords des cellules ? Chaque incident répand un peu de poids dans la largeur de bande autour de lui.',
        not: 'Pas un test : une zone dense ne dépasse pas forcément le hasard. L’image change beaucoup avec la largeur de bande, et le lissage peut peindre du risque sur des lieux vides comme des parcs ou l’eau.',
      },
    },
  },
  scale: {
    id: 'scale',
    tab: 'hotspots',
    papers: ['Openshaw, S. (1984). The Modifiable Areal Unit Problem. Concepts and Techniques in Modern Geography 38. Geo Books.'],
    text: {
      en: {
        title: 'Stability across resolutions and k',
        answers: 'Does a hot spot stay hot when the cells are made larger or smaller and the neighbourhood wider? Cells hot in at least 75 % of the runs are stable.',
        not: 'Not a test of its own. A hot spot that appears at one scale only is weak evidence, not proof that nothing is there.',
      },
      es: {
        title: 'Estabilidad entre resoluciones y k',
        answers: '¿Un punto caliente sigue siéndolo si las celdas se hacen más grandes o más pequeñas y la vecindad más amplia? Las celdas calientes en al menos el 75 % de las ejecuciones son estables.',
        not: 'No es una prueba en sí. Un punto caliente que aparece en una sola escala es una evidencia débil, no la prueba de que no haya nada.',
      },
      fr: {
        title: 'Stabilité selon la résolution et k',
        answers: 'Un point chaud le reste-t-il quand les cellules grandissent ou rapetissent et que le voisinage s’élargit ? Les cellules chaudes dans au moins 75 % des calculs sont stables.',
        not: 'Pas un test en soi. Un point chaud qui n’apparaît qu’à une échelle est un indice faible, pas la preuve qu’il n’y a rien.',
      },
    },
  },
  emerging: {
    id: 'emerging',
    tab: 'trends',
    papers: ['Esri (2023). How Emerging Hot Spot Analysis works. ArcGIS Pro documentation.', 'Mann, H. B. (1945). Nonparametric tests against trend. Econometrica 13(3), 245–259.', 'Kendall, M. G. (1975). Rank Correlation Methods. Griffin.'],
    text: {
      en: {
        title: 'Emerging hot spots',
        answers: 'Is a hot spot new, intensifying, persistent, diminishing, sporadic or historical? Gi* is computed for every cell at every time step, and the Mann-Kendall test looks for a trend in each cell’s series.',
        not: 'Not a forecast of next month, and not the reason for a change (a new recording practice or a new shop can make a hot spot “emerge”). Short series give few significant trends.',
      },
      es: {
        title: 'Puntos calientes emergentes',
        answers: '¿Un punto caliente es nuevo, se intensifica, persiste, disminuye, es esporádico o histórico? Se calcula Gi* para cada celda en cada paso de tiempo, y la prueba de Mann-Kendall busca una tendencia en la serie de cada celda.',
        not: 'No es una previsión del mes próximo ni la razón de un cambio (una nueva forma de registrar o una tienda nueva pueden hacer «emerger» un punto caliente). Las series cortas dan pocas tendencias significativas.',
      },
      fr: {
        title: 'Points chauds émergents',
        answers: 'Un point chaud est-il nouveau, en intensification, persistant, en déclin, sporadique ou historique ? Gi* est calculé pour chaque cellule à chaque pas de temps, et le test de Mann-Kendall cherche une tendance dans la série de chaque cellule.',
        not: 'Ni une prévision du mois prochain, ni la raison d’un changement (une nouvelle pratique d’enregistrement ou un nouveau commerce peuvent faire « émerger » un point chaud). Des séries courtes donnent peu de tendances significatives.',
      },
    },
  },
  concentration: {
    id: 'concentration',
    tab: 'trends',
    papers: ['Weisburd, D. (2015). The law of crime concentration and the criminology of place. Criminology 53(2), 133–157.', 'Bernasco, W. & Steenbeek, W. (2017). More places than crimes: implications for evaluating the law of crime concentration at place. Journal of Quantitative Criminology 33(3), 451–467.'],
    text: {
      en: {
        title: 'Concentration (Lorenz curve, Gini)',
        answers: 'How few places hold most incidents? For example, the share of cells that holds half of all incidents; the Gini index sums up the whole curve (0 = even, 1 = all in one cell).',
        not: 'Not comparable across cell sizes or between data sets with very different numbers of incidents: with fewer incidents than cells, concentration looks high by construction (hence the generalised Gini).',
      },
      es: {
        title: 'Concentración (curva de Lorenz, Gini)',
        answers: '¿Qué pocos lugares reúnen la mayoría de los incidentes? Por ejemplo, la proporción de celdas que reúne la mitad de los incidentes; el índice de Gini resume toda la curva (0 = uniforme, 1 = todo en una celda).',
        not: 'No es comparable entre tamaños de celda ni entre datos con números de incidentes muy distintos: con menos incidentes que celdas, la concentración parece alta por construcción (de ahí el Gini generalizado).',
      },
      fr: {
        title: 'Concentration (courbe de Lorenz, Gini)',
        answers: 'Combien peu de lieux réunissent la plupart des incidents ? Par exemple la part des cellules qui réunit la moitié des incidents ; l’indice de Gini résume toute la courbe (0 = uniforme, 1 = tout dans une cellule).',
        not: 'Pas comparable entre tailles de cellules ni entre jeux de données aux nombres d’incidents très différents : avec moins d’incidents que de cellules, la concentration paraît forte par construction (d’où le Gini généralisé).',
      },
    },
  },
  forecast: {
    id: 'forecast',
    tab: 'trends',
    papers: ['Chainey, S., Tompson, L. & Uhlig, S. (2008). The utility of hotspot mapping for predicting spatial patterns of crime. Security Journal 21(1–2), 4–28 (PAI).', 'Hunt, J. M. (2016). Do crime hot spots move? Exploring the effects of the modifiable areal unit problem and modifiable temporal unit problem on crime hot spot stability. PhD thesis, American University (PEI).'],
    text: {
      en: {
        title: 'Forecast accuracy (PAI, PEI, hit rate)',
        answers: 'If you had flagged the top cells using only the incidents before a date, how many of the later incidents would those cells have caught? PAI compares the share caught with the share of area flagged; PEI compares it with the best possible.',
        not: 'Not a promise for the future: past accuracy on one split date may not hold. A high PAI does not mean that patrolling those cells prevents crime.',
      },
      es: {
        title: 'Precisión de la previsión (PAI, PEI, tasa de aciertos)',
        answers: 'Si hubiera marcado las mejores celdas usando solo los incidentes anteriores a una fecha, ¿cuántos de los incidentes posteriores habrían captado? El PAI compara la proporción captada con la proporción de área marcada; el PEI la compara con la mejor posible.',
        not: 'No es una promesa para el futuro: la precisión pasada con una fecha de corte puede no mantenerse. Un PAI alto no significa que patrullar esas celdas prevenga el delito.',
      },
      fr: {
        title: 'Précision des prévisions (PAI, PEI, taux de réussite)',
        answers: 'Si vous aviez signalé les meilleures cellules avec les seuls incidents antérieurs à une date, combien des incidents suivants auraient-elles captés ? Le PAI compare la part captée à la part de surface signalée ; le PEI la compare au meilleur possible.',
        not: 'Pas une promesse pour l’avenir : la précision passée à une date de coupure peut ne pas se maintenir. Un PAI élevé ne signifie pas que patrouiller ces cellules prévient la délinquance.',
      },
    },
  },
  'repeat-places': {
    id: 'repeat-places',
    tab: 'repeats',
    papers: ['Farrell, G. & Pease, K. (1993). Once Bitten, Twice Bitten: Repeat Victimisation and its Implications for Crime Prevention. Home Office Police Research Group, Crime Prevention Unit Paper 46.', 'Polvi, N., Looman, T., Humphries, C. & Pease, K. (1991). The time course of repeat burglary victimization. British Journal of Criminology 31(4), 411–414.'],
    text: {
      en: {
        title: 'Repeat places',
        answers: 'Which places (addresses or blocks) are hit again, how soon, and which are hit many times in a short spell? Protecting a place just after it is hit is one of the best-supported prevention tactics.',
        not: 'Not the same victim: an address can hold many households, and block-level addresses merge neighbours. Places are as written in the data, so spelling differences split one place in two.',
      },
      es: {
        title: 'Lugares repetidos',
        answers: '¿Qué lugares (direcciones o manzanas) vuelven a sufrir incidentes, con qué rapidez, y cuáles sufren muchos en poco tiempo? Proteger un lugar justo después de un incidente es una de las tácticas de prevención con más respaldo.',
        not: 'No es la misma víctima: una dirección puede tener muchos hogares y las direcciones por manzana juntan a vecinos. Los lugares son tal como están escritos en los datos, así que las diferencias de escritura dividen un lugar en dos.',
      },
      fr: {
        title: 'Lieux répétés',
        answers: 'Quels lieux (adresses ou pâtés de maisons) sont touchés à nouveau, au bout de combien de temps, et lesquels le sont souvent en peu de temps ? Protéger un lieu juste après un incident est l’une des tactiques de prévention les mieux étayées.',
        not: 'Pas la même victime : une adresse peut abriter plusieurs foyers, et les adresses par pâté regroupent des voisins. Les lieux sont tels qu’écrits dans les données : des graphies différentes séparent un lieu en deux.',
      },
    },
  },
  knox: {
    id: 'knox',
    tab: 'repeats',
    papers: ['Knox, E. G. (1964). The detection of space-time interactions. Journal of the Royal Statistical Society C (Applied Statistics) 13(1), 25–30.', 'Johnson, S. D. & Bowers, K. J. (2004). The burglary as clue to the future: the beginnings of prospective hot-spotting. European Journal of Criminology 1(2), 237–255.', 'Townsley, M., Homel, R. & Chaseling, J. (2003). Infectious burglaries: a test of the near repeat hypothesis. British Journal of Criminology 43(3), 615–633.'],
    text: {
      en: {
        title: 'Near repeats (Knox test)',
        answers: 'After an incident, is the risk raised nearby for a while? Pairs of incidents are counted by distance and time apart and compared with the same incidents whose dates are shuffled; a ratio above 1 with a small p means more close pairs than chance.',
        not: 'Not who did it or why (the same offender returning, or an attractive area, both fit). Not a map: it gives the distance and time over which risk is raised, which the risk zones then use.',
      },
      es: {
        title: 'Casi repeticiones (prueba de Knox)',
        answers: 'Tras un incidente, ¿aumenta el riesgo cerca durante un tiempo? Se cuentan los pares de incidentes por distancia y tiempo entre ellos y se comparan con los mismos incidentes con las fechas barajadas; una razón mayor que 1 con p pequeño indica más pares cercanos que el azar.',
        not: 'No dice quién ni por qué (el mismo autor que vuelve o una zona atractiva encajan ambos). No es un mapa: da la distancia y el tiempo con riesgo elevado, que luego usan las zonas de riesgo.',
      },
      fr: {
        title: 'Quasi-répétitions (test de Knox)',
        answers: 'Après un incident, le risque augmente-t-il à proximité pendant un temps ? Les paires d’incidents sont comptées selon la distance et le temps qui les séparent, puis comparées aux mêmes incidents aux dates rebattues ; un rapport supérieur à 1 avec un p faible signifie plus de paires proches que le hasard.',
        not: 'Ne dit ni qui ni pourquoi (le même auteur qui revient ou un secteur attractif conviennent tous deux). Pas une carte : il donne la distance et la durée de risque accru, qu’utilisent ensuite les zones de risque.',
      },
    },
  },
  zones: {
    id: 'zones',
    tab: 'repeats',
    papers: ['Bowers, K. J., Johnson, S. D. & Pease, K. (2004). Prospective hot-spotting: the future of crime mapping? British Journal of Criminology 44(5), 641–658.'],
    text: {
      en: {
        title: 'Near-repeat risk zones',
        answers: 'Where is the risk of a near repeat raised now? Around each recent incident, the area within the Knox distance stays at risk until the end of the Knox time window; the check on a later period says how many incidents those zones caught.',
        not: 'Not a prediction for any one home. Alerts to residents must avoid naming victims and must not raise fear beyond the evidence.',
      },
      es: {
        title: 'Zonas de riesgo de casi repetición',
        answers: '¿Dónde está elevado ahora el riesgo de una casi repetición? Alrededor de cada incidente reciente, la zona dentro de la distancia de Knox sigue en riesgo hasta el final de la ventana de tiempo; la comprobación en un periodo posterior dice cuántos incidentes captaron esas zonas.',
        not: 'No es una predicción para una vivienda concreta. Los avisos a los vecinos deben evitar nombrar a las víctimas y no deben generar más miedo del que justifica la evidencia.',
      },
      fr: {
        title: 'Zones de risque de quasi-répétition',
        answers: 'Où le risque de quasi-répétition est-il élevé en ce moment ? Autour de chaque incident récent, la zone dans la distance de Knox reste à risque jusqu’à la fin de la fenêtre de temps ; la vérification sur une période ultérieure dit combien d’incidents ces zones ont captés.',
        not: 'Pas une prédiction pour un logement donné. Les alertes aux habitants doivent éviter de nommer les victimes et ne pas susciter plus de peur que ne le justifient les faits.',
      },
    },
  },
  rtm: {
    id: 'rtm',
    tab: 'risk',
    papers: ['Caplan, J. M., Kennedy, L. W. & Miller, J. (2011). Risk terrain modeling: brokering criminological theory and GIS methods for crime forecasting. Justice Quarterly 28(2), 360–381.', 'Tibshirani, R. (1996). Regression shrinkage and selection via the lasso. Journal of the Royal Statistical Society B 58(1), 267–288.', 'Zou, H. & Hastie, T. (2005). Regularization and variable selection via the elastic net. Journal of the Royal Statistical Society B 67(2), 301–320.'],
    text: {
      en: {
        title: 'Risk terrain model',
        answers: 'Which features of the environment (bars, transit stops, broken lights, vacant lots…) go with more crime nearby, and by how much? Counts per cell are modelled on the features within k rings (Poisson or negative binomial regression); the lasso keeps only the factors that help predict.',
        not: 'An association, not a cause: removing a bar does not remove its relative risk. Features missing from the layers cannot be found, and a feature that is common everywhere may show no effect.',
      },
      es: {
        title: 'Modelo de terreno de riesgo',
        answers: '¿Qué elementos del entorno (bares, paradas de transporte, farolas rotas, solares…) van unidos a más delitos cerca, y en qué medida? Los conteos por celda se modelan según los elementos dentro de k anillos (regresión de Poisson o binomial negativa); el lasso conserva solo los factores que ayudan a predecir.',
        not: 'Es una asociación, no una causa: quitar un bar no elimina su riesgo relativo. No se pueden hallar elementos que falten en las capas, y uno presente en todas partes puede no mostrar efecto.',
      },
      fr: {
        title: 'Modèle de terrain de risque',
        answers: 'Quels éléments de l’environnement (bars, arrêts de transport, lampadaires en panne, terrains vagues…) vont de pair avec plus de délits à proximité, et dans quelle mesure ? Les comptes par cellule sont modélisés selon les éléments dans k anneaux (régression de Poisson ou binomiale négative) ; le lasso ne garde que les facteurs utiles à la prédiction.',
        not: 'Une association, pas une cause : supprimer un bar ne supprime pas son risque relatif. Les éléments absents des couches ne peuvent pas être trouvés, et un élément présent partout peut ne montrer aucun effet.',
      },
    },
  },
  'what-if': {
    id: 'what-if',
    tab: 'risk',
    papers: ['Caplan, J. M. & Kennedy, L. W. (2016). Risk Terrain Modeling: Crime Prediction and Risk Reduction. University of California Press.'],
    text: {
      en: {
        title: 'What-if scenario',
        answers: 'If a feature changed (every broken street light repaired), how many incidents would the fitted model expect, with an interval from the model’s uncertainty?',
        not: 'Not the effect of doing it: the model learned associations, not causes. Use the evidence of the Plan tab for what interventions have achieved elsewhere.',
      },
      es: {
        title: 'Escenario hipotético',
        answers: 'Si un elemento cambiara (todas las farolas rotas reparadas), ¿cuántos incidentes esperaría el modelo ajustado, con un intervalo según su incertidumbre?',
        not: 'No es el efecto de hacerlo: el modelo aprendió asociaciones, no causas. Para saber lo que las intervenciones han logrado en otros lugares, use la evidencia de la pestaña Plan.',
      },
      fr: {
        title: 'Scénario « et si »',
        answers: 'Si un élément changeait (tous les lampadaires en panne réparés), combien d’incidents le modèle ajusté attendrait-il, avec un intervalle tiré de son incertitude ?',
        not: 'Pas l’effet de le faire : le modèle a appris des associations, pas des causes. Pour ce que les interventions ont obtenu ailleurs, voyez les preuves de l’onglet Plan.',
      },
    },
  },
  'plan-score': {
    id: 'plan-score',
    tab: 'plan',
    papers: ['Clarke, R. V. (ed.) (1997). Situational Crime Prevention: Successful Case Studies, 2nd ed. Harrow and Heston.', 'Johnson, S. D., Tilley, N. & Bowers, K. J. (2015). Introducing EMMIE: an evidence rating scale to encourage mixed-method crime prevention synthesis reviews. Journal of Experimental Criminology 11(3), 459–473.', 'Guerette, R. T. & Bowers, K. J. (2009). Assessing the extent of crime displacement and diffusion of benefits. Criminology 47(4), 1331–1368.'],
    text: {
      en: {
        title: 'Scoring a prevention plan',
        answers: 'If each measure worked as well as the evidence says, how many incidents and how much harm might the plan prevent where it is placed, allowing for displacement and diffusion nearby, and at what cost? Intervals come from the spread of the evidence.',
        not: 'Not a promise: effects found elsewhere may not transfer, and implementation matters. Measures that watch people (cameras) affect privacy and need a lawful basis; the plan flags them.',
      },
      es: {
        title: 'Puntuar un plan de prevención',
        answers: 'Si cada medida funcionara como dice la evidencia, ¿cuántos incidentes y cuánto daño podría prevenir el plan donde se sitúa, teniendo en cuenta el desplazamiento y la difusión cercanos, y a qué coste? Los intervalos reflejan la dispersión de la evidencia.',
        not: 'No es una promesa: los efectos hallados en otros lugares pueden no trasladarse, y la ejecución importa. Las medidas que vigilan a personas (cámaras) afectan a la privacidad y requieren base legal; el plan las señala.',
      },
      fr: {
        title: 'Évaluer un plan de prévention',
        answers: 'Si chaque mesure marchait aussi bien que le disent les preuves, combien d’incidents et quel préjudice le plan pourrait-il prévenir là où il est placé, en tenant compte du déplacement et de la diffusion à proximité, et à quel coût ? Les intervalles viennent de la dispersion des preuves.',
        not: 'Pas une promesse : des effets trouvés ailleurs peuvent ne pas se transposer, et la mise en œuvre compte. Les mesures qui surveillent les personnes (caméras) touchent à la vie privée et exigent une base légale ; le plan les signale.',
      },
    },
  },
  optimise: {
    id: 'optimise',
    tab: 'plan',
    papers: ['Sinha, P. & Zoltners, A. A. (1979). The multiple-choice knapsack problem. Operations Research 27(3), 503–515.'],
    text: {
      en: {
        title: 'Budget optimiser',
        answers: 'Within a budget, which set of candidate measures prevents the most expected harm? It also draws the frontier: harm prevented for every budget up to yours.',
        not: 'Not the only sensible plan: it uses point estimates and leaves out what it cannot count (community support, fairness across neighbourhoods, side effects). Treat its choice as a starting point to discuss.',
      },
      es: {
        title: 'Optimizador de presupuesto',
        answers: 'Con un presupuesto dado, ¿qué conjunto de medidas candidatas previene el mayor daño esperado? También dibuja la frontera: el daño prevenido para cada presupuesto hasta el suyo.',
        not: 'No es el único plan sensato: usa estimaciones puntuales y deja fuera lo que no puede contar (apoyo vecinal, equidad entre barrios, efectos secundarios). Tome su elección como punto de partida para el debate.',
      },
      fr: {
        title: 'Optimiseur budgétaire',
        answers: 'Dans un budget donné, quel ensemble de mesures candidates prévient le plus de préjudice attendu ? Il trace aussi la frontière : le préjudice évité pour chaque budget jusqu’au vôtre.',
        not: 'Pas le seul plan raisonnable : il utilise des estimations ponctuelles et laisse de côté ce qu’il ne peut compter (soutien des habitants, équité entre quartiers, effets secondaires). Prenez son choix comme point de départ d’une discussion.',
      },
    },
  },
  evaluate: {
    id: 'evaluate',
    tab: 'plan',
    papers: ['Bowers, K. J. & Johnson, S. D. (2003). Measuring the geographical displacement and diffusion of benefit effects of crime prevention activity. Journal of Quantitative Criminology 19(3), 275–301.', 'Wheeler, A. P. & Ratcliffe, J. H. (2018). A simple weighted displacement difference test to evaluate place based crime interventions. Crime Science 7, 11.'],
    text: {
      en: {
        title: 'Evaluating a past intervention',
        answers: 'Did crime fall in the treated area compared with a similar control area, and did it move to the surroundings (displacement) or fall there too (diffusion of benefits)? WDQ, WDD and the relative effect compare before and after.',
        not: 'Not proof of cause without a good control area; other changes at the same time can explain a fall. Small counts give wide intervals.',
      },
      es: {
        title: 'Evaluar una intervención pasada',
        answers: '¿Bajó el delito en la zona tratada frente a una zona de control similar, y se trasladó a los alrededores (desplazamiento) o bajó también allí (difusión de beneficios)? WDQ, WDD y el efecto relativo comparan el antes y el después.',
        not: 'No prueba la causa sin una buena zona de control; otros cambios simultáneos pueden explicar una bajada. Los conteos pequeños dan intervalos amplios.',
      },
      fr: {
        title: 'Évaluer une intervention passée',
        answers: 'La délinquance a-t-elle baissé dans la zone traitée par rapport à une zone témoin semblable, et s’est-elle déplacée aux alentours (déplacement) ou y a-t-elle aussi baissé (diffusion des bénéfices) ? WDQ, WDD et l’effet relatif comparent l’avant et l’après.',
        not: 'Pas une preuve de cause sans bonne zone témoin ; d’autres changements simultanés peuvent expliquer une baisse. De petits comptes donnent des intervalles larges.',
      },
    },
  },
  suppression: {
    id: 'suppression',
    tab: null,
    papers: ['Hundepool, A. et al. (2012). Statistical Disclosure Control. Wiley.'],
    text: {
      en: {
        title: 'Small-count suppression',
        answers: 'In outputs meant to be published, counts below the threshold (5 by default) are withheld, so that a figure cannot point to an identifiable victim or household. Incident-level data are left out.',
        not: 'Not full anonymity: combining several published tables, or a very small area, can still reveal people. It protects published outputs only; your own copy of the data is unchanged.',
      },
      es: {
        title: 'Supresión de conteos pequeños',
        answers: 'En los resultados destinados a publicarse, los conteos por debajo del umbral (5 por defecto) se ocultan, para que una cifra no pueda señalar a una víctima u hogar identificable. Se excluyen los datos a nivel de incidente.',
        not: 'No es un anonimato total: combinar varias tablas publicadas, o un área muy pequeña, aún puede revelar a personas. Solo protege los resultados publicados; su copia de los datos no cambia.',
      },
      fr: {
        title: 'Masquage des petits effectifs',
        answers: 'Dans les sorties destinées à la publication, les comptes sous le seuil (5 par défaut) sont masqués, pour qu’un chiffre ne puisse désigner une victime ou un foyer identifiable. Les données au niveau de l’incident sont exclues.',
        not: 'Pas un anonymat complet : croiser plusieurs tableaux publiés, ou une zone très petite, peut encore révéler des personnes. Cela ne protège que les sorties publiées ; votre copie des données reste inchangée.',
      },
    },
  },
};
