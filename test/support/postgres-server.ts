// A PostgreSQL server of a test's own (the embedded one, in a temporary folder, on a free port),
// which the test may stop — a fast shutdown, or a crash: the postmaster killed with SIGKILL — and
// start again on the same folder and port.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/platform/db/embedded-postgres.ts'
import { freePort } from './free-port.ts'

export type OwnPostgres = {
  /** The URL of its database `invalidite`. */
  url: string
  /** A fast shutdown (SIGINT): sessions are ended, the server writes a checkpoint and exits. */
  stop(): Promise<void>
  /** A crash: SIGKILL of the postmaster; returns once its children (backends…) are gone too. */
  kill(): Promise<void>
  /** Starts it again on the same folder and port (after a crash, with its recovery). */
  start(): Promise<void>
  close(): Promise<void>
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dir = await mkdtemp(join(tmpdir(), 'invalidite-test-pg-own-'))
  const port = await freePort()
  let server: EmbeddedDatabase | undefined = await startEmbeddedPostgres({ dir, port })
  await server.createDatabase('invalidite')
  const running = (): EmbeddedDatabase => {
    if (!server) throw new Error('le serveur PostgreSQL de ce test est arrêté')
    return server
  }
  return {
    url: server.url('invalidite'),
    stop: async () => {
      await running().stop()
      server = undefined
    },
    kill: async () => {
      const stopping = running()
      const postmaster = Number((await readFile(join(dir, 'postmaster.pid'), 'utf8')).split('\n')[0])
      const children = await childrenOf(postmaster)
      process.kill(postmaster, 'SIGKILL')
      // In the same tick: the embedded server's stop() waits for its process's exit and so sees it.
      await stopping.stop()
      server = undefined
      await waitUntilGone(children)
    },
    start: async () => {
      if (server) throw new Error('le serveur PostgreSQL de ce test tourne déjà')
      server = await startEmbeddedPostgres({ dir, port })
    },
    close: async () => {
      await server?.stop()
      server = undefined
      await rm(dir, { recursive: true, force: true })
    },
  }
}

async function childrenOf(pid: number): Promise<number[]> {
  const children: number[] = []
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const status = await readFile(`/proc/${entry}/status`, 'utf8').catch(() => '')
    if (new RegExp(`^PPid:\\s+${pid}$`, 'm').test(status)) children.push(Number(entry))
  }
  return children
}

// Backends left by a dead postmaster exit on their own; a new postmaster refuses to start while
// they still hold the old shared memory.
async function waitUntilGone(pids: number[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  // A zombie (exited, not yet reaped by init) holds nothing any more.
  const alive = async () => {
    const states = await Promise.all(pids.map((pid) => readFile(`/proc/${pid}/status`, 'utf8').then((status) => /^State:\s+[^Z]/m.test(status), () => false)))
    return pids.filter((_, index) => states[index])
  }
  for (let left = await alive(); left.length > 0; left = await alive()) {
    if (Date.now() > deadline) throw new Error(`processus PostgreSQL encore vivants après ${timeoutMs} ms : ${left.join(', ')}`)
    await sleep(50)
  }
}
