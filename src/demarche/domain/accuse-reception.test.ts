import { test } from 'node:test'
import assert from 'node:assert/strict'
import { findCaisse } from '../../shared/caisses.ts'
import type { LocalDate } from '../../shared/dates.ts'
import { accuseReceptionMessage, ACCUSE_RECEPTION_SUBJECT } from './accuse-reception.ts'

const dates = { receivedOn: '2026-11-27' as LocalDate, answerDueOn: '2027-01-28' as LocalDate }

test('the acknowledgment carries the seed subject, the date of receipt and the answer-due date', () => {
  const message = accuseReceptionMessage({ ...dates, caisse: findCaisse('93')! })
  assert.equal(message.subject, ACCUSE_RECEPTION_SUBJECT)
  assert.match(message.body, /Nous accusons réception de votre demande de pension d’invalidité du 27 novembre 2026\./)
  assert.match(message.body, /ce délai prend fin le 28 janvier 2027/)
  assert.match(message.body, /Les délais d'instruction de votre demande sont de 2 mois\./)
})

for (const code of ['75', '78', '91', '92', '93', '94', '95']) {
  test(`a caisse of ${code} gets the CRAMIF appeal paragraph only`, () => {
    const { body } = accuseReceptionMessage({ ...dates, caisse: findCaisse(code)! })
    assert.match(body, /Commission de Recours Amiable du Conseil d'Administration de la CRAMIF\n17-19 avenue de Flandre\n75 954 PARIS cedex 19/)
    assert.doesNotMatch(body, /Seine-et-Marne \(77\)/)
  })
}

for (const code of ['77', '69', '974', '2A']) {
  test(`a caisse of ${code} gets its own CPAM or CGSS as appeal route`, () => {
    const { body } = accuseReceptionMessage({ ...dates, caisse: findCaisse(code)! })
    assert.match(body, /à votre CPAM ou CGSS \(adresses postales disponibles sur : ameli\.fr > Adresses et contacts\)/)
    assert.doesNotMatch(body, /CRAMIF/)
  })
}
