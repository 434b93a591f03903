// Every wording of the démarche, shared by the pages, the récapitulatif, the PDF copy and the
// Cerfa reconstitué. The real S4150 could not be read (domain-facts §1.2): these are our own
// labels, kept here so that they can be aligned with the paper form in one place.
import type {
  AnswerField,
  ConjointStatut,
  HorsTeleservice,
  Nationalite,
  OuiNon,
  PageId,
  PensionChoice,
  Situation,
} from './answers.ts';
import type { DocumentKind } from './documents.ts';
import type { StepNumber } from './journey.ts';

export const stepTitle: Record<StepNumber, string> = {
  1: 'Informations générales',
  2: 'Vos coordonnées',
  3: 'Votre situation professionnelle',
  4: 'Informations complémentaires',
  5: 'Récapitulatif',
  6: 'Vos justificatifs',
};

export const pageTitle: Record<PageId | HorsTeleservice, string> = {
  'informations-generales': 'Informations générales',
  coordonnees: 'Vos coordonnées',
  'situation-professionnelle': 'Votre situation professionnelle',
  'plusieurs-employeurs': 'Vos employeurs',
  employeur: 'Votre employeur',
  'activite-non-salariee': 'Votre activité non salariée',
  'informations-complementaires': 'Informations complémentaires',
  recapitulatif: 'Récapitulatif',
  'pieces-justificatives': 'Vos justificatifs',
  'hors-teleservice': 'Votre demande ne peut pas être faite en ligne',
};

export const fieldLabel: Record<AnswerField, string> = {
  vuMedecinConseil:
    "Avez-vous déjà rencontré le médecin conseil de l'Assurance Maladie au sujet de votre invalidité ?",
  nationalite: 'Quelle est votre nationalité ?',
  agdref: 'Numéro AGDREF de votre titre de séjour',
  situation: 'Quelle est votre situation professionnelle ?',
  situationAutre: 'Précisez votre situation',
  plusieursEmployeurs: 'Avez-vous plusieurs employeurs ?',
  employeurNom: "Nom de l'employeur",
  employeurAdresse: "Adresse de l'employeur",
  employeurSiret: "Numéro SIRET de l'employeur (facultatif)",
  dateDebutContrat: 'Date de début du contrat de travail',
  contratTermine: 'Votre contrat de travail est-il terminé ?',
  dateFinContrat: 'Date de fin du contrat de travail',
  arretTravail: "Avez-vous été en arrêt de travail pour l'état de santé qui motive votre demande ?",
  dateArretTravail: "Date du début de l'arrêt de travail",
  dateImmatriculation: "Date d'immatriculation de votre activité",
  activiteCessee: 'Avez-vous cessé votre activité ?',
  dateCessation: "Date de cessation de l'activité",
  conjointCollaborateur: "Participez-vous à l'activité en tant que conjoint du chef d'entreprise ?",
  chefEntrepriseNom: "Nom et prénom du chef d'entreprise",
  conjointStatut: 'Quel est votre statut ?',
  conjointDateDebut: 'Date de début de ce statut',
  conjointDateFin: 'Date de fin de ce statut (facultatif)',
  activite: 'Activité exercée',
  adresseProfessionnelle: 'Adresse professionnelle',
  accident: "Votre maladie ou votre blessure résulte-t-elle d'un accident ?",
  dateAccident: "Date de l'accident",
  accidentTiers:
    "Votre maladie ou votre blessure justifiant la demande de pension résulte d'un accident causé par un tiers (hors accident du travail ou maladie professionnelle)",
  autreRegime: 'Avez-vous été affilié(e) à un autre régime de sécurité sociale ?',
  autreRegimeNom: 'Nom du régime',
  autreRegimeDateDebut: "Date de début d'affiliation",
  autreRegimeDateFin: "Date de fin d'affiliation (facultatif)",
  autreRegimePension: 'Ce régime vous verse-t-il une pension ?',
  travailEtranger: "Avez-vous travaillé à l'étranger ?",
  travailEtrangerDetails: 'Pays et périodes de travail',
  pensions: 'Percevez-vous déjà une pension ou une rente ?',
  attestation: "Je certifie sur l'honneur l'exactitude des informations déclarées dans cette demande.",
};

const DATE_EXAMPLE = 'Par exemple, 27 3 2019';

export const fieldHint: Partial<Record<AnswerField, string>> = {
  vuMedecinConseil:
    "Le médecin conseil est le médecin de l'Assurance Maladie qui évalue votre état de santé, par exemple lors d'une convocation pendant un arrêt de travail.",
  agdref: 'Il comporte 10 chiffres et figure sur votre titre de séjour.',
  employeurSiret: "Il comporte 14 chiffres et figure sur vos bulletins de salaire.",
  dateDebutContrat: DATE_EXAMPLE,
  dateFinContrat: DATE_EXAMPLE,
  dateArretTravail: DATE_EXAMPLE,
  dateImmatriculation: DATE_EXAMPLE,
  dateCessation: DATE_EXAMPLE,
  conjointCollaborateur:
    "Par exemple, vous travaillez dans l'entreprise de votre époux ou épouse, de votre partenaire de Pacs ou de votre concubin ou concubine.",
  conjointDateDebut: DATE_EXAMPLE,
  conjointDateFin: `Laissez vide si vous avez toujours ce statut. ${DATE_EXAMPLE}`,
  activite: 'Par exemple : boulangerie, plomberie, commerce de vêtements',
  dateAccident: DATE_EXAMPLE,
  accidentTiers: "Un tiers est une autre personne que vous, par exemple le conducteur d'un véhicule.",
  autreRegime:
    'Par exemple la Mutualité sociale agricole (MSA) ou un régime spécial (fonction publique, SNCF, RATP…).',
  autreRegimeDateDebut: DATE_EXAMPLE,
  autreRegimeDateFin: `Laissez vide si vous y êtes toujours affilié(e). ${DATE_EXAMPLE}`,
  travailEtrangerDetails: 'Par exemple : Belgique, de mars 2010 à juin 2014 ; Espagne, en 2016',
  pensions: "Sélectionnez toutes les réponses qui s'appliquent.",
};

export const ouiNonLabel: Record<OuiNon, string> = { oui: 'Oui', non: 'Non' };

export const nationaliteLabel: Record<Nationalite, string> = {
  francaise: 'Française',
  'ue-eee-suisse': "D'un pays de l'Union européenne, de l'Espace économique européen ou de la Suisse",
  autre: "D'un autre pays",
};

export const situationLabel: Record<Situation, string> = {
  salarie: 'Salarié(e)',
  chomage: "Au chômage (demandeur d'emploi)",
  'non-salarie': 'Travailleur indépendant (non salarié)',
  autre: 'Autre situation',
};

export const conjointStatutLabel: Record<ConjointStatut, string> = {
  collaborateur: 'Conjoint collaborateur',
  associe: 'Conjoint associé',
  salarie: 'Conjoint salarié',
};

export const pensionLabel: Record<PensionChoice, string> = {
  'rente-at-mp': "Une rente d'accident du travail ou de maladie professionnelle",
  'pension-autre-regime': "Une pension d'invalidité d'un autre régime",
  'pension-militaire': "Une pension militaire d'invalidité ou de victime civile de guerre",
  aucune: 'Aucune',
};

/** The choices of each radio group and checkbox list, in the order they are shown. */
export const fieldOptions: Partial<Record<AnswerField, Readonly<Record<string, string>>>> = {
  vuMedecinConseil: ouiNonLabel,
  nationalite: nationaliteLabel,
  situation: situationLabel,
  plusieursEmployeurs: ouiNonLabel,
  contratTermine: ouiNonLabel,
  arretTravail: ouiNonLabel,
  activiteCessee: ouiNonLabel,
  conjointCollaborateur: ouiNonLabel,
  conjointStatut: conjointStatutLabel,
  accident: ouiNonLabel,
  accidentTiers: ouiNonLabel,
  autreRegime: ouiNonLabel,
  autreRegimePension: ouiNonLabel,
  travailEtranger: ouiNonLabel,
  pensions: pensionLabel,
};

export const identityLabel = {
  nir: 'Numéro de sécurité sociale',
  nom: 'Nom',
  prenoms: 'Prénoms',
  dateNaissance: 'Date de naissance',
  adresse: 'Adresse',
  telephone: 'Téléphone',
  email: 'Adresse e-mail',
} as const;

export const NOT_GIVEN = 'Non renseigné';

// Our own wording: the penalty notice of ameli forms typically cites these articles, but the
// exact S4150 attestation was not confirmed (domain-facts §1.2).
export const attestationNotice =
  "La loi rend passible d'amende et/ou d'emprisonnement quiconque se rend coupable de fraude ou de fausse déclaration (article 441-1 du code pénal, article L114-13 du code de la sécurité sociale).";

export const documentKindLabel: Record<DocumentKind, string> = {
  'avis-imposition': "Dernier avis d'imposition ou avis de situation déclarative",
  'titre-sejour': 'Titre de séjour',
  'notification-rente': "Notification de rente d'accident du travail ou de maladie professionnelle",
  'notification-pension': "Notification de pension d'un autre régime",
  'pension-militaire': 'Notification de pension militaire et décision de la commission de réforme',
};

export const documentKindHint: Record<DocumentKind, string> = {
  'avis-imposition':
    "Toutes les pages de votre dernier avis d'impôt sur le revenu ou de votre avis de situation déclarative. Il sert à évaluer vos ressources et à savoir si votre pension est exonérée de CSG, de CRDS et de CASA.",
  'titre-sejour': 'Le recto et le verso de votre titre de séjour en cours de validité.',
  'notification-rente': 'Le courrier qui vous a attribué la rente.',
  'notification-pension': "Le courrier de l'autre régime qui vous a attribué la pension.",
  'pension-militaire':
    'Le courrier qui vous a attribué la pension militaire ou de victime civile de guerre, et la décision de la commission de réforme.',
};

export const fileFormatHint =
  'Formats acceptés : PDF, JPEG ou PNG, 10 Mo au maximum par fichier. Vous pouvez joindre plusieurs fichiers, par exemple une photo de chaque page.';

// The misspelt « formualires » is in the real address.
export const CERFA_S4150_URL = 'https://www.ameli.fr/sites/default/files/formualires/173/s4150.pdf';

export const horsTeleservice = {
  paragraphs: [
    "Vous avez plusieurs employeurs : ce cas n'est pas pris en charge par le service en ligne.",
    "Remplissez le formulaire papier « Demande de pension d'invalidité » (Cerfa S4150, n° 11174*05) et envoyez-le à votre caisse d'assurance maladie avec les justificatifs demandés.",
    "Si vous avez besoin d'aide, prenez rendez-vous avec votre caisse : elle vous aidera à le remplir.",
    'Votre demande en cours est conservée : si vous vous êtes trompé(e), vous pouvez modifier votre réponse.',
  ],
  cerfaLinkText: "Télécharger le formulaire de demande de pension d'invalidité (PDF, 714 Ko)",
  changeAnswerLinkText: 'Modifier ma réponse',
} as const;

const DECISION =
  "Votre caisse vérifie vos droits (durée d'affiliation, heures travaillées ou cotisations) et décide, après l'avis du médecin conseil, de vous attribuer ou non la pension et de sa catégorie.";
const DELAY = 'Vous recevez sa réponse dans les 2 mois qui suivent la réception de votre demande.';

const nextSteps: Record<OuiNon, readonly string[]> = {
  oui: [
    "Vous avez déjà rencontré le médecin conseil : le service médical de l'Assurance Maladie dispose d'éléments sur votre état de santé. Il peut toutefois vous demander des précisions ou vous convoquer à nouveau.",
    DECISION,
    DELAY,
  ],
  non: [
    "Demandez à votre médecin traitant de remplir le certificat médical de demande de pension d'invalidité (formulaire S4151) et de l'adresser au médecin conseil de votre caisse.",
    "Le service médical de l'Assurance Maladie peut vous contacter et vous demander de rencontrer le médecin conseil, qui évaluera votre état de santé et votre capacité de travail.",
    DECISION,
    DELAY,
  ],
};

/** What happens after the demande, shown on « Informations générales » and on the confirmation page. */
export function nextStepsFor(vuMedecinConseil: OuiNon): readonly string[] {
  return nextSteps[vuMedecinConseil];
}
