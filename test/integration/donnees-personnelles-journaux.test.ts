// No personal data in the logs nor in the e-mails: a whole demande driven through the app (and a
// few requests that fail), the app logging at 'trace' into a collected stream, the jobs run (the
// acknowledgment's e-mail, the Cerfa); no line and no mail may hold the assuré's NIR (with or
// without spaces), name, given names, address, e-mail address, nor an answer (employer, SIRET).
import { after, before, it } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { createTestDatabase, type TestDatabase } from '../support/database.ts'
import { assureClaims, signInAs, testServiceDeps } from '../support/sign-in.ts'
import { BASE, forms, get, postForm, salariePath, savePage, upload, walk } from '../support/demarche.ts'
import { runDueJobs } from '../support/ged.ts'
import { pdfAvisImposition } from '../support/files.ts'
import { createService, createTaskList } from '../../src/service.ts'
import type { OutgoingMail } from '../../src/platform/mail/mailer.ts'

let database: TestDatabase
let app: FastifyInstance
let mails: OutgoingMail[]
const logLines: string[] = []

before(async () => {
  database = await createTestDatabase()
  const deps = testServiceDeps(database.pool, { logLevel: 'trace', logStream: { write: (line) => void logLines.push(line) } })
  mails = deps.mails
  app = await createService(deps)
  await runDemande(deps)
})

after(async () => {
  await app.close()
  await database.drop()
})

const claims = assureClaims({ email: 'sophie.lefevre-journaux@example.fr' })

async function runDemande(deps: ReturnType<typeof testServiceDeps>): Promise<void> {
  const user = await signInAs(app, database.pool, claims)
  // Failing requests first: a page refused (bad SIRET), a form without its CSRF token, unknown ids.
  await walk(app, user, salariePath.slice(0, 4))
  const refused = await savePage(app, user, 'employeur', { ...forms.employeur, employeurSiret: '732 829 320 00075' })
  assert.equal(refused.statusCode, 400)
  assert.equal((await savePage(app, user, 'employeur', forms.employeur, null)).statusCode, 403)
  assert.equal((await get(app, user, `${BASE}/00000000-0000-4000-8000-000000000000/copie.pdf`)).statusCode, 404)
  await walk(app, user, salariePath.slice(4))
  const uploaded = await upload(app, user, 'avis-imposition', [{ filename: 'avis Lefèvre 278047511304789.pdf', contentType: 'application/pdf', bytes: await pdfAvisImposition(1) }])
  assert.equal(uploaded.statusCode, 303)
  const sent = await postForm(app, user, `${BASE}/envoyer`, {})
  assert.equal(sent.statusCode, 303)
  assert.equal((await get(app, user, String(sent.headers.location))).statusCode, 200)
  await runDueJobs(database.pool, createTaskList(deps))
}

const FORBIDDEN: string[] = [
  claims.nir,
  claims.nir.replace(/^(\d)(\d{2})(\d{2})(\d{2})(\d{3})(\d{3})(\d{2})$/, '$1 $2 $3 $4 $5 $6 $7'),
  claims.family_name,
  claims.family_name.normalize('NFD').replace(/[\u0300-\u036f]/g, ''),
  claims.given_name,
  claims.address!.street_address!,
  claims.email!,
  claims.phone_number!,
  forms.employeur.employeurNom,
  forms.employeur.employeurAdresse,
  forms.employeur.employeurSiret,
  forms.employeur.employeurSiret.replace(/\s/g, ''),
]

function leaks(text: string): string[] {
  const lower = text.toLowerCase()
  return FORBIDDEN.filter((value) => lower.includes(value.toLowerCase()))
}

it('the app did log, at every level, and a mail went out', () => {
  assert.ok(logLines.length > 20, `${logLines.length} lignes de journal`)
  assert.ok(logLines.some((line) => /"statusCode":400/.test(line)))
  assert.ok(mails.length >= 1, 'the acknowledgment e-mail')
})

it('writes no personal data in any log line', () => {
  const found = logLines.flatMap((line) => leaks(line).map((value) => `${value} dans ${line.slice(0, 300)}`))
  assert.deepEqual(found, [])
})

it('writes no personal data in any e-mail (the address it is sent to aside)', () => {
  const found = mails.flatMap((mail) => {
    return leaks(`${mail.subject}\n${mail.text}`).map((value) => `${value} dans le mail « ${mail.subject} »`)
  })
  assert.deepEqual(found, [])
})
