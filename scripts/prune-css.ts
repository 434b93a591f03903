// Drops from a compiled stylesheet the selectors no page can match: those naming a class that no
// template, source file or shipped script mentions. Conservative: a class counts as mentioned when
// the word appears anywhere in those texts, or starts with a prefix they complete at run time
// (`govuk-table__cell--{{ format }}`, `app-x--${state}`); classes inside :not(), :is(), :has()…
// and attribute selectors are not required. At-rules other than @media and @supports stay whole.

export type ClassMentions = { words: Set<string>; prefixes: string[] }

/** The words of the texts, and the prefixes they complete with a template expression or a concatenation. */
export function classMentionsIn(texts: string[]): ClassMentions {
  const words = new Set<string>()
  const prefixes = new Set<string>()
  for (const text of texts) {
    for (const [word] of text.matchAll(/[\w!-]+/g)) words.add(word)
    for (const [, prefix] of text.matchAll(/([\w!-]+[-_])(?:\{\{|\$\{|['"]\s*\+)/g)) prefixes.add(prefix!)
  }
  return { words, prefixes: [...prefixes] }
}

export function pruneCss(css: string, mentions: ClassMentions): string {
  const mentioned = (name: string) => mentions.words.has(name) || mentions.prefixes.some((prefix) => name.startsWith(prefix))
  const mayMatch = (selector: string) => {
    const required = selector.replace(/\[(?:[^\]"']|"[^"]*"|'[^']*')*\]/g, '').replace(/\((?:[^()]|\([^()]*\))*\)/g, '')
    return [...required.matchAll(/\.((?:\\.|[\w-])+)/g)].every(([, name]) => mentioned(name!.replace(/\\(.)/g, '$1')))
  }
  return pruneBlock(css, mayMatch)
}

function pruneBlock(css: string, mayMatch: (selector: string) => boolean): string {
  let out = ''
  let at = 0
  while (at < css.length) {
    const open = endOfPrelude(css, at)
    const prelude = css.slice(at, open).trim()
    if (open >= css.length) {
      out += prelude
      break
    }
    if (css[open] === ';') {
      out += `${prelude};`
      at = open + 1
      continue
    }
    const close = matchingBrace(css, open)
    const body = css.slice(open + 1, close)
    if (/^@(media|supports)\b/.test(prelude)) {
      const kept = pruneBlock(body, mayMatch)
      if (kept) out += `${prelude}{${kept}}`
    } else if (prelude.startsWith('@')) {
      out += `${prelude}{${body}}`
    } else {
      const selectors = splitSelectors(prelude).filter(mayMatch)
      if (selectors.length > 0) out += `${selectors.join(',')}{${body}}`
    }
    at = close + 1
  }
  return out
}

function endOfPrelude(css: string, from: number): number {
  let at = from
  while (at < css.length && css[at] !== '{' && css[at] !== ';') at = css[at] === '"' || css[at] === "'" ? endOfString(css, at) : at + 1
  return at
}

function matchingBrace(css: string, open: number): number {
  let depth = 0
  for (let at = open; at < css.length;) {
    const char = css[at]
    if (char === '"' || char === "'") {
      at = endOfString(css, at)
      continue
    }
    if (char === '{') depth++
    if (char === '}' && --depth === 0) return at
    at++
  }
  throw new Error('feuille de style mal formée : accolade non fermée')
}

function endOfString(css: string, quote: number): number {
  let at = quote + 1
  while (at < css.length && css[at] !== css[quote]) at += css[at] === '\\' ? 2 : 1
  return at + 1
}

function splitSelectors(prelude: string): string[] {
  const selectors: string[] = []
  let depth = 0
  let current = ''
  for (const char of prelude) {
    if (char === '(' || char === '[') depth++
    if (char === ')' || char === ']') depth--
    if (char === ',' && depth === 0) {
      selectors.push(current)
      current = ''
    } else current += char
  }
  return [...selectors, current]
}
