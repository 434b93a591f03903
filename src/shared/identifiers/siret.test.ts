import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateSiren, validateSiret } from './siret.ts';
import type { Validated } from './validation-result.ts';

function refusal(validate: (raw: string) => Validated, raw: string): string {
  const result = validate(raw);
  assert.equal(result.ok, false, `${raw} should be refused`);
  return result.ok ? '' : result.message;
}

const sirenMessage = (raw: string) => refusal(validateSiren, raw);
const siretMessage = (raw: string) => refusal(validateSiret, raw);

describe('validateSiret', () => {
  it('accepts a valid SIRET, with or without spaces', () => {
    assert.deepEqual(validateSiret('73282932000074'), { ok: true, value: '73282932000074' });
    assert.deepEqual(validateSiret('732 829 320 00074'), { ok: true, value: '73282932000074' });
  });

  it('refuses a SIRET whose Luhn key is wrong', () => {
    assert.match(siretMessage('73282932000075'), /^Ce numéro SIRET n'existe pas/);
  });

  it('checks La Poste establishments by digit sum instead of Luhn', () => {
    assert.equal(validateSiret('35600000049837').ok, true);
    assert.match(siretMessage('35600000049838'), /n'existe pas/);
    assert.match(siretMessage('35600000000113'), /n'existe pas/);
  });

  it('checks La Poste head office by Luhn like any other SIRET', () => {
    assert.equal(validateSiret('35600000000048').ok, true);
  });

  it('explains each mistake in its own words', () => {
    assert.match(siretMessage(''), /^Saisissez le numéro SIRET/);
    assert.match(siretMessage('7328293200007'), /comporte 14 chiffres \(les 9 du SIREN puis les 5 du NIC\), celui saisi en compte 13/);
    assert.match(siretMessage('732-829-320-00074'), /ne contient que des chiffres/);
  });
});

describe('validateSiren', () => {
  it('accepts a valid SIREN', () => {
    assert.deepEqual(validateSiren('732 829 320'), { ok: true, value: '732829320' });
    assert.equal(validateSiren('356000000').ok, true);
  });

  it('refuses a wrong key, a wrong length and letters', () => {
    assert.match(sirenMessage('732829321'), /^Ce numéro SIREN n'existe pas/);
    assert.match(sirenMessage('73282932000074'), /comporte 9 chiffres, celui saisi en compte 14/);
    assert.match(sirenMessage('73282932A'), /ne contient que des chiffres/);
  });
});
