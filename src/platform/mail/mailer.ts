// E-mail by SMTP when SMTP_URL is set; otherwise each message is written as an .eml file under
// DATA_DIR/mail (atomically: a reader never sees half a message).
//
// Jobs send at least once: a worker killed between sending and recording it sends again. Each mail
// therefore carries a key (what it announces): its Message-ID and its file name derive from it, so
// a repeat writes the same file once (and leaves no temporary file behind), and over SMTP carries
// the same Message-ID, by which mail software recognises a duplicate.
import { existsSync, mkdirSync } from 'node:fs'
import { rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import nodemailer from 'nodemailer'

export type OutgoingMail = { key: string; to: string; subject: string; text: string }
export type Mailer = { send(mail: OutgoingMail): Promise<void>; close(): void }

export function createMailer(options: { smtpUrl: string | undefined; from: string; mailDir: string }): Mailer {
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(options.smtpUrl)
    return {
      send: async ({ key, ...mail }) => void (await transport.sendMail({ from: options.from, messageId: messageIdOf(key), ...mail })),
      close: () => transport.close(),
    }
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
  mkdirSync(options.mailDir, { recursive: true })
  return {
    send: async ({ key, ...mail }) => {
      const name = `${digestOf(key)}.eml`
      if (existsSync(join(options.mailDir, name))) return
      const info = await transport.sendMail({ from: options.from, messageId: messageIdOf(key), ...mail })
      const temporary = join(options.mailDir, `.${name}.tmp`)
      await writeFile(temporary, info.message as Buffer, { flush: true })
      await rename(temporary, join(options.mailDir, name))
    },
    close: () => {},
  }
}

function digestOf(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 32)
}

function messageIdOf(key: string): string {
  return `<${digestOf(key)}@invalidite-en-ligne>`
}
