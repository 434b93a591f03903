import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pageFields } from './answers.ts';
import type { Answers, PageId } from './answers.ts';
import {
  applyPageAnswers,
  completePages,
  firstIncompletePage,
  isPageReachable,
  isReadyToSubmit,
  nextPage,
  pagesFor,
  previousPage,
  pruneAnswers,
  stepOf,
} from './journey.ts';
import { autre, chomage, date, multiEmployeurs, nonSalarie, nonSalarieConjoint, salarie } from './test-fixtures.ts';

const START: PageId[] = ['informations-generales', 'coordonnees', 'situation-professionnelle'];
const END: PageId[] = ['informations-complementaires', 'recapitulatif', 'pieces-justificatives'];

function walk(answers: Answers): string[] {
  const visited: string[] = ['informations-generales'];
  let page: string = 'informations-generales';
  while (page !== 'pieces-justificatives' && page !== 'hors-teleservice') {
    page = nextPage(answers, page as PageId, { fromRecap: false });
    visited.push(page);
  }
  return visited;
}

describe('the path of each branch', () => {
  it('salarié with one employer goes through the employer page', () => {
    assert.deepEqual(walk(salarie), [...START, 'plusieurs-employeurs', 'employeur', ...END]);
  });
  it('salarié with several employers leaves for the paper form', () => {
    assert.deepEqual(walk(multiEmployeurs), [...START, 'plusieurs-employeurs', 'hors-teleservice']);
    assert.deepEqual(pagesFor(multiEmployeurs), [...START, 'plusieurs-employeurs']);
  });
  it('chômage and autre ask nothing more about work', () => {
    assert.deepEqual(walk(chomage), [...START, ...END]);
    assert.deepEqual(walk(autre), [...START, ...END]);
  });
  it('non-salarié goes through the activity page, with or without a conjoint', () => {
    assert.deepEqual(walk(nonSalarie), [...START, 'activite-non-salariee', ...END]);
    assert.deepEqual(walk(nonSalarieConjoint), [...START, 'activite-non-salariee', ...END]);
  });
  it('numbers the steps, sub-pages sharing step 3', () => {
    assert.deepEqual(stepOf('employeur'), { number: 3, total: 6, title: 'Votre situation professionnelle' });
    assert.equal(stepOf('pieces-justificatives').number, 6);
    assert.equal(stepOf('recapitulatif').title, 'Récapitulatif');
  });
});

describe('previousPage', () => {
  it('follows the path back, and the exit page back to its question', () => {
    assert.equal(previousPage(salarie, 'employeur'), 'plusieurs-employeurs');
    assert.equal(previousPage(nonSalarie, 'informations-complementaires'), 'activite-non-salariee');
    assert.equal(previousPage(chomage, 'informations-complementaires'), 'situation-professionnelle');
    assert.equal(previousPage(multiEmployeurs, 'hors-teleservice'), 'plusieurs-employeurs');
    assert.equal(previousPage(salarie, 'informations-generales'), null);
  });
});

describe('resuming and reaching pages', () => {
  it('resumes at the first page not answered', () => {
    assert.equal(firstIncompletePage({}), 'informations-generales');
    assert.equal(firstIncompletePage({ vuMedecinConseil: 'oui', nationalite: 'autre' }), 'coordonnees');
    assert.equal(firstIncompletePage({ ...salarie, dateArretTravail: undefined }), 'employeur');
    assert.equal(firstIncompletePage(salarie), 'pieces-justificatives');
    assert.equal(firstIncompletePage(multiEmployeurs), 'hors-teleservice');
  });
  it('refuses a page typed in the address bar before the previous ones are answered', () => {
    assert.equal(isPageReachable({}, 'informations-generales'), true);
    assert.equal(isPageReachable({}, 'coordonnees'), false);
    assert.equal(isPageReachable({ ...salarie, attestation: undefined }, 'pieces-justificatives'), false);
    assert.equal(isPageReachable(salarie, 'pieces-justificatives'), true);
  });
  it('refuses a page of a branch not taken', () => {
    assert.equal(isPageReachable(chomage, 'employeur'), false);
    assert.equal(isPageReachable(salarie, 'activite-non-salariee'), false);
    assert.equal(isPageReachable(multiEmployeurs, 'employeur'), false);
    assert.equal(isPageReachable(multiEmployeurs, 'informations-complementaires'), false);
  });
  it('opens the exit page only to a salarié with several employers', () => {
    assert.equal(isPageReachable(multiEmployeurs, 'hors-teleservice'), true);
    assert.equal(isPageReachable(salarie, 'hors-teleservice'), false);
    assert.equal(isPageReachable({ situation: 'salarie', plusieursEmployeurs: 'oui' }, 'hors-teleservice'), false);
  });
});

describe('completePages', () => {
  it('lists the pages of the path already answered', () => {
    assert.deepEqual(completePages({ vuMedecinConseil: 'oui', situation: 'chomage' }), [
      'informations-generales', 'situation-professionnelle',
    ]);
    assert.deepEqual(completePages(salarie), pagesFor(salarie).filter((page) => page !== 'pieces-justificatives'));
  });
});

describe('isReadyToSubmit', () => {
  it('needs every answer of the path and the attestation', () => {
    for (const answers of [salarie, chomage, autre, nonSalarie, nonSalarieConjoint]) {
      assert.equal(isReadyToSubmit(answers), true);
    }
    assert.equal(isReadyToSubmit({ ...salarie, attestation: undefined }), false);
    assert.equal(isReadyToSubmit({ ...salarie, dateFinContrat: undefined }), false);
    assert.equal(isReadyToSubmit({ ...nonSalarieConjoint, conjointStatut: undefined }), false);
    assert.equal(isReadyToSubmit({ ...chomage, pensions: [] }), false);
  });
  it('does not need the optional fields', () => {
    assert.equal(isReadyToSubmit({ ...salarie, employeurSiret: undefined }), true);
  });
  it('never lets the multi-employer case through', () => {
    assert.equal(isReadyToSubmit({ ...salarie, plusieursEmployeurs: 'oui' }), false);
  });
});

describe('editing from the récapitulatif', () => {
  it('goes back to the récapitulatif when nothing else is missing', () => {
    const answers = applyPageAnswers(salarie, 'informations-generales', { vuMedecinConseil: 'non' });
    assert.equal(nextPage(answers, 'informations-generales', { fromRecap: true }), 'recapitulatif');
  });
  it('walks through the pages a new branch opens, then back to the récapitulatif', () => {
    let answers = applyPageAnswers(chomage, 'situation-professionnelle', { situation: 'salarie' });
    assert.equal(nextPage(answers, 'situation-professionnelle', { fromRecap: true }), 'plusieurs-employeurs');
    answers = applyPageAnswers(answers, 'plusieurs-employeurs', { plusieursEmployeurs: 'non' });
    assert.equal(nextPage(answers, 'plusieurs-employeurs', { fromRecap: true }), 'employeur');
    answers = applyPageAnswers(answers, 'employeur', pick(salarie, 'employeur'));
    assert.equal(nextPage(answers, 'employeur', { fromRecap: true }), 'recapitulatif');
  });
  it('leaves for the paper form when the new answer is several employers', () => {
    const answers = applyPageAnswers(salarie, 'plusieurs-employeurs', { plusieursEmployeurs: 'oui' });
    assert.equal(nextPage(answers, 'plusieurs-employeurs', { fromRecap: true }), 'hors-teleservice');
  });
});

describe('pruneAnswers', () => {
  it('removes the employer when salarié becomes chômage', () => {
    const pruned = pruneAnswers({ ...salarie, situation: 'chomage' });
    for (const field of ['plusieursEmployeurs', 'employeurNom', 'employeurSiret', 'dateDebutContrat', 'dateArretTravail']) {
      assert.equal(field in pruned, false, field);
    }
    assert.deepEqual(pruned, chomage);
  });
  it('removes the activity when non-salarié becomes autre, and the precision when autre is left', () => {
    assert.deepEqual(pruneAnswers({ ...nonSalarieConjoint, situation: 'autre', situationAutre: 'Étudiant' }), autre);
    assert.deepEqual(pruneAnswers({ ...autre, situation: 'chomage' }), chomage);
  });
  it('removes the AGDREF number unless the nationality is autre', () => {
    assert.equal(pruneAnswers({ ...chomage, agdref: '1234567890' }).agdref, undefined);
    assert.equal(pruneAnswers({ ...chomage, nationalite: 'autre', agdref: '1234567890' }).agdref, '1234567890');
  });
  it('removes a date revealed by a « Oui » that became « Non »', () => {
    const pruned = pruneAnswers({ ...salarie, contratTermine: 'non', arretTravail: 'non' });
    assert.equal(pruned.dateFinContrat, undefined);
    assert.equal(pruned.dateArretTravail, undefined);
    assert.deepEqual(pruneAnswers({ ...nonSalarieConjoint, conjointCollaborateur: 'non', activiteCessee: 'non' }), nonSalarie);
  });
  it('removes the details of the other régime, the accident and the work abroad when answered « Non »', () => {
    const details: Answers = {
      dateAccident: date('2020-01-01'),
      accidentTiers: 'oui',
      autreRegimeNom: 'MSA',
      autreRegimeDateDebut: date('2000-01-01'),
      autreRegimePension: 'oui',
      travailEtrangerDetails: 'Belgique',
    };
    assert.deepEqual(pruneAnswers({ ...chomage, ...details }), chomage);
  });
  it('keeps the later answers past the multi-employer exit, but not the single employer', () => {
    const pruned = pruneAnswers({ ...salarie, plusieursEmployeurs: 'oui' });
    assert.equal(pruned.employeurNom, undefined);
    assert.deepEqual(pruned.pensions, ['aucune']);
  });
});

describe('applyPageAnswers', () => {
  it('removes an optional answer left empty', () => {
    const { employeurSiret, ...withoutSiret } = pick(salarie, 'employeur');
    assert.ok(employeurSiret);
    assert.equal(applyPageAnswers(salarie, 'employeur', withoutSiret).employeurSiret, undefined);
  });
  it('withdraws the attestation when an answer changes, and keeps it otherwise', () => {
    assert.equal(applyPageAnswers(salarie, 'coordonnees', { nationalite: 'francaise' }).attestation, 'oui');
    assert.equal(applyPageAnswers(salarie, 'coordonnees', { nationalite: 'ue-eee-suisse' }).attestation, undefined);
  });
  it('only takes the fields of the page it saves', () => {
    const answers = applyPageAnswers({}, 'informations-generales', { vuMedecinConseil: 'oui', situation: 'chomage' });
    assert.deepEqual(answers, { vuMedecinConseil: 'oui' });
  });
});

function pick(answers: Answers, page: PageId): Partial<Answers> {
  return Object.fromEntries(pageFields[page].filter((field) => answers[field] !== undefined).map((field) => [field, answers[field]]));
}
