import { ProgressView } from '@/components/progress/progress-view'

export const metadata = { title: 'Progress · Parley' }

export default function ProgressPage() {
  return (
    <div className="overflow-y-auto p-4 md:p-8">
      <h1 className="mb-6 text-2xl font-semibold">Your progress</h1>
      <ProgressView />
    </div>
  )
}
