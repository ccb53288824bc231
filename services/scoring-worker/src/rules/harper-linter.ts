import type { IssueCategory, IssueChange } from '@parley/core'
import { Dialect, type Lint, LocalLinter, type Suggestion } from 'harper.js'
import { binaryInlined } from 'harper.js/binaryInlined'
import { editDistance } from './edit-distance.js'
import { FITTED_DISABLED_RULES, FITTED_EDITS, FITTED_SPELLING_KINDS } from './fitted-rules.js'
import { isKnownFalseAlarm } from './harper-guards.js'
import { findLearnedEdits, keyOf, type LearnedEdit, type LearnedHit } from './learned-edits.js'
import { CHAT_WORDS, DISABLED_RULES, type IssueReason, policyFor } from './lint-kinds.js'
import { inLearnersStyle, straightenQuotes } from './normalise.js'
import { type Span, toJsSpan } from './offsets.js'
import { findPatterns, PATTERN_RULES, type PatternHit, type PatternRule } from './patterns/index.js'
import { rankSpellingSuggestions, type SpellingKind, spellingKind } from './spelling.js'

/** One finding of the rules layer, already filtered, categorised and placed on exact JS offsets. */
export type RuleFinding = Span & {
  original: string
  suggestions: string[]
  category: IssueCategory
  reason: IssueReason
  /** What the first suggestion does: replace the span, insert next to it, or delete it. */
  change: IssueChange
  /** Harper's rule name, or the pattern rule's id. */
  rule: string
  /** Harper's own English description (or the pattern id), kept for logs. */
  message: string
  /** Spelling only: Harper's candidates as it gave them, before ranking (for fitting the ranking on train). */
  spellingCandidates?: string[]
  /** Spelling only: which kind of finding, kept by its precision on train (spelling.ts). */
  spellingKind?: SpellingKind
}

const PLAIN = { language: 'plaintext' } as const
const BRITISH_CACHE_SIZE = 10_000
// harper.js SuggestionKind: Replace = 0, Remove = 1, InsertAfter = 2.
const REPLACE = 0
const REMOVE = 1
const INSERT_AFTER = 2

/**
 * Harper's LocalLinter, created once per process (setup costs about 1.5 s), plus the data-driven learner pattern
 * rules (compromise). A second, British-English linter vets spelling findings so that "colour" or "travelling" are
 * not marked wrong.
 */
export class RulesLinter {
  /** Words already checked against British spelling; learners repeat their words, and each check is a lint. */
  private readonly britishVerdicts = new Map<string, boolean>()

  private constructor(
    private readonly american: LocalLinter,
    private readonly british: LocalLinter,
    private readonly patterns: PatternRule[],
    private readonly learned: ReadonlyMap<string, LearnedEdit>,
    private readonly spellingKinds: ReadonlySet<SpellingKind>,
  ) {}

  /**
   * `disabledRules`: Harper rules and pattern ids to switch off (default: the fixed and the fitted lists).
   * `learnedEdits`: the edits learned from human corrections (default: the fitted table; none while fitting).
   * `spellingKinds`: the kinds of spelling finding kept (default: the fitted list).
   */
  static async create(
    opts: {
      disabledRules?: readonly string[]
      keepAllPatterns?: boolean
      learnedEdits?: readonly LearnedEdit[]
      spellingKinds?: readonly SpellingKind[]
    } = {},
  ): Promise<RulesLinter> {
    const american = new LocalLinter({ binary: binaryInlined, dialect: Dialect.American })
    const british = new LocalLinter({ binary: binaryInlined, dialect: Dialect.British })
    await Promise.all([american.setup(), british.setup()])
    const disabled = opts.disabledRules ?? [...DISABLED_RULES, ...FITTED_DISABLED_RULES]
    for (const linter of [american, british]) {
      const config = await linter.getLintConfig()
      for (const rule of disabled) config[rule] = false
      await linter.setLintConfig(config)
      await linter.importWords(CHAT_WORDS)
    }
    const off = new Set(opts.keepAllPatterns ? [] : disabled)
    return new RulesLinter(
      american,
      british,
      PATTERN_RULES.filter((p) => !off.has(p.id)),
      new Map((opts.learnedEdits ?? FITTED_EDITS).map((e) => [keyOf(e), e])),
      new Set(opts.spellingKinds ?? FITTED_SPELLING_KINDS),
    )
  }

  /** Findings in `text`, ordered by position, with overlapping ones removed. */
  async lint(text: string): Promise<RuleFinding[]> {
    // Curly quotes become straight ones of the same length, so offsets found in `plain` hold in `text`.
    const plain = straightenQuotes(text)
    const findings: RuleFinding[] = [
      ...findPatterns(plain, this.patterns).map((hit) => patternFinding(text, hit)),
      ...findLearnedEdits(plain, this.learned).map((hit) => learnedFinding(text, hit)),
    ]
    const byRule = await this.american.organizedLints(plain, PLAIN)
    for (const [rule, lints] of Object.entries(byRule)) {
      for (const lint of lints) {
        try {
          const finding = await this.toFinding(plain, rule, lint)
          if (finding) findings.push(finding)
        } finally {
          // WebAssembly memory: free now rather than whenever the garbage collector runs the finaliser.
          lint.free()
        }
      }
    }
    const styled = findings.map((f) => ({
      ...f,
      original: text.slice(f.start, f.end),
      suggestions: f.suggestions.map((s) => inLearnersStyle(s, text)),
    }))
    return dropOverlaps(styled.sort((a, b) => a.start - b.start || b.end - a.end))
  }

  async dispose(): Promise<void> {
    await Promise.all([this.american.dispose(), this.british.dispose()])
  }

  private async toFinding(text: string, rule: string, lint: Lint): Promise<RuleFinding | undefined> {
    const kind = lint.lint_kind()
    const policy = policyFor(kind)
    if (!policy) return undefined
    const span = lint.span()
    const { start, end } = span
    span.free()
    const problem = lint.get_problem_text()
    const at = toJsSpan(text, start, end, problem)
    if (!at) return undefined
    const edits = lint.suggestions().map(readSuggestion)
    const offered = [...new Set(edits.map((e) => applyEdit(problem, e)))]
    const spelling = kind === 'Spelling' || rule === 'SplitWords'
    const replacements = spelling ? rankSpellingSuggestions(problem, offered) : offered
    if ((policy.needsSuggestion || spelling) && replacements.length === 0) return undefined
    const misspelling = kind === 'Spelling' ? spellingKind(problem, replacements[0]!) : undefined
    if (misspelling && !this.spellingKinds.has(misspelling)) return undefined
    if (kind === 'Spelling' && (await this.isAcceptableSpelling(problem, replacements[0]))) return undefined
    // A ranked spelling candidate may be none of Harper's edits (a common neighbour): it replaces the word.
    const best = replacements[0]
    const first =
      edits.find((e) => applyEdit(problem, e) === best) ??
      (best === undefined ? undefined : { kind: REPLACE, text: best })
    const insertion = first?.kind === INSERT_AFTER ? first.text.trim() : undefined
    if (isKnownFalseAlarm({ rule, insertion, after: text.slice(at.end) })) return undefined
    const placed = placeEdit(text, at, first)
    return {
      ...placed.span,
      original: text.slice(placed.span.start, placed.span.end),
      suggestions: first?.kind === REMOVE ? [''] : replacements.slice(0, 3),
      category: policy.category,
      reason: refineReason(policy.reason, lint.message()),
      change: placed.change,
      rule,
      message: lint.message(),
      ...(spelling ? { spellingCandidates: offered } : {}),
      ...(misspelling ? { spellingKind: misspelling } : {}),
    }
  }

  /**
   * Not learner errors: acronyms and brand-style words (IELTS, StormReady, eSpeed), corrections three or more edits away
   * (a guess, not a correction), and British spellings. Fitted on train (docs/scoring.md): three-edit findings
   * matched a human edit in 5 % of cases. Which kinds of word are kept at all is fitted too (spellingKind).
   */
  private async isAcceptableSpelling(word: string, best?: string): Promise<boolean> {
    // Digits, two capitals or an inner capital ("eSpeed"): a code or a brand.
    if (/\d/.test(word) || /\p{Lu}.*\p{Lu}/u.test(word) || /\p{Ll}\p{Lu}/u.test(word)) return true
    if (best !== undefined && editDistance(word.toLowerCase(), best.toLowerCase()) >= 3) return true
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

type Edit = { kind: number; text: string }

function readSuggestion(suggestion: Suggestion): Edit {
  const edit = { kind: suggestion.kind(), text: suggestion.get_replacement_text() }
  suggestion.free()
  return edit
}

/** The span's text once the edit is applied. */
function applyEdit(problem: string, edit: Edit): string {
  if (edit.kind === REMOVE) return ''
  if (edit.kind === INSERT_AFTER) return problem + edit.text
  return edit.text
}

/** Where the first edit goes: an insertion after the span, a removal with one neighbouring space, or a replacement. */
function placeEdit(text: string, at: Span, edit: Edit | undefined): { span: Span; change: IssueChange } {
  if (edit?.kind === INSERT_AFTER) return { span: at, change: { kind: 'insert', at: at.end, text: edit.text } }
  if (edit?.kind === REMOVE) {
    if (text[at.end] === ' ') return { span: { start: at.start, end: at.end + 1 }, change: { kind: 'delete' } }
    if (text[at.start - 1] === ' ') return { span: { start: at.start - 1, end: at.end }, change: { kind: 'delete' } }
    return { span: at, change: { kind: 'delete' } }
  }
  return { span: at, change: { kind: 'replace' } }
}

function patternFinding(text: string, hit: PatternHit): RuleFinding {
  return {
    start: hit.start,
    end: hit.end,
    original: text.slice(hit.start, hit.end),
    suggestions: [hit.suggestion],
    category: hit.rule.category,
    reason: hit.rule.reason,
    change: hit.change,
    rule: hit.rule.id,
    message: hit.rule.id,
  }
}

function learnedFinding(text: string, hit: LearnedHit): RuleFinding {
  const { before, words, after, to } = hit.edit
  return {
    start: hit.start,
    end: hit.end,
    original: text.slice(hit.start, hit.end),
    suggestions: [hit.suggestion],
    category: hit.category,
    reason: hit.edit.reason,
    change: hit.change,
    rule: LEARNED_EDIT_RULE,
    message: `${before} [${words}] ${after} → ${to}`,
  }
}

/** The rule name of every learned edit (bench/quality/fit-rules.ts). */
export const LEARNED_EDIT_RULE = 'LearnedEdit'

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
