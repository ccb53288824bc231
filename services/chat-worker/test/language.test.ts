import { describe, expect, test } from 'vitest'
import { guessLanguage } from '../src/language.js'

describe('guessLanguage', () => {
  test.each([
    'I has went to school yesterday',
    'Hello! My name is Ana and I am from Brazil.',
    'yesterday i go to the market with my mother and buy many fruit',
    'I think the most important thing is to have good friends.',
    'ok',
    'Yes!',
    'Jakarta',
    'I like sushi 🍣 a lot!!',
    "I'm fine, thanks. And you?",
  ])('treats learner English as English: %s', (text) => {
    expect(guessLanguage(text).english).toBe(true)
  })

  test.each([
    ['Привет, как дела? Я хочу поговорить', 'non-latin-script'],
    ['我今天很累，想休息一下', 'non-latin-script'],
    ['今日はとても暑いですね', 'non-latin-script'],
    ['مرحبا كيف حالك', 'non-latin-script'],
    ['Hola, me llamo Ana y quiero hablar de mi trabajo', 'foreign-function-words'],
    ['Saya tidak tahu apa yang harus saya katakan', 'foreign-function-words'],
    ["Je suis très fatigué aujourd'hui, et toi?", 'foreign-function-words'],
    ['Ich bin heute sehr müde und habe keine Lust', 'foreign-function-words'],
    ['Eu não sei o que dizer sobre isso', 'foreign-function-words'],
  ])('flags another language: %s', (text, reason) => {
    const guess = guessLanguage(text)
    expect(guess.english).toBe(false)
    expect(guess.reason).toBe(reason)
  })
})
