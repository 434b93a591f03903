// The frame of a file of browser journeys: one service and one Chromium for the file, and for each
// test pages in fresh contexts (a browser as a person opens it), all closed when the test ends.
import { after, afterEach, before } from 'node:test'
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core'
import { launchBrowser } from './browser.ts'
import { startTestService, type TestService, type TestServiceOptions } from './service.ts'

export type BrowserSuite = {
  /** The service of this file, started before its first test. */
  readonly service: TestService
  /** A page in a new context (another browser, another device), with a default timeout of 10 s. */
  newPage(options?: BrowserContextOptions): Promise<Page>
}

/** Call once at the top of a test file: registers the hooks that start and stop what the tests use. */
export function browserSuite(options: TestServiceOptions = {}): BrowserSuite {
  let service: TestService | undefined
  let browser: Browser | undefined
  const contexts: BrowserContext[] = []
  before(async () => {
    service = await startTestService(options)
    browser = await launchBrowser()
  })
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()))
  })
  after(async () => {
    await browser?.close()
    await service?.close()
  })
  return {
    get service() {
      if (!service) throw new Error('le service de test n’est pas démarré : browserSuite() doit être appelé au niveau du fichier')
      return service
    },
    async newPage(contextOptions) {
      if (!browser) throw new Error('le navigateur n’est pas lancé : browserSuite() doit être appelé au niveau du fichier')
      const context = await browser.newContext(contextOptions)
      contexts.push(context)
      context.setDefaultTimeout(10_000)
      return context.newPage()
    },
  }
}
