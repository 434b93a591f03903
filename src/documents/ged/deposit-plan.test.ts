import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { DOCUMENT_KINDS } from '../../demarche/domain/documents.ts'
import { gedIndexFor, plannedDeposits, type IndexSource } from './deposit-plan.ts'
import { depositKeySchema, GED_DOCUMENT_TYPES, GedError, gedDocumentTypeLabel, gedTypeOfDocumentKind } from './ged-port.ts'

const CERFA = '0b8e5a52-1c1f-4f5e-9a4e-6d2b8f0c1a11'
const AVIS = '5d7f2c3a-9b8e-4c1d-a2f3-b4c5d6e7f809'
const TITRE = 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f'

describe('plannedDeposits', () => {
  it('plans the Cerfa first, then each justificatif with its GED type, each under a key of its own', () => {
    const planned = plannedDeposits({
      numero: 'PI-2026-0000042',
      cerfaFileId: CERFA,
      documents: [{ kind: 'avis-imposition', fileId: AVIS }, { kind: 'titre-sejour', fileId: TITRE }],
    })
    assert.deepEqual(planned, [
      { documentType: 'demande-pension-invalidite', fileId: CERFA, depositKey: `PI-2026-0000042-demande-pension-invalidite-${CERFA}` },
      { documentType: 'avis-imposition', fileId: AVIS, depositKey: `PI-2026-0000042-avis-imposition-${AVIS}` },
      { documentType: 'titre-sejour', fileId: TITRE, depositKey: `PI-2026-0000042-titre-sejour-${TITRE}` },
    ])
    assert.ok(planned.every((deposit) => depositKeySchema.safeParse(deposit.depositKey).success))
  })

  it('plans no Cerfa before there is one', () => {
    assert.deepEqual(plannedDeposits({ numero: 'PI-2026-0000042', cerfaFileId: null, documents: [] }), [])
  })

  it('gives every kind of justificatif a GED type, and every GED type a French label', () => {
    for (const kind of DOCUMENT_KINDS) assert.ok(GED_DOCUMENT_TYPES.includes(gedTypeOfDocumentKind[kind]))
    for (const type of GED_DOCUMENT_TYPES) assert.ok(gedDocumentTypeLabel[type].length > 0)
  })
})

describe('gedIndexFor', () => {
  const content = Buffer.from('%PDF-1.7 avis')
  const source: IndexSource = {
    depositKey: `PI-2026-0000042-avis-imposition-${AVIS}`,
    documentType: 'avis-imposition',
    mediaType: 'application/pdf',
    content,
    numero: 'PI-2026-0000042',
    receivedAt: new Date('2026-03-31T22:30:00Z'),
    organismeCode: 'CRAMIF',
    identity: { nir: '278047511304789', nom: 'Lefèvre', prenoms: 'Sophie Anne', dateNaissance: '1978-04-12' },
  }

  it('indexes the document by the assuré, the organisme, the date of receipt in Paris, the numero and the checksum', () => {
    assert.deepEqual(gedIndexFor(source), {
      type: 'avis-imposition',
      nir: '278047511304789',
      nom: 'Lefèvre',
      prenom: 'Sophie Anne',
      dateNaissance: '1978-04-12',
      organismeDestinataire: { code: 'CRAMIF', nom: "Caisse régionale d'assurance maladie d'Île-de-France" },
      dateReception: '2026-04-01',
      numeroDemande: 'PI-2026-0000042',
      checksum: createHash('sha256').update(content).digest('hex'),
      fileName: `PI-2026-0000042-avis-imposition-${AVIS}.pdf`,
      mediaType: 'application/pdf',
    })
  })

  it('names the caisse that instructs the demande itself', () => {
    assert.deepEqual(gedIndexFor({ ...source, organismeCode: '77' }).organismeDestinataire, { code: '77', nom: 'CPAM de Seine-et-Marne' })
  })

  it('refuses data that make no valid index, with a code and nothing of the data', () => {
    const wrongs: Array<Partial<IndexSource>> = [{ organismeCode: 'INCONNU' }, { identity: null }, { identity: { ...source.identity!, nir: '278047511304780' } }]
    for (const wrong of wrongs) {
      assert.throws(() => gedIndexFor({ ...source, ...wrong }), (error: unknown) => error instanceof GedError && error.message === 'index-invalide' && error.permanent)
    }
  })
})
