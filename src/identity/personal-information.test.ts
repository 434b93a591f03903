import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { normalizeFrenchPhone, parsePersonalInformation } from './personal-information.ts'

describe('normalizeFrenchPhone', () => {
  it('reads 10 digits starting with 0, with spaces, dots or hyphens', () => {
    assert.equal(normalizeFrenchPhone('0612345678'), '06 12 34 56 78')
    assert.equal(normalizeFrenchPhone(' 01.23.45.67.89 '), '01 23 45 67 89')
    assert.equal(normalizeFrenchPhone('09-87-65-43-21'), '09 87 65 43 21')
  })

  it('reads +33 and 0033, with or without « (0) »', () => {
    assert.equal(normalizeFrenchPhone('+33 6 12 34 56 78'), '06 12 34 56 78')
    assert.equal(normalizeFrenchPhone('+33 (0)6 12 34 56 78'), '06 12 34 56 78')
    assert.equal(normalizeFrenchPhone('0033612345678'), '06 12 34 56 78')
  })

  it('reads the country codes of the overseas départements', () => {
    assert.equal(normalizeFrenchPhone('+262 262 12 34 56'), '02 62 12 34 56')
    assert.equal(normalizeFrenchPhone('+590 690 12 34 56'), '06 90 12 34 56')
  })

  it('refuses what is not a French number', () => {
    for (const raw of ['', '061234567', '06123456789', '0012345678', '+44 20 7946 0000', '+33 06 12 34 56 78', '06 12 AB 56 78']) {
      assert.equal(normalizeFrenchPhone(raw), null, raw)
    }
  })
})

describe('parsePersonalInformation', () => {
  const form = { ligne: ' 3 place du Marché ', codePostal: '69003', commune: 'Lyon', pays: '', telephone: '0612345678', email: ' marie@example.fr ' }

  it('gives the values as stored: trimmed, France by default, phone normalised', () => {
    assert.deepEqual(parsePersonalInformation(form), {
      ok: true,
      value: { adresse: { ligne: '3 place du Marché', codePostal: '69003', commune: 'Lyon', pays: 'France' }, telephone: '06 12 34 56 78', email: 'marie@example.fr' },
    })
  })

  it('asks for 5 digits in France, and accepts a foreign postcode abroad', () => {
    const france = parsePersonalInformation({ ...form, codePostal: '6900' })
    assert.deepEqual(france.ok ? [] : france.errors, [{ field: 'codePostal', message: 'Le code postal comporte 5 chiffres, par exemple 93200.' }])
    assert.equal(parsePersonalInformation({ ...form, codePostal: '1000', pays: 'Belgique' }).ok, true)
  })

  it('reports every wrong field at once, one message each, in the order of the page', () => {
    const result = parsePersonalInformation({ ...form, ligne: '', codePostal: 'abc', telephone: '12', email: 'a'.repeat(250) + '@example.fr' })
    assert.equal(result.ok, false)
    assert.deepEqual(result.ok ? [] : result.errors.map((error) => error.field), ['ligne', 'codePostal', 'telephone', 'email'])
    assert.match(result.ok ? '' : result.errors[3]!.message, /254 caractères au plus/)
  })
})
