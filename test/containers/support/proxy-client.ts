// Run as its own process by the compose test, with NODE_EXTRA_CA_CERTS naming the proxy's self-signed certificate
// (the only way to make Node's fetch trust it): a learner signs up and in, runs a tutor turn (an opener, then a
// message), asks for feedback in the second region, and saves a conversation; everything goes through nginx over
// HTTPS. Prints one JSON object with what came back, for the test to check.
import { randomUUID } from 'node:crypto'
import type { TutorTurnEvent } from '@parley/core'
import { postTurn, signInLearner, turnEvents } from '../../../apps/cli/src/simulate/index.js'

const base = process.env.PARLEY_URL!
const gateway = `${base}/gateway`
const learner = { name: 'Ann', level: 'B1', nativeLanguage: 'id' }
const FAULTY = 'I has went to the beach yesterday and it were very fun.'

const who = await signInLearner(
  { url: `${base}/identity`, clientId: 'parleyembeddedclient000001', region: 'us-east-1' },
  `ann.${randomUUID().slice(0, 8)}@example.com`,
)
const auth = { authorization: `Bearer ${who.token}`, 'content-type': 'application/json' }

async function turn(body: Record<string, unknown>) {
  const res = await postTurn(gateway, 'us-east-1', who.token, { learner, turnId: randomUUID(), ...body })
  if (res.status !== 200) return { status: res.status, body: await res.text(), events: [] as TutorTurnEvent[] }
  const events: TutorTurnEvent[] = []
  for await (const e of turnEvents(res.body!)) events.push(e)
  return { status: res.status, region: res.headers.get('x-parley-region'), events }
}
const names = (events: TutorTurnEvent[]) =>
  events.map((e) => (e.event === 'feedback' ? `feedback:${e.data.layer}` : e.event))

const conversationId = randomUUID()
const opener = await turn({ conversationId, scenario: 'restaurant', title: 'Dinner out' })
const message = await turn({ conversationId, text: FAULTY })
const done = message.events.find((e) => e.event === 'done')
const stored = await fetch(`${gateway}/conversations/${who.sub}/${conversationId}`, { headers: auth })
const storedBody = (await stored.json()) as {
  data: { conversation: Array<{ role: string; feedback?: { issues: unknown[] } }>; embedding: number[] | null }
}

const feedback = await fetch(`${gateway}/us-west-2/feedback`, {
  method: 'POST',
  headers: auth,
  body: JSON.stringify({ text: FAULTY, learner }),
})
const feedbackBody = (await feedback.json()) as { issues: Array<{ original: string }> }
const badFeedback = await fetch(`${gateway}/us-west-2/feedback`, { method: 'POST', headers: auth, body: '{}' })

const savedId = randomUUID()
const save = await fetch(`${gateway}/conversations/${who.sub}`, {
  method: 'POST',
  headers: auth,
  body: JSON.stringify({
    id: savedId,
    title: 'Saved through the proxy',
    conversation: [
      { role: 'user', content: 'Hello!' },
      { role: 'assistant', content: 'Hi! How was your day?' },
    ],
  }),
})
const list = await fetch(`${gateway}/conversations/${who.sub}`, { headers: auth })
const listBody = (await list.json()) as { data: Array<{ id: string; title: string }> }
const web = await fetch(`${base}/healthz`)

const summary = {
  opener: { status: opener.status, events: names(opener.events) },
  message: {
    status: message.status,
    region: message.region,
    events: names(message.events),
    reply: done?.event === 'done' ? done.data.reply : undefined,
  },
  stored: {
    status: stored.status,
    roles: storedBody.data.conversation.map((t) => t.role),
    user: storedBody.data.conversation[1],
    embedding: storedBody.data.embedding?.length ?? 0,
  },
  feedback: {
    status: feedback.status,
    region: feedback.headers.get('x-parley-region'),
    originals: feedbackBody.issues.map((i) => i.original),
  },
  badFeedback: badFeedback.status,
  save: save.status,
  list: listBody.data.map((c) => ({ id: c.id, title: c.title })),
  savedId,
  web: { status: web.status, body: (await web.json()) as unknown },
}
export type ProxyClientResult = typeof summary
console.log(JSON.stringify(summary))
