// The GED's hot folder (the embedded default, DATA_DIR/ged): for each document,
// `<depositKey>.<pdf|jpg|png>` then its index `<depositKey>.json`. The GED takes a document when its
// index appears, so the index comes last, and each file appears whole (atomic-file.ts).
//
// The GED empties the folder as it takes documents, so the folder alone cannot say whether a key
// was deposited. A journal in `.depots/` (ignored by the GED, like every dot-file) records each key
// with its checksum, written after the document and before the index. A deposit that finds the
// key in the journal only completes what a crash interrupted: the index, if the document is still
// there without it; nothing if the GED has taken both. Hence exactly one copy whatever the step at
// which a deposit stopped.
import { mkdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { writeFileAtomically } from './atomic-file.ts'
import { depositKeySchema, fileExtension, GedError, type GedAdapter, type GedDocument } from './ged-port.ts'

const JOURNAL = '.depots'

export type HotFolderStep = 'document-temp' | 'document' | 'journal' | 'index-temp' | 'index'

const journalEntrySchema = z.object({ reference: z.string(), checksum: z.string() })

export function createHotFolderAdapter(options: { dir: string; onStep?: (step: HotFolderStep) => Promise<void> }): GedAdapter {
  const { dir } = options
  const step = async (name: HotFolderStep) => options.onStep?.(name)
  const journalDir = join(dir, JOURNAL)

  return {
    async deposit(document: GedDocument) {
      const key = depositKeySchema.parse(document.depositKey)
      const { index } = document
      const documentFile = `${key}.${fileExtension(index.mediaType)}`
      const indexFile = `${key}.json`
      const indexBytes = Buffer.from(`${JSON.stringify(index, null, 2)}\n`)
      await mkdir(journalDir, { recursive: true })

      const journaled = await readJournal(journalDir, indexFile)
      if (journaled) {
        if (journaled.checksum !== index.checksum) throw new GedError('ged-conflit')
        if (!(await exists(join(dir, indexFile))) && (await exists(join(dir, documentFile)))) {
          await writeFileAtomically(dir, indexFile, indexBytes, () => step('index-temp'))
          await step('index')
        }
        return { reference: journaled.reference }
      }

      const reference = documentFile
      await writeFileAtomically(dir, documentFile, document.content, () => step('document-temp'))
      await step('document')
      await writeFileAtomically(journalDir, indexFile, Buffer.from(JSON.stringify({ reference, checksum: index.checksum })))
      await step('journal')
      await writeFileAtomically(dir, indexFile, indexBytes, () => step('index-temp'))
      await step('index')
      return { reference }
    },
  }
}

async function readJournal(journalDir: string, name: string): Promise<z.infer<typeof journalEntrySchema> | null> {
  try {
    return journalEntrySchema.parse(JSON.parse(await readFile(join(journalDir, name), 'utf8')))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw error
  }
}
