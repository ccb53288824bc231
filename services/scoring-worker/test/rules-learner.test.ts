import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { applySuggestions } from '../src/feedback/corrected.js'
import { EXPLANATION_LANGUAGES } from '../src/feedback/explanations/index.js'
import { ruleIssue } from '../src/feedback/rules-layer.js'
import { editDistance } from '../src/rules/edit-distance.js'
import { RulesLinter } from '../src/rules/harper-linter.js'
import { isOffensive } from '../src/rules/offensive-words.js'
import { PATTERN_RULES } from '../src/rules/patterns/index.js'
import { rankSpellingSuggestions } from '../src/rules/spelling.js'

let rules: RulesLinter
beforeAll(async () => {
  rules = await RulesLinter.create()
})
afterAll(async () => {
  await rules.dispose()
})

/** The learner's text with the rules layer's corrections applied, and the issues as the learner gets them. */
async function correct(text: string, lang = 'en') {
  const findings = await rules.lint(text)
  for (const f of findings) expect(text.slice(f.start, f.end)).toBe(f.original)
  const issues = findings.map((f) => ruleIssue(f, lang))
  return { corrected: applySuggestions(text, issues), issues }
}

describe('bugs learners saw', () => {
  test('an insertion is an insertion: "I want improve it" → "I want to improve it", explained as "add"', async () => {
    const { corrected, issues } = await correct('I want improve it.')
    expect(corrected).toBe('I want to improve it.')
    expect(issues[0]!.change).toEqual({ kind: 'insert', at: 6, text: ' to' })
    expect(issues[0]!.original).toBe('want')
    expect(issues[0]!.explanation).toContain('add “to” after “want”')
  })

  test('"However I think" never becomes a lone comma', async () => {
    const { corrected } = await correct('However I think it is fine.')
    expect(corrected).toMatch(/^However,? I think it is fine\.$/)
  })

  test('a deletion takes its space with it: "I am agree" → "I agree", explained as "remove"', async () => {
    const { corrected, issues } = await correct('I am agree with you.')
    expect(corrected).toBe('I agree with you.')
    expect(issues[0]!.change).toEqual({ kind: 'delete' })
    expect(issues[0]!.explanation).toContain('remove “am”')
  })

  test('curly apostrophes are corrected like straight ones, in the learner’s style, on the right span', async () => {
    const text = 'She don’t like it.'
    const { corrected, issues } = await correct(text)
    expect(issues).toHaveLength(1)
    expect(issues[0]!.original).toBe('don’t')
    expect(corrected).toBe('She doesn’t like it.')
    expect((await correct("She don't like it.")).corrected).toBe("She doesn't like it.")
  })

  test('an error inside a sentence over 40 words is still found (the long-sentence lint is off)', async () => {
    const long = `${'We talked about the weather and the news and our plans for the weekend with friends, '.repeat(3)}and she go home.`
    expect(long.split(' ').length).toBeGreaterThan(40)
    const { issues } = await correct(long)
    expect(issues.map((i) => i.original)).toContain('go')
  })

  test.each([
    ['I visited Eruope last year.', 'Europe'],
    ['He is Amrican.', 'American'],
  ])('a misspelt common name is corrected: %j', async (text, fixed) => {
    expect((await correct(text)).corrected).toContain(fixed)
  })

  test('real names are still left alone', async () => {
    expect((await correct('Hi! My name is Budi and I work at Tokopedia with Ayu.')).issues).toEqual([])
  })

  test('spelling suggestions: never offensive, close and frequent first, never a split into rare words', async () => {
    const succeed = await correct('I will succed.')
    expect(succeed.corrected).toBe('I will succeed.')
    expect(succeed.issues[0]!.suggestions).not.toContain('sucked')
    const ans = await correct('The ans is right.')
    for (const i of ans.issues) for (const s of i.suggestions) expect(isOffensive(s), s).toBe(false)
    const info = await correct('Thank you for the informations.')
    expect(info.corrected).toBe('Thank you for the information.')
    expect(rankSpellingSuggestions('informations', ['in formations', 'information'])).not.toContain('in formations')
    expect(rankSpellingSuggestions('alot', ['a lot'])[0]).toBe('a lot')
    expect(rankSpellingSuggestions('Amrican', ['African', 'American', 'Adrian'])[0]).toBe('American')
    expect(rankSpellingSuggestions('ans', ['anus', 'and', 'ants'])).not.toContain('anus')
  })

  test('edit distance counts a swap of two letters as one edit', () => {
    expect(editDistance('eruope', 'europe')).toBe(1)
    expect(editDistance('japen', 'japan')).toBe(1)
    expect(editDistance('kitten', 'sitting')).toBe(3)
  })
})

describe('learner patterns (every example of every data rule, through the whole rules layer)', () => {
  const wrong = PATTERN_RULES.flatMap((r) => r.examples.wrong.map(([text, fixed]) => [r.id, text, fixed] as const))
  const right = PATTERN_RULES.flatMap((r) => r.examples.right.map((text) => [r.id, text] as const))

  test.each(wrong)('%s: %j → %j', async (_id, text, fixed) => {
    expect((await correct(text)).corrected).toBe(fixed)
  })

  test.each(right)('%s leaves %j alone', async (id, text) => {
    expect((await rules.lint(text)).filter((f) => f.rule === id)).toEqual([])
  })

  const ISSUE_PATTERNS: [string, string][] = [
    ['I am agree with you.', 'I agree with you.'],
    ['Can you explain me the rule?', 'Can you explain to me the rule?'],
    ['I have 25 years.', 'I am 25 years old.'],
    ['There is many people here.', 'There are many people here.'],
    ['I am interesting in music.', 'I am interested in music.'],
    ['Yesterday I go to the market.', 'Yesterday I went to the market.'],
    ['I bought three apple.', 'I bought three apples.'],
    ['It depends of the weather.', 'It depends on the weather.'],
    ['Everybody have a phone.', 'Everybody has a phone.'],
    ['My friend want to come.', 'My friend wants to come.'],
    ['People who wants to learn must practise.', 'People who want to learn must practise.'],
    ['Can you recommend me a good book?', 'Can you recommend to me a good book?'],
    ['I have seen him yesterday.', 'I saw him yesterday.'],
    ['I live here since five years.', 'I live here for five years.'],
    ['Have you ever think about it?', 'Have you ever thought about it?'],
    ['There is an increase in number of cars.', 'There is an increase in the number of cars.'],
    ['She is married with a doctor.', 'She is married to a doctor.'],
  ]
  test.each(ISSUE_PATTERNS)('the issue’s pattern %j → %j', async (text, fixed) => {
    expect((await correct(text)).corrected).toBe(fixed)
  })

  // As phones type it: a curly apostrophe elsewhere in the message changes neither the finding nor its span.
  test.each(ISSUE_PATTERNS)('the issue’s pattern beside curly apostrophes: %j', async (text, fixed) => {
    expect((await correct(`I’m sure. ${text} It’s true.`)).corrected).toBe(`I’m sure. ${fixed} It’s true.`)
  })
})

describe('explanations name the rule and the words, in the learner’s language', () => {
  test('German, Japanese and Chinese are real translations', async () => {
    const text = 'Yesterday I go to the market.'
    const de = (await correct(text, 'de')).issues[0]!.explanation
    const ja = (await correct(text, 'ja')).issues[0]!.explanation
    const zh = (await correct(text, 'zh-CN')).issues[0]!.explanation
    expect(de).toMatch(/“go” → “went”.*past simple/)
    expect(de).not.toContain('A finished time')
    expect(ja).toMatch(/過去形/)
    expect(zh).toMatch(/一般过去时/)
    expect((await correct('I want improve it.', 'de')).issues[0]!.explanation).toContain('füge „to“ nach „want“ ein')
  })

  test('the web settings offer exactly the languages that have a table', () => {
    const source = readFileSync(new URL('../../../apps/web/lib/settings-options.ts', import.meta.url), 'utf8')
    const block = source.slice(source.indexOf('FEEDBACK_LANGUAGES'))
    const offered = [...block.matchAll(/code: '([a-z]+)'/g)].map((m) => m[1])
    expect(offered.sort()).toEqual([...EXPLANATION_LANGUAGES].sort())
  })
})
