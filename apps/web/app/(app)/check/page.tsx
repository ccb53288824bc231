import { CheckPanel } from '@/components/check/check-panel'

export const metadata = { title: 'Check · Parley' }

export default function CheckPage() {
  return (
    <div className="overflow-y-auto p-4 md:p-8">
      <h1 className="mb-2 text-2xl font-semibold">Service check</h1>
      <p className="mb-6 text-muted">
        Probes the models and embeddings in each region and every conversations endpoint.
      </p>
      <CheckPanel />
    </div>
  )
}
