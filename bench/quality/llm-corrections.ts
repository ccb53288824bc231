// Rules vs rules+LLM on real weights: JSON validity and latency of the /feedback LLM layer per real model on a fixed
// set of learner sentences (bench/feedback/labelled.ts), then detection, false alarms and precision on the first
// QUALITY_LLM_N sentences of conll_gec dev and cweb dev, for each policy of accepting the model's issues.
import type { FeedbackRequest, Logger } from '@parley/core'
import { silentLogger } from '@parley/core'
import { prepareRealModelStore, REAL_MODELS_DIR_ENV, startRealLlmWorker } from '@parley/llm-worker/testing'
import {
  askModel,
  LLM_POLICIES,
  type LlmPolicy,
  placeFindings,
} from '../../services/scoring-worker/src/feedback/llm-layer.js'
import { createOllama, LlmLayerError } from '../../services/scoring-worker/src/llm/json-chat.js'
import type { RulesLinter } from '../../services/scoring-worker/src/rules/harper-linter.js'
import { CLEAN, NEEDS_EDIT } from '../feedback/labelled.js'
import { addSentence, emptyTally, type Flag, findingFlag, rates } from './correction-metrics.js'
import type { GoldSentence } from './gold.js'

const N = Number(process.env.QUALITY_LLM_N ?? 20)
const MODELS = (process.env.QUALITY_LLM_MODELS ?? 'smollm2:135m,gemma3:270m').split(',')
const MAX_TOKENS = Number(process.env.QUALITY_LLM_TOKENS ?? 256)
const THREADS = Number(process.env.BENCH_THREADS ?? 2)
/** How many of the fixed sentences (half needing an edit, half clean) the validity check uses. */
const FIXED = Number(process.env.QUALITY_LLM_FIXED ?? 40)
const learner = { name: 'Budi', level: 'B1', nativeLanguage: 'en' } as FeedbackRequest['learner']

type Call = { ok: boolean; ms: number; flags: Record<LlmPolicy, Flag[]> }

export async function runLlmComparison(rules: RulesLinter, conll: GoldSentence[], cweb: GoldSentence[]): Promise<void> {
  const modelsDir = await prepareRealModelStore()
  if (!modelsDir) {
    console.log('rules+LLM: skipped — no real weights here (npm run models:real)')
    return
  }
  process.env[REAL_MODELS_DIR_ENV] = modelsDir
  const fixed = [...NEEDS_EDIT.slice(0, FIXED / 2), ...CLEAN.slice(0, FIXED / 2)]
  const conllPart = conll.slice(0, N)
  const cwebPart = cweb.slice(0, N)
  console.log(
    `\nrules vs rules+LLM (real weights, ${THREADS} threads, ${MAX_TOKENS} tokens max; machine shared): ${fixed.length} fixed learner sentences, first ${N} of conll_gec and cweb ${conll === cweb ? '' : 'dev'}`,
  )
  for (const model of MODELS) {
    const llm = await startRealLlmWorker({ model, threads: THREADS, contextSize: 2048 })
    try {
      const deps = {
        ollama: createOllama({ url: llm.url, timeoutMs: 300_000 }),
        model,
        maxTokens: MAX_TOKENS,
        log: silentLogger() as Logger,
      }
      const call = async (text: string): Promise<Call> => {
        const findings = await rules.lint(text)
        const ruleFlags = findings.map((f) => findingFlag(text, f))
        const started = performance.now()
        const flags = {} as Record<LlmPolicy, Flag[]>
        try {
          // One call; each policy filters the same answer.
          const reply = await askModel({ text, learner }, findings, 42, deps)
          for (const p of LLM_POLICIES) {
            const placed = placeFindings(text, reply, findings, 'en', p).issues
            flags[p] = [
              ...ruleFlags,
              ...placed.map((i) => ({ start: i.start, end: i.end, suggestion: i.suggestions[0] })),
            ]
          }
          return { ok: true, ms: performance.now() - started, flags }
        } catch (err) {
          if (!(err instanceof LlmLayerError)) throw err
          for (const p of LLM_POLICIES) flags[p] = ruleFlags
          return { ok: false, ms: performance.now() - started, flags }
        }
      }
      const fixedCalls: Call[] = []
      for (const text of fixed) fixedCalls.push(await call(text))
      const ms = fixedCalls.map((c) => c.ms).sort((a, b) => a - b)
      const valid = fixedCalls.filter((c) => c.ok).length
      console.log(
        `  ${model}: valid JSON ${valid}/${fixed.length} (${((100 * valid) / fixed.length).toFixed(0)} %, target ≥ 95 %), latency p50 ${(ms[Math.floor(ms.length / 2)]! / 1000).toFixed(1)} s, p95 ${(ms[Math.floor(ms.length * 0.95)]! / 1000).toFixed(1)} s`,
      )
      const tallies = Object.fromEntries(LLM_POLICIES.map((p) => [p, { conll: emptyTally(), cweb: emptyTally() }]))
      for (const [set, sentences] of [
        ['conll', conllPart],
        ['cweb', cwebPart],
      ] as const) {
        for (const s of sentences) {
          const c = await call(s.text)
          for (const p of LLM_POLICIES) addSentence(tallies[p]![set], s, c.flags[p])
        }
      }
      const line = (name: string, t: { conll: ReturnType<typeof emptyTally>; cweb: ReturnType<typeof emptyTally> }) => {
        const c = rates(t.conll)
        const w = rates(t.cweb)
        const pc = (x: number) => `${(100 * x).toFixed(0)} %`.padStart(5)
        return `    ${name.padEnd(22)} detection ${pc(c.detection)}  false alarms (cweb) ${pc(w.falseAlarms)}  span precision conll ${pc(c.spanPrecision)} cweb ${pc(w.spanPrecision)}  first suggestion ${pc(c.firstSuggestion)}  spans ${t.conll.spans}+${t.cweb.spans}`
      }
      // Policy `none` shows no model correction: it is the rules layer alone, on the same sentences.
      for (const p of LLM_POLICIES)
        console.log(line(p === 'none' ? 'rules only (none)' : `rules+LLM (${p})`, tallies[p]!))
    } finally {
      await llm.close()
    }
  }
}
