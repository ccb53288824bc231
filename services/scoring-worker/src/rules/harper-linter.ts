import type { IssueCategory } from '@parley/core'
import { Dialect, type Lint, LocalLinter, type Suggestion } from 'harper.js'
import { binaryInlined } from 'harper.js/binaryInlined'
import { CHAT_WORDS, DISABLED_RULES, type IssueReason, policyFor } from './lint-kinds.js'
import { type Span, toJsSpan } from './offsets.js'

/** One finding of the rules layer, already filtered, categorised and placed on exact JS offsets. */
export type RuleFinding = Span & {
  original: string
  suggestions: string[]
  category: IssueCategory
  reason: IssueReason
  /** Harper's own English description, kept for logs and the English explanation fallback. */
  message: string
}

const PLAIN = { language: 'plaintext' } as const
const BRITISH_CACHE_SIZE = 10_000

/**
 * Harper's LocalLinter, created once per process (setup costs about 1.5 s). A second, British-English linter
 * vets spelling findings so that "colour" or "travelling" are not marked wrong.
 */
export class RulesLinter {
  /** Words already checked against British spelling; learners repeat their words, and each check is a lint. */
  private readonly britishVerdicts = new Map<string, boolean>()

  private constructor(
    private readonly american: LocalLinter,
    private readonly british: LocalLinter,
  ) {}

  static async create(): Promise<RulesLinter> {
    const american = new LocalLinter({ binary: binaryInlined, dialect: Dialect.American })
    const british = new LocalLinter({ binary: binaryInlined, dialect: Dialect.British })
    await Promise.all([american.setup(), british.setup()])
    for (const linter of [american, british]) {
      const config = await linter.getLintConfig()
      for (const rule of DISABLED_RULES) config[rule] = false
      await linter.setLintConfig(config)
      await linter.importWords(CHAT_WORDS)
    }
    return new RulesLinter(american, british)
  }

  /** Findings in `text`, ordered by position, with overlapping ones removed. */
  async lint(text: string): Promise<RuleFinding[]> {
    // lint() is about twice as fast as organizedLints(), so rule names are not used; kinds and messages suffice.
    const findings: RuleFinding[] = []
    for (const lint of await this.american.lint(text, PLAIN)) {
      try {
        const finding = await this.toFinding(text, lint)
        if (finding) findings.push(finding)
      } finally {
        // WebAssembly memory: free now rather than whenever the garbage collector runs the finaliser.
        lint.free()
      }
    }
    return dropOverlaps(findings.sort((a, b) => a.start - b.start || b.end - a.end))
  }

  async dispose(): Promise<void> {
    await Promise.all([this.american.dispose(), this.british.dispose()])
  }

  private async toFinding(text: string, lint: Lint): Promise<RuleFinding | undefined> {
    const kind = lint.lint_kind()
    const policy = policyFor(kind)
    if (!policy) return undefined
    const suggestions = [...new Set(lint.suggestions().map(replacementText))]
    if (policy.needsSuggestion && suggestions.length === 0) return undefined
    const span = lint.span()
    const { start, end } = span
    span.free()
    const original = lint.get_problem_text()
    const at = toJsSpan(text, start, end, original)
    if (!at) return undefined
    if (kind === 'Spelling' && (await this.isAcceptableSpelling(text, at, original))) return undefined
    return {
      ...at,
      original,
      suggestions: suggestions.slice(0, 3),
      category: policy.category,
      reason: refineReason(policy.reason, lint.message()),
      message: lint.message(),
    }
  }

  /** Proper nouns (capitalised inside a sentence) and British spellings are not learner errors. */
  private async isAcceptableSpelling(text: string, at: Span, word: string): Promise<boolean> {
    if (/^\p{Lu}/u.test(word) && !startsSentence(text, at.start)) return true
    let verdict = this.britishVerdicts.get(word)
    if (verdict === undefined) {
      const lints = await this.british.lint(word, PLAIN)
      verdict = lints.length === 0
      for (const lint of lints) lint.free()
      if (this.britishVerdicts.size >= BRITISH_CACHE_SIZE) this.britishVerdicts.clear()
      this.britishVerdicts.set(word, verdict)
    }
    return verdict
  }
}

function replacementText(suggestion: Suggestion): string {
  const text = suggestion.get_replacement_text()
  suggestion.free()
  return text
}

function startsSentence(text: string, index: number): boolean {
  const before = text.slice(0, index)
  return /(^|[.!?…]["”')\]]?)\s*$/u.test(before) || /\n\s*$/.test(before)
}

/** Harper's message says more than its kind: a "past participle" lint is about verb forms, an "article" one not. */
function refineReason(reason: IssueReason, message: string): IssueReason {
  if (reason !== 'grammar' && reason !== 'agreement') return reason
  if (/participle|tense|infinitive|gerund|verb form/i.test(message)) return 'verb-form'
  if (/\barticle\b|\b`?an?`? before\b/i.test(message)) return 'article'
  return reason
}

/** Keeps the first of any overlapping findings (sorted by start, longest first). */
function dropOverlaps(findings: RuleFinding[]): RuleFinding[] {
  const kept: RuleFinding[] = []
  for (const f of findings) {
    const last = kept.at(-1)
    if (last && f.start < last.end) continue
    kept.push(f)
  }
  return kept
}
