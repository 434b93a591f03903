// GOV.UK Frontend's JavaScript reduced to the components our pages use, as one ES module: their
// modules and those they import, in dependency order, without comments, imports and exports; it
// exports the components asked for. The package's own bundle holds every component (46 KB).
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

const IMPORT = /^import\s*\{[^}]*\}\s*from\s*'([^']+)';\s*$/gm
const EXPORT = /^export\s*\{[^}]*\};\s*$/gm
const TOP_LEVEL_NAME = /^(?:const|let|var|function|class)\s+([\w$]+)/

/** `components` maps each exported name to its module, relative to `root` (the package's dist/govuk). */
export function bundleGovukModules(root: string, components: Record<string, string>, banner: string): string {
  const ordered: string[] = []
  const visit = (file: string) => {
    if (ordered.includes(file)) return
    for (const [, from] of readFileSync(file, 'utf8').matchAll(IMPORT)) visit(resolve(dirname(file), from!))
    ordered.push(file)
  }
  for (const module of Object.values(components)) visit(resolve(root, module))

  const declared = new Map<string, string>()
  const body = ordered.map((file) => {
    const source = withoutComments(readFileSync(file, 'utf8')).replace(IMPORT, '').replace(EXPORT, '')
    if (/^\s*(?:import|export)\b/m.test(source)) throw new Error(`${file} : instruction import/export non reconnue, le regroupement est à revoir`)
    return source.split('\n').filter((line) => {
      const name = TOP_LEVEL_NAME.exec(line)?.[1]
      if (!name) return true
      const previous = declared.get(name)
      // The same helper declared alike in two modules (GOV.UK's `_self`) is kept once.
      if (previous === line) return false
      if (previous !== undefined) throw new Error(`${file} : « ${name} » est déclaré par deux modules différemment`)
      declared.set(name, line)
      return true
    }).join('\n')
  }).join('\n')
  for (const name of Object.keys(components)) if (!declared.has(name)) throw new Error(`${name} n'est déclaré par aucun module de GOV.UK Frontend`)
  return `${banner}\n${body.replace(/\n\s*\n+/g, '\n')}\nexport { ${Object.keys(components).join(', ')} };\n`
}

// Block comments (none of these modules has "/*" in a string), whole-line comments and the source map link.
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
}
