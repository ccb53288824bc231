import { CostPanel } from '@/components/admin/cost-panel'

export const metadata = { title: 'Cost · Admin · Parley' }

export default function CostPage() {
  return (
    <>
      <h1 className="mb-4 text-2xl font-semibold">Cost per 1,000 conversations</h1>
      <CostPanel />
    </>
  )
}
