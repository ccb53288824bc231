import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { BadRequestError, describeZodError, NotFoundError, Scenario } from '@parley/core'

/** The role-play catalogue, loaded once from JSON data files and validated against the shared schema. */
export class ScenarioCatalogue {
  private readonly byId: Map<string, Scenario>

  constructor(scenarios: Scenario[]) {
    this.byId = new Map(scenarios.map((s) => [s.id, s]))
    if (this.byId.size !== scenarios.length) throw new Error('Scenario ids must be unique')
  }

  list(): Scenario[] {
    return [...this.byId.values()]
  }

  /** For a path parameter: an unknown id is a 404. */
  get(id: string): Scenario {
    const found = this.byId.get(id)
    if (!found) throw new NotFoundError(`No scenario named "${id}"`)
    return found
  }

  /** For a request body field: an unknown id is a 400 that lists the valid ones. */
  require(id: string): Scenario {
    const found = this.byId.get(id)
    if (!found) {
      const known = [...this.byId.keys()].join(', ')
      throw new BadRequestError(`scenario: unknown scenario "${id}"; expected one of ${known}`, 'unknown_scenario')
    }
    return found
  }
}

/** Reads every `*.json` in `dir`; a malformed file fails the start naming the file. */
export async function loadScenarios(dir: string): Promise<ScenarioCatalogue> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort()
  const scenarios: Scenario[] = []
  for (const file of files) {
    let raw: unknown
    try {
      raw = JSON.parse(await readFile(join(dir, file), 'utf8'))
    } catch (err) {
      throw new Error(`Scenario file ${file} is not valid JSON: ${(err as Error).message}`)
    }
    const parsed = Scenario.safeParse(raw)
    if (!parsed.success) throw new Error(`Scenario file ${file} is invalid: ${describeZodError(parsed.error)}`)
    if (`${parsed.data.id}.json` !== file) throw new Error(`Scenario file ${file} must be named after its id`)
    scenarios.push(parsed.data)
  }
  if (!scenarios.some((s) => s.id === 'free-talk')) throw new Error(`No free-talk scenario in ${dir}`)
  // Free talk first, then role-plays, then exam practice: the order a learner browses them in.
  const rank = { free: 0, 'role-play': 1, exam: 2 } as const
  scenarios.sort((a, b) => rank[a.kind] - rank[b.kind])
  return new ScenarioCatalogue(scenarios)
}
