// The states a demande goes through. Submission moves a brouillon to « reçue »; the instruction
// (back office) adds the states between; a decided demande no longer counts as in progress, so a
// new one can be made.
export const DECIDED_STATES = ['accordee', 'refusee', 'rejet_implicite'] as const
export type DemandeState = 'brouillon' | 'recue' | (typeof DECIDED_STATES)[number]

export const demandeStateLabel: Record<DemandeState, string> = {
  brouillon: 'Brouillon',
  recue: 'Reçue',
  accordee: 'Pension accordée',
  refusee: 'Refusée',
  rejet_implicite: 'Refusée (sans réponse dans le délai)',
}

export function isDecided(state: DemandeState): boolean {
  return (DECIDED_STATES as readonly string[]).includes(state)
}
