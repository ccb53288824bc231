import type { PatternRule } from './types.js'

/** A word that takes one preposition, and the prepositions learners often put there instead. */
type Collocation = {
  heads: string[]
  wrong: string[]
  right: string
  wrongExample: [string, string]
  rightExample: string
}

/** Common preposition collocations (learner dictionaries' usage notes); each becomes one pattern rule. */
const COLLOCATIONS: Collocation[] = [
  {
    heads: ['married'],
    wrong: ['with'],
    right: 'to',
    wrongExample: ['She is married with a doctor.', 'She is married to a doctor.'],
    rightExample: 'She is married to a doctor.',
  },
  {
    heads: ['afraid', 'scared', 'frightened'],
    wrong: ['from'],
    right: 'of',
    wrongExample: ['I am afraid from dogs.', 'I am afraid of dogs.'],
    rightExample: 'I am afraid of dogs.',
  },
  {
    heads: ['good', 'better', 'bad', 'worse'],
    wrong: ['in'],
    right: 'at',
    wrongExample: ['I am good in math.', 'I am good at math.'],
    rightExample: 'I am good at math.',
  },
  {
    heads: ['responsible'],
    wrong: ['of'],
    right: 'for',
    wrongExample: ['He is responsible of the team.', 'He is responsible for the team.'],
    rightExample: 'He is responsible for the team.',
  },
  {
    heads: ['consist', 'consists', 'consisted', 'consisting'],
    wrong: ['in', 'from', 'by'],
    right: 'of',
    wrongExample: ['The team consists from five people.', 'The team consists of five people.'],
    rightExample: 'The team consists of five people.',
  },
  {
    heads: ['angry'],
    wrong: ['on'],
    right: 'with',
    wrongExample: ['She is angry on me.', 'She is angry with me.'],
    rightExample: 'She is angry with me.',
  },
  {
    heads: ['proud'],
    wrong: ['on', 'for'],
    right: 'of',
    wrongExample: ['I am proud on you.', 'I am proud of you.'],
    rightExample: 'I am proud of you.',
  },
  {
    heads: ['capable'],
    wrong: ['to'],
    right: 'of',
    wrongExample: ['He is capable to it.', 'He is capable of it.'],
    rightExample: 'He is capable of winning.',
  },
  {
    heads: ['similar'],
    wrong: ['with', 'as'],
    right: 'to',
    wrongExample: ['It is similar with mine.', 'It is similar to mine.'],
    rightExample: 'It is similar to mine.',
  },
  {
    heads: ['participate', 'participates', 'participated', 'participating'],
    wrong: ['at', 'on'],
    right: 'in',
    wrongExample: ['We participated at the contest.', 'We participated in the contest.'],
    rightExample: 'We participated in the contest.',
  },
  {
    heads: ['focus', 'focuses', 'focused', 'focusing', 'concentrate', 'concentrated'],
    wrong: ['in', 'at'],
    right: 'on',
    wrongExample: ['Focus in your work.', 'Focus on your work.'],
    rightExample: 'Focus on your work.',
  },
  {
    heads: ['rely', 'relies', 'relied', 'relying', 'insist', 'insists', 'insisted'],
    wrong: ['in', 'at', 'to'],
    right: 'on',
    wrongExample: ['You can rely in me.', 'You can rely on me.'],
    rightExample: 'You can rely on me.',
  },
  {
    heads: ['arrived', 'arrive', 'arrives', 'arriving'],
    wrong: ['to'],
    right: 'at',
    wrongExample: ['We arrived to the station.', 'We arrived at the station.'],
    rightExample: 'We arrived at the station.',
  },
  {
    heads: ['different'],
    wrong: ['of'],
    right: 'from',
    wrongExample: ['It is different of mine.', 'It is different from mine.'],
    rightExample: 'It is different from mine.',
  },
  {
    heads: ['aware', 'fond', 'tired', 'jealous', 'full'],
    wrong: ['about', 'with', 'from'],
    right: 'of',
    wrongExample: ['I am aware about the risk.', 'I am aware of the risk.'],
    rightExample: 'I am aware of the risk.',
  },
  {
    heads: ['famous'],
    wrong: ['by'],
    right: 'for',
    wrongExample: ['Paris is famous by its food.', 'Paris is famous for its food.'],
    rightExample: 'Paris is famous for its food.',
  },
  {
    heads: ['congratulate', 'congratulated', 'congratulations'],
    wrong: ['for'],
    right: 'on',
    wrongExample: ['Congratulations for your new job.', 'Congratulations on your new job.'],
    rightExample: 'Congratulations on your new job.',
  },
  {
    heads: ['according'],
    wrong: ['with', 'for'],
    right: 'to',
    wrongExample: ['According with him, it is late.', 'According to him, it is late.'],
    rightExample: 'According to him, it is late.',
  },
]

/** Verbs that take a direct object, where learners add a preposition ("discuss about"; Harper knows that one). */

/** Nouns that need "the" in a frequent frame ("in number of cars" → "in the number of cars"). */
const ARTICLE_FRAMES: { nouns: string[]; after: string; example: [string, string]; right: string }[] = [
  {
    nouns: [
      'number',
      'majority',
      'rest',
      'end',
      'beginning',
      'middle',
      'bottom',
      'amount',
      'quality',
      'size',
      'cost',
      'price',
      'level',
      'rate',
      'importance',
      'development',
      'safety',
    ],
    after: 'of',
    example: ['There is an increase in number of cars.', 'There is an increase in the number of cars.'],
    right: 'There is an increase in the number of cars.',
  },
]

const BEFORE_ARTICLE_FRAME = [
  'in',
  'on',
  'at',
  'to',
  'for',
  'with',
  'from',
  'by',
  'about',
  'into',
  'is',
  'are',
  'was',
  'were',
  'reduce',
  'increase',
  'reduces',
  'increases',
  'affect',
  'affects',
  'improve',
  'improves',
]

const list = (words: string[]) => `(${words.join('|')})`

export const COLLOCATION_PATTERNS: PatternRule[] = [
  ...COLLOCATIONS.map(
    (c): PatternRule => ({
      id: `collocation-${c.heads[0]}-${c.right}`,
      match: `${list(c.heads)} [${list(c.wrong)}]`,
      fix: { to: c.right },
      category: 'word-choice',
      reason: 'preposition',
      examples: { wrong: [c.wrongExample], right: [c.rightExample] },
    }),
  ),
  ...ARTICLE_FRAMES.map(
    (f): PatternRule => ({
      id: `article-frame-${f.after}`,
      match: `${list(BEFORE_ARTICLE_FRAME)} [${list(f.nouns)}] ${f.after}`,
      fix: { insertBefore: 'the' },
      category: 'grammar',
      reason: 'article',
      examples: { wrong: [f.example], right: [f.right, 'A number of people came.'] },
    }),
  ),
]
