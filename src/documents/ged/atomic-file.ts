// A file that appears whole or not at all: written under a temporary name in the same folder,
// flushed to disk, renamed (atomic within one file system), then the folder itself flushed so that
// the rename survives a power cut. The temporary name is `.<name>.tmp`, which whoever watches the
// folder ignores (it starts with a dot), always the same for a name: a write that a crash cut
// short leaves it behind, and the next write of that name overwrites it and renames it, so
// nothing accumulates and no folder has to be listed. One writer per name at a time: the callers
// hold a lock for it (a deposit's row in the database, the GED server's turn per key).
import { open, rename, unlink } from 'node:fs/promises'
import { join } from 'node:path'

export async function writeFileAtomically(dir: string, name: string, bytes: Uint8Array, beforeRename?: () => Promise<void>): Promise<void> {
  const temporary = join(dir, `.${name}.tmp`)
  try {
    const handle = await open(temporary, 'w', 0o640)
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

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
