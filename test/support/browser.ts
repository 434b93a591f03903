// Browser tests drive a real Chromium with playwright-core: CHROMIUM_PATH when given, Debian's
// /usr/bin/chromium when present, else the one shipped inside the @sparticuz/chromium package
// (so that `npm ci` alone brings a browser). Every page visited is scanned by axe-core.
import { existsSync } from 'node:fs'
import assert from 'node:assert/strict'
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core'
import { AxeBuilder } from '@axe-core/playwright'

const quietFlags = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage']

export async function launchBrowser(): Promise<Browser> {
  return rememberContextKinds(await launchChromium())
}

async function launchChromium(): Promise<Browser> {
  const explicit = process.env.CHROMIUM_PATH
  if (explicit || existsSync('/usr/bin/chromium')) {
    return chromium.launch({ executablePath: explicit ?? '/usr/bin/chromium', args: quietFlags, headless: true })
  }
  let packaged
  try {
    packaged = (await import('@sparticuz/chromium')).default
  } catch {
    throw new Error('Aucun Chromium trouvé : lancez « npm ci » (paquet @sparticuz/chromium), installez Debian « chromium », ou donnez CHROMIUM_PATH.')
  }
  // Its --single-process suits a serverless function, not a test that closes a context and opens
  // another (another device): closing any context then takes the whole browser down.
  return chromium.launch({ executablePath: await packaged.executablePath(), args: [...packaged.args.filter((arg: string) => arg !== '--single-process'), ...quietFlags], headless: true })
}

// Zero violations of WCAG 2.1 A and AA on the page as it is now. Legacy mode runs axe in the page
// itself (our pages have no frames) instead of opening a blank page to merge the frames' results
// on every check: the same rules on the same DOM, in half the time. And the page reflows (WCAG
// 1.4.10): at the width of this screen, a phone's included, nothing scrolls sideways.
export async function assertAccessible(page: Page, label = page.url()): Promise<void> {
  const scanned = withoutJavaScript.has(page.context()) ? await twinWithJavaScript(page) : page
  const results = await new AxeBuilder({ page: scanned }).setLegacyMode(true).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  const violations = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`)
  assert.deepEqual(violations, [], `accessibilité de ${label}`)
  const { scrollWidth, clientWidth } = await page.locator('html').evaluate((html) => ({ scrollWidth: html.scrollWidth as number, clientWidth: html.clientWidth as number }))
  assert.ok(scrollWidth <= clientWidth, `${label} défile horizontalement : ${scrollWidth} px de contenu pour ${clientWidth} px de large`)
}

/** Whether the page is on a touch screen (a context made with `hasTouch`): a person taps there. */
export function isTouchScreen(page: Page): boolean {
  return touchScreens.has(page.context())
}

// axe-core needs timers, which do not run in a page without JavaScript. Such a page is scanned as
// it was rendered, in a twin page that has JavaScript for axe but whose own scripts are blocked:
// the same HTML at the same address, with the same stylesheets.
const withoutJavaScript = new WeakSet<BrowserContext>()
const twins = new WeakMap<BrowserContext, Promise<{ page: Page; html: string }>>()
// Contexts of a touch screen: the journeys tap there instead of clicking.
const touchScreens = new WeakSet<BrowserContext>()

function rememberContextKinds(browser: Browser): Browser {
  const newContext = browser.newContext.bind(browser)
  browser.newContext = async (options?: BrowserContextOptions) => {
    const context = await newContext(options)
    if (options?.hasTouch) touchScreens.add(context)
    if (options?.javaScriptEnabled !== false) return context
    withoutJavaScript.add(context)
    const close = context.close.bind(context)
    context.close = async (closeOptions) => {
      const twin = twins.get(context)
      if (twin) await (await twin).page.context().close()
      await close(closeOptions)
    }
    return context
  }
  return browser
}

async function twinWithJavaScript(page: Page): Promise<Page> {
  const original = page.context()
  let twin = twins.get(original)
  if (!twin) {
    twin = (async () => {
      const context = await original.browser()!.newContext()
      const made = { page: await context.newPage(), html: '' }
      await context.route('**/*', (route) => {
        const request = route.request()
        if (request.isNavigationRequest()) return route.fulfill({ body: made.html, contentType: 'text/html; charset=utf-8' })
        if (request.resourceType() === 'script') return route.abort()
        return route.continue()
      })
      return made
    })()
    twins.set(original, twin)
  }
  const made = await twin
  made.html = await page.content()
  await made.page.goto(page.url())
  return made.page
}
