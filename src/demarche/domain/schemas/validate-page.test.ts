import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PAGE_IDS, pageFields } from '../answers.ts';
import type { Answers, PageId } from '../answers.ts';
import { requiredFieldsInPlay } from '../branches.ts';
import { pagesFor } from '../journey.ts';
import { autre, chomage, ctx, date, nonSalarie, nonSalarieConjoint, salarie } from '../test-fixtures.ts';
import type { FormBody } from './form-decoder.ts';
import { validatePage, validatePageInput } from './validate-page.ts';

function errorsOf(page: PageId, body: FormBody) {
  const result = validatePage(page, body, ctx);
  assert.equal(result.ok, false, 'expected errors');
  return result.ok ? [] : result.errors;
}

function answersOf(page: PageId, body: FormBody) {
  const result = validatePage(page, body, ctx);
  assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
  return result.answers;
}

function dateBody(field: string, jour: string, mois: string, annee: string): FormBody {
  return { [`${field}-jour`]: jour, [`${field}-mois`]: mois, [`${field}-annee`]: annee };
}

const employeur: FormBody = {
  employeurNom: '  Boulangerie Martin ',
  employeurAdresse: '3 rue des Lilas, 69003 Lyon',
  employeurSiret: '',
  ...dateBody('dateDebutContrat', '1', '9', '2010'),
  contratTermine: 'non',
  arretTravail: 'non',
};

describe('a page answered correctly', () => {
  it('gives the typed answers, trimmed, dates as YYYY-MM-DD', () => {
    assert.deepEqual(answersOf('employeur', employeur), {
      employeurNom: 'Boulangerie Martin',
      employeurAdresse: '3 rue des Lilas, 69003 Lyon',
      dateDebutContrat: '2010-09-01',
      contratTermine: 'non',
      arretTravail: 'non',
    });
  });
  it('ignores the fields of a branch not taken, however wrong', () => {
    const answers = answersOf('employeur', { ...employeur, ...dateBody('dateFinContrat', '99', 'x', '1') });
    assert.equal('dateFinContrat' in answers, false);
    assert.deepEqual(answersOf('coordonnees', { nationalite: 'francaise', agdref: 'abc' }), { nationalite: 'francaise' });
  });
});

describe('a page with missing answers', () => {
  it('lists one error per field, in the order of the form, each linked to its input', () => {
    assert.deepEqual(
      errorsOf('employeur', {}).map(({ href, message }) => [href, message]),
      [
        ['#employeurNom', 'Indiquez le nom de votre employeur'],
        ['#employeurAdresse', "Indiquez l'adresse de votre employeur"],
        ['#dateDebutContrat-jour', 'Indiquez la date de début du contrat'],
        ['#contratTermine', 'Indiquez si votre contrat de travail est terminé'],
        ['#arretTravail', 'Indiquez si vous avez été en arrêt de travail'],
      ],
    );
  });
  it('asks for a revealed field as soon as its « Oui » is chosen', () => {
    const errors = errorsOf('employeur', { ...employeur, contratTermine: 'oui', arretTravail: 'oui' });
    assert.deepEqual(errors.map((e) => e.message), [
      'Indiquez la date de fin du contrat',
      "Indiquez la date d'arrêt de travail",
    ]);
  });
  it('shows every error at once, bad and missing together', () => {
    const errors = errorsOf('employeur', { employeurSiret: '123', contratTermine: 'peut-être' });
    assert.deepEqual(errors.map((e) => e.field), [
      'employeurNom', 'employeurAdresse', 'employeurSiret', 'dateDebutContrat', 'contratTermine', 'arretTravail',
    ]);
  });
  it('gives back what was typed, to show it again', () => {
    const result = validatePage('employeur', { ...employeur, ...dateBody('dateDebutContrat', '31', '2', '2020') }, ctx);
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.deepEqual(result.values.dateDebutContrat, { jour: '31', mois: '2', annee: '2020' });
      assert.equal(result.values.employeurNom, 'Boulangerie Martin');
    }
  });
});

describe('dates', () => {
  const debut = (jour: string, mois: string, annee: string) =>
    errorsOf('employeur', { ...employeur, ...dateBody('dateDebutContrat', jour, mois, annee) });

  it('says which part of an incomplete date is missing, and focuses it', () => {
    assert.deepEqual(debut('1', '', '2010'), [{
      field: 'dateDebutContrat',
      href: '#dateDebutContrat-mois',
      message: 'La date de début du contrat doit comporter un mois',
    }]);
    assert.equal(debut('', '', '2010')[0]?.message, 'La date de début du contrat doit comporter un jour et un mois');
  });
  it('refuses a date that does not exist or a short year', () => {
    assert.equal(debut('31', '2', '2020')[0]?.message, 'La date de début du contrat doit être une date réelle');
    assert.equal(debut('1', '13', '2020')[0]?.message, 'La date de début du contrat doit être une date réelle');
    assert.equal(debut('1', '9', '10')[0]?.message, 'La date de début du contrat doit comporter une année à 4 chiffres, par exemple 2019');
  });
  it('refuses a date in the future or before the birth date', () => {
    assert.equal(debut('16', '6', '2025')[0]?.message, 'La date de début du contrat ne peut pas être dans le futur');
    assert.deepEqual(answersOf('employeur', { ...employeur, ...dateBody('dateDebutContrat', '15', '6', '2025') }).dateDebutContrat, '2025-06-15');
    assert.equal(debut('1', '4', '1975')[0]?.message, 'La date de début du contrat ne peut pas être avant votre date de naissance');
  });
  it('refuses an arrêt de travail in the future', () => {
    const errors = errorsOf('employeur', { ...employeur, arretTravail: 'oui', ...dateBody('dateArretTravail', '1', '1', '2026') });
    assert.equal(errors[0]?.message, "La date d'arrêt de travail ne peut pas être dans le futur");
  });
  it('puts the end of the contract after its start, and the arrêt de travail not before it', () => {
    const errors = errorsOf('employeur', {
      ...employeur,
      contratTermine: 'oui',
      ...dateBody('dateFinContrat', '1', '9', '2010'),
      arretTravail: 'oui',
      ...dateBody('dateArretTravail', '31', '8', '2010'),
    });
    assert.deepEqual(errors.map((e) => [e.href, e.message]), [
      ['#dateFinContrat-jour', 'La date de fin du contrat doit être après la date de début'],
      ['#dateArretTravail-jour', "La date d'arrêt de travail ne peut pas être avant la date de début du contrat"],
    ]);
  });
  it("checks each person's dates against their own birth and day, one validation after another", () => {
    const body = { ...employeur, ...dateBody('dateDebutContrat', '1', '9', '2010') };
    const bornIn2012 = { ...ctx, dateNaissance: date('2012-01-01') };
    const in2005 = { today: date('2005-01-01'), dateNaissance: date('1975-04-02') };
    const messages = [ctx, bornIn2012, in2005, ctx].map((context) => {
      const result = validatePage('employeur', body, context);
      return result.ok ? result.answers.dateDebutContrat : result.errors[0]?.message;
    });
    assert.deepEqual(messages, [
      '2010-09-01',
      'La date de début du contrat ne peut pas être avant votre date de naissance',
      'La date de début du contrat ne peut pas être dans le futur',
      '2010-09-01',
    ]);
  });
  it('does not compare dates when one of them is already wrong', () => {
    const errors = errorsOf('employeur', {
      ...employeur,
      ...dateBody('dateDebutContrat', '1', '9', '2030'),
      contratTermine: 'oui',
      ...dateBody('dateFinContrat', '1', '9', '2020'),
    });
    assert.deepEqual(errors.map((e) => e.field), ['dateDebutContrat']);
  });
});

describe('identifiers', () => {
  it('accepts no SIRET, checks one when given, and keeps it without spaces', () => {
    assert.equal(answersOf('employeur', employeur).employeurSiret, undefined);
    assert.equal(answersOf('employeur', { ...employeur, employeurSiret: '732 829 320 00074' }).employeurSiret, '73282932000074');
    const [error] = errorsOf('employeur', { ...employeur, employeurSiret: '73282932000075' });
    assert.equal(error?.href, '#employeurSiret');
    assert.match(error?.message ?? '', /SIRET/);
  });
  it('asks for the AGDREF number only for another nationality', () => {
    assert.deepEqual(answersOf('coordonnees', { nationalite: 'ue-eee-suisse' }), { nationalite: 'ue-eee-suisse' });
    const [missing] = errorsOf('coordonnees', { nationalite: 'autre' });
    assert.equal(missing?.href, '#agdref');
    assert.match(missing?.message ?? '', /numéro AGDREF/);
    assert.match(errorsOf('coordonnees', { nationalite: 'autre', agdref: '12345' })[0]?.message ?? '', /10 chiffres/);
    assert.deepEqual(answersOf('coordonnees', { nationalite: 'autre', agdref: '12345 67890' }), { nationalite: 'autre', agdref: '1234567890' });
  });
});

describe('situation professionnelle', () => {
  it('requires the precision of « autre », up to 500 characters', () => {
    assert.equal(errorsOf('situation-professionnelle', { situation: 'autre' })[0]?.message, 'Précisez votre situation professionnelle');
    assert.match(errorsOf('situation-professionnelle', { situation: 'autre', situationAutre: 'x'.repeat(501) })[0]?.message ?? '', /500 caractères/);
    assert.deepEqual(answersOf('situation-professionnelle', { situation: 'chomage', situationAutre: 'oublié' }), { situation: 'chomage' });
  });
  it('refuses a situation that is not offered', () => {
    assert.equal(errorsOf('situation-professionnelle', { situation: 'retraite' })[0]?.message, 'Indiquez votre situation professionnelle');
  });
});

describe('activité non salariée', () => {
  const activite: FormBody = {
    ...dateBody('dateImmatriculation', '1', '5', '2012'),
    activiteCessee: 'non',
    conjointCollaborateur: 'non',
    activite: 'Plomberie',
    adresseProfessionnelle: '8 avenue Jean Jaurès, 13001 Marseille',
  };

  it('asks about the conjoint only when the assuré is one, the end date staying optional', () => {
    assert.deepEqual(
      errorsOf('activite-non-salariee', { ...activite, conjointCollaborateur: 'oui' }).map((e) => e.field),
      ['chefEntrepriseNom', 'conjointStatut', 'conjointDateDebut'],
    );
    const answers = answersOf('activite-non-salariee', {
      ...activite,
      conjointCollaborateur: 'oui',
      chefEntrepriseNom: 'Paul Durand',
      conjointStatut: 'associe',
      ...dateBody('conjointDateDebut', '1', '5', '2012'),
    });
    assert.equal(answers.conjointStatut, 'associe');
    assert.equal('conjointDateFin' in answers, false);
  });
  it('puts the end dates after the start dates', () => {
    const errors = errorsOf('activite-non-salariee', {
      ...activite,
      activiteCessee: 'oui',
      ...dateBody('dateCessation', '1', '1', '2010'),
      conjointCollaborateur: 'oui',
      chefEntrepriseNom: 'Paul Durand',
      conjointStatut: 'collaborateur',
      ...dateBody('conjointDateDebut', '1', '5', '2012'),
      ...dateBody('conjointDateFin', '1', '5', '2011'),
    });
    assert.deepEqual(errors.map((e) => e.message), [
      "La date de cessation d'activité doit être après la date d'immatriculation",
      'La date de fin de votre statut de conjoint doit être après la date de début',
    ]);
  });
});

describe('informations complémentaires', () => {
  const complementaires: FormBody = { accident: 'non', autreRegime: 'non', travailEtranger: 'non', pensions: 'aucune' };

  it('takes one pension as a string and several as an array', () => {
    assert.deepEqual(answersOf('informations-complementaires', complementaires).pensions, ['aucune']);
    const pensions = ['rente-at-mp', 'pension-militaire'];
    assert.deepEqual(answersOf('informations-complementaires', { ...complementaires, pensions }).pensions, pensions);
  });
  it('requires a choice, and « Aucune » alone', () => {
    const [missing] = errorsOf('informations-complementaires', { ...complementaires, pensions: undefined });
    assert.equal(missing?.href, '#pensions');
    assert.match(missing?.message ?? '', /sélectionnez « Aucune »/);
    const [both] = errorsOf('informations-complementaires', { ...complementaires, pensions: ['aucune', 'rente-at-mp'] });
    assert.match(both?.message ?? '', /mais pas les deux/);
  });
  it('asks for the details of each « Oui »', () => {
    const errors = errorsOf('informations-complementaires', {
      ...complementaires, accident: 'oui', autreRegime: 'oui', travailEtranger: 'oui',
    });
    assert.deepEqual(errors.map((e) => e.field), [
      'dateAccident', 'accidentTiers', 'autreRegimeNom', 'autreRegimeDateDebut', 'autreRegimePension', 'travailEtrangerDetails',
    ]);
  });
  it('puts the end of the affiliation after its start', () => {
    const errors = errorsOf('informations-complementaires', {
      ...complementaires,
      autreRegime: 'oui',
      autreRegimeNom: 'MSA',
      ...dateBody('autreRegimeDateDebut', '1', '1', '2000'),
      ...dateBody('autreRegimeDateFin', '1', '1', '1999'),
      autreRegimePension: 'non',
    });
    assert.deepEqual(errors.map((e) => e.message), ["La date de fin d'affiliation doit être après la date de début"]);
  });
});

describe('récapitulatif', () => {
  it('requires the attestation sur l’honneur', () => {
    assert.deepEqual(errorsOf('recapitulatif', {}).map((e) => e.href), ['#attestation']);
    assert.deepEqual(answersOf('recapitulatif', { attestation: 'oui' }), { attestation: 'oui' });
  });
});

describe('validatePageInput, for the JSON API', () => {
  it('takes dates as YYYY-MM-DD and applies the same rules', () => {
    const input = { employeurNom: 'A', employeurAdresse: 'B', dateDebutContrat: '2010-09-01', contratTermine: 'oui', dateFinContrat: '2010-02-30', arretTravail: 'non' };
    const result = validatePageInput('employeur', input, ctx);
    assert.deepEqual(result, {
      ok: false,
      errors: [{ field: 'dateFinContrat', href: '#dateFinContrat-jour', message: 'La date de fin du contrat doit être une date réelle' }],
    });
    assert.equal(validatePageInput('employeur', { ...input, dateFinContrat: '2011-02-28' }, ctx).ok, true);
  });
  it('answers in French to a body of the wrong type', () => {
    const result = validatePageInput('informations-generales', 'oui', ctx);
    assert.deepEqual(result.ok ? [] : result.errors.map((e) => e.message), ['Les réponses doivent être un objet']);
    const wrongType = validatePageInput('employeur', { employeurNom: 42 }, ctx);
    assert.equal(wrongType.ok ? '' : wrongType.errors[0]?.message, 'Indiquez le nom de votre employeur');
  });
});

describe('every page schema', () => {
  it('gives back each answer of every path unchanged', () => {
    for (const answers of [salarie, chomage, autre, nonSalarie, nonSalarieConjoint]) {
      for (const page of pagesFor(answers)) {
        const pageAnswers = Object.fromEntries(
          pageFields[page].filter((field) => answers[field] !== undefined).map((field) => [field, answers[field]]),
        );
        assert.deepEqual(validatePageInput(page, pageAnswers, ctx), { ok: true, answers: pageAnswers }, page);
      }
    }
  });
  it('asks for each required field with a message of its own', () => {
    const revealing: Answers = {
      nationalite: 'autre', situation: 'autre', contratTermine: 'oui', arretTravail: 'oui', activiteCessee: 'oui',
      conjointCollaborateur: 'oui', accident: 'oui', autreRegime: 'oui', travailEtranger: 'oui',
    };
    for (const page of PAGE_IDS) {
      const given = Object.fromEntries(pageFields[page].filter((f) => revealing[f]).map((f) => [f, revealing[f]]));
      const result = validatePageInput(page, given, ctx);
      const expected = requiredFieldsInPlay(page, revealing).filter((field) => !(field in given));
      assert.deepEqual(result.ok ? [] : result.errors.map((e) => e.field), expected, page);
      assert.ok(result.ok || result.errors.every((e) => !e.message.startsWith('Répondez')), page);
    }
  });
});
