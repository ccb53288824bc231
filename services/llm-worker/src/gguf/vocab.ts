/** llama.cpp token types. */
export const TokenType = { normal: 1, unknown: 2, control: 3, byte: 6 } as const

export type Vocab = {
  tokens: string[]
  scores: number[]
  types: number[]
  ids: { unk: number; bos: number; eos: number; imStart: number; imEnd: number }
}

const SPACE = '\u2581' // SentencePiece's visible space
const WORDS = `the of and to a in is you that it he was for on are as with his they I at be this have from or one had by
word but not what all were we when your can said there use an each which she do how their if will up other about out
many then them these so some her would make like him into time has look two more write go see number no way could
people my than first water been call who oil its now find long down day did get come made may part hello good thanks
please learn english speak talk friend today yesterday tomorrow school work home family weather happy sorry yes
question answer practice lesson teacher student book read listen help great nice well very really think know want need`
  .split(/\s+/)
  .filter(Boolean)

/**
 * A SentencePiece-style vocabulary with byte fallback: special tokens, the 256 byte tokens, single characters, common
 * English words, then letter pairs and triples until `size` is reached. Deterministic; every string is unique.
 */
export function buildVocab(size: number): Vocab {
  const tokens: string[] = []
  const types: number[] = []
  const seen = new Set<string>()
  const add = (piece: string, type: number) => {
    if (tokens.length >= size || seen.has(piece)) return
    seen.add(piece)
    tokens.push(piece)
    types.push(type)
  }
  add('<unk>', TokenType.unknown)
  add('<s>', TokenType.control)
  add('</s>', TokenType.control)
  add('<|im_start|>', TokenType.control)
  add('<|im_end|>', TokenType.control)
  for (let b = 0; b < 256; b++) add(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`, TokenType.byte)
  add(SPACE, TokenType.normal)
  for (let c = 33; c < 127; c++) add(String.fromCharCode(c), TokenType.normal)
  for (const w of WORDS) add(SPACE + w, TokenType.normal)
  for (const w of WORDS) add(w, TokenType.normal)
  const letters = 'etaoinshrdlcumwfgypbvkjxqz'
  outer: for (const len of [2, 3]) {
    for (const piece of combos(letters, len)) {
      if (tokens.length >= size) break outer
      add(SPACE + piece, TokenType.normal)
      add(piece, TokenType.normal)
    }
  }
  if (tokens.length < size) throw new Error(`vocabulary size ${size} is larger than this builder supports`)
  // Higher scores merge first in SPM; favouring earlier (more common) pieces keeps tokenization sensible.
  const scores = tokens.map((_, i) => (types[i] === TokenType.normal ? -i : 0))
  return { tokens, scores, types, ids: { unk: 0, bos: 1, eos: 2, imStart: 3, imEnd: 4 } }
}

function* combos(letters: string, len: number): Generator<string> {
  if (len === 0) {
    yield ''
    return
  }
  for (const head of letters) for (const tail of combos(letters, len - 1)) yield head + tail
}

/** ChatML, the template node-llama-cpp and Ollama both recognise. */
export const CHATML_TEMPLATE =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}" +
  "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
