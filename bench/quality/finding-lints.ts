// Every finding of the rules layer on train with nothing fitted (every Harper rule but the fixed DISABLED_RULES, every
// spelling kind, every pattern rule, no learned edits), split into Harper's and the pattern rules': what
// bench/quality/fit-finding-filter.ts fits and judges the per-finding model on. Cached in the OS temp folder under a
// hash of src/rules (less its generated fitted-rules.ts) and the sentences.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type RuleFinding, RulesLinter } from '../../services/scoring-worker/src/rules/harper-linter.js'
import { DISABLED_RULES } from '../../services/scoring-worker/src/rules/lint-kinds.js'
import { PATTERN_RULES } from '../../services/scoring-worker/src/rules/patterns/index.js'
import type { GoldSentence } from './gold.js'
import { ALL_SPELLING_KINDS } from './spelling-kinds.js'

const RULES_DIR = fileURLToPath(new URL('../../services/scoring-worker/src/rules/', import.meta.url))

export type SentenceFindings = {
  /** Harper's findings (after the layer's own overlap removal, which keeps the longest). */
  harper: RuleFinding[]
  /** The pattern rules' findings (never judged by the model). */
  patterns: RuleFinding[]
}

/** The layer with nothing fitted, for linting gold sentences (fit-finding-filter.ts lints dev with it too). */
export const unfittedLayer = () =>
  RulesLinter.create({
    disabledRules: DISABLED_RULES,
    keepAllPatterns: true,
    learnedEdits: [],
    spellingKinds: [...ALL_SPELLING_KINDS],
  })

const patternIds = new Set(PATTERN_RULES.map((p) => p.id))

export const splitFindings = (found: RuleFinding[]): SentenceFindings => ({
  harper: found.filter((f) => !patternIds.has(f.rule)),
  patterns: found.filter((f) => patternIds.has(f.rule)),
})

export async function findingsForFit(
  sentences: GoldSentence[],
  onProgress?: (done: number) => void,
): Promise<SentenceFindings[]> {
  const hash = createHash('sha256')
  for (const file of readdirSync(RULES_DIR, { recursive: true, encoding: 'utf8' }).sort())
    if (file.endsWith('.ts') && !file.endsWith('fitted-rules.ts')) hash.update(readFileSync(join(RULES_DIR, file)))
  hash.update(JSON.stringify(sentences.map((s) => s.id)))
  const cache = join(tmpdir(), `parley-finding-lints-${hash.digest('hex').slice(0, 16)}.json`)
  if (existsSync(cache)) return JSON.parse(readFileSync(cache, 'utf8'))
  const rules = await unfittedLayer()
  const out: SentenceFindings[] = []
  try {
    for (const [i, s] of sentences.entries()) {
      out.push(splitFindings(await rules.lint(s.text)))
      if ((i + 1) % 500 === 0) onProgress?.(i + 1)
    }
  } finally {
    await rules.dispose()
  }
  writeFileSync(cache, JSON.stringify(out))
  return out
}
