import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { applySuggestions } from '../src/feedback/corrected.js'
import { ruleIssue } from '../src/feedback/rules-layer.js'
import { FITTED_EDITS } from '../src/rules/fitted-rules.js'
import { LEARNED_EDIT_RULE, RulesLinter } from '../src/rules/harper-linter.js'
import {
  findLearnedEdits,
  inflect,
  inflectionOf,
  keyOf,
  type LearnedEdit,
  tokenise,
} from '../src/rules/learned-edits.js'
import { rankSpellingSuggestions, spellingKind } from '../src/rules/spelling.js'
import { COARSE_TAGS } from '../src/rules/tagging.js'

const table = (edits: LearnedEdit[]) => new Map(edits.map((e) => [keyOf(e), e]))

describe('learned edits (a table fitted on train M2)', () => {
  const edits = table([
    { before: 'in', words: '', after: 'number', to: 'the', reason: 'article' },
    { before: '*', words: 'for an', after: 'example', to: 'for', reason: 'article' },
    { before: '*', words: 'discuss about', after: '*', to: 'discuss', reason: 'preposition' },
    { before: 'however', words: '', after: '*', to: ',', reason: 'punctuation' },
  ])

  test('tokens keep their offsets and inner apostrophes', () => {
    expect(tokenise("I don't know, Sam.").map((t) => [t.text, t.start, t.tag])).toEqual([
      ['I', 0, 'Pronoun'],
      ["don't", 2, expect.any(String)],
      ['know', 8, expect.any(String)],
      [',', 12, ','],
      ['Sam', 14, 'ProperNoun'],
      ['.', 17, '.'],
    ])
  })

  test('a context can be a class of word: "[] #Singular" after "in"', () => {
    const byTag = table([{ before: 'in', words: '', after: '#Singular', to: 'the', reason: 'article' }])
    expect(findLearnedEdits('It rose in number of cars.', byTag)).toHaveLength(1)
    expect(findLearnedEdits('It rose in many ways.', byTag)).toEqual([])
  })

  test('an inflection is learned for a class of words and gives only real words', () => {
    expect(inflectionOf('country', 'countries')).toEqual({ from: 'y', to: 'ies' })
    expect(inflectionOf('want', 'wants')).toEqual({ from: '', to: 's' })
    expect(inflectionOf('go', 'went')).toBeUndefined()
    expect(inflect('Country', { from: 'y', to: 'ies' })).toBe('Countries')
    expect(inflect('student', { from: 'y', to: 'ies' })).toBeUndefined()
    expect(inflect('studen', { from: '', to: 's' })).toBeUndefined()
    const plural = table([
      { before: 'many', words: '@Singular~>s', after: '*', to: '~>s', reason: 'plural' },
      { before: 'many', words: '@Singular~y>ies', after: '*', to: '~y>ies', reason: 'plural' },
    ])
    expect(findLearnedEdits('Many student and many country agree.', plural)).toMatchObject([
      { start: 5, end: 12, suggestion: 'students', change: { kind: 'replace' } },
      { start: 22, end: 29, suggestion: 'countries' },
    ])
    expect(findLearnedEdits('Many students agree.', plural)).toEqual([])
  })

  test('a word inserted in its context, and only there', () => {
    const [hit] = findLearnedEdits('It rose in number of cars.', edits)
    expect(hit).toMatchObject({ start: 11, end: 17, suggestion: 'the number', change: { kind: 'insert', at: 11 } })
    expect(findLearnedEdits('It rose in the number of cars.', edits)).toEqual([])
    expect(findLearnedEdits('The number of cars rose.', edits)).toEqual([])
  })

  test('a replacement keeps the capital of the words it replaces', () => {
    const [hit] = findLearnedEdits('For an example, this.', edits)
    expect(hit).toMatchObject({ start: 0, end: 6, suggestion: 'For', change: { kind: 'replace' } })
  })

  test('punctuation goes right after the word before it', () => {
    const [hit] = findLearnedEdits('However I agree.', edits)
    expect(hit).toMatchObject({
      start: 0,
      end: 7,
      suggestion: 'However,',
      change: { kind: 'insert', at: 7, text: ',' },
    })
  })

  test('the fitted table is real data: every entry is well formed and fires on its own context', () => {
    const isTag = (w: string) => w.startsWith('#')
    for (const e of FITTED_EDITS) {
      for (const side of [e.before, e.after])
        if (isTag(side)) expect(COARSE_TAGS.includes(side.slice(1)) || /^#[^\p{L}\p{N}]$/u.test(side), side).toBe(true)
      if (e.words.startsWith('@')) {
        const m = /^@(\w+)~(\p{Ll}*)>(\p{Ll}*)$/u.exec(e.words)
        expect(m && COARSE_TAGS.includes(m[1]!) && e.to === `~${m[2]}>${m[3]}`, JSON.stringify(e)).toBeTruthy()
      }
      // Entries with a class of word need a tagged text of that class; the unit tests above cover them.
      if (isTag(e.before) || isTag(e.after) || e.words.startsWith('@')) continue
      expect(e.words === '' && e.before === '*' && e.after === '*').toBe(false)
      const words = [e.before, e.words, e.after].filter((w) => !['*', '^', '$', ''].includes(w))
      const text = `${e.before === '^' ? '' : 'and '}${words.join(' ')}${e.after === '$' ? '' : ' also'}`
      const hits = findLearnedEdits(text, table([e]))
      expect(hits.length, JSON.stringify(e)).toBeGreaterThan(0)
    }
  })
})

describe('spelling (kinds fitted on train, candidates ranked by distance and frequency)', () => {
  test('kinds', () => {
    expect(spellingKind('inulin', 'insulin')).toBe('listed-other')
    expect(spellingKind('infrastructures', 'infrastructure')).toBe('listed-singular')
    expect(spellingKind('Eruope', 'Europe')).toBe('name-near-common')
    expect(spellingKind('Toray', 'Today')).toBe('capitalised')
    expect(spellingKind('dignosis', 'diagnosis')).toBe('unlisted')
    // Two edits away (a swap of two letters is one edit): web coinages, and learners' words guessed wrong.
    expect(spellingKind('stompbox', 'soapbox')).toBe('unlisted-far')
    expect(spellingKind('wolrd', 'world')).toBe('unlisted')
    expect(spellingKind('fi', 'fa')).toBe('short')
    expect(spellingKind('non-stop', 'nonstop')).toBe('hyphenated')
  })

  test('frequency is read from the full SUBTLEX list: a rarer word one edit away loses ("invoving")', () => {
    expect(rankSpellingSuggestions('invoving', ['invoking', 'involving'], 0.5)[0]).toBe('involving')
    expect(rankSpellingSuggestions('Amrican', ['African', 'American'], 0.5)[0]).toBe('American')
  })

  test('a common word one edit away is offered even when Harper does not ("stong" → "strong")', () => {
    expect(rankSpellingSuggestions('stong', ['song', 'sting', 'stone'], 1)).toContain('strong')
    expect(rankSpellingSuggestions('stong', ['song', 'sting', 'stone'], 0)[0]).toBe('song')
  })

  test('frequency can outweigh one edit ("thses": "these" before "theses" once frequency counts)', () => {
    expect(rankSpellingSuggestions('thses', ['theses', 'this', 'thesis'], 0)[0]).toBe('theses')
    expect(rankSpellingSuggestions('thses', ['theses', 'this', 'thesis'], 1.5)[0]).not.toBe('theses')
  })

  test('a possessive offered for a plural becomes the singular', () => {
    expect(rankSpellingSuggestions('expectancies', ["expectancy's"], 0)).toEqual(['expectancy'])
  })
})

describe('through the rules layer', () => {
  let rules: RulesLinter
  beforeAll(async () => {
    rules = await RulesLinter.create({
      learnedEdits: [{ before: 'listen', words: '', after: 'music', to: 'to', reason: 'preposition' }],
    })
  })
  afterAll(async () => {
    await rules.dispose()
  })

  test('a learned edit is explained by its reason, with the words, and corrects the text', async () => {
    const text = 'I listen music every day.'
    const findings = (await rules.lint(text)).filter((f) => f.rule === LEARNED_EDIT_RULE)
    expect(findings).toHaveLength(1)
    const issue = ruleIssue(findings[0]!, 'en')
    expect(issue.explanation).toContain('add “to” before “music”')
    expect(issue.category).toBe('grammar')
    expect(applySuggestions(text, [issue])).toBe('I listen to music every day.')
    expect(ruleIssue(findings[0]!, 'de').explanation).not.toBe(issue.explanation)
  })

  test('a brand written with an inner capital is not marked as misspelt', async () => {
    expect((await rules.lint('I installed eSpeed yesterday.')).map((f) => f.original)).not.toContain('eSpeed')
  })

  test('a rare real word is not marked as misspelt', async () => {
    expect((await rules.lint('Chicory root is rich in inulin.')).map((f) => f.original)).not.toContain('inulin')
  })

  test('each spelling kind is shown only when kept: one edit ("dignosis") and two edits ("stompbox") apart', async () => {
    const text = 'The dignosis came with a stompbox.'
    for (const [kind, shown, hidden] of [
      ['unlisted', 'dignosis', 'stompbox'],
      ['unlisted-far', 'stompbox', 'dignosis'],
    ] as const) {
      const only = await RulesLinter.create({ spellingKinds: [kind] })
      try {
        const found = (await only.lint(text)).map((f) => f.original)
        expect(found, kind).toContain(shown)
        expect(found, kind).not.toContain(hidden)
      } finally {
        await only.dispose()
      }
    }
  })
})
