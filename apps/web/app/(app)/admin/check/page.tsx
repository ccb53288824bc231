import { CheckPanel } from '@/components/check/check-panel'

export const metadata = { title: 'Check · Admin · Parley' }

export default function CheckPage() {
  return (
    <>
      <h1 className="mb-2 text-2xl font-semibold">Service check</h1>
      <p className="mb-6 text-muted">
        Probes the models and embeddings in each region and every conversations endpoint.
      </p>
      <CheckPanel />
    </>
  )
}
