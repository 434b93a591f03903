// Browser tests drive a real Chromium with playwright-core: CHROMIUM_PATH when given, Debian's
// /usr/bin/chromium when present, else the one shipped inside the @sparticuz/chromium package
// (so that `npm ci` alone brings a browser). Every page visited is scanned by axe-core.
import { existsSync } from 'node:fs'
import assert from 'node:assert/strict'
import { chromium, type Browser, type Page } from 'playwright-core'
import { AxeBuilder } from '@axe-core/playwright'

const quietFlags = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage']

export async function launchBrowser(): Promise<Browser> {
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
  return chromium.launch({ executablePath: await packaged.executablePath(), args: [...packaged.args, ...quietFlags], headless: true })
}

// Zero violations of WCAG 2.1 A and AA on the page as it is now.
export async function assertAccessible(page: Page, label = page.url()): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  const violations = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`)
  assert.deepEqual(violations, [], `accessibilité de ${label}`)
}
