import type { LocalDate } from '../../shared/dates.ts';

export const OUI_NON = ['oui', 'non'] as const;
export type OuiNon = (typeof OUI_NON)[number];

export const NATIONALITES = ['francaise', 'ue-eee-suisse', 'autre'] as const;
export type Nationalite = (typeof NATIONALITES)[number];

export const SITUATIONS = ['salarie', 'chomage', 'non-salarie', 'autre'] as const;
export type Situation = (typeof SITUATIONS)[number];

export const CONJOINT_STATUTS = ['collaborateur', 'associe', 'salarie'] as const;
export type ConjointStatut = (typeof CONJOINT_STATUTS)[number];

export const PENSIONS = ['rente-at-mp', 'pension-autre-regime', 'pension-militaire'] as const;
export type Pension = (typeof PENSIONS)[number];
export const AUCUNE_PENSION = 'aucune';
export const PENSION_CHOICES = [...PENSIONS, AUCUNE_PENSION] as const;
export type PensionChoice = (typeof PENSION_CHOICES)[number];

export type Answers = {
  vuMedecinConseil?: OuiNon;

  nationalite?: Nationalite;
  agdref?: string;

  situation?: Situation;
  situationAutre?: string;
  plusieursEmployeurs?: OuiNon;

  employeurNom?: string;
  employeurAdresse?: string;
  employeurSiret?: string;
  dateDebutContrat?: LocalDate;
  contratTermine?: OuiNon;
  dateFinContrat?: LocalDate;
  arretTravail?: OuiNon;
  dateArretTravail?: LocalDate;

  dateImmatriculation?: LocalDate;
  activiteCessee?: OuiNon;
  dateCessation?: LocalDate;
  conjointCollaborateur?: OuiNon;
  chefEntrepriseNom?: string;
  conjointStatut?: ConjointStatut;
  conjointDateDebut?: LocalDate;
  conjointDateFin?: LocalDate;
  activite?: string;
  adresseProfessionnelle?: string;

  accident?: OuiNon;
  dateAccident?: LocalDate;
  accidentTiers?: OuiNon;
  autreRegime?: OuiNon;
  autreRegimeNom?: string;
  autreRegimeDateDebut?: LocalDate;
  autreRegimeDateFin?: LocalDate;
  autreRegimePension?: OuiNon;
  travailEtranger?: OuiNon;
  travailEtrangerDetails?: string;
  pensions?: PensionChoice[];

  attestation?: 'oui';
};

export type AnswerField = keyof Answers;

export const PAGE_IDS = [
  'informations-generales',
  'coordonnees',
  'situation-professionnelle',
  'plusieurs-employeurs',
  'employeur',
  'activite-non-salariee',
  'informations-complementaires',
  'recapitulatif',
  'pieces-justificatives',
] as const;
export type PageId = (typeof PAGE_IDS)[number];

/** Where a salarié with several employers is sent: not a step, the démarche stops there. */
export const HORS_TELESERVICE = 'hors-teleservice';
export type HorsTeleservice = typeof HORS_TELESERVICE;

// In the order of each form, a conditional field right after the radio that reveals it:
// error summaries follow this order.
export const pageFields: { readonly [P in PageId]: readonly AnswerField[] } = {
  'informations-generales': ['vuMedecinConseil'],
  coordonnees: ['nationalite', 'agdref'],
  'situation-professionnelle': ['situation', 'situationAutre'],
  'plusieurs-employeurs': ['plusieursEmployeurs'],
  employeur: [
    'employeurNom',
    'employeurAdresse',
    'employeurSiret',
    'dateDebutContrat',
    'contratTermine',
    'dateFinContrat',
    'arretTravail',
    'dateArretTravail',
  ],
  'activite-non-salariee': [
    'dateImmatriculation',
    'activiteCessee',
    'dateCessation',
    'conjointCollaborateur',
    'chefEntrepriseNom',
    'conjointStatut',
    'conjointDateDebut',
    'conjointDateFin',
    'activite',
    'adresseProfessionnelle',
  ],
  'informations-complementaires': [
    'accident',
    'dateAccident',
    'accidentTiers',
    'autreRegime',
    'autreRegimeNom',
    'autreRegimeDateDebut',
    'autreRegimeDateFin',
    'autreRegimePension',
    'travailEtranger',
    'travailEtrangerDetails',
    'pensions',
  ],
  recapitulatif: ['attestation'],
  'pieces-justificatives': [],
};

export const DATE_FIELDS: ReadonlySet<AnswerField> = new Set<AnswerField>([
  'dateDebutContrat',
  'dateFinContrat',
  'dateArretTravail',
  'dateImmatriculation',
  'dateCessation',
  'conjointDateDebut',
  'conjointDateFin',
  'dateAccident',
  'autreRegimeDateDebut',
  'autreRegimeDateFin',
]);

export const LIST_FIELDS: ReadonlySet<AnswerField> = new Set<AnswerField>(['pensions']);
