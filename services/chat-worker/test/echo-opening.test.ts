import { describe, expect, test } from 'vitest'
import { EchoOpening } from '../src/echo-opening.js'

/** The reply as the learner would see it, fed to the filter in pieces of `size` characters. */
function filtered(reply: string, learner: string[], size = 3): { shown: string; dropped: string } {
  const echo = new EchoOpening(learner)
  let shown = ''
  for (let i = 0; i < reply.length; i += size) shown += echo.push(reply.slice(i, i + size))
  shown += echo.end()
  return { shown, dropped: echo.dropped }
}

const said = 'ok i think it is good idea to go there tomorrow with you'

describe('EchoOpening', () => {
  test('drops a first sentence that copies the learner (seen on SmolLM2), keeps the rest', () => {
    const { shown, dropped } = filtered(`${said}, okay? It's great to meet you. How has your day been?`, [said])
    expect(shown).toBe("It's great to meet you. How has your day been?")
    expect(dropped).toBe(`${said}, okay? `)
  })

  test('an earlier learner message counts too, and a copy that runs on into the tutor own words', () => {
    const { shown } = filtered('Ok I think it is good idea to meet tomorrow. Where shall we meet?', [
      said,
      'I am agree.',
    ])
    expect(shown).toBe('Where shall we meet?')
  })

  test('a reply that does not copy passes unchanged, whatever the piece size', () => {
    const reply = 'That sounds like a good plan! Where would you like to go?'
    for (const size of [1, 2, 5, 100]) expect(filtered(reply, [said], size).shown).toBe(reply)
  })

  test('a short shared opening stays: "I think" or a greeting back is the tutor speaking, not an echo', () => {
    expect(filtered('I think that is a lovely idea. Why tomorrow?', [said]).shown).toBe(
      'I think that is a lovely idea. Why tomorrow?',
    )
    expect(filtered('Hello! How are you today?', ['Hello!']).shown).toBe('Hello! How are you today?')
  })

  test('a sentence that quotes the learner briefly inside its own words stays', () => {
    const reply = 'ok i think it is good — I like your plan, but we say "a good idea", with "a". Shall we go at ten?'
    expect(filtered(reply, [said]).shown).toBe(reply)
  })

  test('a reply that is only the copy leaves nothing (the relay then sends its line to go on from)', () => {
    expect(filtered(`${said}.`, [said])).toEqual({ shown: '', dropped: `${said}.` })
  })

  test('no learner messages: nothing is held', () => {
    const echo = new EchoOpening([])
    expect(echo.push('Welcome')).toBe('Welcome')
  })
})
