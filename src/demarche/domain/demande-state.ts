// The states a demande goes through. Submission moves a brouillon to « reçue »; the instruction
// (src/instruction/domain/transitions.ts) moves it on; a decided demande no longer counts as in
// progress, so a new one can be made.
export const DECIDED_STATES = ['accordee', 'refusee', 'rejet_implicite'] as const
export const INSTRUCTION_STATES = ['recue', 'en_instruction', 'pieces_demandees', 'service_medical'] as const
export type DemandeState = 'brouillon' | (typeof INSTRUCTION_STATES)[number] | (typeof DECIDED_STATES)[number]

export const demandeStateLabel: Record<DemandeState, string> = {
  brouillon: 'Brouillon',
  recue: 'Reçue',
  en_instruction: "En cours d'instruction",
  pieces_demandees: 'Justificatifs demandés',
  service_medical: 'Chez le service médical',
  accordee: 'Pension accordée',
  refusee: 'Refusée',
  rejet_implicite: 'Refusée (sans réponse dans le délai)',
}

export function isDecided(state: DemandeState): boolean {
  return (DECIDED_STATES as readonly string[]).includes(state)
}
