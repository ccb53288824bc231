import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { applySuggestions } from '../src/feedback/corrected.js'
import { en } from '../src/feedback/explanations/en.js'
import { EXPLANATION_LANGUAGES, explain } from '../src/feedback/explanations/index.js'
import { ruleIssue } from '../src/feedback/rules-layer.js'
import { type RuleFinding, RulesLinter } from '../src/rules/harper-linter.js'

let rules: RulesLinter
const REASONS = Object.keys(en.labels) as (keyof typeof en.labels)[]
beforeAll(async () => {
  rules = await RulesLinter.create()
})
afterAll(async () => {
  await rules.dispose()
})

/** The findings as `[original, category]`, plus a check that every span really covers its text. */
async function lint(text: string): Promise<RuleFinding[]> {
  const found = await rules.lint(text)
  for (const f of found) {
    expect(text.slice(f.start, f.end)).toBe(f.original)
    expect(f.end).toBeGreaterThan(f.start)
  }
  return found
}

describe('rules layer on learner sentences (golden)', () => {
  test('"I has went to school yesterday" gets issues on "has" and "went"', async () => {
    const found = await lint('I has went to school yesterday')
    expect(found.map(({ start, end, original, category }) => ({ start, end, original, category }))).toEqual([
      { start: 2, end: 5, original: 'has', category: 'grammar' },
      { start: 6, end: 10, original: 'went', category: 'grammar' },
    ])
    expect(found[0]!.suggestions).toContain('have')
    expect(found[1]!.suggestions).toContain('gone')
  })

  test.each([
    ['She dont like apples.', 'dont', 'spelling', "don't"],
    ['He is more taller than me.', 'more taller', 'grammar', 'taller'],
    ['We went to the the park.', 'the the', 'grammar', 'the'],
    ['Its a nice day today.', 'Its', 'punctuation', "It's"],
    ['i think so.', 'i', 'punctuation', 'I'],
    ['I recieve many letters.', 'recieve', 'spelling', 'receive'],
    ['There is alot of people.', 'alot', 'spelling', 'a lot'],
    ['It could of been worse.', 'could of', 'word-choice', 'could have'],
    ['We will discuss about it tomorrow.', 'discuss about', 'word-choice', 'discuss'],
  ])('%j → %j (%s)', async (text, original, category, suggestion) => {
    const found = await lint(text)
    const hit = found.find((f) => f.original === original)
    expect(hit, JSON.stringify(found)).toBeDefined()
    expect(hit!.category).toBe(category)
    expect(hit!.suggestions).toContain(suggestion)
  })

  // harper-guards.ts: Harper findings known to be false alarms in these contexts, while the rule still fires elsewhere.
  test.each([
    ['I went there yesterday.', 'ThereToTheir'],
    ['We can go there tomorrow with you.', 'ThereToTheir'],
    ['I stay there today.', 'ThereToTheir'],
    ['Students who want to learn must practise.', 'MissingTo'],
  ])('%j is left alone (no %s)', async (text, rule) => {
    expect((await lint(text)).filter((f) => f.rule === rule)).toEqual([])
  })

  test('ThereToTheir still corrects "there" before a noun', async () => {
    const hit = (await lint('They parked there car outside.')).find((f) => f.rule === 'ThereToTheir')
    expect(hit?.suggestions).toContain('their')
  })

  test('spans stay exact after emoji, ZWJ sequences and astral letters', async () => {
    const text = '😀👨‍👩‍👧 𝒜𝒜 he go to school. Café naïve — she go home 🇮🇩'
    const found = await lint(text)
    const go = found.filter((f) => f.original === 'go')
    expect(go).toHaveLength(2)
    expect(go.map((f) => f.start)).toEqual([text.indexOf(' go ') + 1, text.lastIndexOf(' go ') + 1])
  })

  test.each([
    'Hi! My name is Budi and I live in Jakarta with my family.',
    'I work as a software engineer at Tokopedia, a big company.',
    'My favourite colour is blue and I love travelling.',
    'OK sure, lol that is so funny haha.',
    'Yesterday I went to the cinema with my friends and we watched a movie.',
    'In my opinion, the government should invest more in public transport.',
    'I have been living here for three years and I really like it.',
    'The weather is nice today, so I am going to go for a walk.',
  ])('leaves a correct sentence alone: %j', async (text) => {
    expect(await lint(text)).toEqual([])
  })

  test('the corrected text applies the first suggestion of each issue', async () => {
    const text = 'I has went to school yesterday, i think.'
    const issues = (await lint(text)).map((f) => ruleIssue(f, 'en'))
    expect(applySuggestions(text, issues)).toBe('I have gone to school yesterday, I think.')
  })
})

describe('explanations in the learner language', () => {
  test('Indonesian, Russian and Spanish keep the English terms and words', () => {
    expect(explain('id', 'agreement', 'has', 'have')).toMatch(
      /^Kesesuaian .*\(subject-verb agreement\): “has” → “have”\./,
    )
    expect(explain('ru', 'spelling', 'teh', 'the')).toMatch(/Орфография \(spelling\): “teh” → “the”\. Слово/)
    expect(explain('es', 'article', 'a', 'an')).toContain('Artículo (article: a/an/the)')
  })

  test('every table covers every reason', () => {
    for (const lang of EXPLANATION_LANGUAGES) {
      for (const reason of REASONS)
        expect(explain(lang, reason, 'a', 'b'), `${lang} ${reason}`).toMatch(/: “a” → “b”\. \S/)
    }
  })

  test('unknown languages and regional tags fall back sensibly', () => {
    expect(explain('xx', 'spelling', 'teh', 'the')).toBe('Spelling: “teh” → “the”. The word is misspelt.')
    expect(explain('es-MX', 'grammar', 'x')).toMatch(/^Gramática \(grammar\): “x”\./)
    expect(explain('pt-BR', 'tense', 'go', 'went')).toMatch(/^Tempo verbal \(tense\)/)
  })
})
