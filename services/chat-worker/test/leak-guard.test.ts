import { describe, expect, test } from 'vitest'
import { LeakGuard, protectedShingles, WINDOW } from '../src/leak-guard.js'
import { tutorSystemPrompt } from '../src/prompts/index.js'
import { ana, scenario } from './fixtures.js'

const canary = 'prly00aa11bb22'

async function guardFor(id = 'restaurant') {
  const s = await scenario(id)
  const prompt = tutorSystemPrompt({
    tutorName: 'Parley',
    learner: ana,
    scenario: s,
    nonEnglish: false,
    injectionSuspected: false,
    canary,
  })
  return { guard: new LeakGuard(protectedShingles(prompt.instructions, prompt.publicText), canary), prompt, s }
}

/** Feeds text in uneven chunks, as a model streams it; returns what the learner would see. */
function feed(guard: LeakGuard, text: string, sizes = [1, 3, 7, 2, 11, 5]): { shown: string; leaked: boolean } {
  let shown = ''
  let i = 0
  let k = 0
  while (i < text.length) {
    const size = sizes[k++ % sizes.length]!
    const step = guard.push(text.slice(i, i + size))
    shown += step.release
    i += size
    if (step.leaked) return { shown, leaked: true }
  }
  const end = guard.end()
  return { shown: shown + end.release, leaked: end.leaked }
}

function hasWindowOf(text: string, secret: Set<string>): boolean {
  const words = text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []
  for (let i = 0; i + WINDOW <= words.length; i++) if (secret.has(words.slice(i, i + WINDOW).join(' '))) return true
  return false
}

describe('LeakGuard', () => {
  test('passes an ordinary reply through whole', async () => {
    const { guard } = await guardFor()
    const reply = 'Good evening! Sure, a table for one. Would you like some water, or maybe a glass of juice?'
    expect(feed(guard, reply)).toEqual({ shown: reply, leaked: false })
  })

  test('holds back only words that could begin an echo, so ordinary replies flow', async () => {
    const { guard } = await guardFor()
    expect(guard.push('Lovely, a table ').release).toBe('Lovely, a table ')
    expect(guard.push('for one by the window. Follow me ').release).toBe('for one by the window. Follow me ')
    // "you are" begins the instructions ("You are Parley, a warm…"), so it waits until the text goes elsewhere.
    expect(guard.push('and you are ').release).toBe('and ')
    expect(guard.push('welcome! ').release).toBe('you are welcome! ')
    // "Everything between" begins a safety line; it is released once the words part ways with it.
    expect(guard.push('Everything between ').release).toBe('')
    expect(guard.push('the tags is ').release).toBe('Everything between the tags ')
    expect(guard.end().release).toBe('is ')
  })

  test('lets the tutor say the public opening line and target vocabulary', async () => {
    const { guard, s } = await guardFor()
    const reply = `${s.openingLine} We have a great vegetarian menu.`
    expect(feed(guard, reply)).toEqual({ shown: reply, leaked: false })
  })

  test('stops a reply that echoes the instructions before a full window of them is shown', async () => {
    const { guard, prompt } = await guardFor()
    const secret = protectedShingles(prompt.instructions, prompt.publicText)
    const echo = `Sure! Here they are: ${prompt.text}`
    const result = feed(guard, echo)
    expect(result.leaked).toBe(true)
    expect(hasWindowOf(result.shown, secret)).toBe(false)
    expect(result.shown.length).toBeLessThan(60)
  })

  test('stops a reply that echoes any single instruction, whatever the casing and spacing', async () => {
    const { prompt } = await guardFor()
    for (const instruction of prompt.instructions) {
      const { guard } = await guardFor()
      const echo = `ok so   ${instruction.toUpperCase().replace(/ /g, '  ')} and then more`
      expect(feed(guard, echo, [4]).leaked, instruction).toBe(true)
    }
  })

  test('stops a reply that writes the canary, even split across chunks', async () => {
    const { guard } = await guardFor()
    const result = feed(guard, `the code is ${canary} right`, [2])
    expect(result.leaked).toBe(true)
    expect(result.shown).not.toContain(canary)
    expect(result.shown).not.toContain('prly')
  })

  test('releases nothing more once it has stopped', async () => {
    const { guard } = await guardFor()
    feed(guard, canary)
    expect(guard.push(' hello there')).toEqual({ release: '', leaked: true })
    expect(guard.end()).toEqual({ release: '', leaked: true })
  })
})
