import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { salarie } from '../test-fixtures.ts';
import { decodePageForm, formValuesFromAnswers, formValuesFromBody } from './form-decoder.ts';

describe('decodePageForm', () => {
  it('trims, drops empty fields and fields of other pages', () => {
    assert.deepEqual(
      decodePageForm('situation-professionnelle', { situation: ' autre ', situationAutre: '  ', _csrf: 'x', employeurNom: 'A' }),
      { situation: 'autre' },
    );
  });
  it('joins the three boxes of a date, or says why they do not make one', () => {
    const decode = (jour: string, mois: string, annee: string) =>
      decodePageForm('informations-complementaires', {
        'dateAccident-jour': jour, 'dateAccident-mois': mois, 'dateAccident-annee': annee,
      }).dateAccident;
    assert.equal(decode(' 3', '03 ', '2024'), '2024-03-03');
    assert.equal(decode('', '', ''), undefined);
    assert.deepEqual(decode('3', '', ''), { unreadable: 'incomplete', missing: ['mois', 'annee'] });
    assert.deepEqual(decode('3', '3', '24'), { unreadable: 'year-not-4-digits' });
    assert.deepEqual(decode('30', '2', '2024'), { unreadable: 'not-a-date' });
    assert.deepEqual(decode('trois', '3', '2024'), { unreadable: 'not-a-date' });
  });
  it('takes a checkbox list as a string or an array, without empty items', () => {
    assert.deepEqual(decodePageForm('informations-complementaires', { pensions: 'aucune' }).pensions, ['aucune']);
    assert.deepEqual(
      decodePageForm('informations-complementaires', { pensions: ['rente-at-mp', '', 'pension-militaire'] }).pensions,
      ['rente-at-mp', 'pension-militaire'],
    );
    assert.equal(decodePageForm('informations-complementaires', { pensions: [] }).pensions, undefined);
  });
  it('reads a text field sent twice once', () => {
    assert.deepEqual(decodePageForm('informations-generales', { vuMedecinConseil: ['oui', 'non'] }), { vuMedecinConseil: 'oui' });
  });
});

describe('form values', () => {
  it('keeps what was typed, a date as its three boxes', () => {
    const values = formValuesFromBody('employeur', { employeurNom: ' A ', 'dateDebutContrat-jour': '31', 'dateDebutContrat-mois': '2' });
    assert.equal(values.employeurNom, 'A');
    assert.deepEqual(values.dateDebutContrat, { jour: '31', mois: '2', annee: '' });
  });
  it('fills a form in again from the saved answers', () => {
    const values = formValuesFromAnswers('employeur', salarie);
    assert.deepEqual(values.dateDebutContrat, { jour: '1', mois: '9', annee: '2010' });
    assert.equal(values.employeurNom, 'Boulangerie Martin');
    assert.deepEqual(formValuesFromAnswers('informations-complementaires', salarie).pensions, ['aucune']);
  });
});
