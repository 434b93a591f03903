// The e-mail that says a message is waiting in the messagerie. It carries no personal data: no
// name, no NIR, neither the subject nor the content of the message, only the way to read it.
// Jobs run at least once: the message row stays locked while the mail goes out, and notified_at
// tells a second run that the work is done; a run killed between the two sends under the same key,
// which the mailer recognises.
import type { Task } from 'graphile-worker'
import { z } from 'zod'
import { withTransaction, type Pool } from '../platform/db/pool.ts'
import type { Mailer, OutgoingMail } from '../platform/mail/mailer.ts'

const payloadSchema = z.object({ messageId: z.uuid() })

export const MESSAGE_NOTIFICATION_SUBJECT = 'Vous avez un nouveau message dans votre espace Invalidité en ligne'

export function createSendMessageNotificationTask(deps: { pool: Pool; mailer: Mailer; publicUrl: string }): Task {
  return async (payload) => {
    const { messageId } = payloadSchema.parse(payload)
    await withTransaction(deps.pool, async (tx) => {
      const { rows } = await tx.query<{ email: string | null; notifiedAt: Date | null }>(
        `select coalesce(a.email, a.claimed_email) as email, m.notified_at as "notifiedAt"
           from message m join assure a on a.id = m.assure_id
          where m.id = $1 and m.author = 'caisse'
            for update of m`,
        [messageId],
      )
      const message = rows[0]
      if (!message?.email || message.notifiedAt) return
      await deps.mailer.send({ key: `message-notification:${messageId}`, ...messageNotificationMail(message.email, deps.publicUrl) })
      await tx.query('update message set notified_at = now() where id = $1', [messageId])
    })
  }
}

export function messageNotificationMail(to: string, publicUrl: string): Omit<OutgoingMail, 'key'> {
  return {
    to,
    subject: MESSAGE_NOTIFICATION_SUBJECT,
    text: `Bonjour,

Un nouveau message vous attend dans votre espace Invalidité en ligne.

Pour le lire, connectez-vous avec votre compte ameli :
${publicUrl}/messagerie

Pour protéger vos données personnelles, ce courriel ne reprend pas le contenu du message.

Ceci est un message automatique : merci de ne pas y répondre.

L'Assurance Maladie
`,
  }
}
