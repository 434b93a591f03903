import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextStepsFor } from './labels.ts';

describe('nextStepsFor', () => {
  it('tells an assuré not yet seen to ask their médecin traitant for the certificat médical', () => {
    assert.ok(nextStepsFor('non').some((paragraph) => paragraph.includes('S4151')));
    assert.ok(!nextStepsFor('oui').some((paragraph) => paragraph.includes('S4151')));
  });
  it('gives the 2-month delay in both cases', () => {
    for (const vu of ['oui', 'non'] as const) {
      assert.ok(nextStepsFor(vu).some((paragraph) => paragraph.includes('2 mois')));
    }
  });
});
