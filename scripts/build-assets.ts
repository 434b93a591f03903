// Builds the static assets into dist/assets: the design system's CSS compiled with our settings,
// its JavaScript, and pre-compressed copies (gzip, brotli) served as they are; the application's
// icons; and dist/sw.js, the service worker that keeps them.
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync, copyFileSync, readdirSync, statSync } from 'node:fs'
import { sep } from 'node:path'
import { brotliCompressSync, gzipSync, constants } from 'node:zlib'
import { compile } from 'sass'
import { appleTouchIcon, iconPixels, iconSvg, manifestIcons, SVG_ICON } from '../src/platform/web/app-icons.ts'
import { encodePng } from './encode-png.ts'

const out = 'dist/assets'
mkdirSync(out, { recursive: true })

const css = compile('src/platform/web/assets/app.scss', {
  loadPaths: ['node_modules'],
  style: 'compressed',
  quietDeps: true,
  silenceDeprecations: ['import'],
}).css
writeFileSync(`${out}/app.css`, css)
copyFileSync('node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js', `${out}/govuk-frontend.min.js`)
copyFileSync('src/platform/web/assets/init.mjs', `${out}/init.mjs`)
copyFileSync('src/platform/web/assets/kiosk.mjs', `${out}/kiosk.mjs`)

for (const file of ['app.css', 'govuk-frontend.min.js', 'init.mjs', 'kiosk.mjs']) {
  const body = readFileSync(`${out}/${file}`)
  writeFileSync(`${out}/${file}.gz`, gzipSync(body, { level: 9 }))
  writeFileSync(`${out}/${file}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }))
}

mkdirSync(`${out}/icones`, { recursive: true })
writeFileSync(`${out}/icones/${SVG_ICON}`, iconSvg())
for (const icon of [...manifestIcons, appleTouchIcon]) {
  writeFileSync(`${out}/icones/${icon.file}`, encodePng(icon.size, icon.size, iconPixels(icon.size, icon.purpose)))
}

// Last, once every asset is written: the service worker gets their list, and a version that
// changes with their content.
const assets = readdirSync(out, { recursive: true, encoding: 'utf8' })
  .filter((name) => !/\.(gz|br)$/.test(name) && statSync(`${out}/${name}`).isFile())
  .sort()
const digest = createHash('sha256')
for (const name of assets) digest.update(name).update(readFileSync(`${out}/${name}`))
const precache = { version: digest.digest('hex').slice(0, 16), urls: assets.map((name) => `/assets/${name.split(sep).join('/')}`) }
const workerSource = readFileSync('src/platform/web/assets/sw.js', 'utf8')
const precacheLine = "const PRECACHE = { version: 'source', urls: [] }"
if (!workerSource.includes(precacheLine)) throw new Error(`src/platform/web/assets/sw.js doit contenir la ligne « ${precacheLine} »`)
writeFileSync('dist/sw.js', workerSource.replace(precacheLine, `const PRECACHE = ${JSON.stringify(precache)}`))
