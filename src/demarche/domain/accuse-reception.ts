// The acknowledgment of ÉTAPE 8: the seed's text word for word, the date of receipt filled in,
// the date of the implicit decision added (CRPA R112-11-1), and only the appeal paragraph that
// applies to the assuré's caisse. The one template of this text.
import { appealRouteFor, type Caisse } from '../../shared/caisses.ts'
import { formatFrenchDate, type LocalDate } from '../../shared/dates.ts'

export const ACCUSE_RECEPTION_SUBJECT = "Accusé de réception demande de pension d'invalidité"

const APPEAL_PARAGRAPHS = {
  cramif: `Vous dépendez des Caisses de Paris (75), des Yvelines (78), de l'Essonne (91), des Hauts-de-Seine (92), de Seine-Saint-Denis (93), du Val-de-Marne (94) ou du Val-d'Oise (95) ?

Adressez votre réclamation motivée par lettre recommandée dans le délai de 2 mois :
Secrétariat de la Commission de Recours Amiable du Conseil d'Administration de la CRAMIF
17-19 avenue de Flandre
75 954 PARIS cedex 19`,
  caisse: `Vous dépendez de la Caisse de Seine-et-Marne (77) ou des autres Caisses ?

Adressez votre réclamation motivée par lettre recommandée dans le délai de 2 mois à votre CPAM ou CGSS (adresses postales disponibles sur : ameli.fr > Adresses et contacts).`,
} as const

export function accuseReceptionMessage(input: { receivedOn: LocalDate; answerDueOn: LocalDate; caisse: Caisse }): { subject: string; body: string } {
  const body = `Bonjour,

Nous accusons réception de votre demande de pension d’invalidité du ${formatFrenchDate(input.receivedOn)}.

Votre demande a bien été prise en compte. Le service Invalidité est en charge de l’étudier.

Vous pouvez joindre le service Invalidité de votre Caisse par la messagerie de votre compte ameli.

A savoir.

Les délais d'instruction de votre demande sont de 2 mois.
Des justificatifs complémentaires peuvent vous être demandés. Si c'est le cas, la durée d’instruction de votre demande de pension d'invalidité sera prolongée.

Si vous ne recevez pas de réponse dans ce délai de 2 mois, cela signifie que votre demande de pension est refusée.
Sous réserve que votre dossier soit complet, et sauf demande de justificatifs complémentaires, ce délai prend fin le ${formatFrenchDate(input.answerDueOn)}.

En cas de refus, vous pouvez contester cette décision :

${APPEAL_PARAGRAPHS[appealRouteFor(input.caisse)]}`
  return { subject: ACCUSE_RECEPTION_SUBJECT, body }
}
