import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { documentRequestMessage, documentRequestSchema, MAX_PIECES_LENGTH } from './document-request.ts'

describe('documentRequestSchema', () => {
  it('takes the agent’s list, trimmed, line breaks as one character', () => {
    assert.deepEqual(documentRequestSchema.parse({ pieces: ' - Avis d’imposition 2025\r\n- Titre de séjour \n' }), { pieces: '- Avis d’imposition 2025\n- Titre de séjour' })
  })

  it('asks for a list when there is none', () => {
    for (const input of [{}, { pieces: '  \r\n ' }]) {
      const result = documentRequestSchema.safeParse(input)
      assert.equal(result.success, false)
      assert.equal(result.error!.issues[0]!.message, 'Indiquez les justificatifs à demander à l’assuré')
    }
  })

  it('refuses a list longer than 3 000 characters', () => {
    const result = documentRequestSchema.safeParse({ pieces: 'a'.repeat(MAX_PIECES_LENGTH + 1) })
    assert.equal(result.error!.issues[0]!.message, 'La liste des justificatifs doit faire 3 000 caractères au plus : raccourcissez-la')
  })
})

describe('documentRequestMessage', () => {
  it('carries the numero and the list, and says how to answer and what happens to the delay', () => {
    const { subject, body } = documentRequestMessage({ numero: 'PI-2026-0000001', pieces: '- Avis d’imposition 2025' })
    assert.equal(subject, "Justificatifs à fournir pour votre demande de pension d'invalidité")
    assert.match(body, /n° PI-2026-0000001/)
    assert.match(body, /\n\n- Avis d’imposition 2025\n\n/)
    assert.match(body, /répondez à ce message en joignant les documents/)
    assert.match(body, /prolongée jusqu'à la réception de ces justificatifs, dans la limite de 2 mois/)
  })
})
