// What each simulated assuré answers, drawn from its number so that the load spreads over the
// branches: médecin conseil seen or not; French, EU or non-EU nationality (AGDREF and titre de
// séjour); salarié (one employer), chômage, non-salarié alone (4-1) or conjoint collaborateur (4-2),
// « autre »; an accident, work abroad. The multi-employer exit ends without a demande: not drawn.
export type Form = Record<string, string>
export type Step = { page: string; form: Form }

const SITUATIONS = ['salarie', 'chomage', 'non-salarie', 'conjoint-collaborateur', 'autre'] as const
/** Numbers equal modulo this take the same pages and send the same documents. */
export const BRANCH_COMBINATIONS = 3 * SITUATIONS.length

export function demarcheOf(number: number): { steps: Step[]; documents: string[] } {
  const nationalite = (['francaise', 'ue-eee-suisse', 'autre'] as const)[number % 3]!
  const situation = SITUATIONS[Math.floor(number / 3) % SITUATIONS.length]!
  const steps: Step[] = [
    { page: 'informations-generales', form: { vuMedecinConseil: number % 2 === 0 ? 'oui' : 'non' } },
    { page: 'coordonnees', form: nationalite === 'autre' ? { nationalite, agdref: '7501234567' } : { nationalite } },
    ...situationSteps(situation),
    { page: 'informations-complementaires', form: complementaires(number) },
    { page: 'recapitulatif', form: { attestation: 'oui' } },
  ]
  return { steps, documents: nationalite === 'autre' ? ['avis-imposition', 'titre-sejour'] : ['avis-imposition'] }
}

function situationSteps(situation: (typeof SITUATIONS)[number]): Step[] {
  switch (situation) {
    case 'salarie':
      return [
        { page: 'situation-professionnelle', form: { situation: 'salarie' } },
        { page: 'plusieurs-employeurs', form: { plusieursEmployeurs: 'non' } },
        {
          page: 'employeur',
          form: {
            employeurNom: 'Boulangerie du Canal', employeurAdresse: '3 quai de Seine, 93200 Saint-Denis', employeurSiret: '732 829 320 00074',
            ...date('dateDebutContrat', '1', '9', '2015'), contratTermine: 'non', arretTravail: 'oui', ...date('dateArretTravail', '12', '2', '2025'),
          },
        },
      ]
    case 'chomage':
      return [{ page: 'situation-professionnelle', form: { situation: 'chomage' } }]
    case 'autre':
      return [{ page: 'situation-professionnelle', form: { situation: 'autre', situationAutre: 'Aidant familial depuis 2021' } }]
    case 'non-salarie':
    case 'conjoint-collaborateur':
      return [
        { page: 'situation-professionnelle', form: { situation: 'non-salarie' } },
        {
          page: 'activite-non-salariee',
          form: {
            ...date('dateImmatriculation', '3', '5', '2012'), activiteCessee: 'non', activite: 'Artisan menuisier', adresseProfessionnelle: '12 rue des Ateliers, 69100 Villeurbanne',
            ...(situation === 'conjoint-collaborateur'
              ? { conjointCollaborateur: 'oui', chefEntrepriseNom: 'Durand Jean', conjointStatut: 'collaborateur', ...date('conjointDateDebut', '1', '1', '2013') }
              : { conjointCollaborateur: 'non' }),
          },
        },
      ]
  }
}

function complementaires(number: number): Form {
  const accident = number % 4 === 0
  const abroad = number % 5 === 0
  return {
    accident: accident ? 'oui' : 'non',
    ...(accident ? { ...date('dateAccident', '8', '11', '2024'), accidentTiers: 'non' } : {}),
    autreRegime: 'non',
    travailEtranger: abroad ? 'oui' : 'non',
    ...(abroad ? { travailEtrangerDetails: 'Belgique, de 2005 à 2008' } : {}),
    pensions: 'aucune',
  }
}

function date(name: string, jour: string, mois: string, annee: string): Form {
  return { [`${name}-jour`]: jour, [`${name}-mois`]: mois, [`${name}-annee`]: annee }
}
