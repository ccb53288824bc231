import type { Learner, Scenario } from '@parley/core'
import { BUNDLED_SCENARIOS_DIR } from '../src/config.js'
import { loadScenarios } from '../src/scenarios.js'

export const ana: Learner = { name: 'Ana', level: 'B1', nativeLanguage: 'pt-BR' }

export async function scenario(id: string): Promise<Scenario> {
  return (await loadScenarios(BUNDLED_SCENARIOS_DIR)).get(id)
}
