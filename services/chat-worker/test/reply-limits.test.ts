import { describe, expect, test } from 'vitest'
import { ReplyLimiter } from '../src/reply-limits.js'

function feed(limiter: ReplyLimiter, pieces: string[]) {
  let sent = ''
  let stoppedAt = -1
  pieces.forEach((p, i) => {
    const r = limiter.take(p)
    sent += r.send
    if (r.stop && stoppedAt < 0) stoppedAt = i
  })
  return { sent, stoppedAt }
}

describe('ReplyLimiter', () => {
  test('passes a short reply through untouched', () => {
    const l = new ReplyLimiter(4)
    const { sent, stoppedAt } = feed(l, ['Hello Ana! ', 'How are ', 'you today?'])
    expect(sent).toBe('Hello Ana! How are you today?')
    expect(stoppedAt).toBe(-1)
    expect(l.reply).toBe('Hello Ana! How are you today?')
  })

  test('stops after the sentence cap, cutting the piece at the boundary', () => {
    const l = new ReplyLimiter(2)
    const { sent, stoppedAt } = feed(l, ['One two. ', 'Three four! Five', ' six.'])
    expect(sent).toBe('One two. Three four!')
    expect(stoppedAt).toBe(1)
    expect(l.reply).toBe('One two. Three four!')
  })

  test('stops at a repeated sentence and keeps the reply without it', () => {
    const l = new ReplyLimiter(10)
    const { stoppedAt } = feed(l, [
      'What would you like to eat? ',
      'We have pasta today. ',
      'What would you like ',
      'to eat? More',
    ])
    expect(stoppedAt).toBe(3)
    expect(l.reply).toBe('What would you like to eat? We have pasta today.')
  })

  test('a reply that answers its own question ends at the question, and what follows it is never sent', () => {
    // SmolLM2 in the browser: "That's great to meet you. How was your day? I'm so glad to hear that! It sounds…"
    const l = new ReplyLimiter(6)
    const { sent, stoppedAt } = feed(l, [
      "That's great to meet you. ",
      'How was your day? ',
      "I'm so glad ",
      'to hear that! It sounds',
    ])
    expect(sent).toBe("That's great to meet you. How was your day?")
    expect(stoppedAt).toBe(3)
    expect(l.reply).toBe(sent.trimEnd())
  })

  test('a second question after the first is kept, at the end of the reply too; a first-sentence question is not a stop', () => {
    const two = new ReplyLimiter(6)
    let sent = feed(two, ['Nice! Where are you flying to? ', 'And may I see ', 'your passport, please?']).sent
    sent += two.end()
    expect(sent).toBe('Nice! Where are you flying to? And may I see your passport, please?')
    expect(two.reply).toBe(sent)

    const first = new ReplyLimiter(6)
    expect(feed(first, ['Really? ', 'That sounds fun. ', 'What did you eat?']).sent).toBe(
      'Really? That sounds fun. What did you eat?',
    )
  })

  test('an unfinished statement after the question is dropped when the model stops', () => {
    const l = new ReplyLimiter(6)
    const { sent } = feed(l, ['Good. Do you like it there? ', 'I live in'])
    expect(sent + l.end()).toBe('Good. Do you like it there?')
    expect(l.reply).toBe('Good. Do you like it there?')
  })

  test('numbers and abbreviations inside a sentence are not boundaries; short repeats ("Yes.") are allowed', () => {
    const l = new ReplyLimiter(3)
    feed(l, ['It costs 3.50 euros. ', 'Yes. ', 'Yes. ', 'Anything else?'])
    expect(l.stopped).toBe(true)
    expect(l.reply).toBe('It costs 3.50 euros. Yes. Yes.')
  })

  test('counts a line break as the end of a sentence (lists)', () => {
    const l = new ReplyLimiter(2)
    feed(l, ['- tea\n', '- coffee\n', '- juice\n'])
    expect(l.reply).toBe('- tea\n- coffee')
  })

  test('a list marker ("1.") is not a sentence: it neither counts nor ends the reply', () => {
    const l = new ReplyLimiter(4)
    feed(l, [
      'Hello! ',
      'I want to improve my English. ',
      "Here's how you can practise:\n",
      '1.',
      ' Speak every day.\n',
      '2. Read.',
    ])
    expect(l.reply).toBe("Hello! I want to improve my English. Here's how you can practise:\n1. Speak every day.")
  })

  test('at the cap, a line announcing what follows is left out rather than kept as the last one', () => {
    const l = new ReplyLimiter(3)
    const { sent } = feed(l, ['Hi! ', 'Good question. ', 'Here are some tips:\n', '1. Read.'])
    expect(sent).toBe('Hi! Good question. ')
    expect(l.reply).toBe('Hi! Good question.')
  })

  test('a reply cut short (token cap) loses a dangling list marker and the line that announced the list', () => {
    const l = new ReplyLimiter(10)
    feed(l, ['Great. ', 'Try this:\n', '1.'])
    expect(l.stopped).toBe(false)
    expect(l.reply).toBe('Great.')
    const alone = new ReplyLimiter(10)
    feed(alone, ['Try this:\n', '-'])
    expect(alone.reply).toBe('Try this:')
  })

  test('a colon inside a sentence, or a finished list, is kept', () => {
    const l = new ReplyLimiter(10)
    feed(l, ['The time is 10:30. ', 'You need:\n', '- a pen\n', '- paper'])
    expect(l.reply).toBe('The time is 10:30. You need:\n- a pen\n- paper')
  })
})
