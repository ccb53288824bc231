'use client'
import { useEffect, useState } from 'react'
import { demoModelInUse, type ModelInfo } from '../demo-model'
import { gw } from './api'
import { useApp } from './app-context'

type Tags = { models?: { name?: string; model?: string }[] }
type Show = { random_weights?: boolean }

/** The demo model the tutor is using, if any; checked once per region and tutor-model choice. */
export function useDemoModel(): ModelInfo | undefined {
  const { region, settings } = useApp()
  const chosen = settings?.tutorModel || undefined
  const ready = settings !== undefined
  const [found, setFound] = useState<ModelInfo>()
  useEffect(() => {
    if (!ready) return
    let live = true
    void (async () => {
      const tags = (await gw<Tags>(`${region}/tags`)).data
      const names = (tags.models ?? []).map((m) => m.name ?? m.model ?? '').filter(Boolean)
      const models = await Promise.all(
        names.slice(0, 20).map(async (name): Promise<ModelInfo> => {
          const show = await gw<Show>(`${region}/show`, { method: 'POST', json: { model: name } }).catch(
            () => undefined,
          )
          return { name, randomWeights: show?.data.random_weights === true }
        }),
      )
      if (live) setFound(demoModelInUse(models, chosen))
    })().catch(() => undefined)
    return () => {
      live = false
    }
  }, [region, chosen, ready])
  return found
}
