'use client'
import { type FormEvent, useEffect, useState } from 'react'
import { Button } from '@/components/ui/button'
import { Notice } from '@/components/ui/card'
import { Input, Select } from '@/components/ui/input'
import { gw } from '@/lib/client/api'
import { useApp } from '@/lib/client/app-context'
import type { SettingsUpdate } from '@/lib/settings'
import { FEEDBACK_LANGUAGES, LEVELS } from '@/lib/settings-options'

type Tags = { models?: { name: string }[] }

/** Display name, feedback language, level, models (from the region's /tags) and region. */
export function SettingsForm() {
  const { settings, saveSettings, regions, region } = useApp()
  const [models, setModels] = useState<string[]>()
  const [status, setStatus] = useState<{ kind: 'success' | 'error'; text: string }>()

  useEffect(() => {
    gw<Tags>(`${region}/tags`)
      .then((r) => setModels((r.data.models ?? []).map((m) => m.name)))
      .catch(() => setModels([]))
  }, [region])

  if (!settings) return <p className="text-muted">Loading…</p>

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const f = Object.fromEntries(new FormData(e.currentTarget)) as Record<string, string>
    try {
      await saveSettings(f as SettingsUpdate)
      setStatus({ kind: 'success', text: 'Settings saved.' })
    } catch (err) {
      setStatus({ kind: 'error', text: (err as Error).message })
    }
  }

  const modelOptions = (chosen: string) => {
    const names = new Set(models ?? [])
    if (chosen) names.add(chosen)
    return [
      <option key="" value="">
        Server default
      </option>,
      ...[...names].map((m) => (
        <option key={m} value={m}>
          {m}
        </option>
      )),
    ]
  }
  const regionNames = regions.length ? regions.map((r) => r.name) : [settings.region]

  return (
    <form onSubmit={submit} className="max-w-lg space-y-4">
      <Row id="name" label="Display name">
        <Input id="name" name="name" defaultValue={settings.name} maxLength={100} required />
      </Row>
      <Row id="feedbackLanguage" label="Explain my mistakes in">
        <Select id="feedbackLanguage" name="feedbackLanguage" defaultValue={settings.feedbackLanguage}>
          {FEEDBACK_LANGUAGES.map((l) => (
            <option key={l.code} value={l.code}>
              {l.label}
            </option>
          ))}
        </Select>
      </Row>
      <Row id="level" label="My level">
        <Select id="level" name="level" defaultValue={settings.level}>
          {LEVELS.map((l) => (
            <option key={l} value={l}>
              {l === 'auto' ? 'Not sure (let the tutor judge)' : l}
            </option>
          ))}
        </Select>
      </Row>
      <Row id="tutorModel" label="Tutor model">
        <Select id="tutorModel" name="tutorModel" defaultValue={settings.tutorModel} key={`t-${models?.length}`}>
          {modelOptions(settings.tutorModel)}
        </Select>
      </Row>
      <Row id="embedModel" label="Embedding model">
        <Select id="embedModel" name="embedModel" defaultValue={settings.embedModel} key={`e-${models?.length}`}>
          {modelOptions(settings.embedModel)}
        </Select>
      </Row>
      <Row id="region" label="Region">
        <Select id="region" name="region" defaultValue={settings.region}>
          {regionNames.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </Select>
      </Row>
      {status ? <Notice kind={status.kind}>{status.text}</Notice> : null}
      <Button type="submit">Save settings</Button>
    </form>
  )
}

function Row({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {children}
    </div>
  )
}
