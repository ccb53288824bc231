import { gw } from './api'

export type ProbeResult = { name: string; ok: boolean | 'skipped'; detail: string }
export type Probe = { name: string; run: () => Promise<string> }

const DEFAULT_REGIONS = ['us-east-1', 'us-west-2']

/**
 * The /check page's probes, as the reference client had: tags and embed in every region, then each conversations
 * endpoint on a throwaway conversation that is deleted again. Delete-all runs only when asked for.
 */
export function buildProbes(regions: string[], includeDeleteAll: boolean): Probe[] {
  const names = regions.length ? regions : DEFAULT_REGIONS
  const probeId = crypto.randomUUID()
  const models: Record<string, string | undefined> = {}
  const probes: Probe[] = []
  for (const region of names) {
    probes.push({
      name: `GET /${region}/tags`,
      run: async () => {
        const r = await gw<{ models?: { name: string }[] }>(`${region}/tags`)
        const list = r.data.models ?? []
        models[region] = list[0]?.name
        return `${list.length} model(s)${r.region && r.region !== region ? `, served by ${r.region}` : ''}`
      },
    })
    probes.push({
      name: `POST /${region}/embed`,
      run: async () => {
        const model = models[region]
        if (!model) throw new Error('no model listed by tags')
        const r = await gw<{ embeddings?: number[][] }>(`${region}/embed`, {
          method: 'POST',
          json: { model, input: 'ping' },
        })
        const dim = r.data.embeddings?.[0]?.length ?? 0
        if (!dim) throw new Error('no embedding returned')
        return `${dim} dimensions from ${model}`
      },
    })
  }
  const body = { id: probeId, title: 'Parley check', conversation: [{ role: 'user', content: 'check' }] }
  probes.push(
    {
      name: 'POST /conversations/{uid}',
      run: async () => {
        await gw('conversations', { method: 'POST', json: body })
        return 'created'
      },
    },
    {
      name: 'GET /conversations/{uid}',
      run: async () => {
        const r = await gw<{ id: string }[]>('conversations')
        if (!r.data.some((c) => c.id === probeId)) throw new Error('the new conversation is not listed')
        return `${r.data.length} conversation(s)`
      },
    },
    {
      name: 'GET /conversations/{uid}/{id}',
      run: async () => {
        const r = await gw<{ title: string }>(`conversations/${probeId}`)
        if (r.data.title !== 'Parley check') throw new Error('unexpected title')
        return 'read back'
      },
    },
    {
      name: 'PUT /conversations/{uid}/{id}',
      run: async () => {
        await gw(`conversations/${probeId}`, { method: 'PUT', json: { title: 'Parley check (renamed)' } })
        return 'renamed'
      },
    },
    {
      name: 'DELETE /conversations/{uid}/{id}',
      run: async () => {
        await gw(`conversations/${probeId}`, { method: 'DELETE' })
        return 'deleted'
      },
    },
  )
  if (includeDeleteAll)
    probes.push({
      name: 'DELETE /conversations/{uid}',
      run: async () => (await gw('conversations', { method: 'DELETE' })).message ?? 'deleted all',
    })
  return probes
}

export async function runProbes(probes: Probe[], onResult: (r: ProbeResult) => void): Promise<void> {
  for (const p of probes) {
    try {
      onResult({ name: p.name, ok: true, detail: await p.run() })
    } catch (err) {
      onResult({ name: p.name, ok: false, detail: (err as Error).message })
    }
  }
}
