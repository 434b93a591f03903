// Who the generated demandes belong to: the caisses of src/shared weighted by the population they
// serve (rounded, in tens of thousands of inhabitants), French surnames and prénoms. The weights
// make the CRAMIF (7 départements of Île-de-France) the largest organisme, about a sixth of
// the demandes, and the CPAM de la Lozère one of the smallest.
import { allCaisses, organismeInstructeurFor } from '../src/shared/caisses.ts'

const POPULATION: Readonly<Record<string, number>> = {
  '01': 66, '02': 53, '03': 33, '04': 16, '05': 14, '06': 109, '07': 33, '08': 27, '09': 15, '10': 31,
  '11': 37, '12': 28, '13': 204, '14': 70, '15': 14, '16': 35, '17': 66, '18': 30, '19': 24, '2A': 16,
  '2B': 18, '21': 53, '22': 60, '23': 12, '24': 41, '25': 54, '26': 52, '27': 60, '28': 43, '29': 92,
  '30': 75, '31': 142, '32': 19, '33': 165, '34': 118, '35': 108, '36': 22, '37': 61, '38': 127, '39': 26,
  '40': 41, '41': 33, '42': 77, '43': 23, '44': 145, '45': 68, '46': 17, '47': 33, '48': 8, '49': 82,
  '50': 49, '51': 57, '52': 17, '53': 31, '54': 73, '55': 18, '56': 76, '57': 104, '58': 20, '59': 221,
  '591': 40, '60': 83, '61': 28, '62': 146, '63': 66, '641': 31, '642': 37, '65': 23, '66': 48, '67': 115,
  '68': 77, '69': 188, '70': 23, '71': 55, '72': 57, '73': 44, '74': 83, '75': 215, '76': 125, '77': 143,
  '78': 145, '79': 37, '80': 57, '81': 39, '82': 26, '83': 108, '84': 56, '85': 69, '86': 44, '87': 37,
  '88': 36, '89': 33, '90': 14, '91': 130, '92': 162, '93': 166, '94': 141, '95': 125, '971': 38,
  '972': 35, '973': 29, '974': 87, '976': 31,
}

/** How many slots the caisse table is spread over: a caisse of weight w takes about w / total of them. */
export const CAISSE_SLOTS = 4096

export type Population = {
  codes: string[]
  departements: string[]
  organismes: string[]
  /** For each slot, the 1-based index of its caisse in `codes`. */
  slots: number[]
  /** Techniciens and superviseurs of each organisme: one per 40 000 inhabitants served, 3 at least. */
  agentsPerOrganisme: Map<string, number>
}

export function population(): Population {
  const missing = allCaisses.filter((caisse) => !(caisse.code in POPULATION)).map((caisse) => caisse.code)
  if (missing.length) throw new Error(`population inconnue pour les caisses ${missing.join(', ')} : complétez bench/scale-population.ts`)
  const total = allCaisses.reduce((sum, caisse) => sum + POPULATION[caisse.code]!, 0)
  const slots: number[] = []
  let cumulated = 0
  allCaisses.forEach((caisse, index) => {
    cumulated += POPULATION[caisse.code]!
    while (slots.length < Math.round((cumulated / total) * CAISSE_SLOTS)) slots.push(index + 1)
  })
  const served = new Map<string, number>()
  for (const caisse of allCaisses) {
    const organisme = organismeInstructeurFor(caisse).code
    served.set(organisme, (served.get(organisme) ?? 0) + POPULATION[caisse.code]!)
  }
  return {
    codes: allCaisses.map((caisse) => caisse.code),
    departements: allCaisses.map((caisse) => caisse.departement),
    organismes: allCaisses.map((caisse) => organismeInstructeurFor(caisse).code),
    slots,
    agentsPerOrganisme: new Map([...served].map(([organisme, inhabitants]) => [organisme, Math.max(3, Math.round(inhabitants / 4))])),
  }
}

// The most frequent surnames in France, most frequent first: 15 % of the assurés bear one of them,
// the first ones far more often (Martin about 0.4 %, as in France).
export const COMMON_SURNAMES = [
  'Martin', 'Bernard', 'Thomas', 'Petit', 'Robert', 'Richard', 'Durand', 'Dubois', 'Moreau', 'Laurent',
  'Simon', 'Michel', 'Lefèvre', 'Leroy', 'Roux', 'David', 'Bertrand', 'Morel', 'Fournier', 'Girard',
  'Bonnet', 'Dupont', 'Lambert', 'Fontaine', 'Rousseau', 'Vincent', 'Muller', 'Lefebvre', 'Faure', 'André',
  'Mercier', 'Blanc', 'Guérin', 'Boyer', 'Garnier', 'Chevalier', 'François', 'Legrand', 'Gauthier', 'Garcia',
  'Perrin', 'Robin', 'Clément', 'Morin', 'Nicolas', 'Henry', 'Roussel', 'Mathieu', 'Gautier', 'Masson',
  'Marchand', 'Duval', 'Denis', 'Dumont', 'Marie', 'Lemaire', 'Noël', 'Meyer', 'Dufour', 'Meunier',
  'Brun', 'Blanchard', 'Giraud', 'Joly', 'Rivière', 'Lucas', 'Brunet', 'Gaillard', 'Barbier', 'Arnaud',
  'Martinez', 'Gérard', 'Roche', 'Renard', 'Schmitt', 'Roy', 'Leroux', 'Colin', 'Vidal', 'Caron',
  'Picard', 'Roger', 'Fabre', 'Aubert', 'Lemoine', 'Renaud', 'Dumas', 'Lacroix', 'Olivier', 'Philippe',
  'Bourgeois', 'Pierre', 'Benoît', 'Rey', 'Leclerc', 'Payet', 'Rolland', 'Leclercq', 'Guillaume', 'Lecomte',
  'Lopez', 'Jean', 'Dupuy', 'Guillot', 'Hubert', 'Berger', 'Carpentier', 'Sanchez', 'Dupuis', 'Moulin',
  'Louis', 'Deschamps', 'Huet', 'Vasseur', 'Perez', 'Boucher', 'Fleury', 'Royer', 'Klein', 'Jacquet',
  'Adam', 'Paris', 'Poirier', 'Marty', 'Aubry', 'Guyot', 'Carré', 'Charles', 'Renault', 'Charpentier',
  'Ménard', 'Maillard', 'Baron', 'Bertin', 'Bailly', 'Hervé', 'Schneider', 'Fernandez', 'Le Gall', 'Collet',
  'Léger', 'Bouvier', 'Julien', 'Prévost', 'Millet', 'Perrot', 'Daniel', 'Le Roux', 'Cousin', 'Germain',
  'Breton', 'Besson', 'Langlois', 'Rémy', 'Le Goff', 'Pelletier', 'Lévêque', 'Perrier', 'Leblanc', 'Barré',
  'Lebrun', 'Marchal', 'Weber', 'Mallet', 'Hamon', 'Boulanger', 'Jacob', 'Monnier', 'Michaud', 'Rodriguez',
  'Guichard', 'Gillet', 'Étienne', 'Grondin', 'Poulain', 'Tessier', 'Chevallier', 'Collin', 'Chauvin', 'Da Silva',
  'Bouchet', 'Gay', 'Lemaître', 'Bénard', 'Maréchal', 'Humbert', 'Reynaud', 'Antoine', 'Hoarau', 'Perret',
]

// The others: a surname of two or three French syllables, about 90 000 of them, so that a surname
// typed in full finds a handful of demandes in an organisme, not thousands.
export const SURNAME_STARTS = [
  'Beau', 'Bel', 'Ber', 'Bois', 'Bon', 'Bou', 'Bré', 'Cha', 'Char', 'Chau', 'Che', 'Cou', 'Dela', 'Des',
  'Du', 'Fa', 'Fer', 'Fon', 'Four', 'Gau', 'Gé', 'Gil', 'Gou', 'Guil', 'Ja', 'Jou', 'La', 'Lam', 'Lan',
  'Lar', 'Le', 'Lefè', 'Lho', 'Ma', 'Mar', 'Mau', 'Mer', 'Mon', 'Mou', 'Pa', 'Pel', 'Per', 'Pi', 'Pou',
  'Ra', 'Ré', 'Ri', 'Ro', 'Rou', 'Sau', 'Ser', 'Ta', 'Tes', 'Thi', 'Tou', 'Va', 'Val', 'Ver', 'Vi', 'Vo',
]
export const SURNAME_MIDDLES = ['', '', '', '', '', '', 'ber', 'chan', 'dri', 'gne', 'la', 'li', 'mon', 'nar', 'quel', 'ri', 'ssi', 'tel', 'va', 'vi', 'zé', 'ro', 'lo', 'ma', 'ni', 'bé']
export const SURNAME_ENDS = [
  'ard', 'aud', 'ault', 'eau', 'el', 'elin', 'ier', 'in', 'ot', 'on', 'ois', 'and', 'et', 'iot', 'ache',
  'ange', 'ant', 'as', 'at', 'é', 'ec', 'ein', 'elle', 'ent', 'er', 'ès', 'eux', 'ey', 'ic', 'ieu', 'il',
  'ille', 'ineau', 'oche', 'ol', 'ond', 'ong', 'ort', 'oux', 'oy', 'uche', 'ude', 'ue', 'ul', 'urier',
]

export const FEMALE_PRENOMS = [
  'Marie', 'Nathalie', 'Isabelle', 'Sylvie', 'Catherine', 'Françoise', 'Valérie', 'Christine', 'Sandrine', 'Stéphanie',
  'Céline', 'Véronique', 'Sophie', 'Patricia', 'Aurélie', 'Julie', 'Caroline', 'Émilie', 'Laetitia', 'Virginie',
  'Hélène', 'Anne', 'Martine', 'Sabrina', 'Karine', 'Nadia', 'Fatima', 'Samia', 'Élodie', 'Audrey',
  'Mélanie', 'Laurence', 'Corinne', 'Chantal', 'Dominique', 'Claire', 'Agnès', 'Béatrice', 'Camille', 'Manon',
  'Léa', 'Chloé', 'Amandine', 'Jessica', 'Pauline', 'Marion', 'Jeanne', 'Monique', 'Brigitte', 'Josiane',
]
export const MALE_PRENOMS = [
  'Jean', 'Philippe', 'Michel', 'Alain', 'Patrick', 'Nicolas', 'Christophe', 'Pierre', 'Christian', 'Éric',
  'Frédéric', 'Laurent', 'Stéphane', 'David', 'Pascal', 'Daniel', 'Sébastien', 'Julien', 'Thierry', 'Olivier',
  'Bernard', 'Thomas', 'Alexandre', 'Gérard', 'Didier', 'Dominique', 'Vincent', 'François', 'Bruno', 'Guillaume',
  'Jérôme', 'Franck', 'Mohamed', 'Karim', 'Rachid', 'Yannick', 'Ludovic', 'Cédric', 'Fabrice', 'Romain',
  'Anthony', 'Mickaël', 'Kévin', 'Maxime', 'Benoît', 'Hervé', 'Joël', 'Gilles', 'Serge', 'Marc',
]

export const EMPLOYERS = [
  'Boulangerie du Canal', 'Transports Lemoine', 'Clinique Saint-Joseph', 'Entreprise Générale du Bâtiment',
  'Supermarché des Lilas', 'Garage de la Gare', 'Nettoyage Industriel de l’Ouest', 'Hôtel du Parc',
  'Maçonnerie Girard et Fils', 'Restaurant Le Relais', 'Logistique Rhône-Alpes', 'Menuiserie Bonnet',
  'Aide à Domicile 93', 'Imprimerie Moderne', 'Plasturgie du Jura', 'Sécurité Privée Île-de-France',
  'Caves de la Loire', 'Ambulances du Littoral', 'Centre Hospitalier Privé', 'Carrosserie Dumas',
  'Agence Intérim Plus', 'Fonderie de l’Est', 'Pharmacie Centrale', 'Coopérative Agricole du Gers',
]
export const STREETS = ['rue de la République', 'avenue Jean Jaurès', 'rue Victor Hugo', 'boulevard Gambetta', 'rue Pasteur', 'place de la Mairie', 'rue du Moulin', 'allée des Tilleuls', 'rue Émile Zola', 'chemin des Vignes']
