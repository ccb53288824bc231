'use client'
import type { Scenario } from '@parley/core'
import { useEffect, useState } from 'react'
import { gw } from './api'

const cache = new Map<string, Promise<Scenario[]>>()

/** The tutor's scenario catalogue for a region, fetched once per page load and shared by every caller. */
export function loadScenarios(region: string): Promise<Scenario[]> {
  let p = cache.get(region)
  if (!p) {
    p = gw<{ scenarios: Scenario[] }>(`${region}/tutor/scenarios`).then((r) => r.data.scenarios ?? [])
    p.catch(() => cache.delete(region))
    cache.set(region, p)
  }
  return p
}

export function useScenarios(region: string, enabled = true) {
  const [scenarios, setScenarios] = useState<Scenario[]>()
  const [error, setError] = useState<string>()
  useEffect(() => {
    if (!enabled) return
    let live = true
    loadScenarios(region)
      .then((s) => live && setScenarios(s))
      .catch((e: Error) => live && setError(e.message))
    return () => {
      live = false
    }
  }, [region, enabled])
  return { scenarios, error }
}
