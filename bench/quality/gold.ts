// Gold sentences for the corrections benchmark: learner text as a learner types it (detokenised), with each
// annotator's edits as character spans into that text.
import { readJsonl } from './data.js'

/** `type`: the annotators' error type (NUCLE tags in conll_gec, ERRANT in cweb). */
export type GoldEdit = { start: number; end: number; correction: string; type?: string }
export type GoldSentence = {
  id: string
  /** The split key's unit: a whole essay in conll_gec (`corpus:doc_id`), the sentence itself in cweb. */
  doc: string
  text: string
  /** Edits per annotator; a sentence needs an edit when any annotator made one. */
  annotators: GoldEdit[][]
}

type M2Item = {
  id: string
  corpus?: string
  doc_id?: string
  source: string
  source_raw?: string
  annotators: number[]
  edits: { annotator: number; start_tok: number; end_tok: number; correction: string; type: string }[]
}

const NO_SPACE_BEFORE = /^([,.;:!?)\]}%]|'s|'re|'ve|'ll|'d|'m|n't|''|'|\.\.\.)$/i
const NO_SPACE_AFTER = /^([([{$]|``)$/

/** Joins tokens the way people type them and returns where each token landed. */
export function detokenise(tokens: string[]): { text: string; starts: number[]; ends: number[] } {
  let text = ''
  const starts: number[] = []
  const ends: number[] = []
  let quoteOpen = false
  let glueNext = true
  for (const token of tokens) {
    let glue = glueNext || NO_SPACE_BEFORE.test(token)
    if (token === '"') {
      if (quoteOpen) glue = true
      quoteOpen = !quoteOpen
    }
    if (!glue) text += ' '
    starts.push(text.length)
    text += token
    ends.push(text.length)
    glueNext = NO_SPACE_AFTER.test(token) || (token === '"' && quoteOpen)
  }
  return { text, starts, ends }
}

/** Maps token spans onto text that already exists (cweb's `source_raw`); undefined when a token is not found. */
function alignTokens(raw: string, tokens: string[]): { starts: number[]; ends: number[] } | undefined {
  const starts: number[] = []
  const ends: number[] = []
  let at = 0
  for (const token of tokens) {
    const found = raw.indexOf(token, at)
    if (found === -1 || raw.slice(at, found).trim() !== '') return undefined
    starts.push(found)
    ends.push(found + token.length)
    at = found + token.length
  }
  return { starts, ends }
}

function toSentence(item: M2Item, text: string, starts: number[], ends: number[]): GoldSentence {
  const annotators = item.annotators.map((a) =>
    item.edits
      .filter((e) => e.annotator === a && e.type !== 'noop' && e.start_tok >= 0)
      .map((e) => {
        const correction = detokenise(e.correction.split(' ').filter(Boolean)).text
        if (e.start_tok === e.end_tok) {
          const at = e.start_tok < starts.length ? starts[e.start_tok]! : text.length
          return { start: at, end: at, correction, type: e.type }
        }
        return { start: starts[e.start_tok]!, end: ends[e.end_tok - 1]!, correction, type: e.type }
      }),
  )
  return { id: item.id, doc: item.doc_id === undefined ? item.id : `${item.corpus}:${item.doc_id}`, text, annotators }
}

/** conll_gec: tokenised essays, detokenised here. */
export function loadConll(split: 'train' | 'dev'): GoldSentence[] {
  return readJsonl<M2Item>(`conll_gec/${split}.jsonl`).map((item) => {
    const { text, starts, ends } = detokenise(item.source.split(' ').filter(Boolean))
    return toSentence(item, text, starts, ends)
  })
}

/** cweb: the raw web text, with the tokenised edits aligned onto it; sentences that cannot be aligned are skipped. */
export function loadCweb(split: 'train' | 'dev'): { sentences: GoldSentence[]; unaligned: number } {
  const sentences: GoldSentence[] = []
  let unaligned = 0
  for (const item of readJsonl<M2Item>(`cweb/${split}.jsonl`)) {
    const raw = item.source_raw ?? item.source
    const aligned = alignTokens(raw, item.source.split(' ').filter(Boolean))
    if (!aligned) {
      unaligned++
      continue
    }
    sentences.push(toSentence(item, raw, aligned.starts, aligned.ends))
  }
  return { sentences, unaligned }
}

export const needsEdit = (s: GoldSentence) => s.annotators.some((edits) => edits.length > 0)
