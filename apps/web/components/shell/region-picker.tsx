'use client'
import { Select } from '@/components/ui/input'
import { useApp } from '@/lib/client/app-context'
import { regionName } from '@/lib/regions'

const DOT = { healthy: 'bg-green-600', degraded: 'bg-amber-500', down: 'bg-red-600' } as const

/** Both regions with their live health; choosing one saves it as the learner's region. */
export function RegionPicker() {
  const { regions, region, saveSettings } = useApp()
  const names = regions.length ? regions.map((r) => r.name) : [region]
  const current = regions.find((r) => r.name === region)
  return (
    <div className="flex items-center gap-2">
      <span
        aria-hidden="true"
        className={`inline-block h-2.5 w-2.5 rounded-full ${current ? DOT[current.status] : 'bg-gray-400'}`}
      />
      <label htmlFor="region-picker" className="sr-only">
        Region
      </label>
      <Select
        id="region-picker"
        title={
          current ? `${regionName(region)} (${region}): ${current.status}, ${current.summary}` : regionName(region)
        }
        className="h-8 w-auto min-w-0 py-0 pr-7 pl-2 text-sm"
        value={region}
        onChange={(e) => void saveSettings({ region: e.target.value })}
      >
        {names.map((name) => {
          const r = regions.find((x) => x.name === name)
          return (
            <option key={name} value={name}>
              {regionName(name)}
              {r && r.status !== 'healthy' ? ` (${r.status})` : ''}
            </option>
          )
        })}
      </Select>
    </div>
  )
}
