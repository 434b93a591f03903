// The draft of the démarche in PostgreSQL: each validated page saved at once, bad input and forged
// requests changing nothing, one draft per assuré, the branches not taken removed, nothing seen by
// another assuré, and nothing lost by a restart of the server.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { createTestDatabase, type TestDatabase } from '../support/database.ts'
import { assureClaims, signInAs, testServiceDeps } from '../support/sign-in.ts'
import { pdfAvisImposition, pngImage } from '../support/files.ts'
import {
  BASE, EMPLOYER_FIELDS, dateFromToday, demandesOf, documentsOf, forms, get, onlyDemandeOf, postForm, salariePath,
  savedAnswers, savePage, storedFilesOf, upload, visibleText, walk,
} from '../support/demarche.ts'
import { createService } from '../../src/service.ts'
import { createPool } from '../../src/platform/db/pool.ts'

let database: TestDatabase
let app: FastifyInstance
let pdf: Buffer

before(async () => {
  database = await createTestDatabase()
  app = await createService(testServiceDeps(database.pool))
  pdf = await pdfAvisImposition()
})

after(async () => {
  await app.close()
  await database.drop()
})

async function demandeCount(assureId: string): Promise<number> {
  return (await demandesOf(database.pool, assureId)).length
}

describe('démarche: the draft', () => {
  it('saves each validated page in demande.answers at once, normalised', async () => {
    const user = await signInAs(app, database.pool)
    assert.equal(await demandeCount(user.assureId), 0, 'no draft before the first page is validated')
    const expected: Record<string, unknown> = {}
    const saved = [savedAnswers.informationsGenerales, savedAnswers.francaise, savedAnswers.salarie, savedAnswers.unEmployeur,
      savedAnswers.employeur, savedAnswers.complementaires, savedAnswers.attestation]
    for (const [index, [page, form, next]] of salariePath.entries()) {
      const response = await savePage(app, user, page, form)
      assert.equal(response.statusCode, 303, page)
      assert.equal(response.headers.location, `${BASE}/${next}`)
      Object.assign(expected, saved[index])
      const demande = await onlyDemandeOf(database.pool, user.assureId)
      assert.equal(demande.state, 'brouillon')
      assert.deepEqual(demande.answers, expected, `answers saved after ${page}`)
    }
    const demande = await onlyDemandeOf(database.pool, user.assureId)
    assert.equal(demande.answers.employeurSiret, '73282932000074', 'the SIRET is kept without its spaces')
    assert.equal(demande.answers.dateDebutContrat, '2015-09-01', 'a date is kept as YYYY-MM-DD')
    assert.equal(demande.caisse_code, '93')

    const resume = await get(app, user, BASE)
    assert.equal(resume.statusCode, 302)
    assert.equal(resume.headers.location, `${BASE}/pieces-justificatives`, 'the démarche resumes where it stopped')
    const employeur = await get(app, user, `${BASE}/employeur`)
    assert.match(employeur.body, /name="employeurNom"[^>]*value="Boulangerie du Canal"/, 'a page shows its saved answers again')
  })

  it('answers a validation error with 400 and the French message, and changes nothing', async () => {
    const user = await signInAs(app, database.pool)

    const first = await savePage(app, user, 'informations-generales', {})
    assert.equal(first.statusCode, 400)
    assert.match(visibleText(first.body), /Indiquez si vous avez déjà rencontré le médecin conseil/)
    assert.equal(await demandeCount(user.assureId), 0, 'a refused first page creates no draft')

    await walk(app, user, salariePath.slice(0, 4))
    const cases: Array<{ page: string; form: Record<string, string | string[]>; field: string; message: RegExp }> = [
      {
        page: 'employeur', form: { ...forms.employeur, ...dateFromToday('dateDebutContrat', 30) }, field: 'dateDebutContrat-jour',
        message: /La date de début du contrat ne peut pas être dans le futur/,
      },
      {
        page: 'employeur', form: { ...forms.employeur, employeurSiret: '732 829 320 00075' }, field: 'employeurSiret',
        message: /Ce numéro SIRET n'existe pas : un chiffre a sans doute été mal recopié/,
      },
      {
        page: 'coordonnees', form: { nationalite: 'autre', agdref: '750123456' }, field: 'agdref',
        message: /Le numéro AGDREF comporte 10 chiffres, celui saisi en compte 9/,
      },
      {
        page: 'employeur', form: { ...forms.employeur, ...dateFromToday('dateArretTravail', 1) }, field: 'dateArretTravail-jour',
        message: /La date d'arrêt de travail ne peut pas être dans le futur/,
      },
    ]
    for (const { page, form, field, message } of cases) {
      const before = await onlyDemandeOf(database.pool, user.assureId)
      const response = await savePage(app, user, page, form)
      assert.equal(response.statusCode, 400, `${page}: ${field}`)
      const text = visibleText(response.body)
      assert.match(text, /Il y a un problème/)
      assert.match(text, message)
      assert.match(response.body, new RegExp(`<a href="#${field}">`), `the error summary links to ${field}`)
      assert.deepEqual(await onlyDemandeOf(database.pool, user.assureId), before, `${page} refused: the row is untouched`)
    }
    const shownAgain = await savePage(app, user, 'employeur', { ...forms.employeur, employeurSiret: '732 829 320 00075' })
    assert.match(shownAgain.body, /name="employeurSiret"[^>]*value="732 829 320 00075"/, 'what was typed is shown again')
  })

  it('refuses a POST without the CSRF token, and changes nothing', async () => {
    const user = await signInAs(app, database.pool)
    for (const token of [null, 'faux-jeton']) {
      const response = await savePage(app, user, 'informations-generales', forms.informationsGenerales, token)
      assert.equal(response.statusCode, 403)
      assert.match(visibleText(response.body), /Votre session a expiré/)
    }
    assert.equal(await demandeCount(user.assureId), 0)

    await walk(app, user, salariePath.slice(0, 2))
    const before = await onlyDemandeOf(database.pool, user.assureId)
    const forged = await savePage(app, user, 'coordonnees', forms.etrangere, null)
    assert.equal(forged.statusCode, 403)
    const other = await signInAs(app, database.pool)
    const anotherSessionsToken = await savePage(app, user, 'coordonnees', forms.etrangere, other.csrfToken)
    assert.equal(anotherSessionsToken.statusCode, 403, "another session's token is no token")
    assert.deepEqual(await onlyDemandeOf(database.pool, user.assureId), before)
  })

  it('redirects a page not yet reachable, typed in the address bar, and stores nothing', async () => {
    const user = await signInAs(app, database.pool)
    for (const page of ['employeur', 'recapitulatif', 'coordonnees']) {
      const response = await savePage(app, user, page, page === 'recapitulatif' ? forms.attestation : forms.employeur)
      assert.equal(response.statusCode, 303, page)
      assert.equal(response.headers.location, BASE)
      const shown = await get(app, user, `${BASE}/${page}`)
      assert.equal(shown.statusCode, 302)
      assert.equal(shown.headers.location, BASE)
    }
    assert.equal(await demandeCount(user.assureId), 0)

    await walk(app, user, salariePath.slice(0, 3))
    const before = await onlyDemandeOf(database.pool, user.assureId)
    for (const [page, form] of [['employeur', forms.employeur], ['informations-complementaires', forms.complementaires], ['recapitulatif', forms.attestation]] as const) {
      const response = await savePage(app, user, page, form)
      assert.equal(response.headers.location, BASE, `${page} skipped over plusieurs-employeurs`)
    }
    const chomeurPage = await savePage(app, user, 'activite-non-salariee', { activite: 'Plomberie' })
    assert.equal(chomeurPage.headers.location, BASE, 'a page of a branch not taken')
    assert.deepEqual(await onlyDemandeOf(database.pool, user.assureId), before)
    assert.equal((await savePage(app, user, 'page-inventee', {})).statusCode, 404)
  })

  it('creates one draft from concurrent first pages (double click, two tabs)', async () => {
    const user = await signInAs(app, database.pool)
    // Every connection of the pool open beforehand, so that the requests really run side by side
    // rather than one behind the other while connections are being opened.
    await Promise.all(Array.from({ length: 10 }, () => database.pool.query('select pg_sleep(0.02)')))
    const responses = await Promise.all(Array.from({ length: 4 }, () => savePage(app, user, 'informations-generales', { vuMedecinConseil: 'oui' })))
    assert.deepEqual(responses.map((r) => r.statusCode), [303, 303, 303, 303])
    assert.ok(responses.every((r) => r.headers.location === `${BASE}/coordonnees`))
    const demande = await onlyDemandeOf(database.pool, user.assureId)
    assert.deepEqual(demande.answers, { vuMedecinConseil: 'oui' })
  })

  it('keeps both pages when two tabs validate different pages at the same moment', async () => {
    const user = await signInAs(app, database.pool)
    await walk(app, user, salariePath.slice(0, 6))
    await Promise.all(Array.from({ length: 10 }, () => database.pool.query('select pg_sleep(0.02)')))
    const [first, second] = await Promise.all([
      savePage(app, user, 'informations-generales', { vuMedecinConseil: 'oui' }),
      savePage(app, user, 'informations-complementaires', { ...forms.complementaires, travailEtranger: 'oui', travailEtrangerDetails: 'Belgique, 2001-2004' }),
    ])
    assert.deepEqual([first.statusCode, second.statusCode], [303, 303])
    const { answers } = await onlyDemandeOf(database.pool, user.assureId)
    assert.equal(answers.vuMedecinConseil, 'oui', 'the first tab’s answer is kept')
    assert.equal(answers.travailEtrangerDetails, 'Belgique, 2001-2004', 'the second tab’s answer is kept')
  })

  it("never shows an assuré another's draft, récapitulatif, files, confirmation or copy", async () => {
    const owner = await signInAs(app, database.pool)
    const intruder = await signInAs(app, database.pool)
    await walk(app, owner, salariePath)
    assert.equal((await upload(app, owner, 'avis-imposition', [{ filename: 'avis-confidentiel.pdf', contentType: 'application/pdf', bytes: pdf }])).statusCode, 303)
    const [document] = await documentsOf(database.pool, owner.assureId)
    assert.ok(document)

    const entry = await get(app, intruder, BASE)
    assert.equal(entry.headers.location, `${BASE}/informations-generales`, 'the intruder starts a démarche of their own')
    for (const page of ['recapitulatif', 'pieces-justificatives', 'employeur']) {
      const response = await get(app, intruder, `${BASE}/${page}`)
      assert.equal(response.statusCode, 302, page)
      assert.doesNotMatch(response.body, /Boulangerie|avis-confidentiel/)
    }
    const list = await get(app, intruder, '/demarches')
    assert.doesNotMatch(list.body, /Brouillon/)
    const removal = await postForm(app, intruder, `${BASE}/pieces-justificatives/${document.id}/supprimer`, {})
    assert.equal(removal.statusCode, 303)
    assert.equal((await documentsOf(database.pool, owner.assureId)).length, 1, "the intruder cannot delete the owner's file")
    assert.equal(await demandeCount(intruder.assureId), 0)

    const { id } = await onlyDemandeOf(database.pool, owner.assureId)
    assert.equal((await get(app, owner, `${BASE}/${id}/accuse-de-reception`)).statusCode, 404, 'a draft has no acknowledgment')
    assert.equal((await get(app, owner, `${BASE}/${id}/copie.pdf`)).statusCode, 404, 'nor a copy')
    const sent = await postForm(app, owner, `${BASE}/envoyer`, {})
    assert.equal(sent.headers.location, `${BASE}/${id}/accuse-de-reception`)
    assert.equal((await get(app, owner, `${BASE}/${id}/accuse-de-reception`)).statusCode, 200)
    assert.equal((await get(app, owner, `${BASE}/${id}/copie.pdf`)).statusCode, 200)
    for (const url of [`${BASE}/${id}/accuse-de-reception`, `${BASE}/${id}/copie.pdf`]) {
      const response = await get(app, intruder, url)
      assert.equal(response.statusCode, 404, url)
      assert.doesNotMatch(response.body, /PI-\d{4}/)
    }
    assert.equal((await get(app, intruder, `${BASE}/pas-un-uuid/copie.pdf`)).statusCode, 404)
  })

  it('removes every employer answer when salarié becomes chômage', async () => {
    const user = await signInAs(app, database.pool)
    await walk(app, user, salariePath)
    const before = await onlyDemandeOf(database.pool, user.assureId)
    for (const field of EMPLOYER_FIELDS) assert.ok(field in before.answers, field)

    const response = await savePage(app, user, 'situation-professionnelle', { ...forms.chomage, retour: 'recapitulatif' })
    assert.equal(response.headers.location, `${BASE}/recapitulatif`)
    const after = await onlyDemandeOf(database.pool, user.assureId)
    assert.deepEqual(after.answers, {
      ...savedAnswers.informationsGenerales, ...savedAnswers.francaise, situation: 'chomage', ...savedAnswers.complementaires,
    }, 'no employer answer, and the attestation given for the former answers is withdrawn')
    const recap = visibleText((await get(app, user, `${BASE}/recapitulatif`)).body)
    assert.doesNotMatch(recap, /Boulangerie|73282932000074|732 829 320 00074|Saint-Denis, 93200|quai de Seine/)

    await walk(app, user, [['situation-professionnelle', forms.salarie, 'plusieurs-employeurs'], ['plusieurs-employeurs', forms.unEmployeur, 'employeur']])
    const employeur = await get(app, user, `${BASE}/employeur`)
    assert.doesNotMatch(employeur.body, /Boulangerie/, 'coming back to salarié shows an empty employer form')
  })

  it('removes the AGDREF number and the titre de séjour when the nationality becomes française', async () => {
    const user = await signInAs(app, database.pool)
    await walk(app, user, [
      ['informations-generales', forms.informationsGenerales, 'coordonnees'],
      ['coordonnees', forms.etrangere, 'situation-professionnelle'],
      ...salariePath.slice(2),
    ])
    assert.equal((await onlyDemandeOf(database.pool, user.assureId)).answers.agdref, '7501234567')
    const titre = await upload(app, user, 'titre-sejour', [{ filename: 'titre-de-sejour.png', contentType: 'image/png', bytes: pngImage() }])
    assert.equal(titre.statusCode, 303)
    assert.equal((await upload(app, user, 'avis-imposition', [{ filename: 'avis.pdf', contentType: 'application/pdf', bytes: pdf }])).statusCode, 303)
    assert.deepEqual((await documentsOf(database.pool, user.assureId)).map((d) => d.kind), ['titre-sejour', 'avis-imposition'])

    const response = await savePage(app, user, 'coordonnees', { ...forms.francaise, retour: 'recapitulatif' })
    assert.equal(response.statusCode, 303)
    const demande = await onlyDemandeOf(database.pool, user.assureId)
    assert.equal(demande.answers.nationalite, 'francaise')
    assert.ok(!('agdref' in demande.answers), 'the AGDREF number is not kept')
    assert.deepEqual((await documentsOf(database.pool, user.assureId)).map((d) => d.kind), ['avis-imposition'])
    assert.deepEqual((await storedFilesOf(database.pool, user.assureId)).map((f) => f.display_name), ['avis.pdf'],
      'the titre de séjour itself is deleted, not only unlinked')
    const pieces = visibleText((await get(app, user, `${BASE}/pieces-justificatives`)).body)
    assert.doesNotMatch(pieces, /Titre de séjour|titre-de-sejour\.png/)
  })

  it('keeps the draft and its files over a restart of the server', async () => {
    const claims = assureClaims()
    const firstPool = createPool(database.url, 4)
    const first = await createService(testServiceDeps(firstPool))
    const user = await signInAs(first, firstPool, claims)
    await walk(first, user, salariePath.slice(0, 5))
    assert.equal((await upload(first, user, 'avis-imposition', [
      { filename: 'avis-page-1.pdf', contentType: 'application/pdf', bytes: pdf },
      { filename: 'avis-page-2.png', contentType: 'image/png', bytes: pngImage() },
    ])).statusCode, 303)
    await first.close()
    await firstPool.end()

    const secondPool = createPool(database.url, 4)
    const second = await createService(testServiceDeps(secondPool))
    try {
      const sameSession = await get(second, user, BASE)
      assert.equal(sameSession.headers.location, `${BASE}/informations-complementaires`, 'the session itself survives (it lives in PostgreSQL)')

      const again = await signInAs(second, secondPool, claims)
      assert.equal(again.assureId, user.assureId)
      const resume = await get(second, again, BASE)
      assert.equal(resume.statusCode, 302)
      assert.equal(resume.headers.location, `${BASE}/informations-complementaires`)
      const employeur = await get(second, again, `${BASE}/employeur`)
      assert.match(employeur.body, /name="employeurNom"[^>]*value="Boulangerie du Canal"/)

      await walk(second, again, salariePath.slice(5))
      const pieces = visibleText((await get(second, again, `${BASE}/pieces-justificatives`)).body)
      assert.match(pieces, /avis-page-1\.pdf/)
      assert.match(pieces, /avis-page-2\.png/)
      const files = await storedFilesOf(secondPool, again.assureId)
      assert.deepEqual(files.map((f) => f.content.equals(f.media_type === 'application/pdf' ? pdf : pngImage())), [true, true], 'the bytes are intact')

      const sent = await postForm(second, again, `${BASE}/envoyer`, {})
      assert.equal(sent.statusCode, 303)
      assert.match(String(sent.headers.location), /\/accuse-de-reception$/)
      assert.equal((await onlyDemandeOf(secondPool, again.assureId)).state, 'recue')
    } finally {
      await second.close()
      await secondPool.end()
    }
  })
})
