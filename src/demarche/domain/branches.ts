import { pageFields } from './answers.ts';
import type { AnswerField, Answers, PageId } from './answers.ts';

// A conditional field is asked (and kept) only when its page's answers reveal it.
const shownWhen: Partial<Record<AnswerField, (answers: Answers) => boolean>> = {
  agdref: (a) => a.nationalite === 'autre',
  situationAutre: (a) => a.situation === 'autre',
  dateFinContrat: (a) => a.contratTermine === 'oui',
  dateArretTravail: (a) => a.arretTravail === 'oui',
  dateCessation: (a) => a.activiteCessee === 'oui',
  chefEntrepriseNom: (a) => a.conjointCollaborateur === 'oui',
  conjointStatut: (a) => a.conjointCollaborateur === 'oui',
  conjointDateDebut: (a) => a.conjointCollaborateur === 'oui',
  conjointDateFin: (a) => a.conjointCollaborateur === 'oui',
  dateAccident: (a) => a.accident === 'oui',
  accidentTiers: (a) => a.accident === 'oui',
  autreRegimeNom: (a) => a.autreRegime === 'oui',
  autreRegimeDateDebut: (a) => a.autreRegime === 'oui',
  autreRegimeDateFin: (a) => a.autreRegime === 'oui',
  autreRegimePension: (a) => a.autreRegime === 'oui',
  travailEtrangerDetails: (a) => a.travailEtranger === 'oui',
};

const OPTIONAL_FIELDS: ReadonlySet<AnswerField> = new Set<AnswerField>([
  'employeurSiret',
  'conjointDateFin',
  'autreRegimeDateFin',
]);

/** The fields of `page` that the answers call for, in the order of the form. */
export function fieldsInPlay(page: PageId, answers: Answers): AnswerField[] {
  return pageFields[page].filter((field) => shownWhen[field]?.(answers) ?? true);
}

export function requiredFieldsInPlay(page: PageId, answers: Answers): AnswerField[] {
  return fieldsInPlay(page, answers).filter((field) => !OPTIONAL_FIELDS.has(field));
}

/** Salarié(e) with several employers: not covered online, the assuré is sent to the paper Cerfa S4150. */
export function leadsOutOfTeleservice(answers: Answers): boolean {
  return answers.situation === 'salarie' && answers.plusieursEmployeurs === 'oui';
}

/**
 * Every page whose answers the branches keep. Unlike `pagesFor` (journey.ts), it goes on past the
 * multi-employer exit: the draft is kept, and an assuré who answered « Oui » by mistake must
 * not lose the answers given after that page.
 */
export function pagesOfBranches(answers: Answers): PageId[] {
  const pages: PageId[] = ['informations-generales', 'coordonnees', 'situation-professionnelle'];
  if (answers.situation === 'salarie') {
    pages.push('plusieurs-employeurs');
    if (answers.plusieursEmployeurs !== 'oui') pages.push('employeur');
  }
  if (answers.situation === 'non-salarie') pages.push('activite-non-salariee');
  pages.push('informations-complementaires', 'recapitulatif', 'pieces-justificatives');
  return pages;
}
