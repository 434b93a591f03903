import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  allCaisses,
  appealRouteFor,
  caissesOfDepartement,
  departementFromPostalCode,
  departementsFromPostalCode,
  findCaisse,
  findOrganismeInstructeur,
  organismeInstructeurFor,
  type Caisse,
} from './caisses.ts';

function caisse(code: string): Caisse {
  const found = findCaisse(code);
  assert.ok(found, `caisse ${code} should exist`);
  return found;
}

const METROPOLITAN_DEPARTEMENTS = [
  ...Array.from({ length: 19 }, (_, i) => String(i + 1).padStart(2, '0')),
  '2A',
  '2B',
  ...Array.from({ length: 75 }, (_, i) => String(i + 21)),
];

describe('the caisse table', () => {
  it('covers the 96 metropolitan départements', () => {
    assert.equal(METROPOLITAN_DEPARTEMENTS.length, 96);
    for (const departement of METROPOLITAN_DEPARTEMENTS) {
      assert.ok(caissesOfDepartement(departement).length >= 1, `no caisse for ${departement}`);
    }
  });

  it('has unique codes', () => {
    const codes = allCaisses.map((c) => c.code);
    assert.equal(new Set(codes).size, codes.length);
  });

  it('codes a single-caisse département by the département', () => {
    assert.deepEqual(findCaisse('75'), { code: '75', kind: 'CPAM', name: 'CPAM de Paris', departement: '75' });
    assert.equal(caisse('2A').name, 'CPAM de la Corse-du-Sud');
    assert.equal(caisse('2b').name, 'CPAM de la Haute-Corse');
  });

  it('names each CPAM with the right French article', () => {
    assert.equal(caisse('93').name, 'CPAM de la Seine-Saint-Denis');
    assert.equal(caisse('78').name, 'CPAM des Yvelines');
    assert.equal(caisse('91').name, "CPAM de l'Essonne");
    assert.equal(caisse('94').name, 'CPAM du Val-de-Marne');
    assert.equal(caisse('77').name, 'CPAM de Seine-et-Marne');
    assert.equal(caisse('28').name, "CPAM d'Eure-et-Loir");
    assert.equal(caisse('90').name, 'CPAM du Territoire de Belfort');
  });

  it('splits 64 into Bayonne and Pau, and keeps Roubaix-Tourcoing apart in 59', () => {
    assert.deepEqual(caissesOfDepartement('64').map((c) => c.name), ['CPAM de Bayonne', 'CPAM de Pau']);
    assert.equal(findCaisse('64'), undefined);
    assert.deepEqual(caissesOfDepartement('59').map((c) => c.code), ['59', '591']);
    assert.equal(caisse('591').name, 'CPAM de Roubaix-Tourcoing');
    assert.deepEqual(caissesOfDepartement('62').map((c) => c.code), ['62']);
  });

  it('has the caisses of the outre-mer', () => {
    assert.deepEqual(caisse('971'), { code: '971', kind: 'CGSS', name: 'CGSS de la Guadeloupe', departement: '971' });
    assert.equal(caisse('972').name, 'CGSS de la Martinique');
    assert.equal(caisse('973').name, 'CGSS de la Guyane');
    assert.equal(caisse('974').name, 'CGSS de La Réunion');
    assert.deepEqual(caisse('976'), {
      code: '976',
      kind: 'CSS',
      name: 'Caisse de sécurité sociale de Mayotte',
      departement: '976',
    });
    assert.equal(allCaisses.length, 98 + 5);
  });

  it('finds nothing for an unknown code', () => {
    assert.equal(findCaisse('00'), undefined);
    assert.equal(findCaisse('977'), undefined);
    assert.deepEqual(caissesOfDepartement('978'), []);
  });
});

describe('departementFromPostalCode', () => {
  it('reads the first two digits in metropolitan France', () => {
    assert.equal(departementFromPostalCode('75019'), '75');
    assert.equal(departementFromPostalCode('01000'), '01');
    assert.equal(departementFromPostalCode('93200'), '93');
  });

  it('tells Corse-du-Sud from Haute-Corse', () => {
    assert.equal(departementFromPostalCode('20000'), '2A');
    assert.equal(departementFromPostalCode('20137'), '2A');
    assert.equal(departementFromPostalCode('20200'), '2B');
    assert.equal(departementFromPostalCode('20600'), '2B');
    assert.equal(departementFromPostalCode('20300'), undefined);
  });

  it('reads three digits outre-mer, with Saint-Barthélemy and Saint-Martin apart', () => {
    assert.equal(departementFromPostalCode('97400'), '974');
    assert.equal(departementFromPostalCode('97600'), '976');
    assert.equal(departementFromPostalCode('97133'), '977');
    assert.equal(departementFromPostalCode('97150'), '978');
    assert.equal(departementFromPostalCode('97100'), '971');
  });

  it('refuses what is not a postal code', () => {
    assert.equal(departementFromPostalCode('7501'), undefined);
    assert.equal(departementFromPostalCode('75O19'), undefined);
    assert.equal(departementFromPostalCode('00100'), undefined);
    assert.equal(departementFromPostalCode('96000'), undefined);
  });

  it('keeps the code’s own département first when communes of another share it', () => {
    assert.equal(departementFromPostalCode('52100'), '52');
    assert.deepEqual(departementsFromPostalCode('52100'), ['52', '51']);
    assert.deepEqual(departementsFromPostalCode('13780'), ['13', '83']);
    assert.deepEqual(departementsFromPostalCode('05110'), ['05', '04']);
    assert.deepEqual(departementsFromPostalCode('94390'), ['94', '91']);
    assert.deepEqual(departementsFromPostalCode('42620'), ['42', '03']);
  });

  it('gives a single candidate for an ordinary postal code', () => {
    assert.deepEqual(departementsFromPostalCode(' 64100 '), ['64']);
    assert.deepEqual(departementsFromPostalCode(''), []);
  });
});

describe('appealRouteFor and organismeInstructeurFor', () => {
  const cramifDepartements = ['75', '78', '91', '92', '93', '94', '95'];

  it('sends the 7 Île-de-France caisses of the seed to the CRAMIF', () => {
    for (const code of cramifDepartements) {
      assert.equal(appealRouteFor(caisse(code)), 'cramif');
      assert.deepEqual(organismeInstructeurFor(caisse(code)), {
        code: 'CRAMIF',
        name: "Caisse régionale d'assurance maladie d'Île-de-France",
      });
    }
  });

  it('keeps Seine-et-Marne with its own CPAM', () => {
    assert.equal(appealRouteFor(caisse('77')), 'caisse');
    assert.deepEqual(organismeInstructeurFor(caisse('77')), { code: '77', name: 'CPAM de Seine-et-Marne' });
  });

  it('keeps every other caisse with itself, outre-mer included', () => {
    for (const other of allCaisses.filter((c) => !cramifDepartements.includes(c.departement))) {
      assert.equal(appealRouteFor(other), 'caisse');
      assert.deepEqual(organismeInstructeurFor(other), { code: other.code, name: other.name });
    }
    assert.deepEqual(organismeInstructeurFor(caisse('641')), { code: '641', name: 'CPAM de Bayonne' });
    assert.deepEqual(organismeInstructeurFor(caisse('974')), { code: '974', name: 'CGSS de La Réunion' });
  });
});

describe('findOrganismeInstructeur', () => {
  it('finds the organisme a demande records, by its code', () => {
    assert.deepEqual(findOrganismeInstructeur('CRAMIF'), organismeInstructeurFor(caisse('93')));
    assert.deepEqual(findOrganismeInstructeur('974'), { code: '974', name: 'CGSS de La Réunion' });
    assert.deepEqual(findOrganismeInstructeur('77'), { code: '77', name: 'CPAM de Seine-et-Marne' });
  });

  it('knows no organisme for a caisse whose demandes the CRAMIF instructs, nor for an unknown code', () => {
    assert.equal(findOrganismeInstructeur('93'), undefined);
    assert.equal(findOrganismeInstructeur('XX'), undefined);
  });
});
