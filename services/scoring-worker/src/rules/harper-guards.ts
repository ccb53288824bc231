// Known false alarms of single Harper rules, as data: each names the rule (or the edit it suggests) and the words
// right after the flagged span that show the text was fine. Each has a test in test/rules-golden.test.ts.

/** What a guard sees of a Harper finding: its rule, its first edit, and the text after the span. */
export type GuardedFinding = { rule: string; insertion?: string; after: string }

type Guard = { why: string; applies: (f: GuardedFinding) => boolean; fineWhenFollowedBy: RegExp }

/** Time adverbs Harper's tagger reads as nouns ("went there yesterday" is not "their yesterday"). */
const TIME_ADVERB = /^\s*(yesterday|today|tomorrow|tonight|now|again|soon|often|sometimes|always|already)\b/i

export const HARPER_GUARDS: readonly Guard[] = [
  {
    why: 'MissingTo before a modal: "who want to learn must" would become "learn to must"',
    applies: (f) => f.insertion === 'to',
    fineWhenFollowedBy: /^\s*(must|can|could|will|would|shall|should|may|might|to)\b/i,
  },
  {
    why: 'ThereToTheir before a time adverb: "I went there yesterday" would become "their yesterday"',
    applies: (f) => f.rule === 'ThereToTheir',
    fineWhenFollowedBy: TIME_ADVERB,
  },
]

/** Whether a Harper finding is one of the known false alarms above. */
export function isKnownFalseAlarm(finding: GuardedFinding): boolean {
  return HARPER_GUARDS.some((g) => g.applies(finding) && g.fineWhenFollowedBy.test(finding.after))
}
