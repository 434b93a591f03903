import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Answers } from './answers.ts';
import { formatAnswer, recapitulatifSections } from './recapitulatif.ts';
import type { RecapIdentity, RecapSection } from './recapitulatif.ts';
import { chomage, date, nonSalarie, salarie } from './test-fixtures.ts';

const identity: RecapIdentity = {
  nir: '295109912611193',
  nom: 'Dupont',
  prenoms: 'Marie Anne',
  dateNaissance: '1975-04-02',
  adresse: { ligne: '12 rue de la Paix', codePostal: '75002', commune: 'Paris', pays: 'France' },
  telephone: null,
  email: 'marie.dupont@example.fr',
};

const rowsOf = (sections: RecapSection[]) => new Map(sections.flatMap((s) => s.rows.map((r) => [r.key, r.value])));

describe('recapitulatifSections', () => {
  it('gives one section per page of the path, each leading back to its page', () => {
    assert.deepEqual(
      recapitulatifSections(salarie, identity).map(({ title, page }) => [title, page]),
      [
        ['Informations générales', 'informations-generales'],
        ['Vos coordonnées', 'coordonnees'],
        ['Votre situation professionnelle', 'situation-professionnelle'],
        ['Vos employeurs', 'plusieurs-employeurs'],
        ['Votre employeur', 'employeur'],
        ['Informations complémentaires', 'informations-complementaires'],
      ],
    );
  });
  it('writes the answers in words', () => {
    const rows = rowsOf(recapitulatifSections({ ...salarie, pensions: ['rente-at-mp', 'pension-militaire'] }, identity));
    assert.equal(rows.get('situation'), 'Salarié(e)');
    assert.equal(rows.get('contratTermine'), 'Oui');
    assert.equal(rows.get('dateFinContrat'), '3 mars 2024');
    assert.equal(rows.get('nationalite'), 'Française');
    assert.equal(
      rows.get('pensions'),
      "Une rente d'accident du travail ou de maladie professionnelle\nUne pension militaire d'invalidité ou de victime civile de guerre",
    );
  });
  it('shows the identity from the account in the coordonnées', () => {
    const coordonnees = recapitulatifSections(chomage, identity).find((s) => s.page === 'coordonnees');
    assert.deepEqual(coordonnees?.rows.map((r) => [r.label, r.value]), [
      ['Numéro de sécurité sociale', '2 95 10 99 126 111 93'],
      ['Nom', 'Dupont'],
      ['Prénoms', 'Marie Anne'],
      ['Date de naissance', '2 avril 1975'],
      ['Adresse', '12 rue de la Paix\n75002 Paris'],
      ['Téléphone', 'Non renseigné'],
      ['Adresse e-mail', 'marie.dupont@example.fr'],
      ['Quelle est votre nationalité ?', 'Française'],
    ]);
  });
  it('shows an optional answer left empty as not given', () => {
    const { employeurSiret: _, ...withoutSiret } = salarie;
    assert.equal(rowsOf(recapitulatifSections(withoutSiret, identity)).get('employeurSiret'), 'Non renseigné');
  });
  it('shows nothing of a branch not taken', () => {
    const { situation: _, ...activity } = nonSalarie;
    const stale: Answers = {
      ...salarie,
      ...activity,
      situation: 'chomage',
      situationAutre: 'Étudiant',
      agdref: '1234567890',
      dateAccident: date('2020-01-01'),
    };
    const sections = recapitulatifSections(stale, identity);
    const keys = [...rowsOf(sections).keys()];
    for (const field of ['agdref', 'plusieursEmployeurs', 'employeurNom', 'dateFinContrat', 'dateImmatriculation', 'activite', 'situationAutre', 'dateAccident']) {
      assert.equal(keys.includes(field), false, field);
    }
    assert.deepEqual(sections.map((s) => s.page), [
      'informations-generales', 'coordonnees', 'situation-professionnelle', 'informations-complementaires',
    ]);
  });
  it('shows the activity of a non-salarié without the conjoint questions when not a conjoint', () => {
    const section = recapitulatifSections(nonSalarie, identity).find((s) => s.page === 'activite-non-salariee');
    assert.deepEqual(section?.rows.map((r) => r.key), [
      'dateImmatriculation', 'activiteCessee', 'conjointCollaborateur', 'activite', 'adresseProfessionnelle',
    ]);
  });
});

describe('formatAnswer', () => {
  it('writes a date the French way, the first of the month included', () => {
    assert.equal(formatAnswer('dateAccident', '2024-03-01'), '1er mars 2024');
    assert.equal(formatAnswer('conjointStatut', 'associe'), 'Conjoint associé');
    assert.equal(formatAnswer('employeurNom', 'Boulangerie Martin'), 'Boulangerie Martin');
  });
});
