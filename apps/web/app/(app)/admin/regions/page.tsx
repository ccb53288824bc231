import { RegionsPanel } from '@/components/admin/regions-panel'

export const metadata = { title: 'Regions · Admin · Parley' }

export default function RegionsPage() {
  return (
    <>
      <h1 className="mb-4 text-2xl font-semibold">Regions and workers</h1>
      <RegionsPanel />
    </>
  )
}
