// A file that appears whole or not at all: written under a temporary name in the same folder,
// flushed to disk, renamed (atomic within one file system), then the folder itself flushed so that
// the rename survives a power cut. Temporary names start with a dot and end in `.tmp`, which
// whoever watches the folder ignores.
import { randomBytes } from 'node:crypto'
import { open, readdir, rename, unlink } from 'node:fs/promises'
import { join } from 'node:path'

export async function writeFileAtomically(dir: string, name: string, bytes: Uint8Array, beforeRename?: () => Promise<void>): Promise<void> {
  const temporary = join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    const handle = await open(temporary, 'wx', 0o640)
    try {
      await handle.writeFile(bytes)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await beforeRename?.()
    await rename(temporary, join(dir, name))
  } catch (error) {
    await unlink(temporary).catch(() => {})
    throw error
  }
  await syncDirectory(dir)
}

/** Temporary files a crash left behind for these names (`.<prefix>…tmp`). */
export async function removeTemporaryFiles(dir: string, prefix: string): Promise<void> {
  const leftovers = (await readdir(dir)).filter((name) => name.startsWith(`.${prefix}`) && name.endsWith('.tmp'))
  await Promise.all(leftovers.map((name) => unlink(join(dir, name)).catch(() => {})))
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
