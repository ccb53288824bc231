'use client'
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react'
import { parseRegions, type RegionHealth } from '../regions'
import type { Preferences, SettingsUpdate } from '../settings'
import { callJson, gw } from './api'

type Settings = Preferences & { name: string; email: string }

type AppState = {
  settings: Settings | undefined
  saveSettings(update: SettingsUpdate): Promise<void>
  regions: RegionHealth[]
  /** The region requests go to: the chosen one, or the one that took over after a failure. */
  region: string
  /** Set when a response came from another region than the one asked for. */
  switched: { from: string; to: string } | undefined
  noteServedBy(asked: string, served: string | undefined): void
  dismissSwitch(): void
}

const Ctx = createContext<AppState | undefined>(undefined)

/** Settings and live region health, shared by every signed-in page. Health refreshes every 15 s. */
export function AppProvider({ children }: { children: ReactNode }) {
  const [settings, setSettings] = useState<Settings>()
  const [regions, setRegions] = useState<RegionHealth[]>([])
  const [override, setOverride] = useState<string>()
  const [switched, setSwitched] = useState<AppState['switched']>()

  useEffect(() => {
    callJson<Settings>('/api/settings')
      .then((r) => setSettings(r.data))
      .catch(() => undefined)
  }, [])

  useEffect(() => {
    let live = true
    const load = () =>
      gw<unknown>('regions')
        .then((r) => live && setRegions(parseRegions(r.data)))
        .catch(() => undefined)
    load()
    const timer = setInterval(load, 15_000)
    return () => {
      live = false
      clearInterval(timer)
    }
  }, [])

  const chosen = settings?.region || 'us-east-1'
  const region = override ?? chosen

  const saveSettings = useCallback(async (update: SettingsUpdate) => {
    const r = await callJson<Settings>('/api/settings', { method: 'PUT', json: update })
    setSettings(r.data)
    if (update.region) {
      setOverride(undefined)
      setSwitched(undefined)
    }
  }, [])

  const noteServedBy = useCallback((asked: string, served: string | undefined) => {
    if (!served || served === asked) return
    setOverride(served)
    setSwitched({ from: asked, to: served })
  }, [])

  const value = useMemo<AppState>(
    () => ({
      settings,
      saveSettings,
      regions,
      region,
      switched,
      noteServedBy,
      dismissSwitch: () => setSwitched(undefined),
    }),
    [settings, saveSettings, regions, region, switched, noteServedBy],
  )
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>
}

export function useApp(): AppState {
  const v = useContext(Ctx)
  if (!v) throw new Error('useApp outside AppProvider')
  return v
}
