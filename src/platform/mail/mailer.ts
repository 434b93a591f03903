// E-mail by SMTP when SMTP_URL is set; otherwise each message is written as an .eml file under
// DATA_DIR/mail (atomically: a reader never sees half a message).
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import nodemailer from 'nodemailer'

export type OutgoingMail = { to: string; subject: string; text: string }
export type Mailer = { send(mail: OutgoingMail): Promise<void>; close(): void }

export function createMailer(options: { smtpUrl: string | undefined; from: string; mailDir: string }): Mailer {
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(options.smtpUrl)
    return {
      send: async (mail) => void (await transport.sendMail({ from: options.from, ...mail })),
      close: () => transport.close(),
    }
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
  mkdirSync(options.mailDir, { recursive: true })
  return {
    send: async (mail) => {
      const info = await transport.sendMail({ from: options.from, ...mail })
      const name = `${new Date().toISOString().replaceAll(':', '-')}-${randomUUID()}.eml`
      const temporary = join(options.mailDir, `.${name}.tmp`)
      writeFileSync(temporary, info.message as Buffer, { flush: true })
      renameSync(temporary, join(options.mailDir, name))
    },
    close: () => {},
  }
}
