// What bench/api's narrow drivers (profile.ts, layers.ts) share: the same users, tokens and conversations to load
// the API with, and each thread's CPU from /proc (steadier than requests/s on a shared machine).
import { readdirSync, readFileSync } from 'node:fs'
import { apiEnv } from '@parley/api'
import { startTestIssuer } from '@parley/auth/testing'
import { loadConfig } from '@parley/core'

export const USERS = 20
export const PER_USER = 50
export const EMBED_DIM = 768

export const uuid = (user: number, n: number) =>
  `00000000-0000-4000-8000-${String(user).padStart(4, '0')}${String(n).padStart(8, '0')}`

/** Conversation n of user u as an upsert body. */
export const body = (u: number, n: number) =>
  JSON.stringify({
    id: uuid(u, n),
    title: `Weekend talk ${n}`,
    conversation: [
      { role: 'assistant', content: 'Hi! What did you do at the weekend?' },
      { role: 'user', content: `I goed to the park with my friend number ${n}.`, feedback: { issues: [] } },
    ],
    embedding: Array.from({ length: EMBED_DIM }, (_, i) => Math.sin((u * PER_USER + n) * 31 + i)),
  })

/** A test issuer, one token per user (sub `user-<u>`), and the API's configuration trusting it. */
export async function profileAuth() {
  const issuer = await startTestIssuer()
  const tokens = await Promise.all(Array.from({ length: USERS }, (_, u) => issuer.sign({ sub: `user-${u}` })))
  const config = loadConfig(apiEnv, {
    AUTH_ISSUER: issuer.issuer,
    AUTH_CLIENT_IDS: issuer.clientId,
    EMBED_DIM: String(EMBED_DIM),
    LOG_LEVEL: 'silent',
  })
  return { issuer, tokens, config }
}

/** CPU seconds (utime + stime) of one task of this process. */
export function taskCpu(task: string | number): number {
  const stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/** CPU seconds of each of this process's threads, keyed `<tid>:<name>`. */
export function threadCpu(): Map<string, number> {
  const out = new Map<string, number>()
  for (const task of readdirSync('/proc/self/task'))
    out.set(`${task}:${readFileSync(`/proc/self/task/${task}/comm`, 'utf8').trim()}`, taskCpu(task))
  return out
}
