import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { DemandeState } from '../../demarche/domain/demande-state.ts'
import { ACTIONS, availableActions, transition, type Action } from './transitions.ts'

const ALL_STATES: DemandeState[] = ['brouillon', 'recue', 'en_instruction', 'pieces_demandees', 'service_medical', 'accordee', 'refusee', 'rejet_implicite']

// Every (state, action) pair, allowed or refused: the whole table, written out.
const allowed: Record<string, DemandeState> = {
  'recue prendre_en_charge': 'en_instruction',
  'recue demander_pieces': 'pieces_demandees',
  'en_instruction demander_pieces': 'pieces_demandees',
  'service_medical demander_pieces': 'pieces_demandees',
  'pieces_demandees recevoir_pieces': 'en_instruction',
  'recue transmettre_service_medical': 'service_medical',
  'en_instruction transmettre_service_medical': 'service_medical',
  'service_medical recevoir_avis_medical': 'en_instruction',
  'en_instruction accorder': 'accordee',
  'service_medical accorder': 'accordee',
  'en_instruction refuser': 'refusee',
  'service_medical refuser': 'refusee',
  'pieces_demandees refuser': 'refusee',
  'recue constater_rejet_implicite': 'rejet_implicite',
  'en_instruction constater_rejet_implicite': 'rejet_implicite',
  'pieces_demandees constater_rejet_implicite': 'rejet_implicite',
  'service_medical constater_rejet_implicite': 'rejet_implicite',
}

for (const state of ALL_STATES) {
  for (const action of ACTIONS) {
    const expected = allowed[`${state} ${action}`]
    test(`${action} from ${state} is ${expected ? `allowed, to ${expected}` : 'refused'}`, () => {
      const result = transition(state, action as Action)
      if (expected) assert.deepEqual(result, { ok: true, to: expected })
      else assert.equal(result.ok, false)
    })
  }
}

test('a refused action says why in French, and how to go on', () => {
  const result = transition('accordee', 'refuser')
  assert.ok(!result.ok && /n'est pas possible pour une demande dans cet état/.test(result.message))
})

test('decided demandes and drafts offer no action; the deadline job’s action is never offered', () => {
  for (const state of ['brouillon', 'accordee', 'refusee', 'rejet_implicite'] as const) assert.deepEqual(availableActions(state), [])
  for (const state of ALL_STATES) assert.ok(!availableActions(state).includes('constater_rejet_implicite'))
  assert.deepEqual(availableActions('recue'), ['prendre_en_charge', 'demander_pieces', 'transmettre_service_medical'])
})
