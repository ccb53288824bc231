/** Learner messages written for the benchmarks: a mix of clean text and typical learner errors. */
export const LEARNER_TEXTS = [
  'I has went to school yesterday and I meet my friend there.',
  'Hi! My name is Budi and I live in Jakarta with my family.',
  'She dont like apples, she prefer oranges because they are more sweeter.',
  'Yesterday I go to the market and buy some fruits for my mother 🍎🍌',
  'In my opinion the goverment should invest more in public transport.',
  'i am agree with you , it is a good idea to learn english every day.',
  'Last weekend we was at the beach and the weather was very nice.',
  'I have been living here for three years and I really like it.',
  'Could you recommend me a good book? I want to improve my vocabulary.',
  'He is working in a big company since 2019 and he is boring of his job.',
  'Its a nice day today, so I am going to go for a walk in the park 😀',
  'My favourite food is nasi goreng, have you ever tried it?',
  'When I was child, I always play football with my brothers after school.',
  'I am very interesting in learning about different cultures and traditions.',
  'There is alot of people in the city center during the weekend.',
  'Thank you for your help! I will discuss about it with my boss tomorrow.',
]

const TUTOR_TURNS = [
  'Hi! How was your day? What did you do?',
  'That sounds interesting. Can you tell me more about it?',
  'What do you usually do at the weekend?',
  'Do you like your job? Why or why not?',
  'What is your favourite food, and who cooks it?',
]

/** Short tutor–learner conversations for /score, built from the texts above. */
export const CONVERSATIONS = Array.from({ length: 8 }, (_, c) => {
  const turns: { role: 'assistant' | 'user'; content: string }[] = []
  for (let i = 0; i < 3; i++) {
    turns.push({ role: 'assistant', content: TUTOR_TURNS[(c + i) % TUTOR_TURNS.length]! })
    turns.push({ role: 'user', content: LEARNER_TEXTS[(c * 3 + i) % LEARNER_TEXTS.length]! })
  }
  return turns
})
