import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { LocalDate } from '../../shared/dates.ts'
import { decisionMessage, DECISION_SUBJECT, isImplicitRefusalToNotify, type ImplicitRefusal } from './decision-notification.ts'

const demande = { numero: 'PI-2026-0000042', receivedOn: '2026-01-31' as LocalDate }

describe('decisionMessage', () => {
  it('an accord gives the category and the date d’effet', () => {
    const message = decisionMessage(demande, { type: 'accord', categorie: 1, dateEffet: '2026-04-01' as LocalDate })
    assert.equal(message.subject, DECISION_SUBJECT)
    assert.match(message.body, /n° PI-2026-0000042, reçue le 31 janvier 2026, est acceptée : une pension d'invalidité de 1re catégorie vous est accordée à compter du 1er avril 2026\./)
    assert.match(message.body, /Vous trouverez ci-joint le courrier/)
  })

  it('a refus says so, and leaves the reason to the letter', () => {
    const message = decisionMessage(demande, { type: 'refus', motif: 'medical', raison: 'Raison médicale' })
    assert.match(message.body, /est refusée\./)
    assert.doesNotMatch(message.body, /Raison médicale/)
  })

  it('an implicit refusal gives the day the delay ended', () => {
    const message = decisionMessage(demande, { type: 'rejet_implicite', echeance: '2026-04-01' as LocalDate })
    assert.match(message.body, /n'a pas reçu de réponse dans le délai d'instruction, qui a pris fin le 1er avril 2026 : elle est refusée\./)
  })
})

describe('isImplicitRefusalToNotify', () => {
  const refusal: ImplicitRefusal = { type: 'rejet_implicite', implicite: true, lettre: 'f', echeance: '2026-04-01' as LocalDate, constateLe: '2026-04-02' as LocalDate, notifieLe: null, messageId: null }

  it('is true for a rejet implicite whose letter is ready and not sent', () => {
    assert.equal(isImplicitRefusalToNotify('rejet_implicite', refusal), true)
  })

  it('is false once sent, for another state, or for an explicit decision', () => {
    assert.equal(isImplicitRefusalToNotify('rejet_implicite', { ...refusal, notifieLe: '2026-04-03T09:00:00.000Z', messageId: 'm' }), false)
    assert.equal(isImplicitRefusalToNotify('refusee', refusal), false)
    assert.equal(isImplicitRefusalToNotify('accordee', { type: 'accord', categorie: 2, dateEffet: '2026-04-01', lettre: 'f', messageId: 'm' }), false)
    assert.equal(isImplicitRefusalToNotify('rejet_implicite', null), false)
  })
})
