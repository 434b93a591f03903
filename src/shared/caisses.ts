// The caisse table is ours until the official directory (ameli « Adresses et contacts ») is loaded;
// see docs/decisions.md, « Table des caisses ». In short:
// - one CPAM per metropolitan département, its code being the département's ('75', '2A');
// - 64 is split into the two confirmed caisses, '641' CPAM de Bayonne and '642' CPAM de Pau;
// - 59 has the confirmed '591' CPAM de Roubaix-Tourcoing, and '59' « CPAM du Nord » stands for the
//   rest of the département, whose split is not confirmed; 62 stays one entry for the same reason;
// - the outre-mer: the 4 CGSS and the CSS de Mayotte, coded by their département ('971'…'976');
// - no caisse for Saint-Barthélemy (977), Saint-Martin (978) or Saint-Pierre-et-Miquelon (975).
// The codes '59', '591', '641', '642' are our own, not the official organisme numbers.

export type Caisse = { code: string; kind: 'CPAM' | 'CGSS' | 'CSS'; name: string; departement: string };

export type OrganismeInstructeur = { code: string; name: string };

const CPAM_BY_DEPARTEMENT: ReadonlyArray<readonly [departement: string, name: string]> = [
  ['01', "CPAM de l'Ain"],
  ['02', "CPAM de l'Aisne"],
  ['03', "CPAM de l'Allier"],
  ['04', 'CPAM des Alpes-de-Haute-Provence'],
  ['05', 'CPAM des Hautes-Alpes'],
  ['06', 'CPAM des Alpes-Maritimes'],
  ['07', "CPAM de l'Ardèche"],
  ['08', 'CPAM des Ardennes'],
  ['09', "CPAM de l'Ariège"],
  ['10', "CPAM de l'Aube"],
  ['11', "CPAM de l'Aude"],
  ['12', "CPAM de l'Aveyron"],
  ['13', 'CPAM des Bouches-du-Rhône'],
  ['14', 'CPAM du Calvados'],
  ['15', 'CPAM du Cantal'],
  ['16', 'CPAM de la Charente'],
  ['17', 'CPAM de la Charente-Maritime'],
  ['18', 'CPAM du Cher'],
  ['19', 'CPAM de la Corrèze'],
  ['2A', 'CPAM de la Corse-du-Sud'],
  ['2B', 'CPAM de la Haute-Corse'],
  ['21', "CPAM de la Côte-d'Or"],
  ['22', "CPAM des Côtes-d'Armor"],
  ['23', 'CPAM de la Creuse'],
  ['24', 'CPAM de la Dordogne'],
  ['25', 'CPAM du Doubs'],
  ['26', 'CPAM de la Drôme'],
  ['27', "CPAM de l'Eure"],
  ['28', "CPAM d'Eure-et-Loir"],
  ['29', 'CPAM du Finistère'],
  ['30', 'CPAM du Gard'],
  ['31', 'CPAM de la Haute-Garonne'],
  ['32', 'CPAM du Gers'],
  ['33', 'CPAM de la Gironde'],
  ['34', "CPAM de l'Hérault"],
  ['35', "CPAM d'Ille-et-Vilaine"],
  ['36', "CPAM de l'Indre"],
  ['37', "CPAM d'Indre-et-Loire"],
  ['38', "CPAM de l'Isère"],
  ['39', 'CPAM du Jura'],
  ['40', 'CPAM des Landes'],
  ['41', 'CPAM de Loir-et-Cher'],
  ['42', 'CPAM de la Loire'],
  ['43', 'CPAM de la Haute-Loire'],
  ['44', 'CPAM de la Loire-Atlantique'],
  ['45', 'CPAM du Loiret'],
  ['46', 'CPAM du Lot'],
  ['47', 'CPAM de Lot-et-Garonne'],
  ['48', 'CPAM de la Lozère'],
  ['49', 'CPAM de Maine-et-Loire'],
  ['50', 'CPAM de la Manche'],
  ['51', 'CPAM de la Marne'],
  ['52', 'CPAM de la Haute-Marne'],
  ['53', 'CPAM de la Mayenne'],
  ['54', 'CPAM de Meurthe-et-Moselle'],
  ['55', 'CPAM de la Meuse'],
  ['56', 'CPAM du Morbihan'],
  ['57', 'CPAM de la Moselle'],
  ['58', 'CPAM de la Nièvre'],
  ['59', 'CPAM du Nord'],
  ['60', "CPAM de l'Oise"],
  ['61', "CPAM de l'Orne"],
  ['62', 'CPAM du Pas-de-Calais'],
  ['63', 'CPAM du Puy-de-Dôme'],
  ['65', 'CPAM des Hautes-Pyrénées'],
  ['66', 'CPAM des Pyrénées-Orientales'],
  ['67', 'CPAM du Bas-Rhin'],
  ['68', 'CPAM du Haut-Rhin'],
  ['69', 'CPAM du Rhône'],
  ['70', 'CPAM de la Haute-Saône'],
  ['71', 'CPAM de Saône-et-Loire'],
  ['72', 'CPAM de la Sarthe'],
  ['73', 'CPAM de la Savoie'],
  ['74', 'CPAM de la Haute-Savoie'],
  ['75', 'CPAM de Paris'],
  ['76', 'CPAM de la Seine-Maritime'],
  ['77', 'CPAM de Seine-et-Marne'],
  ['78', 'CPAM des Yvelines'],
  ['79', 'CPAM des Deux-Sèvres'],
  ['80', 'CPAM de la Somme'],
  ['81', 'CPAM du Tarn'],
  ['82', 'CPAM de Tarn-et-Garonne'],
  ['83', 'CPAM du Var'],
  ['84', 'CPAM de Vaucluse'],
  ['85', 'CPAM de la Vendée'],
  ['86', 'CPAM de la Vienne'],
  ['87', 'CPAM de la Haute-Vienne'],
  ['88', 'CPAM des Vosges'],
  ['89', "CPAM de l'Yonne"],
  ['90', 'CPAM du Territoire de Belfort'],
  ['91', "CPAM de l'Essonne"],
  ['92', 'CPAM des Hauts-de-Seine'],
  ['93', 'CPAM de la Seine-Saint-Denis'],
  ['94', 'CPAM du Val-de-Marne'],
  ['95', "CPAM du Val-d'Oise"],
];

export const allCaisses: readonly Caisse[] = [
  ...CPAM_BY_DEPARTEMENT.map(([departement, name]): Caisse => ({ code: departement, kind: 'CPAM', name, departement })),
  { code: '591', kind: 'CPAM', name: 'CPAM de Roubaix-Tourcoing', departement: '59' },
  { code: '641', kind: 'CPAM', name: 'CPAM de Bayonne', departement: '64' },
  { code: '642', kind: 'CPAM', name: 'CPAM de Pau', departement: '64' },
  { code: '971', kind: 'CGSS', name: 'CGSS de la Guadeloupe', departement: '971' },
  { code: '972', kind: 'CGSS', name: 'CGSS de la Martinique', departement: '972' },
  { code: '973', kind: 'CGSS', name: 'CGSS de la Guyane', departement: '973' },
  { code: '974', kind: 'CGSS', name: 'CGSS de La Réunion', departement: '974' },
  { code: '976', kind: 'CSS', name: 'Caisse de sécurité sociale de Mayotte', departement: '976' },
];

// The seed's acknowledgment sends these caisses' assurés to the CRAMIF; 77 is not among them.
const CRAMIF_DEPARTEMENTS: ReadonlySet<string> = new Set(['75', '78', '91', '92', '93', '94', '95']);

const CRAMIF: OrganismeInstructeur = {
  code: 'CRAMIF',
  name: "Caisse régionale d'assurance maladie d'Île-de-France",
};

// Postal codes that a few communes of another département share (SocialGouv/domifa
// EXCEPTIONS_CODE_POSTAL). The code's own département stays the most likely, as in the cases
// checked: 52100 is Saint-Dizier (52), 13780 Cuges-les-Pins (13), 01200 Valserhône (01).
const POSTAL_CODES_SHARED_WITH: Readonly<Record<string, string>> = {
  '01200': '74',
  '01410': '39',
  '01590': '39',
  '05110': '04',
  '05130': '04',
  '05160': '04',
  '05700': '26',
  '06260': '04',
  '13780': '83',
  '21340': '71',
  '33220': '24',
  '36260': '18',
  '37160': '86',
  '42620': '03',
  '43450': '15',
  '48250': '07',
  '52100': '51',
  '73670': '38',
  '94390': '91',
};

// Saint-Barthélemy and Saint-Martin kept Guadeloupe's postal codes when they left the département.
const POSTAL_CODES_OF_COLLECTIVITES: Readonly<Record<string, string>> = {
  '97133': '977',
  '97150': '978',
};

export function findCaisse(code: string): Caisse | undefined {
  const wanted = code.trim().toUpperCase();
  return allCaisses.find((caisse) => caisse.code === wanted);
}

export function caissesOfDepartement(departement: string): readonly Caisse[] {
  return allCaisses.filter((caisse) => caisse.departement === departement);
}

export function departementFromPostalCode(postalCode: string): string | undefined {
  return departementsFromPostalCode(postalCode)[0];
}

// Every département with a commune using this postal code, the most likely first: only the
// commune (its INSEE code, from the address) can tell them apart.
export function departementsFromPostalCode(postalCode: string): readonly string[] {
  const cp = postalCode.trim();
  if (!/^\d{5}$/.test(cp)) return [];
  const collectivite = POSTAL_CODES_OF_COLLECTIVITES[cp];
  if (collectivite) return [collectivite];
  const departement = departementFromPrefix(cp);
  if (!departement) return [];
  const other = POSTAL_CODES_SHARED_WITH[cp];
  return other ? [departement, other] : [departement];
}

export function appealRouteFor(caisse: Caisse): 'cramif' | 'caisse' {
  return CRAMIF_DEPARTEMENTS.has(caisse.departement) ? 'cramif' : 'caisse';
}

export function organismeInstructeurFor(caisse: Caisse): OrganismeInstructeur {
  return CRAMIF_DEPARTEMENTS.has(caisse.departement) ? CRAMIF : { code: caisse.code, name: caisse.name };
}

/** The organisme recorded on a demande, by its code; a caisse whose demandes go elsewhere is none. */
export function findOrganismeInstructeur(code: string): OrganismeInstructeur | undefined {
  if (code === CRAMIF.code) return CRAMIF;
  const caisse = findCaisse(code);
  return caisse && organismeInstructeurFor(caisse).code === caisse.code ? organismeInstructeurFor(caisse) : undefined;
}

function departementFromPrefix(cp: string): string | undefined {
  const prefix = cp.slice(0, 2);
  if (prefix === '20') return corsicanDepartement(cp);
  if (prefix === '97' || prefix === '98') return cp.slice(0, 3);
  const number = Number(prefix);
  return number >= 1 && number <= 95 ? prefix : undefined;
}

// Corsica kept the postal prefix 20 when it was split in 1976 (La Poste: 200/201 and 202/206).
function corsicanDepartement(cp: string): string | undefined {
  const prefix = cp.slice(0, 3);
  if (prefix === '200' || prefix === '201') return '2A';
  if (prefix === '202' || prefix === '206') return '2B';
  return undefined;
}
