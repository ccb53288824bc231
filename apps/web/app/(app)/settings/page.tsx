import { SettingsForm } from '@/components/settings/settings-form'

export const metadata = { title: 'Settings · Parley' }

export default function SettingsPage() {
  return (
    <div className="overflow-y-auto p-4 md:p-8">
      <h1 className="mb-6 text-2xl font-semibold">Settings</h1>
      <SettingsForm />
    </div>
  )
}
