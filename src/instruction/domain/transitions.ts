// The instruction of a demande as a state machine: which action an agent (or the deadline job)
// may take in which state, and where it leads. Pure; the use cases ask it before any change.
import type { DemandeState } from '../../demarche/domain/demande-state.ts'

export const ACTIONS = [
  'prendre_en_charge',
  'demander_pieces',
  'recevoir_pieces',
  'transmettre_service_medical',
  'recevoir_avis_medical',
  'accorder',
  'refuser',
  'constater_rejet_implicite',
] as const
export type Action = (typeof ACTIONS)[number]

const OPEN: readonly DemandeState[] = ['recue', 'en_instruction', 'pieces_demandees', 'service_medical']

const rules: Record<Action, { from: readonly DemandeState[]; to: DemandeState }> = {
  prendre_en_charge: { from: ['recue'], to: 'en_instruction' },
  demander_pieces: { from: ['recue', 'en_instruction', 'service_medical'], to: 'pieces_demandees' },
  recevoir_pieces: { from: ['pieces_demandees'], to: 'en_instruction' },
  transmettre_service_medical: { from: ['recue', 'en_instruction'], to: 'service_medical' },
  recevoir_avis_medical: { from: ['service_medical'], to: 'en_instruction' },
  accorder: { from: ['en_instruction', 'service_medical'], to: 'accordee' },
  refuser: { from: ['en_instruction', 'service_medical', 'pieces_demandees'], to: 'refusee' },
  constater_rejet_implicite: { from: OPEN, to: 'rejet_implicite' },
}

export const actionLabel: Record<Action, string> = {
  prendre_en_charge: 'Prendre en charge',
  demander_pieces: 'Demander des justificatifs',
  recevoir_pieces: 'Justificatifs reçus : reprendre l’instruction',
  transmettre_service_medical: 'Transmettre au service médical',
  recevoir_avis_medical: 'Avis médical reçu : reprendre l’instruction',
  accorder: 'Accorder la pension',
  refuser: 'Refuser la demande',
  constater_rejet_implicite: 'Constater le rejet implicite',
}

export type Transition = { ok: true; to: DemandeState } | { ok: false; message: string }

export function transition(state: DemandeState, action: Action): Transition {
  const rule = rules[action]
  if (rule.from.includes(state)) return { ok: true, to: rule.to }
  return { ok: false, message: `« ${actionLabel[action]} » n'est pas possible pour une demande dans cet état. Rechargez la page : un collègue l'a peut-être déjà fait évoluer.` }
}

// What an agent can do now (the deadline job's own action is not offered on screen).
export function availableActions(state: DemandeState): Action[] {
  return ACTIONS.filter((action) => action !== 'constater_rejet_implicite' && rules[action].from.includes(state))
}

export function isOpen(state: DemandeState): boolean {
  return OPEN.includes(state)
}
