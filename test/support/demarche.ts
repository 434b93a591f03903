// The démarche driven over HTTP as a browser without JavaScript would drive it (forms posted with
// the session's CSRF token, files in multipart), and what the database holds afterwards.
import { createHash, randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { Pool } from '../../src/platform/db/pool.ts'
import type { PageId } from '../../src/demarche/domain/answers.ts'
import { addDays, todayInParis } from '../../src/shared/dates.ts'
import { signInAs, type SignedIn } from './sign-in.ts'

export const BASE = '/demarches/pension-invalidite'

export type Form = Record<string, string | string[]>

// One valid form per page, for a salariée of one employer, French, not seen by the médecin conseil.
export const forms = {
  informationsGenerales: { vuMedecinConseil: 'non' },
  francaise: { nationalite: 'francaise' },
  etrangere: { nationalite: 'autre', agdref: '7501234567' },
  salarie: { situation: 'salarie' },
  chomage: { situation: 'chomage' },
  unEmployeur: { plusieursEmployeurs: 'non' },
  employeur: {
    employeurNom: 'Boulangerie du Canal',
    employeurAdresse: '3 quai de Seine, 93200 Saint-Denis',
    employeurSiret: '732 829 320 00074',
    ...dateFields('dateDebutContrat', '1', '9', '2015'),
    contratTermine: 'non',
    arretTravail: 'oui',
    ...dateFields('dateArretTravail', '12', '2', '2025'),
  },
  complementaires: { accident: 'non', autreRegime: 'non', travailEtranger: 'non', pensions: 'aucune' },
  attestation: { attestation: 'oui' },
} satisfies Record<string, Form>

// What those forms leave in demande.answers, page by page.
export const savedAnswers = {
  informationsGenerales: { vuMedecinConseil: 'non' },
  francaise: { nationalite: 'francaise' },
  salarie: { situation: 'salarie' },
  unEmployeur: { plusieursEmployeurs: 'non' },
  employeur: {
    employeurNom: 'Boulangerie du Canal',
    employeurAdresse: '3 quai de Seine, 93200 Saint-Denis',
    employeurSiret: '73282932000074',
    dateDebutContrat: '2015-09-01',
    contratTermine: 'non',
    arretTravail: 'oui',
    dateArretTravail: '2025-02-12',
  },
  complementaires: { accident: 'non', autreRegime: 'non', travailEtranger: 'non', pensions: ['aucune'] },
  attestation: { attestation: 'oui' },
}

export const EMPLOYER_FIELDS = ['plusieursEmployeurs', ...Object.keys(savedAnswers.employeur)]

// The salariée's whole path, each step with the page its validation leads to.
export const salariePath: Array<[PageId, Form, string]> = [
  ['informations-generales', forms.informationsGenerales, 'coordonnees'],
  ['coordonnees', forms.francaise, 'situation-professionnelle'],
  ['situation-professionnelle', forms.salarie, 'plusieurs-employeurs'],
  ['plusieurs-employeurs', forms.unEmployeur, 'employeur'],
  ['employeur', forms.employeur, 'informations-complementaires'],
  ['informations-complementaires', forms.complementaires, 'recapitulatif'],
  ['recapitulatif', forms.attestation, 'pieces-justificatives'],
]

export function dateFields(name: string, jour: string, mois: string, annee: string): Form {
  return { [`${name}-jour`]: jour, [`${name}-mois`]: mois, [`${name}-annee`]: annee }
}

/** A date `days` after today in Paris, as the three boxes of a date input. */
export function dateFromToday(name: string, days: number): Form {
  const [annee, mois, jour] = addDays(todayInParis(new Date()), days).split('-') as [string, string, string]
  return dateFields(name, String(Number(jour)), String(Number(mois)), annee)
}

export function postForm(app: FastifyInstance, user: SignedIn, url: string, form: Form, csrfToken: string | null = user.csrfToken) {
  const body = new URLSearchParams()
  if (csrfToken !== null) body.append('_csrf', csrfToken)
  for (const [name, value] of Object.entries(form)) for (const item of [value].flat()) body.append(name, item)
  return app.inject({ method: 'POST', url, headers: { cookie: user.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() })
}

export function savePage(app: FastifyInstance, user: SignedIn, page: string, form: Form, csrfToken?: string | null) {
  return postForm(app, user, `${BASE}/${page}`, form, csrfToken)
}

export function get(app: FastifyInstance, user: SignedIn, url: string) {
  return app.inject({ method: 'GET', url, headers: { cookie: user.cookie } })
}

/** Walks `path` page by page, checking that each validated page leads where it should. */
/** A signed-in assurée whose draft has reached the justificatifs (salariée, French, no pension). */
export async function atJustificatifs(app: FastifyInstance, pool: Pool): Promise<SignedIn> {
  const user = await signInAs(app, pool)
  await walk(app, user, salariePath)
  return user
}

export async function walk(app: FastifyInstance, user: SignedIn, path: Array<[PageId, Form, string]>): Promise<void> {
  for (const [page, form, next] of path) {
    const response = await savePage(app, user, page, form)
    if (response.statusCode !== 303 || response.headers.location !== `${BASE}/${next}`) {
      throw new Error(`${page}: ${response.statusCode} ${String(response.headers.location)}\n${visibleText(response.body).slice(0, 600)}`)
    }
  }
}

export type Upload = { filename: string; contentType: string; bytes: Buffer }

export function upload(app: FastifyInstance, user: SignedIn, kind: string, files: Upload[], csrfToken: string | null = user.csrfToken) {
  const boundary = `----test${randomUUID()}`
  const chunks = files.flatMap((file) => [
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="fichiers"; filename="${file.filename}"\r\nContent-Type: ${file.contentType}\r\n\r\n`, 'utf8'),
    file.bytes,
    Buffer.from('\r\n'),
  ])
  const query = new URLSearchParams({ type: kind, ...(csrfToken === null ? {} : { _csrf: csrfToken }) })
  return app.inject({
    method: 'POST',
    url: `${BASE}/pieces-justificatives/ajouter?${query}`,
    headers: { cookie: user.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]),
  })
}

/** The text of a page as read on screen: tags removed, entities decoded, spaces collapsed. */
export function visibleText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
}

export type DemandeRow = {
  id: string
  state: string
  answers: Record<string, unknown>
  numero: string | null
  caisse_code: string
  received_at: Date | null
  answer_due_on: string | null
  submitted: { answers: Record<string, unknown>; documents: Array<Record<string, unknown>>; identity: Record<string, unknown> } | null
  updated_at: Date
}

export async function demandesOf(pool: Pool, assureId: string): Promise<DemandeRow[]> {
  const { rows } = await pool.query<DemandeRow>('select * from demande where assure_id = $1 order by created_at', [assureId])
  return rows
}

export async function onlyDemandeOf(pool: Pool, assureId: string): Promise<DemandeRow> {
  const rows = await demandesOf(pool, assureId)
  if (rows.length !== 1) throw new Error(`${rows.length} demandes pour cet assuré, une attendue`)
  return rows[0]!
}

export type StoredFileRow = { id: string; kind: string; media_type: string; byte_size: number; sha256: string; display_name: string; content: Buffer }

/** The files of the assuré (attached to a demande or not), oldest first. */
export async function storedFilesOf(pool: Pool, assureId: string): Promise<StoredFileRow[]> {
  const { rows } = await pool.query<StoredFileRow>(
    `select f.id, d.kind, f.media_type, f.byte_size, f.sha256, f.display_name, f.content
       from stored_file f left join demande_document d on d.file_id = f.id
      where f.owner_assure_id = $1 order by coalesce(d.created_at, f.created_at), f.id`,
    [assureId],
  )
  return rows
}

export async function documentsOf(pool: Pool, assureId: string): Promise<Array<{ id: string; kind: string; file_id: string }>> {
  const { rows } = await pool.query(
    'select d.id, d.kind, d.file_id from demande_document d join demande m on m.id = d.demande_id where m.assure_id = $1 order by d.created_at, d.id',
    [assureId],
  )
  return rows
}

export async function messagesOf(pool: Pool, assureId: string): Promise<Array<{ id: string; kind: string; subject: string; body: string; demande_id: string | null }>> {
  const { rows } = await pool.query('select id, kind, subject, body, demande_id from message where assure_id = $1 order by created_at', [assureId])
  return rows
}

// graphile-worker 0.17 keeps its jobs in _private_jobs (the public view graphile_worker.jobs has
// no payload), the task names in _private_tasks.
export async function jobsFor(pool: Pool, messageIds: string[]): Promise<Array<{ task: string; payload: { messageId: string }; key: string | null }>> {
  const { rows } = await pool.query(
    `select t.identifier as task, j.payload, j.key
       from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      where j.payload->>'messageId' = any($1::text[]) order by j.id`,
    [messageIds],
  )
  return rows
}

export async function countRows(pool: Pool, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await pool.query<{ count: number }>(`select count(*)::int as count from (${sql}) as counted`, params)
  return rows[0]!.count
}

export async function allJobs(pool: Pool): Promise<number> {
  return countRows(pool, 'select 1 from graphile_worker._private_jobs')
}

// A PDF protected by a password, written by hand as the PDF 1.4 standard security handler
// (revision 2, RC4 40 bits; ISO 32000-1 §7.6.3, algorithms 1 to 4) encrypts it: its page's content
// stream really is encrypted, and only the user password opens it. pdf-lib cannot encrypt.
export const ENCRYPTED_PDF_USER_PASSWORD = 'secret'
const PASSWORD_PADDING = Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex')
const PERMISSIONS = -3904 // everything allowed but printing, copying and modifying (bits 3–6 cleared)
const FILE_ID = Buffer.from('8d2f3c1a9b7e4f60a1c2d3e4f5061728', 'hex')

export function encryptedPdf(userPassword = ENCRYPTED_PDF_USER_PASSWORD, ownerPassword = 'proprietaire'): Buffer {
  const ownerKey = md5(pad(ownerPassword)).subarray(0, 5)
  const o = rc4(ownerKey, pad(userPassword))
  const key = fileKey(userPassword, o)
  const u = rc4(key, PASSWORD_PADDING)
  const content = Buffer.from("BT /F1 14 Tf 50 780 Td (Avis d'impot 2026 sur les revenus de 2025) Tj ET", 'latin1')
  const objectKey = md5(Buffer.concat([key, Buffer.from([4, 0, 0, 0, 0])])).subarray(0, 10)
  const encryptedContent = rc4(objectKey, content)
  const objects: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>'),
    Buffer.concat([Buffer.from(`<< /Length ${encryptedContent.length} >>\nstream\n`), encryptedContent, Buffer.from('\nendstream')]),
    Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'),
    Buffer.from(`<< /Filter /Standard /V 1 /R 2 /Length 40 /O <${o.toString('hex')}> /U <${u.toString('hex')}> /P ${PERMISSIONS} >>`),
  ]
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')]
  const offsets: number[] = []
  let length = parts[0]!.length
  objects.forEach((object, index) => {
    const part = Buffer.concat([Buffer.from(`${index + 1} 0 obj\n`), object, Buffer.from('\nendobj\n')])
    offsets.push(length)
    parts.push(part)
    length += part.length
  })
  const xref = ['xref', `0 ${objects.length + 1}`, '0000000000 65535 f \n', ...offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`)]
  parts.push(Buffer.from(
    `${xref[0]}\n${xref[1]}\n${xref.slice(2).join('')}` +
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 6 0 R /ID [<${FILE_ID.toString('hex')}> <${FILE_ID.toString('hex')}>] >>\n` +
    `startxref\n${length}\n%%EOF\n`,
  ))
  return Buffer.concat(parts)
}

/** Algorithm 6 of the standard security handler: does `password` open the file as its user? */
export function opensWithUserPassword(pdf: Buffer, password: string): boolean {
  const text = pdf.toString('latin1')
  const o = Buffer.from(/\/O <([0-9a-f]+)>/.exec(text)![1]!, 'hex')
  const u = Buffer.from(/\/U <([0-9a-f]+)>/.exec(text)![1]!, 'hex')
  return rc4(fileKey(password, o), PASSWORD_PADDING).equals(u)
}

function fileKey(userPassword: string, o: Buffer): Buffer {
  const p = Buffer.alloc(4)
  p.writeInt32LE(PERMISSIONS)
  return md5(Buffer.concat([pad(userPassword), o, p, FILE_ID])).subarray(0, 5)
}

function pad(password: string): Buffer {
  return Buffer.concat([Buffer.from(password, 'latin1'), PASSWORD_PADDING]).subarray(0, 32)
}

function md5(bytes: Buffer): Buffer {
  return createHash('md5').update(bytes).digest()
}

// RC4, written out: OpenSSL 3 keeps it in its legacy provider, which Node does not load.
export function rc4(key: Buffer, data: Buffer): Buffer {
  const s = Array.from({ length: 256 }, (_, i) => i)
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 0xff
    ;[s[i], s[j]] = [s[j]!, s[i]!]
  }
  const out = Buffer.alloc(data.length)
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 0xff
    j = (j + s[i]!) & 0xff
    ;[s[i], s[j]] = [s[j]!, s[i]!]
    out[n] = data[n]! ^ s[(s[i]! + s[j]!) & 0xff]!
  }
  return out
}
