// The anchor: harper.js as it comes (American, plaintext, every default rule, every lint kind, first suggestion).
import { Dialect, type Lint, LocalLinter } from 'harper.js'
import { binaryInlined } from 'harper.js/binaryInlined'
import { type Flag, insertionFlag } from './correction-metrics.js'

/** A lint as a flag; frees the lint. Harper's suggestion kinds: 0 replace, 1 remove, 2 insert after the span. */
function toFlag(text: string, lint: Lint): Flag {
  const span = lint.span()
  const first = lint.suggestions()[0]
  const { start, end } = span
  const kind = first?.kind()
  const replacement = first?.get_replacement_text()
  first?.free()
  span.free()
  lint.free()
  if (kind === 2 && replacement) return insertionFlag(text, end, replacement)
  return { start, end, suggestion: kind === 1 ? '' : replacement }
}

export async function createHarperAlone(): Promise<{
  flags: (text: string) => Promise<Flag[]>
  /** The same lints with Harper's rule name and lint kind (bench/quality/filter-costs.ts). */
  lintsWithRules: (text: string) => Promise<(Flag & { rule: string; kind: string })[]>
  close: () => Promise<void>
}> {
  const linter = new LocalLinter({ binary: binaryInlined, dialect: Dialect.American })
  await linter.setup()
  return {
    async flags(text) {
      return (await linter.lint(text, { language: 'plaintext' })).map((lint) => toFlag(text, lint))
    },
    async lintsWithRules(text) {
      const byRule = await linter.organizedLints(text, { language: 'plaintext' })
      return Object.entries(byRule).flatMap(([rule, lints]) =>
        lints.map((lint) => {
          const kind = lint.lint_kind()
          return { ...toFlag(text, lint), rule, kind }
        }),
      )
    },
    close: () => linter.dispose(),
  }
}
