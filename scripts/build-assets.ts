// Builds the static assets into dist/assets: the design system's CSS compiled with our settings and
// stripped of the rules no page can use, the JavaScript of the components the pages use, and
// pre-compressed copies (gzip, brotli) served as they are; the application's icons; and dist/sw.js,
// the service worker that keeps what the assurés' pages load.
import { createHash } from 'node:crypto'
import { globSync, mkdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { brotliCompressSync, gzipSync, constants } from 'node:zlib'
import { compile } from 'sass'
import { appleTouchIcon, iconPixels, iconSvg, manifestIcons, SVG_ICON } from '../src/platform/web/app-icons.ts'
import { bundleGovukModules } from './bundle-govuk-js.ts'
import { encodePng } from './encode-png.ts'
import { classMentionsIn, pruneCss } from './prune-css.ts'

const out = 'dist/assets'
const GOVUK = 'node_modules/govuk-frontend/dist/govuk'
mkdirSync(out, { recursive: true })

// The components init.mjs imports (ErrorSummary: components/error-summary/error-summary.mjs); the
// bundle holds them and what they import, nothing else.
const initSource = readFileSync('src/platform/web/assets/init.mjs', 'utf8')
const imported = /^import \{([^}]+)\} from '\.\/govuk-frontend\.mjs'$/m.exec(initSource)?.[1]
if (!imported) throw new Error("src/platform/web/assets/init.mjs doit importer les composants de './govuk-frontend.mjs'")
const govukComponents = Object.fromEntries(imported.split(',').map((name) => name.trim()).map((name) => {
  const folder = name.replace(/(?<=.)([A-Z])/g, '-$1').toLowerCase()
  return [name, `components/${folder}/${folder}.mjs`]
}))
const govukVersion = JSON.parse(readFileSync('node_modules/govuk-frontend/package.json', 'utf8')).version
const govukJs = bundleGovukModules(GOVUK, govukComponents, `/*! GOV.UK Frontend ${govukVersion} (MIT, © Crown copyright): the components the pages use */`)
writeFileSync(`${out}/govuk-frontend.mjs`, govukJs)
const bundled = await import(pathToFileURL(`${out}/govuk-frontend.mjs`).href) as Record<string, unknown>
if (Object.values(bundled).some((component) => typeof component !== 'function')) throw new Error(`${out}/govuk-frontend.mjs : un composant n'est pas exporté`)
copyFileSync('src/platform/web/assets/init.mjs', `${out}/init.mjs`)
copyFileSync('src/platform/web/assets/kiosk.mjs', `${out}/kiosk.mjs`)

// What may put a class on a page: our templates and sources, the templates of the GOV.UK macros
// they call (and of the macros those call), and the scripts above.
const ownSources = globSync('src/**/*.{njk,ts,mjs}', { exclude: (name) => name.endsWith('.test.ts') }).map((file) => readFileSync(file, 'utf8'))
const macroTemplates = new Map<string, string>()
const collectMacros = (template: string) => {
  for (const [, component] of template.matchAll(/(?:components|\.\.)\/([a-z-]+)\/macro\.njk/g)) {
    if (macroTemplates.has(component!)) continue
    const text = readFileSync(`${GOVUK}/components/${component}/template.njk`, 'utf8')
    macroTemplates.set(component!, text)
    collectMacros(text)
  }
}
ownSources.forEach(collectMacros)
const compiled = compile('src/platform/web/assets/app.scss', {
  loadPaths: ['node_modules'],
  style: 'compressed',
  quietDeps: true,
}).css
const css = pruneCss(compiled, classMentionsIn([...ownSources, ...macroTemplates.values(), govukJs]))
// GOV.UK's images and fonts are not served (system fonts, no crown): a rule that still names one would fetch a 404.
if (/url\(/.test(css)) throw new Error(`${out}/app.css fait référence à une image ou une police (url(…)) qui n'est pas servie : retirez la règle ou servez le fichier depuis dist/assets`)
writeFileSync(`${out}/app.css`, css)

mkdirSync(`${out}/icones`, { recursive: true })
writeFileSync(`${out}/icones/${SVG_ICON}`, iconSvg())
for (const icon of [...manifestIcons, appleTouchIcon]) {
  writeFileSync(`${out}/icones/${icon.file}`, encodePng(icon.size, icon.size, iconPixels(icon.size, icon.purpose)))
}

for (const file of ['app.css', 'govuk-frontend.mjs', 'init.mjs', 'kiosk.mjs', `icones/${SVG_ICON}`]) {
  const body = readFileSync(`${out}/${file}`)
  writeFileSync(`${out}/${file}.gz`, gzipSync(body, { level: 9 }))
  writeFileSync(`${out}/${file}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }))
}

// Last, once every asset is written: the service worker gets the list of what the assurés' pages
// load (the pages that register it; a borne's never do, so not kiosk.mjs) and the manifest's
// smallest icon, with a version that changes with their content. The large icons are left to the
// browser, which fetches them itself when the application is installed: kept here they would
// weigh on every first visit.
const [smallestIcon] = [...manifestIcons].sort((a, b) => a.size - b.size)
const precached = ['app.css', 'govuk-frontend.mjs', 'init.mjs', `icones/${SVG_ICON}`, `icones/${appleTouchIcon.file}`, `icones/${smallestIcon!.file}`]
const digest = createHash('sha256')
for (const name of precached) digest.update(name).update(readFileSync(`${out}/${name}`))
const precache = { version: digest.digest('hex').slice(0, 16), urls: precached.map((name) => `/assets/${name}`) }
const workerSource = readFileSync('src/platform/web/assets/sw.js', 'utf8')
const precacheLine = "const PRECACHE = { version: 'source', urls: [] }"
if (!workerSource.includes(precacheLine)) throw new Error(`src/platform/web/assets/sw.js doit contenir la ligne « ${precacheLine} »`)
writeFileSync('dist/sw.js', workerSource.replace(precacheLine, `const PRECACHE = ${JSON.stringify(precache)}`))
