/**
 * A small offline guess at whether a learner wrote in English, good enough to decide whether the tutor should invite
 * them to switch to English. It looks at two things: the writing system (Cyrillic, CJK, Arabic… are not English) and,
 * for Latin text, how many words are common English function words versus common function words of other languages.
 * Learner English with mistakes still has plenty of English function words, so it passes.
 */
export type LanguageGuess = {
  english: boolean
  /** Why: `latin-english`, `too-short`, `non-latin-script`, `foreign-function-words`, `no-english-function-words`. */
  reason: string
  /** Share of letters in Latin script, 0..1. */
  latinShare: number
  /** Share of words that are English function words, 0..1. */
  englishShare: number
  /** Share of words that are function words of other languages (and not English), 0..1. */
  foreignShare: number
}

// Frequent English function words and very common short words.
const ENGLISH = new Set(
  (
    'a an the and or but if so because of to in on at by for with from about as into than then there here this that ' +
    'these those it its is are was were be been being am do does did done have has had having will would can could ' +
    'should shall may might must i me my mine you your yours he him his she her hers we us our they them their what ' +
    'which who whom whose when where why how not no yes all any some many much more most very too also just only ' +
    'like want go went going get got make made know think see say said tell told ok okay hello hi thanks thank please ' +
    "sorry well really good great i'm don't it's can't didn't i've let's today yesterday tomorrow time day work job"
  ).split(' '),
)

// Frequent function words of languages learners often write in, minus any that are also English words.
const FOREIGN = new Set(
  [
    // Spanish
    'el la los las un una unos unas y o pero que de del en con por para es son está estoy estás muy más porque cuando ' +
      'como yo tú él ella nosotros ellos mi tu su sí hola gracias bueno quiero tengo hablar hoy ayer también',
    // Portuguese
    'o os um uma e ou mas que do da dos das em no na com por para é são está estou muito mais porque quando como eu ' +
      'você ele ela nós eles meu minha sim olá obrigado obrigada não hoje ontem também falar',
    // French
    'le la les un une des et ou mais que qui de du en au aux avec pour par est sont suis es très plus parce quand ' +
      'comme je tu il elle nous vous ils elles mon ma mes ton ta oui non bonjour merci aujourdhui hier aussi parler',
    // German
    'der die das ein eine einen und oder aber dass von zu mit für auf ist sind bin bist sehr mehr weil wenn wie ich ' +
      'du er sie wir ihr mein dein ja nein nicht hallo danke heute gestern auch sprechen',
    // Italian
    'il lo gli un una e o ma che di del della con per è sono sei molto più perché quando come io tu lui lei noi ' +
      'voi loro mio mia sì ciao grazie oggi ieri anche parlare non',
    // Indonesian / Malay
    'yang dan atau tetapi tapi dengan untuk dari ke di ini itu adalah saya aku kamu anda dia kami kita mereka tidak ' +
      'bukan ya sudah belum akan sangat lebih karena kalau apa bagaimana terima kasih halo hari kemarin juga bisa mau',
    // Dutch
    'de het een en of maar dat van met voor op is zijn ben heel meer omdat wanneer hoe ik jij hij zij wij jullie ' +
      'mijn ja nee niet hallo dank vandaag gisteren ook',
    // Turkish
    've veya ama bir bu şu için ile çok daha çünkü ne nasıl ben sen o biz siz onlar benim evet hayır değil merhaba ' +
      'teşekkürler bugün dün de da',
    // Vietnamese (romanised)
    'và hoặc nhưng của với cho là tôi bạn anh chị em chúng không có rất hơn vì khi như thế nào xin chào cảm ơn hôm nay',
  ]
    .join(' ')
    .split(' ')
    .filter((w) => w && !ENGLISH.has(w)),
)

const WORD = /[\p{L}']+/gu
const LETTER = /\p{L}/gu
const LATIN_LETTER = /\p{Script=Latin}/u

export function guessLanguage(text: string): LanguageGuess {
  const letters = text.match(LETTER) ?? []
  const latin = letters.filter((ch) => LATIN_LETTER.test(ch)).length
  const latinShare = letters.length ? latin / letters.length : 1
  const words = (text.toLowerCase().replace(/[’‘]/g, "'").match(WORD) ?? []).filter((w) => w !== "'")
  const englishWords = words.filter((w) => ENGLISH.has(w)).length
  const foreignWords = words.filter((w) => FOREIGN.has(w)).length
  const englishShare = words.length ? englishWords / words.length : 0
  const foreignShare = words.length ? foreignWords / words.length : 0
  const result = (english: boolean, reason: string): LanguageGuess => ({
    english,
    reason,
    latinShare,
    englishShare,
    foreignShare,
  })

  // Enough letters in another script (Cyrillic, Han, Arabic, Devanagari, …) settles it, even for short messages.
  if (letters.length >= 2 && latinShare < 0.5) return result(false, 'non-latin-script')
  // "ok", "yes!", a name: too little to judge, and asking to switch would be rude.
  if (words.length < 3) return result(true, 'too-short')
  if (foreignShare > englishShare && foreignShare >= 0.2) return result(false, 'foreign-function-words')
  // A longer Latin-script message without a single English function word is almost never English.
  if (words.length >= 6 && englishWords === 0) return result(false, 'no-english-function-words')
  return result(true, 'latin-english')
}
