// Uploads are bounded per person: past 40 a minute, a clear French page says to wait, and nothing
// more is stored; another assuré is not held back by the first one's uploads.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { integrationSuite } from '../support/integration-suite.ts'
import { assureClaims, signInAs } from '../support/sign-in.ts'
import { countRows, salariePath, upload, visibleText, walk } from '../support/demarche.ts'
import { pdfAvisImposition } from '../support/files.ts'

const suite = integrationSuite()

describe('the upload rate limit', () => {
  it('refuses the 41st upload of a minute with a French page, and stores nothing more', async () => {
    const pdf = await pdfAvisImposition(1)
    const user = await signInAs(suite.app, suite.pool)
    await walk(suite.app, user, salariePath)
    const statuses: number[] = []
    for (let i = 0; i < 41; i++) {
      // Ten files per document at most: each upload is refused for that reason past the tenth, which still counts.
      statuses.push((await upload(suite.app, user, 'avis-imposition', [{ filename: `page-${i}.pdf`, contentType: 'application/pdf', bytes: pdf }])).statusCode)
    }
    assert.deepEqual(statuses.slice(0, 40).filter((status) => status === 429), [], 'the first 40 are not rate-limited')
    assert.equal(statuses[40], 429)
    const stored = await countRows(suite.pool, 'select 1 from stored_file where owner_assure_id = $1', [user.assureId])
    assert.equal(stored, 10)

    const blocked = await upload(suite.app, user, 'avis-imposition', [{ filename: 'encore.pdf', contentType: 'application/pdf', bytes: pdf }])
    assert.equal(blocked.statusCode, 429)
    assert.match(visibleText(blocked.body), /Trop de tentatives.*Patientez une minute/s)

    const other = await signInAs(suite.app, suite.pool, assureClaims({ sub: 'autre-assure', nir: '253072B07300470' }))
    await walk(suite.app, other, salariePath)
    const response = await upload(suite.app, other, 'avis-imposition', [{ filename: 'avis.pdf', contentType: 'application/pdf', bytes: pdf }])
    assert.equal(response.statusCode, 303, 'another assuré uploads freely')
  })
})
