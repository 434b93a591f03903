import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateAgdref } from './agdref.ts';

function messageFor(raw: string): string {
  const result = validateAgdref(raw);
  assert.equal(result.ok, false, `${raw} should be refused`);
  return result.ok ? '' : result.message;
}

describe('validateAgdref', () => {
  it('accepts 10 digits, spaces removed', () => {
    assert.deepEqual(validateAgdref('7501234567'), { ok: true, value: '7501234567' });
    assert.deepEqual(validateAgdref(' 75 0123 4567 '), { ok: true, value: '7501234567' });
  });

  it('refuses 9 or 11 digits and says how many were entered', () => {
    assert.match(messageFor('750123456'), /comporte 10 chiffres, celui saisi en compte 9/);
    assert.match(messageFor('75012345678'), /en compte 11/);
  });

  it('refuses letters and an empty field', () => {
    assert.match(messageFor('75O1234567'), /ne contient que des chiffres/);
    assert.match(messageFor(''), /^Saisissez le numéro AGDREF/);
  });

  it('always says where to find the number', () => {
    for (const raw of ['', '12', 'abc']) {
      assert.match(messageFor(raw), /titre de séjour/);
    }
  });
});
