import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMailer } from './mailer.ts'

test('a mail sent twice under the same key (a job run again after a crash) is written once, with a Message-ID drawn from its key', async () => {
  const mailDir = await mkdtemp(join(tmpdir(), 'invalidite-mailer-'))
  try {
    const mailer = createMailer({ smtpUrl: undefined, from: 'ne-pas-repondre@invalidite.example.fr', mailDir })
    const mail = { key: 'message-notification:1', to: 'assure@example.fr', subject: 'Un message', text: 'Bonjour' }
    await mailer.send(mail)
    await mailer.send(mail)
    await mailer.send({ ...mail, key: 'message-notification:2' })
    const names = await readdir(mailDir)
    assert.equal(names.length, 2, names.join(', '))
    assert.ok(names.every((name) => name.endsWith('.eml')), 'no temporary file left')
    const messageIds = await Promise.all(names.map(async (name) => /^Message-ID: (.+)$/m.exec(await readFile(join(mailDir, name), 'utf8'))?.[1]))
    assert.equal(new Set(messageIds).size, 2)
    assert.ok(messageIds.every((id) => /^<[0-9a-f]{32}@invalidite-en-ligne>$/.test(id ?? '')), messageIds.join(', '))
  } finally {
    await rm(mailDir, { recursive: true, force: true })
  }
})
