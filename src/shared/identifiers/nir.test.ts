import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatNir, nirBirthDepartement, validateNir } from './nir.ts';

function messageFor(raw: string): string {
  const result = validateNir(raw);
  assert.equal(result.ok, false, `${raw} should be refused`);
  return result.ok ? '' : result.message;
}

describe('validateNir', () => {
  it('accepts the reference numbers, Corsica included', () => {
    assert.deepEqual(validateNir('295109912611193'), { ok: true, value: '295109912611193' });
    assert.deepEqual(validateNir('253072B07300470'), { ok: true, value: '253072B07300470' });
    assert.deepEqual(validateNir('253072A07300443'), { ok: true, value: '253072A07300443' });
  });

  it('accepts spaces and a lower-case 2a or 2b, and normalizes them away', () => {
    assert.deepEqual(validateNir(' 2 95 10 99 126 111 93 '), { ok: true, value: '295109912611193' });
    assert.deepEqual(validateNir('2 53 07 2b 073 004 70'), { ok: true, value: '253072B07300470' });
    assert.deepEqual(validateNir('2 53 07 2a 073 004 43'), { ok: true, value: '253072A07300443' });
  });

  it('asks for the number when nothing was entered', () => {
    assert.match(messageFor('   '), /^Saisissez le numéro de sécurité sociale/);
  });

  it('explains the 15 characters when the length is wrong, the key missing included', () => {
    const message = messageFor('2951099126111');
    assert.match(message, /comporte 15 caractères \(13 chiffres et une clé de 2 chiffres\)/);
    assert.match(message, /en compte 13/);
    assert.match(messageFor('2951099126111930'), /en compte 16/);
  });

  it('explains the expected form for a number of the right length but the wrong shape', () => {
    assert.match(messageFor('395109912611193'), /commence par 1 ou 2/);
    assert.match(messageFor('295139912611193'), /n'a pas la forme attendue/);
    assert.match(messageFor('29510991261119X'), /n'a pas la forme attendue/);
    assert.match(messageFor('253072C07300470'), /2A ou 2B/);
  });

  it('points to the carte Vitale when the key does not match', () => {
    const message = messageFor('295109912611194');
    assert.match(message, /^La clé .* ne correspond pas/);
    assert.match(message, /vérifiez le numéro sur votre carte Vitale/);
  });

  it('does not take a Corsican number for the same digits with 19 or 18', () => {
    assert.match(messageFor('253072A07300470'), /La clé/);
    assert.match(messageFor('253072B07300443'), /La clé/);
  });

  it('gives four distinct messages for the four kinds of error', () => {
    const messages = new Set([
      messageFor(''),
      messageFor('2951099126111'),
      messageFor('395109912611193'),
      messageFor('295109912611194'),
    ]);
    assert.equal(messages.size, 4);
  });
});

describe('formatNir', () => {
  it('groups the digits as on the carte Vitale', () => {
    assert.equal(formatNir('295109912611193'), '2 95 10 99 126 111 93');
    assert.equal(formatNir('253072A07300443'), '2 53 07 2A 073 004 43');
  });
});

describe('nirBirthDepartement', () => {
  it('reads the département of birth, Corsica included', () => {
    assert.equal(nirBirthDepartement('253072A07300443'), '2A');
    assert.equal(nirBirthDepartement('253072B07300470'), '2B');
    assert.equal(nirBirthDepartement('185057511800123'), '75');
  });

  it('reads three digits for the outre-mer and 99 for a birth abroad', () => {
    assert.equal(nirBirthDepartement('185059741800123'), '974');
    assert.equal(nirBirthDepartement('295109912611193'), '99');
  });
});
