// The bench's ceiling (bench/ceiling.ts) compares like with like: replayed as another assuré, the
// statements recorded from a real démarche (sign-in through the identity provider, every step,
// the upload, the submission) reach PostgreSQL as the same statements, in the same order, within
// the same transactions — and they really do the démarche again: a second demande is received.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTestService, type TestService } from '../support/service.ts'
import { countRows } from '../support/demarche.ts'
import { demoAccounts } from '../../src/identity/demo-provider/accounts.ts'
import { benchAccount } from '../../src/identity/demo-provider/bench-accounts.ts'
import { runDemarche } from '../../bench/assure.ts'
import { avisImpositionPdf } from '../../bench/avis-pdf.ts'
import { planReplay, replayOnce } from '../../bench/ceiling.ts'
import { startRecording, stopRecording, type RecordedStatement } from '../../bench/record-sql.ts'
import { StepTimings } from '../../bench/stats.ts'

let service: TestService
let recorded: RecordedStatement[]
let avisBytes: number

before(async () => {
  service = await startTestService({ worker: false })
  const avis = await avisImpositionPdf(20 * 1024)
  avisBytes = avis.length
  const baseUrl = new URL(service.baseUrl)
  startRecording()
  try {
    // Number 2: a non-EU national (AGDREF, titre de séjour uploaded too), salarié(e) of one employer.
    await runDemarche({ baseUrl, publicUrl: baseUrl }, 'assure.69', 2, new StepTimings(), avis)
  } finally {
    recorded = stopRecording()
  }
})

after(() => service.close())

/** Each statement with the transaction it ran in (numbered in order of their begin), or none. */
function shape(statements: RecordedStatement[]): string[] {
  const open = new Map<number, number>()
  let transactions = 0
  return statements.map(({ connection, text }) => {
    if (/^\s*begin\s*$/i.test(text)) open.set(connection, ++transactions)
    const transaction = open.get(connection)
    if (/^\s*(commit|rollback)\s*$/i.test(text)) open.delete(connection)
    return `${transaction === undefined ? 'hors transaction' : `transaction ${transaction}`} | ${text.replace(/\s+/g, ' ').trim()}`
  })
}

describe('the ceiling replay of the bench', () => {
  it('records what a whole démarche asks of the database, submission included', () => {
    const texts = recorded.map((statement) => statement.text)
    assert.ok(texts.some((text) => /insert into assure/i.test(text)), 'the sign-in writes the assuré')
    assert.ok(texts.some((text) => /insert into stored_file/i.test(text)), 'the upload stores the file')
    assert.ok(texts.some((text) => /set state = 'recue'/i.test(text)), 'the submission receives the demande')
    assert.ok(texts.filter((text) => /^\s*begin\s*$/i.test(text)).length >= 5, 'pages, uploads and submission each in a transaction')
  })

  it('sends the same statements in the same order and transactions, as another assuré, and submits a second demande', async () => {
    const account = benchAccount(7)
    const recordedAccount = demoAccounts.find(({ login }) => login === 'assure.69')!
    assert.equal(recordedAccount.kind, 'assure')
    const plan = planReplay(recorded, { sub: recordedAccount.sub, nir: recordedAccount.kind === 'assure' ? recordedAccount.claims.nir : '' })
    startRecording()
    let replayed: RecordedStatement[]
    try {
      await replayOnce(service.database.pool, plan, { sub: account.sub, nir: account.claims.nir })
    } finally {
      replayed = stopRecording()
    }
    assert.deepEqual(shape(replayed), shape(recorded))

    const { rows } = await service.database.pool.query<{ oidc_subject: string; nir: string; state: string; numero: string | null }>(
      'select a.oidc_subject, a.nir, d.state, d.numero from demande d join assure a on a.id = d.assure_id order by d.created_at',
    )
    assert.equal(rows.length, 2, 'the recorded demande and the replayed one')
    assert.deepEqual(rows.map(({ oidc_subject, nir, state }) => ({ oidc_subject, nir, state })), [
      { oidc_subject: recordedAccount.sub, nir: recordedAccount.claims.nir, state: 'recue' },
      { oidc_subject: account.sub, nir: account.claims.nir, state: 'recue' },
    ])
    assert.notEqual(rows[0]!.numero, rows[1]!.numero)
    assert.equal(await countRows(service.database.pool, 'select 1 from stored_file where byte_size = $1', [avisBytes]), 4, 'avis and titre de séjour, twice')
    assert.equal(await countRows(service.database.pool, `select 1 from message where kind = 'accuse_reception'`), 2)
  })
})
