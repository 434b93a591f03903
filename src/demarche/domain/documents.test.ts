import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Answers } from './answers.ts';
import { missingDocuments, requiredDocuments, unneededDocumentKinds } from './documents.ts';
import { chomage, salarie } from './test-fixtures.ts';

const kinds = (answers: Answers) => requiredDocuments(answers).map((document) => document.kind);

describe('requiredDocuments', () => {
  it('always asks for the avis d’imposition', () => {
    assert.deepEqual(requiredDocuments(chomage), [{
      kind: 'avis-imposition',
      label: "Dernier avis d'imposition ou avis de situation déclarative",
      hint: requiredDocuments(chomage)[0]?.hint,
      required: true,
    }]);
  });
  it('asks for the titre de séjour of another nationality only', () => {
    assert.deepEqual(kinds({ ...chomage, nationalite: 'autre', agdref: '1234567890' }), ['avis-imposition', 'titre-sejour']);
    assert.deepEqual(kinds({ ...chomage, nationalite: 'ue-eee-suisse' }), ['avis-imposition']);
  });
  it('asks for the notification of each pension or rente received', () => {
    const all: Answers = { ...chomage, pensions: ['rente-at-mp', 'pension-autre-regime', 'pension-militaire'] };
    assert.deepEqual(kinds(all), ['avis-imposition', 'notification-rente', 'notification-pension', 'pension-militaire']);
    assert.deepEqual(kinds({ ...chomage, pensions: ['pension-militaire'] }), ['avis-imposition', 'pension-militaire']);
  });
  it('asks once for the notification of a pension paid by the other régime', () => {
    const autreRegime: Answers = {
      ...chomage, autreRegime: 'oui', autreRegimeNom: 'MSA', autreRegimePension: 'oui', pensions: ['pension-autre-regime'],
    };
    assert.deepEqual(kinds(autreRegime), ['avis-imposition', 'notification-pension']);
    assert.deepEqual(kinds({ ...autreRegime, pensions: ['aucune'] }), ['avis-imposition', 'notification-pension']);
  });
  it('ignores answers of a branch not taken', () => {
    assert.deepEqual(kinds({ ...chomage, autreRegime: 'non', autreRegimePension: 'oui' }), ['avis-imposition']);
  });
});

describe('files against the documents asked for', () => {
  const withRente: Answers = { ...salarie, pensions: ['rente-at-mp'] };
  it('lists the documents still without a file', () => {
    assert.deepEqual(missingDocuments(withRente, ['avis-imposition']).map((d) => d.kind), ['notification-rente']);
    assert.deepEqual(missingDocuments(withRente, ['notification-rente', 'avis-imposition']), []);
  });
  it('lists the kinds of files no longer called for', () => {
    assert.deepEqual(unneededDocumentKinds(salarie, ['avis-imposition', 'notification-rente', 'notification-rente']), ['notification-rente']);
    assert.deepEqual(unneededDocumentKinds(withRente, ['notification-rente']), []);
  });
});
