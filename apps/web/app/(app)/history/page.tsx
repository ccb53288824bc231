import { HistoryView } from '@/components/history/history-view'

export const metadata = { title: 'History · Parley' }

export default function HistoryPage() {
  return (
    <div className="mx-auto w-full max-w-4xl p-4">
      <h1 className="mb-4 text-xl font-semibold">History</h1>
      <HistoryView />
    </div>
  )
}
