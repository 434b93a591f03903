// For the GED deposit tests: a demande as the submission and the Cerfa job leave it, the deposit
// service started as a real process, the jobs run as the worker would run them when they are due.
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { createInterface } from 'node:readline'
import { PDFDocument } from 'pdf-lib'
import { Logger, runTaskListOnce, type TaskList } from 'graphile-worker'
import type { Pool } from '../../src/platform/db/pool.ts'
import type { DocumentKind } from '../../src/demarche/domain/documents.ts'
import { findAssureProfile, upsertAssureFromClaims } from '../../src/identity/assure-repository.ts'
import { inspectUpload } from '../../src/documents/inspect-upload.ts'
import { insertStoredFile } from '../../src/documents/stored-files.ts'
import type { GedDocument, GedIndex } from '../../src/documents/ged/ged-port.ts'
import { assureClaims } from './sign-in.ts'
import { pdfAvisImposition, pngImage } from './files.ts'

export const RECEIVED_AT = new Date('2026-03-31T22:30:00Z') // 1 April 2026 in Paris

export type ReceivedDemande = { demandeId: string; assureId: string; numero: string; cerfaFileId: string | null; files: Record<string, string> }

/** A received demande with its justificatifs (files named as a user would name them) and its Cerfa. */
export async function createReceivedDemande(pool: Pool, options: { kinds?: DocumentKind[]; cerfa?: boolean; organismeCode?: string; answers?: Record<string, unknown> } = {}): Promise<ReceivedDemande> {
  const assureId = await upsertAssureFromClaims(pool, assureClaims())
  const identity = await findAssureProfile(pool, assureId)
  const files: Record<string, string> = {}
  const documents = []
  for (const kind of options.kinds ?? ['avis-imposition']) {
    const bytes = kind === 'titre-sejour' ? pngImage() : await pdfAvisImposition(1)
    const fileId = await storeFile(pool, assureId, bytes, `${kind} de Sophie Lefèvre.${kind === 'titre-sejour' ? 'png' : 'pdf'}`)
    files[kind] = fileId
    documents.push({ kind, fileId })
  }
  const cerfaFileId = options.cerfa === false ? null : await storeFile(pool, assureId, await cerfaPdf(), 'cerfa.pdf')
  const { rows } = await pool.query<{ id: string; numero: string }>(
    `insert into demande (assure_id, state, numero, caisse_code, organisme_code, channel, received_at, answer_due_on, submitted, cerfa_file_id)
     values ($1, 'recue', 'PI-2026-' || lpad(nextval('demande_numero_seq')::text, 7, '0'), '93', $2, 'web-ordinateur', $3, '2026-06-01', $4, $5)
     returning id, numero`,
    [assureId, options.organismeCode ?? 'CRAMIF', RECEIVED_AT, JSON.stringify({ identity, answers: options.answers ?? {}, documents: [] }), cerfaFileId],
  )
  const demande = rows[0]!
  for (const document of documents) {
    await pool.query('insert into demande_document (demande_id, kind, file_id, created_at) values ($1, $2, $3, clock_timestamp())', [demande.id, document.kind, document.fileId])
  }
  return { demandeId: demande.id, assureId, numero: demande.numero, cerfaFileId, files }
}

export async function storeFile(pool: Pool, assureId: string, bytes: Buffer, name: string): Promise<string> {
  const inspected = await inspectUpload(bytes, name)
  if (!inspected.ok) throw new Error(inspected.message)
  return insertStoredFile(pool, assureId, inspected.file)
}

async function cerfaPdf(): Promise<Buffer> {
  const document = await PDFDocument.create()
  document.addPage().drawText("Demande de pension d'invalidite (S4150)")
  return Buffer.from(await document.save())
}

/** A document as the deposit job hands it to an adapter: Sophie Lefèvre's, for the CRAMIF. */
export function gedDocument(depositKey: string, content: Buffer, index: Partial<GedIndex> = {}): GedDocument {
  return {
    depositKey,
    content,
    index: {
      type: 'avis-imposition',
      nir: '278047511304789',
      nom: 'Lefèvre',
      prenom: 'Sophie Anne',
      dateNaissance: '1978-04-12',
      organismeDestinataire: { code: 'CRAMIF', nom: "Caisse régionale d'assurance maladie d'Île-de-France" },
      dateReception: '2026-04-01',
      numeroDemande: depositKey.slice(0, 15),
      checksum: createHash('sha256').update(content).digest('hex'),
      fileName: `${depositKey}.pdf`,
      mediaType: 'application/pdf',
      ...index,
    },
  }
}

export type DepositRow = {
  id: string
  deposit_key: string
  document_type: string
  file_id: string
  state: string
  attempts: number
  last_error: string | null
  ged_reference: string | null
  deposited_at: Date | null
}

export async function depositsOf(pool: Pool, demandeId: string): Promise<DepositRow[]> {
  const { rows } = await pool.query<DepositRow>('select * from ged_deposit where demande_id = $1 order by deposit_key', [demandeId])
  return rows
}

export type GedJob = { key: string | null; payload: { depositId: string }; attempts: number; max_attempts: number; run_at: Date; locked_at: Date | null }

export async function gedJobs(pool: Pool): Promise<GedJob[]> {
  const { rows } = await pool.query<GedJob>(
    `select j.key, j.payload, j.attempts, j.max_attempts, j.run_at, j.locked_at
       from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      where t.identifier = 'deposit-in-ged' order by j.id`,
  )
  return rows
}

const silent = new Logger(() => () => {})

/**
 * Runs every job now, as if their backoff had elapsed. graphile-worker's runTaskListOnce first
 * frees the jobs of workers dead for 4 hours, as a running worker does from time to time.
 */
export async function runDueJobs(pool: Pool, taskList: TaskList): Promise<void> {
  await pool.query('update graphile_worker._private_jobs set run_at = now() where locked_at is null and attempts < max_attempts')
  const client = await pool.connect()
  try {
    await runTaskListOnce({ logger: silent }, taskList, client).promise
  } finally {
    client.release()
  }
  // runOnce may return before it has released the job it ran (its completion is not awaited).
  for (let wait = 0; wait < 500; wait++) {
    const { rows } = await pool.query<{ locked: number }>('select count(*)::int as locked from graphile_worker._private_jobs where locked_at is not null')
    if (rows[0]!.locked === 0) return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error('un job reste verrouillé après runOnce')
}

/** Files the GED can see in a folder (the dot-files are temporary files and the journal). */
export async function visibleFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => !name.startsWith('.')).sort()
}

export async function temporaryFiles(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).filter((name) => name.endsWith('.tmp'))
}

export const GED_TOKEN = 'jeton-de-test-du-service-de-depot'

export type GedServerProcess = { url: string; child: ChildProcess; stop(): Promise<void> }

/** The deposit service as its own process (`node ged-server.ts`), on a free port it reports. */
export async function startGedServerProcess(dir: string): Promise<GedServerProcess> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('../../src/documents/ged/ged-server.ts', import.meta.url))], {
    env: { ...process.env, GED_SERVER_PORT: '0', GED_SERVER_DIR: dir, GED_SERVER_TOKEN: GED_TOKEN, GED_SERVER_TEST_CONTROLS: 'on' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`le service de dépôt s'est arrêté (code ${code})`)))
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /(http:\/\/\S+)/.exec(line)
      if (match) resolve(match[1]!)
    })
  })
  return {
    url,
    child,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve()
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
    }),
  }
}

/** The next `requests` deposits get a 503 from the service. */
export async function makeGedUnavailable(server: GedServerProcess, requests: number): Promise<void> {
  const response = await fetch(`${server.url}/_test/indisponible`, {
    method: 'POST',
    headers: { authorization: `Bearer ${GED_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ requetes: requests }),
  })
  if (response.status !== 204) throw new Error(`_test/indisponible : ${response.status}`)
}
