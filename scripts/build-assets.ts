// Builds the static assets into dist/assets: the design system's CSS compiled with our settings,
// its JavaScript, and pre-compressed copies (gzip, brotli) served as they are.
import { mkdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs'
import { brotliCompressSync, gzipSync, constants } from 'node:zlib'
import { compile } from 'sass'

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

for (const file of ['app.css', 'govuk-frontend.min.js', 'init.mjs']) {
  const body = readFileSync(`${out}/${file}`)
  writeFileSync(`${out}/${file}.gz`, gzipSync(body, { level: 9 }))
  writeFileSync(`${out}/${file}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }))
}
