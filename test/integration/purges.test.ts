// Retention of personal data, on a fixed clock: an abandoned draft is warned once 14 days before
// it is deleted (with its documents and files), saving a step restarts the clock; the content of
// files the GED confirmed leaves the service's storage 30 days later, and only then.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { integrationSuite } from '../support/integration-suite.ts'
import { signInAs, type SignedIn } from '../support/sign-in.ts'
import { countRows, get, messagesOf, salariePath, savePage, walk, visibleText } from '../support/demarche.ts'
import { createReceivedDemande, storeFile } from '../support/ged.ts'
import { pdfAvisImposition } from '../support/files.ts'
import { createTaskList, CRONTAB } from '../../src/service.ts'
import { purgeDrafts } from '../../src/demarche/application/purge-drafts.ts'
import { purgeDepositedFiles } from '../../src/documents/ged/purge-deposited-files.ts'
import { readConfig } from '../../src/platform/config.ts'

const DAY = 24 * 60 * 60 * 1000
const HOUR = 60 * 60 * 1000
const U0 = new Date('2025-01-06T09:00:00Z')
const after_ = (base: Date, days: number, hours = 0) => new Date(base.getTime() + days * DAY + hours * HOUR)

const suite = integrationSuite()

async function draftWithDocument(): Promise<{ user: SignedIn; demandeId: string; fileId: string }> {
  const user = await signInAs(suite.app, suite.pool)
  await walk(suite.app, user, salariePath.slice(0, 2))
  const { rows } = await suite.pool.query<{ id: string }>(`select id from demande where assure_id = $1 and state = 'brouillon'`, [user.assureId])
  const demandeId = rows[0]!.id
  const fileId = await storeFile(suite.pool, user.assureId, await pdfAvisImposition(1), 'avis.pdf')
  await suite.pool.query(`insert into demande_document (demande_id, kind, file_id) values ($1, 'avis-imposition', $2)`, [demandeId, fileId])
  return { user, demandeId, fileId }
}

async function setUpdatedAt(demandeId: string, at: Date): Promise<void> {
  await suite.pool.query('update demande set updated_at = $2 where id = $1', [demandeId, at])
}

async function updatedAtOf(demandeId: string): Promise<Date> {
  const { rows } = await suite.pool.query<{ updated_at: Date }>('select updated_at from demande where id = $1', [demandeId])
  return rows[0]!.updated_at
}

async function warningsOf(assureId: string) {
  return (await messagesOf(suite.pool, assureId)).filter((message) => message.kind.startsWith('avertissement_purge'))
}

describe('configuration and registration', () => {
  it('reads the retention periods, 183 and 30 days by default', () => {
    assert.deepEqual([readConfig({}).draftRetentionDays, readConfig({}).fileRetentionAfterGedDays], [183, 30])
    const config = readConfig({ DRAFT_RETENTION_DAYS: '90', FILE_RETENTION_AFTER_GED_DAYS: '7' })
    assert.deepEqual([config.draftRetentionDays, config.fileRetentionAfterGedDays], [90, 7])
  })

  it('runs both purges daily', () => {
    const tasks = createTaskList({ pool: suite.pool, mailer: { send: async () => {}, close: () => {} }, publicUrl: 'http://localhost' })
    for (const name of ['purger-brouillons', 'purger-fichiers-deposes']) {
      assert.ok(tasks[name], name)
      assert.match(CRONTAB, new RegExp(`^\\d+ \\d+ \\* \\* \\* ${name}`, 'm'))
    }
  })
})

describe('purger-brouillons', () => {
  it('warns once at 169 days, deletes at 183 days with documents and files, and leaves a sent demande alone', async () => {
    const { user, demandeId, fileId } = await draftWithDocument()
    // A demande of the same assuré, sent and decided, with its own file.
    const sent = await createReceivedDemande(suite.pool)
    await suite.pool.query(`update demande set assure_id = $1, state = 'refusee', updated_at = $2 where id = $3`, [user.assureId, U0, sent.demandeId])
    await suite.pool.query(`update stored_file set owner_assure_id = $1 where id = any($2)`, [user.assureId, [sent.cerfaFileId, sent.files['avis-imposition']]])
    await setUpdatedAt(demandeId, after_(U0, 0, -1))

    assert.deepEqual(await purgeDrafts(suite.pool, after_(U0, 168)), { warned: 0, deleted: 0 })
    assert.equal((await purgeDrafts(suite.pool, after_(U0, 169))).warned, 1)
    assert.equal((await purgeDrafts(suite.pool, after_(U0, 169, 2))).warned, 0)
    assert.equal((await purgeDrafts(suite.pool, after_(U0, 175))).warned, 0)
    const warnings = await warningsOf(user.assureId)
    assert.equal(warnings.length, 1)
    assert.equal(warnings[0]!.kind, 'avertissement_purge')
    assert.equal(warnings[0]!.demande_id, demandeId)
    // Last change on 6 January 2025 (Paris): deleted after 183 days, 8 July 2025.
    assert.match(warnings[0]!.body, /supprimées après le 8 juillet 2025/)
    assert.match(warnings[0]!.body, /validez une étape/)
    assert.equal(await countRows(suite.pool, `select 1 from graphile_worker._private_jobs where key = 'notify:' || $1`, [warnings[0]!.id]), 1)

    assert.deepEqual(await purgeDrafts(suite.pool, after_(U0, 182, 23)), { warned: 0, deleted: 0 })
    assert.deepEqual(await purgeDrafts(suite.pool, after_(U0, 183)), { warned: 0, deleted: 1 })

    assert.equal(await countRows(suite.pool, 'select 1 from demande where id = $1', [demandeId]), 0)
    assert.equal(await countRows(suite.pool, 'select 1 from demande_document where demande_id = $1', [demandeId]), 0)
    assert.equal(await countRows(suite.pool, 'select 1 from stored_file where id = $1', [fileId]), 0)
    assert.equal(await countRows(suite.pool, 'select 1 from demande_event where demande_id = $1', [demandeId]), 0)
    // The sent demande, its documents and files are untouched; the warning stays in the messagerie.
    const { rows } = await suite.pool.query('select state, updated_at from demande where assure_id = $1', [user.assureId])
    assert.deepEqual(rows, [{ state: 'refusee', updated_at: U0 }])
    assert.equal(await countRows(suite.pool, 'select 1 from demande_document where demande_id = $1', [sent.demandeId]), 1)
    assert.equal(await countRows(suite.pool, `select 1 from stored_file where id = any($1) and length(content) > 0`, [[sent.cerfaFileId, sent.files['avis-imposition']]]), 2)
    assert.deepEqual((await warningsOf(user.assureId)).map((m) => [m.kind, m.demande_id]), [['avertissement_purge', null]])
    assert.deepEqual(await purgeDrafts(suite.pool, after_(U0, 400)), { warned: 0, deleted: 0 })
  })

  it('never deletes a draft whose warning went out less than 14 days before (a job that did not run for a while)', async () => {
    const { demandeId } = await draftWithDocument()
    await setUpdatedAt(demandeId, after_(U0, 0, -1))
    assert.deepEqual(await purgeDrafts(suite.pool, after_(U0, 250)), { warned: 1, deleted: 0 })
    assert.deepEqual(await purgeDrafts(suite.pool, after_(U0, 263)), { warned: 0, deleted: 0 })
    assert.deepEqual(await purgeDrafts(suite.pool, after_(U0, 264)), { warned: 0, deleted: 1 })
  })

  it('restarts the clock when a step is saved after the warning, and warns again for the new period', async () => {
    const { user, demandeId } = await draftWithDocument()
    await setUpdatedAt(demandeId, after_(U0, 0, -1))
    assert.equal((await purgeDrafts(suite.pool, after_(U0, 169))).warned, 1)

    const response = await savePage(suite.app, user, salariePath[0]![0], salariePath[0]![1])
    assert.equal(response.statusCode, 303)
    // (read back to the millisecond; the clock below goes an hour past each limit)
    const saved = await updatedAtOf(demandeId)
    assert.ok(saved > after_(U0, 1))

    assert.deepEqual(await purgeDrafts(suite.pool, after_(U0, 183)), { warned: 0, deleted: 0 })
    assert.deepEqual(await purgeDrafts(suite.pool, after_(saved, 168)), { warned: 0, deleted: 0 })
    assert.equal(await countRows(suite.pool, 'select 1 from demande where id = $1', [demandeId]), 1)

    assert.deepEqual(await purgeDrafts(suite.pool, after_(saved, 169, 1)), { warned: 1, deleted: 0 })
    assert.deepEqual((await warningsOf(user.assureId)).map((m) => m.kind).sort(), ['avertissement_purge', 'avertissement_purge_ancien'])
    assert.deepEqual(await purgeDrafts(suite.pool, after_(saved, 183, 1)), { warned: 0, deleted: 1 })
  })

  it('refuses a second warning for the same draft at the database', async () => {
    const { user, demandeId } = await draftWithDocument()
    const insert = () => suite.pool.query(
      `insert into message (assure_id, demande_id, author, kind, subject, body) values ($1, $2, 'caisse', 'avertissement_purge', 's', 'b')`,
      [user.assureId, demandeId],
    )
    await insert()
    await assert.rejects(insert, /message_one_avertissement_purge/)
  })
})

describe('purger-fichiers-deposes', () => {
  async function deposit(demandeId: string, fileId: string, type: string, state: string, depositedAt: Date | null) {
    await suite.pool.query(
      `insert into ged_deposit (deposit_key, demande_id, document_type, file_id, state, deposited_at) values ($1, $2, $3, $4, $5, $6)`,
      [`${demandeId}-${type}-${fileId}-${state}`, demandeId, type, fileId, state, depositedAt],
    )
  }

  async function fileState(fileId: string): Promise<{ size: number; purged: Date | null; byteSize: number }> {
    const { rows } = await suite.pool.query('select length(content) as size, purged_at as purged, byte_size as "byteSize" from stored_file where id = $1', [fileId])
    return rows[0]
  }

  it('empties the files the GED confirmed 30 days ago, not before, not while a deposit is pending, never a message attachment', async () => {
    const user = await signInAs(suite.app, suite.pool)
    const demande = await createReceivedDemande(suite.pool)
    await suite.pool.query('update demande set assure_id = $1 where id = $2', [user.assureId, demande.demandeId])
    const cerfa = demande.cerfaFileId!
    const avis = demande.files['avis-imposition']!
    await suite.pool.query(`update stored_file set owner_assure_id = $1 where id = any($2)`, [user.assureId, [cerfa, avis]])
    const confirmed = new Date('2026-04-02T10:00:00Z')
    await deposit(demande.demandeId, cerfa, 'demande-pension-invalidite', 'depose', confirmed)
    await deposit(demande.demandeId, avis, 'avis-imposition', 'en_attente', null)
    // A message attachment (a reply's file), never deposited.
    const attachment = await storeFile(suite.pool, user.assureId, await pdfAvisImposition(1), 'reponse.pdf')
    const { rows } = await suite.pool.query<{ id: string }>(
      `insert into message (assure_id, demande_id, author, kind, subject, body) values ($1, $2, 'caisse', 'echange', 'Votre Cerfa', 'Ci-joint') returning id`,
      [user.assureId, demande.demandeId],
    )
    const messageId = rows[0]!.id
    await suite.pool.query('insert into message_attachment (message_id, file_id) values ($1, $2), ($1, $3)', [messageId, cerfa, attachment])

    assert.equal(await purgeDepositedFiles(suite.pool, after_(confirmed, 29, 23)), 0)
    assert.equal((await get(suite.app, user, `/messagerie/${messageId}/pieces/${cerfa}`)).statusCode, 200)

    const purgeAt = after_(confirmed, 30, 1)
    assert.equal(await purgeDepositedFiles(suite.pool, purgeAt), 1)
    const purged = await fileState(cerfa)
    assert.deepEqual([purged.size, purged.purged], [0, purgeAt])
    assert.ok(purged.byteSize > 0)
    // Pending deposit: kept. Attachment never deposited: kept, even years later.
    assert.equal((await fileState(avis)).purged, null)
    assert.equal(await purgeDepositedFiles(suite.pool, after_(confirmed, 3000)), 0)
    assert.ok((await fileState(attachment)).size > 0)

    // Once confirmed in turn, its 30 days start from its own confirmation.
    await suite.pool.query(`update ged_deposit set state = 'depose', deposited_at = $2 where file_id = $1`, [avis, after_(confirmed, 10)])
    assert.equal(await purgeDepositedFiles(suite.pool, after_(confirmed, 39)), 0)
    assert.equal(await purgeDepositedFiles(suite.pool, after_(confirmed, 40, 1)), 1)
    assert.equal((await fileState(avis)).size, 0)
    assert.equal(await purgeDepositedFiles(suite.pool, after_(confirmed, 3000)), 0)

    const download = await get(suite.app, user, `/messagerie/${messageId}/pieces/${cerfa}`)
    assert.equal(download.statusCode, 410)
    assert.match(download.headers['content-type'] as string, /text\/html/)
    assert.match(visibleText(download.body), /Ce document a été transmis à la GED de votre caisse et n'est plus conservé ici/)
    assert.equal((await get(suite.app, user, `/messagerie/${messageId}/pieces/${attachment}`)).statusCode, 200)
  })

  it('keeps a file while any of its deposits is not confirmed (a failed one included)', async () => {
    const demande = await createReceivedDemande(suite.pool)
    const cerfa = demande.cerfaFileId!
    await deposit(demande.demandeId, cerfa, 'demande-pension-invalidite', 'depose', new Date('2026-04-02T10:00:00Z'))
    await deposit(demande.demandeId, cerfa, 'demande-pension-invalidite-bis', 'echec', null)
    assert.equal(await purgeDepositedFiles(suite.pool, new Date('2027-01-01T00:00:00Z')), 0)
    assert.ok((await fileState(cerfa)).size > 0)
  })
})
