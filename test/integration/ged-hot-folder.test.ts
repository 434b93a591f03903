// The hot folder: each document then its index, each appearing whole, never under the user's
// file name; a second deposit of a key writes nothing, even after the GED took the files.
import { after, beforeEach, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, readdir, rm, stat, unlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHotFolderAdapter, type HotFolderStep } from '../../src/documents/ged/hot-folder-adapter.ts'
import { GedError, type GedDocument, type GedIndex } from '../../src/documents/ged/ged-port.ts'
import { pdfAvisImposition, pngImage } from '../support/files.ts'
import { gedDocument, temporaryFiles, visibleFiles } from '../support/ged.ts'

const dirs: string[] = []
let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invalidite-ged-'))
  dirs.push(dir)
})

after(async () => {
  for (const made of dirs) await rm(made, { recursive: true, force: true })
})

const KEY = 'PI-2026-0000042-avis-imposition-3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f'

function documentOf(content: Buffer, index: Partial<GedIndex> = {}, depositKey = KEY): GedDocument {
  return gedDocument(depositKey, content, index)
}

async function snapshot(path: string): Promise<{ ino: number; mtimeMs: number }> {
  const { ino, mtimeMs } = await stat(path)
  return { ino, mtimeMs }
}

describe('the hot folder', () => {
  it('writes the document, then its index with every field and the checksum, and no temporary file stays', async () => {
    const pdf = await pdfAvisImposition()
    const document = documentOf(pdf)
    const { reference } = await createHotFolderAdapter({ dir }).deposit(document)

    assert.equal(reference, `${KEY}.pdf`)
    assert.deepEqual(await visibleFiles(dir), [`${KEY}.json`, `${KEY}.pdf`])
    assert.deepEqual(await readFile(join(dir, `${KEY}.pdf`)), pdf)
    const index = JSON.parse(await readFile(join(dir, `${KEY}.json`), 'utf8'))
    assert.deepEqual(index, document.index)
    assert.equal(index.checksum, createHash('sha256').update(await readFile(join(dir, `${KEY}.pdf`))).digest('hex'))
    assert.deepEqual(await temporaryFiles(dir), [])
  })

  it('names an image by its type', async () => {
    const png = pngImage()
    const key = 'PI-2026-0000042-titre-sejour-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'
    await createHotFolderAdapter({ dir }).deposit(documentOf(png, { type: 'titre-sejour', mediaType: 'image/png', fileName: `${key}.png` }, key))
    assert.deepEqual(await visibleFiles(dir), [`${key}.json`, `${key}.png`])
  })

  it('lets the GED see the index only once the document is whole, and the document only whole', async () => {
    const seen: Array<[HotFolderStep, string[]]> = []
    const adapter = createHotFolderAdapter({ dir, onStep: async (step) => void seen.push([step, await visibleFiles(dir)]) })
    await adapter.deposit(documentOf(await pdfAvisImposition()))
    assert.deepEqual(seen, [
      ['document-temp', []],
      ['document', [`${KEY}.pdf`]],
      ['journal', [`${KEY}.pdf`]],
      ['index-temp', [`${KEY}.pdf`]],
      ['index', [`${KEY}.json`, `${KEY}.pdf`]],
    ])
  })

  it('deposits a key a second time as a no-op that returns the same reference', async () => {
    const document = documentOf(await pdfAvisImposition())
    const adapter = createHotFolderAdapter({ dir })
    const first = await adapter.deposit(document)
    const before = [await snapshot(join(dir, `${KEY}.pdf`)), await snapshot(join(dir, `${KEY}.json`))]

    assert.deepEqual(await createHotFolderAdapter({ dir }).deposit(document), first)
    assert.deepEqual([await snapshot(join(dir, `${KEY}.pdf`)), await snapshot(join(dir, `${KEY}.json`))], before)
    assert.deepEqual(await visibleFiles(dir), [`${KEY}.json`, `${KEY}.pdf`])
  })

  it('refuses the same key with other content, and leaves the first deposit alone', async () => {
    const adapter = createHotFolderAdapter({ dir })
    const first = await pdfAvisImposition(1)
    await adapter.deposit(documentOf(first))
    await assert.rejects(adapter.deposit(documentOf(await pdfAvisImposition(3))), (error: unknown) => error instanceof GedError && error.code === 'ged-conflit' && error.permanent)
    assert.deepEqual(await readFile(join(dir, `${KEY}.pdf`)), first)
  })

  it('writes nothing again once the GED has taken the document and its index', async () => {
    const document = documentOf(await pdfAvisImposition())
    const adapter = createHotFolderAdapter({ dir })
    const first = await adapter.deposit(document)
    await unlink(join(dir, `${KEY}.json`))
    await unlink(join(dir, `${KEY}.pdf`))

    assert.deepEqual(await adapter.deposit(document), first)
    assert.deepEqual(await visibleFiles(dir), [])
  })

  it('never uses anything but the deposit key as a file name', async () => {
    const document = documentOf(await pdfAvisImposition(), { fileName: '../../Avis de Sophie Lefèvre.pdf' })
    await createHotFolderAdapter({ dir }).deposit(document)
    await assert.rejects(createHotFolderAdapter({ dir }).deposit({ ...document, depositKey: '../evasion' }))
    await assert.rejects(createHotFolderAdapter({ dir }).deposit({ ...document, depositKey: '.cache' }))
    assert.deepEqual(await visibleFiles(dir), [`${KEY}.json`, `${KEY}.pdf`])
    assert.deepEqual((await readdir(join(dir, '..'))).filter((name) => name.includes('evasion')), [])
  })
})
