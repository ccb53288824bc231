import type { PatternRule } from './types.js'

const MODALS_AND_CAUSATIVES = [
  'let',
  'lets',
  'make',
  'makes',
  'made',
  'help',
  'helps',
  'helped',
  'saw',
  'see',
  'watch',
  'watched',
  'heard',
  'hear',
  'did',
  'does',
  'do',
  'will',
  'would',
  'can',
  'could',
  'should',
  'may',
  'might',
  'must',
  'to',
  'not',
  "don't",
  "doesn't",
  "didn't",
]

/**
 * Frequent errors of English learners that Harper does not catch (checked: harper.js 2.10 flags none of these
 * examples). Each rule is data; `test/patterns.test.ts` runs every example.
 */
export const LEARNER_PATTERNS: PatternRule[] = [
  {
    id: 'be-agree',
    match: '[(am|is|are|was|were)] (agree|disagree)',
    fix: { delete: true },
    category: 'grammar',
    reason: 'be-with-verb',
    examples: {
      wrong: [
        ['I am agree with you.', 'I agree with you.'],
        ['We are agree.', 'We agree.'],
      ],
      right: ['I agree with you.', 'The plan was agreed.'],
    },
  },
  {
    id: 'explain-me',
    match: '(explain|explains|explained|explaining|describe|describes|described) [(me|us)]',
    fix: { insertBefore: 'to' },
    category: 'grammar',
    reason: 'indirect-object',
    examples: {
      wrong: [['Can you explain me the rule?', 'Can you explain to me the rule?']],
      right: ['Can you explain the rule to me?', 'Explain it to us.'],
    },
  },
  {
    id: 'recommend-me',
    match: '(recommend|recommends|recommended|suggest|suggests|suggested) [(me|us)]',
    fix: { insertBefore: 'to' },
    category: 'grammar',
    reason: 'indirect-object',
    unlessNext: ['to'],
    examples: {
      wrong: [['Can you recommend me a good book?', 'Can you recommend to me a good book?']],
      right: ['Can you recommend a good book to me?', 'She recommended him for the job.'],
    },
  },
  {
    id: 'have-age',
    match: 'i [have #Value years]',
    fix: { to: 'am $2 years old' },
    category: 'grammar',
    reason: 'age',
    onlyIfNext: ['', 'old', 'and', 'now'],
    examples: {
      wrong: [['I have 25 years.', 'I am 25 years old.']],
      right: ['I have 25 years of experience.', 'I am 25 years old.'],
    },
  },
  {
    id: 'has-age',
    match: '(he|she) [has #Value years]',
    fix: { to: 'is $2 years old' },
    category: 'grammar',
    reason: 'age',
    onlyIfNext: ['', 'old', 'and', 'now'],
    examples: { wrong: [['She has 30 years.', 'She is 30 years old.']], right: ['She has 30 years of experience.'] },
  },
  {
    id: 'there-is-plural',
    match: 'there [is] (many|several|few|lots|two|three|four|five|six|seven|eight|nine|ten|some #Plural|#Plural)',
    fix: { to: 'are' },
    category: 'grammar',
    reason: 'agreement',
    examples: {
      wrong: [['There is many people here.', 'There are many people here.']],
      right: ['There are many people here.', 'There is a lot of traffic.'],
    },
  },
  {
    id: 'there-was-plural',
    match: 'there [was] (many|several|few|lots|two|three|four|five|six|seven|eight|nine|ten)',
    fix: { to: 'were' },
    category: 'grammar',
    reason: 'agreement',
    examples: { wrong: [['There was many cars.', 'There were many cars.']], right: ['There were many cars.'] },
  },
  {
    id: 'interesting-in',
    match: '(am|is|are|was|were|be|been|very|so|really|not|more|most) [interesting] (in|to)',
    fix: { to: 'interested' },
    category: 'word-choice',
    reason: 'ed-ing',
    unlessNext: ['to'],
    examples: {
      wrong: [['I am interesting in music.', 'I am interested in music.']],
      right: ['I am interested in music.', 'Music is interesting to me.'],
    },
  },
  {
    id: 'interested-preposition',
    match: 'interested [(on|about|for|at|with)]',
    fix: { to: 'in' },
    category: 'word-choice',
    reason: 'preposition',
    examples: {
      wrong: [['She is interested about art.', 'She is interested in art.']],
      right: ['She is interested in art.'],
    },
  },
  {
    id: 'past-marker-present',
    match: '(yesterday|ago) #Pronoun [#Infinitive]',
    fix: { to: '$1:past' },
    category: 'grammar',
    reason: 'past-time',
    examples: {
      wrong: [
        ['Yesterday I go to the market.', 'Yesterday I went to the market.'],
        ['Yesterday we eat pizza.', 'Yesterday we ate pizza.'],
      ],
      right: ['Yesterday I went to the market.', 'Yesterday I did not go.', 'We met yesterday, I think.'],
    },
  },
  {
    id: 'last-marker-present',
    match:
      'last (night|week|weekend|month|year|summer|winter|sunday|monday|tuesday|wednesday|thursday|friday|saturday) #Pronoun [#Infinitive]',
    fix: { to: '$1:past' },
    category: 'grammar',
    reason: 'past-time',
    examples: {
      wrong: [['Last week I visit my aunt.', 'Last week I visited my aunt.']],
      right: ['Last week I visited my aunt.'],
    },
  },
  {
    id: 'number-singular',
    match: '(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|many|several) [#Singular]',
    fix: { to: '$1:plural' },
    category: 'grammar',
    reason: 'plural',
    unlessNext: ['of'],
    // Not adjectives, names or -ing forms, and not the first word of a compound ("three picnic shelters").
    unlessTags: ['Adjective', 'Gerund', 'Verb', 'ProperNoun', 'Uncountable', 'Value', 'Plural', 'Pronoun', 'Acronym'],
    unlessNextTags: ['Noun', 'Verb', 'Adjective'],
    // compromise tags some plurals and -ing/-ed forms as singular nouns ("many others", "many developing").
    wordsMatch: '^(?![a-z]*(ing|ed)$)[a-z]+[^s]$',
    examples: {
      wrong: [
        ['I bought three apple.', 'I bought three apples.'],
        ['I have two brother.', 'I have two brothers.'],
      ],
      right: ['I bought three apples.', 'Both of them came.', 'Those are mine.'],
    },
  },
  {
    id: 'depend-of',
    match: '(depend|depends|depended|depending|dependent) [(of|from|in)]',
    fix: { to: 'on' },
    category: 'word-choice',
    reason: 'preposition',
    examples: {
      wrong: [['It depends of the weather.', 'It depends on the weather.']],
      right: ['It depends on the weather.'],
    },
  },
  {
    id: 'everybody-verb',
    match:
      '(everybody|everyone|somebody|someone|nobody|anybody|anyone) [(have|are|were|want|need|know|think|go|say|get|come)]',
    fix: { to: '$1:third' },
    category: 'grammar',
    reason: 'agreement',
    unlessBefore: MODALS_AND_CAUSATIVES,
    examples: {
      wrong: [
        ['Everybody have a phone.', 'Everybody has a phone.'],
        ['Everyone want to win.', 'Everyone wants to win.'],
      ],
      right: ['Everybody has a phone.', 'Does everyone have a ticket?', 'Let everyone know.'],
    },
  },
  {
    id: 'possessive-subject-verb',
    match: '^(my|his|her|our|their|your|the) #Singular [(want|like|need|have|go|live|work|say|think|know|love|do)]',
    fix: { to: '$1:third' },
    category: 'grammar',
    reason: 'agreement',
    examples: {
      wrong: [
        ['My friend want to come.', 'My friend wants to come.'],
        ['My mother work in a bank.', 'My mother works in a bank.'],
      ],
      right: ['My friends want to come.', 'My friend wants to come.'],
    },
  },
  {
    id: 'plural-who-verb',
    match: '(people|students|children|men|women|persons|those|they|we) (who|that) [#PresentTense]',
    fix: { to: '$1:plural_verb' },
    wordsMatch: "^[a-z]+[^s']s$",
    category: 'grammar',
    reason: 'agreement',
    examples: {
      wrong: [['People who wants to learn must practise.', 'People who want to learn must practise.']],
      right: ['People who want to learn must practise.'],
    },
  },
  {
    id: 'perfect-with-past-time',
    match: '[(have|has) #Participle] .? .? (yesterday|ago)',
    fix: { to: '$2:past' },
    category: 'grammar',
    reason: 'past-time',
    examples: {
      wrong: [['I have seen him yesterday.', 'I saw him yesterday.']],
      right: ['I saw him yesterday.', 'I have seen him today.'],
    },
  },
  {
    id: 'have-ever-base',
    match: '(have|has) #Pronoun? ever [#Infinitive]',
    fix: { to: '$1:participle' },
    category: 'grammar',
    reason: 'verb-form',
    examples: {
      wrong: [
        ['Have you ever think about it?', 'Have you ever thought about it?'],
        ['Have you ever eat sushi?', 'Have you ever eaten sushi?'],
      ],
      right: ['Have you ever thought about it?', 'Have you ever been to Bali?'],
    },
  },
  {
    id: 'since-duration',
    match: '[since (two|three|four|five|six|seven|eight|nine|ten|many|several|#Value) (years|months|weeks|days|hours)]',
    fix: { to: 'for $2 $3' },
    category: 'grammar',
    reason: 'for-since',
    unlessNext: ['ago'],
    examples: {
      wrong: [['I live here since five years.', 'I live here for five years.']],
      right: ['I have lived here for five years.', 'It was built five years ago.'],
    },
  },
  {
    id: 'uncountable-plural',
    match:
      '[(informations|advices|furnitures|equipments|knowledges|homeworks|luggages|baggages|researches|evidences|feedbacks|softwares|staffs|traffics)]',
    fix: { to: '$1:singular' },
    category: 'grammar',
    reason: 'uncountable',
    examples: {
      wrong: [['Thank you for the informations.', 'Thank you for the information.']],
      right: ['Thank you for the information.'],
    },
  },
]
