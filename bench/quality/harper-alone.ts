// The anchor: harper.js as it comes (American, plaintext, every default rule, every lint kind, first suggestion).
import { Dialect, LocalLinter } from 'harper.js'
import { binaryInlined } from 'harper.js/binaryInlined'
import { type Flag, insertionFlag } from './correction-metrics.js'

export async function createHarperAlone(): Promise<{
  flags: (text: string) => Promise<Flag[]>
  close: () => Promise<void>
}> {
  const linter = new LocalLinter({ binary: binaryInlined, dialect: Dialect.American })
  await linter.setup()
  return {
    async flags(text) {
      const out: Flag[] = []
      for (const lint of await linter.lint(text, { language: 'plaintext' })) {
        const span = lint.span()
        const first = lint.suggestions()[0]
        const { start, end } = span
        // Harper's suggestion kinds: 0 replace, 1 remove, 2 insert after the span.
        const kind = first?.kind()
        const replacement = first?.get_replacement_text()
        first?.free()
        if (kind === 2 && replacement) out.push(insertionFlag(text, end, replacement))
        else out.push({ start, end, suggestion: kind === 1 ? '' : replacement })
        span.free()
        lint.free()
      }
      return out
    },
    close: () => linter.dispose(),
  }
}
