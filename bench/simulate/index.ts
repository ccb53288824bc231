// What `parley simulate` adds per learner turn, against a direct tutor turn in the same run. On the embedded stack,
// round by round in a rotating order, each contender takes one learner turn in a new conversation and reads its
// stream to `end` (reply, feedback, scores, stored):
//   anchor  — POST /{region}/tutor/turn with fetch, events read off the stream, nothing else;
//   script  — the simulator's turn (takeTurn: schema-checked events, timings and statistics recorded);
//   bot     — a learner bot's turn: its line written by the LLM through the gateway (bot-writer), then takeTurn.
// It prints each one's median wall time per turn and the ratio to the anchor, and the bot line's own share.
//
// Knobs: BENCH_ROUNDS (default 3), BENCH_REPLY_TOKENS (default 32), BENCH_MODEL (a GGUF; default SmolLM2-135M from
// ~/.cache/parley/weights when present, else the demo model).
import { randomUUID } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Scenario, type ScenarioList, silentLogger } from '@parley/core'
import { importModel, ModelStore } from '@parley/llm-worker'
import { writeBotLine } from '../../apps/cli/src/simulate/bot/bot-writer.js'
import { PERSONAS } from '../../apps/cli/src/simulate/bot/personas.js'
import { GatewayClient } from '../../apps/cli/src/simulate/gateway-client.js'
import { postTurn, signInLearner, takeTurn } from '../../apps/cli/src/simulate/index.js'
import { readSse } from '../../apps/cli/src/simulate/sse.js'
import { SimStats } from '../../apps/cli/src/simulate/stats.js'
import { type RunningStack, startStack } from '../../apps/cli/src/stack.js'
import { printRatio } from '../lib/load.js'
import { median } from '../lib/rounds.js'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const REAL = join(homedir(), '.cache/parley/weights/SmolLM2-135M-Instruct.Q4_1.gguf')
const modelFile = process.env.BENCH_MODEL ?? (existsSync(REAL) ? REAL : undefined)
const REGION = 'us-east-1'
const TEXT = 'Hello, I want book a table for two person tonight, please.'
const persona = PERSONAS[0]!

const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-simulate-'))
let modelName: string | undefined
if (modelFile) {
  modelName = 'bench-real:latest'
  await importModel(new ModelStore(join(dataDir, 'models')), modelFile, modelName)
}
const stack: RunningStack = await startStack({
  env: {
    ...process.env,
    PARLEY_DATA_DIR: dataDir,
    PARLEY_REGIONS: REGION,
    PORT: '0',
    LOG_LEVEL: 'silent',
    IDENTITY_AUTO_CONFIRM: 'true',
    IDENTITY_ID_TOKEN_TTL_S: '7200',
    CHAT_MAX_REPLY_TOKENS: process.env.BENCH_REPLY_TOKENS ?? '32',
    ...(modelName ? { CHAT_MODEL: modelName, SCORING_MODEL: modelName, EMBED_MODEL: modelName } : {}),
  },
  web: false,
  log: silentLogger(),
})
try {
  const identity = { url: stack.identity.url, clientId: stack.identity.clientId, region: REGION }
  const who = await signInLearner(identity, 'bench-simulate@example.com')
  const stats = new SimStats()
  const gw = new GatewayClient(stack.gatewayUrl, who.token, stats)
  const { scenarios } = await gw.json<ScenarioList>('scenarios', 'GET', `/${REGION}/tutor/scenarios`)
  const scenario = scenarios.find((s) => s.id === 'restaurant') as Scenario
  const learner = { name: persona.name, level: persona.level, nativeLanguage: persona.nativeLanguage }
  // Each measured turn goes into a conversation the tutor has opened (not timed), as a learner's first turn does.
  let conversationId = ''
  const open = async () => {
    conversationId = randomUUID()
    await takeTurn(
      gw,
      { region: REGION, stats },
      { conversationId, turnId: randomUUID(), learner, scenario: scenario.id },
    )
  }
  const body = (text: string) => ({ conversationId, turnId: randomUUID(), text, learner })
  const first = <T>(xs: readonly T[]) => xs[0]!
  const botLineMs: number[] = []

  const contenders: Record<string, () => Promise<void>> = {
    anchor: async () => {
      const res = await postTurn(stack.gatewayUrl, REGION, who.token, body(TEXT))
      if (!res.ok || !res.body) throw new Error(`turn answered ${res.status}`)
      // The bare client: events as they come, no schema checks, no statistics.
      for await (const e of readSse(res.body)) if (e.event === 'error') throw new Error(e.data)
    },
    script: async () => {
      await takeTurn(gw, { region: REGION, stats }, body(TEXT))
    },
    bot: async () => {
      const started = performance.now()
      const line = await writeBotLine(
        gw,
        { region: REGION, model: stack.model },
        { persona, scenario, lines: [{ role: 'tutor', text: scenario.openingLine }], pick: first },
      )
      botLineMs.push(performance.now() - started)
      await takeTurn(gw, { region: REGION, stats }, body(line.text))
    },
  }
  const names = Object.keys(contenders)
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]))
  const failed: string[] = []
  // A turn that fails on a saturated pool (a reply timing out) is reported, not timed, and the run goes on.
  const measure = async (n: string, into?: number[]) => {
    try {
      await open()
      const t = performance.now()
      await contenders[n]!()
      into?.push(performance.now() - t)
    } catch (err) {
      failed.push(`${n}: ${(err as Error).message.slice(0, 120)}`)
    }
  }
  // One warm-up turn each (model load, scenario catalogue, first sign-in paths), not counted.
  for (const n of names) await measure(n)
  for (let r = 0; r < ROUNDS; r++) {
    for (const k of names.keys()) {
      const n = names[(k + r) % names.length]!
      await measure(n, times[n])
    }
  }
  if (failed.length) console.log(`failed turns (not timed): ${failed.length}\n  ${failed.join('\n  ')}`)
  console.log(`model ${stack.model}, ${ROUNDS} rounds, one turn per contender per round (median wall time per turn)`)
  const anchor = median(times.anchor!)
  printRatio('simulator turn (takeTurn) vs direct turn', median(times.script!), anchor, 'ms')
  printRatio('bot turn (LLM line + takeTurn) vs direct turn', median(times.bot!), anchor, 'ms')
  printRatio("bot's line alone vs direct turn", median(botLineMs), anchor, 'ms')
} finally {
  await stack.close()
  rmSync(dataDir, { recursive: true, force: true })
}
process.exit(0)
